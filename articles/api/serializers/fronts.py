"""Fronts and their cards: the one place a card is built (the API and the admin's preview both use it).

As elsewhere, the declared fields describe the shape for the OpenAPI schema; ``to_representation`` builds it by
hand from what ``articles.fronts.layout.compose`` fetched.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.serializers.articles import iso
from articles.api.serializers.images import CompactImageSerializer, compact_image
from articles.api.serializers.taxonomy import SectionRefSerializer, section_ref
from articles.fronts.layout import BACKFILL, CURATED
from articles.fronts.models import Front, FrontSlot
from authors.serializers import AuthorSummarySerializer, author_summary
from newsroom.links import links_for
from newsroom.public_cache import shows


@extend_schema_field({"type": "string", "enum": [CURATED, BACKFILL]})
class CardSourceField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": [*FrontSlot.Label.values, None], "nullable": True})
class CardLabelField(serializers.CharField):
    pass


class CardSerializer(serializers.Serializer):
    """A compact article as this front shows it: the slot's headline, dek and photo where it gives them."""

    position = serializers.IntegerField(help_text="1 is the top.")
    source = CardSourceField(help_text="curated: placed by an editor; backfill: filled in by the front's rule.")
    label = CardLabelField(help_text="The editors' label of a curated card, or null.")
    label_text = serializers.CharField(help_text="The label as editors name it (“Breaking”); empty without one.")
    id = serializers.IntegerField(help_text="The article's id.")
    slug = serializers.CharField()
    url = serializers.URLField(help_text="The article's detail in this API.")
    title = serializers.CharField(help_text="The slot's headline, or else the article's title.")
    dek = serializers.CharField(help_text="The slot's dek, or else the article's.")
    image = CompactImageSerializer(
        allow_null=True, help_text="The slot's photo, or else the article's featured photo (its detail has it whole)."
    )
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(help_text="The article's last change; never before published_at.")
    section = SectionRefSerializer(allow_null=True)
    authors = AuthorSummarySerializer(many=True, help_text="The byline, in order.")
    reading_time_minutes = serializers.IntegerField()

    def to_representation(self, card):
        return card_object(card, links_for(self.context))


def card_object(card, links):
    article, image = card.article, card.image
    shows(f"article:{article.pk}")
    return {
        "position": card.position,
        "source": card.source,
        "label": card.label,
        "label_text": FrontSlot.Label(card.label).label if card.label else "",
        "id": article.pk,
        "slug": article.slug,
        "url": links.detail("article-detail", article.slug),
        "title": card.headline,
        "dek": card.dek,
        "image": compact_image(image, links) if image else None,
        "published_at": iso(article.published_at),
        "updated_at": iso(article.modified_at),
        "section": section_ref(article.section) if article.section else None,
        "authors": [author_summary(byline.author, links) for byline in article.article_authors.all()],
        "reading_time_minutes": article.reading_time_minutes,
    }


class FrontSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="front-detail", lookup_field="slug")
    length = serializers.IntegerField(help_text="The most cards the front serves.")

    class Meta:
        model = Front
        fields = ["slug", "name", "description", "length", "url"]
        read_only_fields = fields


class FrontDetailSerializer(serializers.Serializer):
    """The front composed now: its cards in order."""

    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    length = serializers.IntegerField(help_text="The most cards the front serves; there may be fewer.")
    cards = CardSerializer(many=True)

    def to_representation(self, composition):
        front, links = composition.front, links_for(self.context)
        return {
            "slug": front.slug,
            "name": front.name,
            "description": front.description,
            "length": front.length,
            "cards": [card_object(card, links) for card in composition.cards],
        }
