"""Named shapes of live coverage reads."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

KEY_EVENTS_SHOWN = 5  # the latest key events in the article's ``coverage``
UPDATES_IN_JSON_LD = 20  # the latest entries as liveBlogUpdate
GONE_ANCHOR_SLACK = timedelta(minutes=1)  # ?since= a vanished entry: how far the servers' clocks may disagree


class LiveCoverageQuerySet(models.QuerySet):
    def with_auto_end(self):
        """Annotate ``auto_end_at``: when each coverage without a set end ends by itself (None when that is off)."""
        hours = settings.LIVE_COVERAGE_AUTO_END_HOURS
        if not hours:
            return self.annotate(auto_end_at=models.Value(None, output_field=models.DateTimeField()))
        quiet_since = Greatest("starts_at", Coalesce("last_entry_at", "starts_at"), Coalesce("resumed_at", "starts_at"))
        return self.annotate(auto_end_at=quiet_since + timedelta(hours=hours))

    def running_past_auto_end(self, now=None):
        """Coverage with no set end whose quiet period has passed: ended by the clock, not yet by a write."""
        now = now or timezone.now()
        return self.with_auto_end().filter(ends_at__isnull=True, auto_end_at__lte=now)

    def next_change_time(self, now=None):
        """The next moment a coverage's state changes by the clock (a start, a set end, an end by itself), or None:
        public caches must not outlive it."""
        now = now or timezone.now()
        moments = self.with_auto_end().aggregate(
            start=models.Min("starts_at", filter=Q(starts_at__gt=now)),
            end=models.Min("ends_at", filter=Q(ends_at__gt=now)),
            auto=models.Min("auto_end_at", filter=Q(ends_at__isnull=True, auto_end_at__gt=now)),
        )
        return min(filter(None, moments.values()), default=None)


class LiveEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def public(self):
        """Published entries of articles public now: what anonymous readers see."""
        from articles.models import Article

        return self.published().filter(coverage__article__in=Article.objects.published())

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def after(self, entry):
        """Entries after ``entry`` in the stream (published later, or at the same moment with a higher id)."""
        moment = entry.published_at
        return self.filter(Q(published_at__gt=moment) | Q(published_at=moment, id__gt=entry.pk))

    def after_id(self, entry_id, *, coverage_id):
        """Entries after entry ``entry_id`` in the stream, for polling. Once that entry is gone from it (deleted,
        taken back to draft) its place is unknowable, so: every entry written after it (ids only increase) and every
        entry published since the one the coverage wrote just before it, less a minute for clocks — perhaps a few
        the client already has, never one it lacks."""
        anchor = self.prefetch_related(None).filter(pk=entry_id).only("pk", "published_at").first()
        if anchor is not None:
            return self.after(anchor)
        earlier = self.model.objects.filter(coverage_id=coverage_id, pk__lt=entry_id).order_by("-pk")
        written_before = earlier.values_list("created_at", flat=True).first()
        if written_before is None:
            return self.filter(pk__gt=entry_id)
        return self.filter(Q(pk__gt=entry_id) | Q(published_at__gte=written_before - GONE_ANCHOR_SLACK))

    def for_stream(self):
        """What an entry's representation needs, so a page of them costs the same whatever its length."""
        from articles.live.models import LiveEntryAuthor, LiveEntryImage

        return self.prefetch_related(
            Prefetch("entry_authors", queryset=LiveEntryAuthor.objects.select_related("author").order_by("position")),
            Prefetch(
                "placements",
                queryset=LiveEntryImage.objects.select_related("image").order_by("position"),
            ),
            "corrections",
        )

    def bylines_only(self):
        from articles.live.models import LiveEntryAuthor

        return self.prefetch_related(
            Prefetch("entry_authors", queryset=LiveEntryAuthor.objects.select_related("author").order_by("position"))
        )


def with_coverage(articles):
    """An article detail's coverage: the coverage row joined, and through it (no query for an article that is not
    live coverage) the pinned entry, the latest key events and the latest entries for JSON-LD."""
    from articles.live.models import LiveEntry

    published = LiveEntry.objects.published().newest_first()
    return articles.select_related("live_coverage").prefetch_related(
        Prefetch(
            "live_coverage__entries",
            queryset=published.filter(is_pinned=True).for_stream(),
            to_attr="pinned_entries",
        ),
        Prefetch(
            "live_coverage__entries",
            queryset=published.filter(is_key_event=True)[:KEY_EVENTS_SHOWN],
            to_attr="latest_key_events",
        ),
        Prefetch(
            "live_coverage__entries",
            queryset=published.bylines_only()[:UPDATES_IN_JSON_LD],
            to_attr="latest_entries",
        ),
    )
