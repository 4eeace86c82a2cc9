"""The article list item and detail, public and as staff see them.

Each serializer's declared fields describe its shape for the OpenAPI schema; its ``to_representation`` builds that
shape by hand from what the queryset prefetched: DRF's field machinery was most of a list's cost (see README,
Benchmark). tests/articles/api/test_response_schema.py checks the two against each other.
"""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from articles.api.serializers.embeds import EmbedBlockSerializer, embed_html, embeds_of
from articles.api.serializers.images import (
    CompactImageSerializer,
    ImageSerializer,
    compact_image,
    image_object,
    placement_image,
)
from articles.api.serializers.live import CoverageSerializer, coverage_summary, live_updates
from articles.api.serializers.taxonomy import SectionRefSerializer, TagRefSerializer, section_ref, tag_ref
from articles.content import body
from articles.models import Article, Correction
from articles.syndication import jsonld
from authors.serializers import AuthorSerializer, AuthorSummarySerializer, author_profile, author_summary
from newsroom.links import links_for
from newsroom.public_cache import shows


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.URLField(help_text="The article's detail in this API.")
    updated_at = serializers.DateTimeField(help_text="Last change; never before published_at.")
    section = SectionRefSerializer(allow_null=True)
    tags = TagRefSerializer(many=True)
    authors = AuthorSummarySerializer(many=True, help_text="The byline, in order.")
    featured_image = CompactImageSerializer(allow_null=True, help_text="The lead photo; in full on the detail.")
    reading_time_minutes = serializers.IntegerField()
    comment_count = serializers.IntegerField(help_text="Approved comments.")

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "title",
            "dek",
            "excerpt",
            "url",
            "published_at",
            "updated_at",
            "section",
            "tags",
            "authors",
            "featured_image",
            "reading_time_minutes",
            "comment_count",
        ]
        read_only_fields = fields

    def to_representation(self, article):
        links = links_for(self.context)
        shows(f"article:{article.pk}")
        return {
            "id": article.pk,
            "slug": article.slug,
            "title": article.title,
            "dek": article.dek,
            "excerpt": article.excerpt,
            "url": links.detail("article-detail", article.slug),
            "published_at": iso(article.published_at),
            "updated_at": iso(article.modified_at),
            "section": section_ref(article.section) if article.section else None,
            "tags": [tag_ref(tag) for tag in article.tags.all()],
            "authors": self._byline(article, links),
            "featured_image": compact_image(article.featured_image, links) if article.featured_image else None,
            "reading_time_minutes": article.reading_time_minutes,
            "comment_count": article.approved_comment_count,
        }

    def _byline(self, article, links):
        return [author_summary(byline.author, links) for byline in article.article_authors.all()]


def iso(moment):
    return serializers.DateTimeField().to_representation(moment) if moment else None


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["text", "created_at"]


class SeoSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="The SEO title, or else the title.")
    description = serializers.CharField(help_text="The SEO description, or else the excerpt, or else the dek.")
    image = serializers.URLField(allow_null=True, help_text="Open Graph image: the featured photo's social card.")


def _seo(article, links):
    image = article.featured_image
    card = image.rendition("social") if image else None
    return {
        "title": article.seo_title or article.title,
        "description": article.seo_description or article.excerpt or article.dek,
        "image": links.absolute(card.url if card else image.file.url) if image else None,
    }


# The body's blocks, as articles.content.body.render() makes them.


def _block_type(name):
    """The ``type`` of a block: always ``name``, so that a client (and a validator) can tell the blocks apart."""

    @extend_schema_field({"type": "string", "enum": [name]})
    class BlockType(serializers.CharField):
        pass

    return BlockType()


class ParagraphBlockSerializer(serializers.Serializer):
    type = _block_type("paragraph")
    text = serializers.CharField(help_text="Plain text, whitespace collapsed.")
    html = serializers.CharField(help_text="The sanitised inline HTML, without the <p>.")


class HeadingBlockSerializer(serializers.Serializer):
    type = _block_type("heading")
    level = serializers.IntegerField(min_value=2, max_value=4)
    text = serializers.CharField()
    html = serializers.CharField()


class QuoteBlockSerializer(serializers.Serializer):
    type = _block_type("quote")
    text = serializers.CharField()
    html = serializers.CharField(help_text="The quote's inner HTML (its paragraphs).")


class ListBlockSerializer(serializers.Serializer):
    type = _block_type("list")
    ordered = serializers.BooleanField()
    items = serializers.ListField(child=serializers.CharField(), help_text="Each item's inner HTML.")


