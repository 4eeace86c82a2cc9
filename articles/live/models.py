"""Live coverage of an article and its entries, each entry its own row (never an edit of the article's body)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField

from articles.content import body
from articles.live.querysets import LiveCoverageQuerySet, LiveEntryQuerySet
from newsroom.text import xml_safe


class LiveCoverage(models.Model):
    """An article as live coverage: when it starts and ends, and the summary of its stream.

    The summary (``entry_count``, ``last_entry_at``) is recomputed by every entry write under this row's lock, so the
    article's detail reads it without counting, and the article row itself is never rewritten by an entry.
    """

    class State(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    article = models.OneToOneField("Article", on_delete=models.CASCADE, primary_key=True, related_name="live_coverage")
    starts_at = models.DateTimeField(default=timezone.now, help_text="When the coverage begins (coverageStartTime).")
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="When it ends or ended; empty while it runs (it may end by itself: README)."
    )
    resumed_at = models.DateTimeField(null=True, blank=True, editable=False)
    entry_count = models.PositiveIntegerField(default=0, editable=False)
    last_entry_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = "live coverage"
        verbose_name_plural = "live coverage"

    def __str__(self):
        return f"Live: {self.article}"

    def end_time(self, now=None):
        """When the coverage ended, or None while it has not: its set end once past, else the end by itself after
        LIVE_COVERAGE_AUTO_END_HOURS without an entry (measured from the start, the last entry or a reopening)."""
        now = now or timezone.now()
        if self.ends_at:
            return self.ends_at if self.ends_at <= now else None
        hours = settings.LIVE_COVERAGE_AUTO_END_HOURS
        if not hours:
            return None
        quiet_since = max(filter(None, [self.starts_at, self.last_entry_at, self.resumed_at]))
        auto_end = quiet_since + timedelta(hours=hours)
        return auto_end if auto_end <= now else None

    def state(self, now=None):
        now = now or timezone.now()
        if self.starts_at > now:
            return self.State.UPCOMING
        if self.end_time(now):
            return self.State.ENDED
        return self.State.LIVE


class LiveEntry(models.Model):
    """One post in the stream: the same rich text as an article body, with its own byline and flags."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    coverage = models.ForeignKey(LiveCoverage, on_delete=models.CASCADE, related_name="entries")
    headline = models.CharField(max_length=300, blank=True, validators=[xml_safe])
    body = ProseEditorField(extensions=body.EDITOR_EXTENSIONS, sanitize=body.sanitize, validators=[xml_safe])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    # For a draft, when it was written; set again when it is published: the stream's order.
    published_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True, help_text="Last change of a published entry's text.")
    is_key_event = models.BooleanField("key event", default=False)
    is_pinned = models.BooleanField("pinned", default=False)
    authors = models.ManyToManyField("authors.Author", through="LiveEntryAuthor", related_name="live_entries")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "live entries"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["coverage", "status", "-published_at", "-id"], name="live_entry_stream_idx")]
        constraints = [
            models.UniqueConstraint(fields=["coverage"], condition=models.Q(is_pinned=True), name="one_pinned_entry")
        ]

    def __str__(self):
        return self.headline or body.plain_text(self.body)[:60] or f"Entry {self.pk}"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def anchor(self):
        """The entry's stable fragment on the article's page."""
        return entry_anchor(self.pk)


def entry_anchor(entry_id):
    return f"entry-{entry_id}"


def entry_permalink(article, entry_id):
    """The entry's stable address: the article's own (``canonical_address``, as its JSON-LD ``url`` says) and the
    entry's anchor."""
    return f"{article.canonical_address}#{entry_anchor(entry_id)}"


class LiveEntryAuthor(models.Model):
    entry = models.ForeignKey(LiveEntry, on_delete=models.CASCADE, related_name="entry_authors")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="live_entry_bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "author"], name="unique_live_entry_author")]

    def __str__(self):
        return f"{self.author} on entry {self.entry_id}"


class LiveEntryImage(models.Model):
    """Where a library photo sits in an entry's body; kept in step with its figures, as an article's are."""

    entry = models.ForeignKey(LiveEntry, on_delete=models.CASCADE, related_name="placements")
    image = models.ForeignKey("Image", on_delete=models.PROTECT, related_name="live_placements")
    position = models.PositiveSmallIntegerField()
    caption = models.TextField(blank=True, validators=[xml_safe])

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["entry", "position"], name="unique_live_image_position")]

    def __str__(self):
        return f"{self.image} in entry {self.entry_id}"

    @property
    def effective_caption(self):
        return self.caption or self.image.caption


class LiveEntryCorrection(models.Model):
    """A dated note on a published entry; kept for as long as the entry is."""

    entry = models.ForeignKey(LiveEntry, on_delete=models.PROTECT, related_name="corrections")
    text = models.TextField(validators=[xml_safe])
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Correction to entry {self.entry_id}"
