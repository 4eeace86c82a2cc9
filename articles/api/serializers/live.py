"""Live coverage as the API shows it: an entry, the article's ``coverage`` summary, and what reporters write.

``entry_object()`` and ``coverage_summary()`` build the shapes, the one place each is made; the read serializers only
declare them for the OpenAPI schema (tests/articles/api/test_response_schema.py checks the two against each other).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.serializers.images import ImageSerializer, placement_image
from articles.content import body
from articles.live.models import LiveEntry, entry_permalink
from articles.live.services import CORRECTION_MAX_LENGTH
from authors.serializers import AuthorSummarySerializer, author_summary
from newsroom.public_cache import shows

ENTRY_STATUSES = LiveEntry.Status.choices


def _iso(moment):
    return serializers.DateTimeField().to_representation(moment) if moment else None


def entry_url(links, article_slug, entry_id):
    return f"{links.detail('article-detail', article_slug)}entries/{entry_id}/"


@extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/Block"}})
class BlocksField(serializers.ListField):
    """The body's blocks: the article detail's ``Block`` component (not imported: that module imports this one)."""


class EntryCorrectionSerializer(serializers.Serializer):
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class LiveEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The entry in this API.")
    permalink = serializers.URLField(
        help_text="Its stable address: the article's (its canonical URL when an editor set one, else its page on the "
        "front end; the JSON-LD `url`) + #entry-<id>."
    )
    anchor = serializers.CharField(help_text="The fragment the front end gives the entry: entry-<id>.")
    headline = serializers.CharField(help_text="Optional; empty when the entry has none.")
    body_html = serializers.CharField(help_text="Sanitised HTML, as an article body's.")
    body = BlocksField(help_text="Blocks, as an article body's: paragraph, heading, quote, list, image.")
    images = ImageSerializer(many=True, help_text="Every photo placed in the entry, in order.")
    authors = AuthorSummarySerializer(many=True)
    published_at = serializers.DateTimeField(allow_null=True, help_text="Null for a draft.")
    edited_at = serializers.DateTimeField(allow_null=True, help_text="Last change of its text once published.")
    key_event = serializers.BooleanField()
    pinned = serializers.BooleanField(help_text="At most one entry of an article is pinned.")
    corrections = EntryCorrectionSerializer(many=True, help_text="Dated corrections, oldest first.")

    def to_representation(self, entry):
        return entry_object(entry, self.context["links"], self.context["article"])


class StaffLiveEntrySerializer(LiveEntrySerializer):
    status = serializers.ChoiceField(choices=ENTRY_STATUSES)
    created_at = serializers.DateTimeField()

    def to_representation(self, entry):
        return super().to_representation(entry) | {"status": entry.status, "created_at": _iso(entry.created_at)}


def entry_object(entry, links, article):
    """An entry of ``article``, built from what ``for_stream()`` prefetched."""
    placements = list(entry.placements.all())
    images = [placement_image(placement, links) for placement in placements]
    placed = [(placement.image.file.name, image) for placement, image in zip(placements, images, strict=True)]
    blocks, html = body.render(entry.body, placed)
    return {
        "id": entry.pk,
        "url": entry_url(links, article.slug, entry.pk),
        "permalink": entry_permalink(article, entry.pk),
        "anchor": entry.anchor,
        "headline": entry.headline,
        "body_html": html,
        "body": blocks,
        "images": images,
        "authors": [author_summary(byline.author, links) for byline in entry.entry_authors.all()],
        "published_at": _iso(entry.published_at) if entry.is_published else None,
        "edited_at": _iso(entry.edited_at),
        "key_event": entry.is_key_event,
        "pinned": entry.is_pinned,
        "corrections": [{"text": c.text, "created_at": _iso(c.created_at)} for c in entry.corrections.all()],
    }


class KeyEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    headline = serializers.CharField(help_text="The entry's headline, or else the start of its text.")
    published_at = serializers.DateTimeField()
    permalink = serializers.URLField()


class CoverageSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["upcoming", "live", "ended"])
    start = serializers.DateTimeField(help_text="When the coverage starts or started.")
    end = serializers.DateTimeField(
        allow_null=True, help_text="When it ended, or is set to end; null while it runs with no end set."
    )
    entry_count = serializers.IntegerField(help_text="Published entries.")
    entries_url = serializers.URLField(help_text="The stream: newest first, ?since= for polling.")
    pinned_entry = LiveEntrySerializer(allow_null=True)
    key_events = KeyEventSerializer(many=True, help_text="The latest key events, newest first (at most 5).")


def entry_headline(entry):
    """The entry's headline, or else the first words of its text (BlogPosting needs one)."""
    if entry.headline:
        return entry.headline
    text = " ".join(body.plain_text(entry.body).split())
    return text if len(text) <= 110 else text[:109].rsplit(" ", 1)[0] + "…"