class ImageBlockSerializer(serializers.Serializer):
    type = _block_type("image")
    image = ImageSerializer(help_text="The photo as placed: the caption is the placement's.")
    caption = serializers.CharField()
    credit = serializers.CharField()


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="Block",
        serializers={
            "paragraph": ParagraphBlockSerializer,
            "heading": HeadingBlockSerializer,
            "quote": QuoteBlockSerializer,
            "list": ListBlockSerializer,
            "image": ImageBlockSerializer,
            "embed": EmbedBlockSerializer,
        },
        resource_type_field_name="type",
        many=True,
    )
)
class BodyField(serializers.ListField):
    pass


@extend_schema_field(jsonld.NEWS_ARTICLE_SCHEMA)
class JsonLdField(serializers.JSONField):
    pass


class ArticleDetailSerializer(ArticleListSerializer):
    authors = AuthorSerializer(many=True, help_text="The byline's public profiles, in order.")
    featured_image = ImageSerializer(allow_null=True, help_text="The lead photo with every rendition and crop.")
    body_html = serializers.CharField(
        help_text="Sanitised HTML; each photo a <figure> with caption and credit; each embed a <figure class=embed> "
        "with the provider's sanitised markup, or a placeholder link (EMBEDS_CONSENT_PLACEHOLDER)."
    )
    body = BodyField(help_text="Ordered blocks: paragraph, heading, quote, list, image, embed.")
    images = ImageSerializer(many=True, help_text="Every photo placed in the body, in order.")
    comments_enabled = serializers.BooleanField()
    canonical_url = serializers.URLField(
        help_text="The article's canonical address: where it first ran when an editor set one, else its page on the "
        "front end (FRONTEND_URL)."
    )
    seo = SeoSerializer()
    json_ld = JsonLdField(
        help_text="schema.org NewsArticle (LiveBlogPosting for live coverage) for a <script type=application/ld+json>."
    )
    corrections = CorrectionSerializer(many=True, help_text="Dated corrections, oldest first.")
    coverage = CoverageSerializer(allow_null=True, help_text="Live coverage: null for an article that is not.")

    class Meta(ArticleListSerializer.Meta):
        fields = ArticleListSerializer.Meta.fields + [
            "body_html",
            "body",
            "images",
            "comments_enabled",
            "canonical_url",
            "seo",
            "json_ld",
            "corrections",
            "coverage",
        ]
        read_only_fields = fields

    def to_representation(self, article):
        """The list shape, the body rendered once as blocks and HTML, and JSON-LD built from the result."""
        links = links_for(self.context)
        placements = list(article.placements.all())
        images = [placement_image(placement, links) for placement in placements]
        placed = [(placement.image.file.name, image) for placement, image in zip(placements, images, strict=True)]
        embeds = embeds_of(article.embed_placements.all())
        blocks, html = body.render(article.body, placed, embeds, embed_html)
        data = super().to_representation(article) | {
            "featured_image": image_object(article.featured_image, links) if article.featured_image else None,
            "body_html": html,
            "body": blocks,
            "images": images,
            "comments_enabled": article.comments_enabled,
            "canonical_url": article.canonical_address,
            "seo": _seo(article, links),
            "corrections": CorrectionSerializer(article.corrections.all(), many=True).data,
            "coverage": coverage_summary(article, links),
        }
        data["json_ld"] = jsonld.news_article(data, live_updates=live_updates(article, links))
        return data

    def _byline(self, article, links):
        # The author's count is annotated on the byline: one query less.
        return [
            author_profile(byline.author, links, article_count=byline.author_article_count)
            for byline in article.article_authors.all()
        ]


class PendingRevisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(help_text="Who saved it; empty when unknown.")


class EditorialSerializerMixin(serializers.Serializer):
    """Fields only signed-in staff see: the workflow state."""

    status = serializers.CharField(help_text="draft, in_review, published or archived.")
    publish_at = serializers.DateTimeField(allow_null=True, help_text="When it is (or was) to go public.")
    pending_revision = PendingRevisionSerializer(
        allow_null=True, help_text="An edit of the live article waiting to be published."
    )

    def to_representation(self, article):
        return super().to_representation(article) | {
            "status": article.status,
            "publish_at": iso(article.published_at),
            "pending_revision": _pending_revision(article.pending_revision),
        }


def _pending_revision(revision):
    if revision is None:
        return None
    return {"id": revision.pk, "created_at": iso(revision.created_at), "created_by": str(revision.created_by or "")}


class EditorialArticleListSerializer(EditorialSerializerMixin, ArticleListSerializer):
    class Meta(ArticleListSerializer.Meta):
        fields = ArticleListSerializer.Meta.fields + ["status", "publish_at", "pending_revision"]


class EditorialArticleDetailSerializer(EditorialSerializerMixin, ArticleDetailSerializer):
    class Meta(ArticleDetailSerializer.Meta):
        fields = ArticleDetailSerializer.Meta.fields + ["status", "publish_at", "pending_revision"]
