"""Named shapes of front reads."""

from django.apps import apps
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone


class FrontQuerySet(models.QuerySet):
    def for_composing(self):
        """What composing a front reads of the front itself."""
        return self.only("id", "slug", "name", "description", "length", "backfill", "backfill_section", "backfill_tag")


class FrontSlotQuerySet(models.QuerySet):
    def with_public_articles(self, at=None):
        """Slots whose article is public at ``at`` (now), with what a card shows of it joined in."""
        Article = apps.get_model("articles", "Article")
        return (
            self.filter(article__in=Article.objects.published(at).values("pk"))
            .select_related("article__section", "article__featured_image", "image")
            .defer("article__body")
            .order_by("position", "pk")
        )

    def showing(self, at=None):
        """Slots whose show window holds ``at`` (now), as ``FrontSlot.shows_at`` says of one; their articles must be
        public besides."""
        at = at or timezone.now()
        begun = Q(show_from__isnull=True) | Q(show_from__lte=at)
        return self.filter(begun, Q(show_until__isnull=True) | Q(show_until__gt=at))

    def next_boundary(self, after=None):
        """When the next slot begins or ends its show window after ``after`` (now), or None."""
        after = after or timezone.now()
        bounds = self.aggregate(
            begins=Min("show_from", filter=Q(show_from__gt=after)),
            ends=Min("show_until", filter=Q(show_until__gt=after)),
        )
        return min(filter(None, bounds.values()), default=None)

    def turning_between(self, since, until):
        """Slots whose show window began or ended in (since, until]: their fronts changed by themselves."""
        return self.filter(
            Q(show_from__gt=since, show_from__lte=until) | Q(show_until__gt=since, show_until__lte=until)
        )