def coverage_summary(article, links):
    """The article's ``coverage``, or None for an article that is not live coverage; from what ``for_detail()`` read."""
    coverage = article._state.fields_cache.get("live_coverage")
    if coverage is None:
        return None
    pinned = getattr(coverage, "pinned_entries", [])
    end = coverage.end_time() or coverage.ends_at
    return {
        "state": coverage.state().value,
        "start": _iso(coverage.starts_at),
        "end": _iso(end),
        "entry_count": coverage.entry_count,
        "entries_url": f"{links.detail('article-detail', article.slug)}entries/",
        "pinned_entry": entry_object(pinned[0], links, article) if pinned else None,
        "key_events": [
            {
                "id": entry.pk,
                "headline": entry_headline(entry),
                "published_at": _iso(entry.published_at),
                "permalink": entry_permalink(article, entry.pk),
            }
            for entry in getattr(coverage, "latest_key_events", [])
        ],
    }


def live_updates(article, links):
    """The latest entries as JSON-LD needs them (liveBlogUpdate), newest first."""
    coverage = article._state.fields_cache.get("live_coverage")
    entries = getattr(coverage, "latest_entries", []) if coverage else []
    shows(*(f"author:{byline.author_id}" for entry in entries for byline in entry.entry_authors.all()))
    return [
        {
            "headline": entry_headline(entry),
            "published_at": _iso(entry.published_at),
            "edited_at": _iso(entry.edited_at),
            "authors": [byline.author.name for byline in entry.entry_authors.all()],
            "permalink": entry_permalink(article, entry.pk),
            "text": " ".join(body.plain_text(entry.body).split()),
        }
        for entry in entries
    ]


# --- Writes ---------------------------------------------------------------------------------------------------------


class EntryWriteSerializer(serializers.Serializer):
    """What a reporter sends; the services judge it (policy, sanitising, the byline)."""

    body_html = serializers.CharField(
        max_length=2_000_000, allow_blank=True, trim_whitespace=False, help_text="Rich text, as an article body's."
    )
    headline = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    status = serializers.ChoiceField(choices=ENTRY_STATUSES, default=LiveEntry.Status.PUBLISHED)
    key_event = serializers.BooleanField(default=False)
    pinned = serializers.BooleanField(default=False, help_text="Editors only: pins it, unpinning any other.")
    authors = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=20,
        help_text="Author ids; by default your own author profile.",
    )


class EntryUpdateSerializer(EntryWriteSerializer):
    body_html = serializers.CharField(max_length=2_000_000, allow_blank=True, trim_whitespace=False, required=False)
    headline = serializers.CharField(max_length=300, allow_blank=True, required=False)
    status = serializers.ChoiceField(choices=ENTRY_STATUSES, required=False)
    key_event = serializers.BooleanField(required=False)
    pinned = serializers.BooleanField(required=False)


class EntryCorrectionCreateSerializer(serializers.Serializer):
    text = serializers.CharField(help_text=f"At most {CORRECTION_MAX_LENGTH:,} characters.")  # the service refuses more


class CoverageWriteSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(required=False, help_text="Now by default.")
    ends_at = serializers.DateTimeField(required=False, allow_null=True, help_text="Null reopens ended coverage.")
