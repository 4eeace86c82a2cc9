"""Named shapes of comment reads."""

from datetime import timedelta

from django.db import models
from django.utils import timezone


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=self.model.Status.APPROVED)

    def pending_first(self):
        """Every comment, the ones waiting for a moderator first, newest first within each status."""
        return self.order_by(*self.PENDING_FIRST)

    PENDING_FIRST = (models.Case(models.When(status="pending", then=0), default=1).asc(), "-created_at", "-pk")

    def recent_duplicates(self, *, article, body, client_hash, minutes):
        """The same text from the same client on the same article within the last ``minutes``."""
        since = timezone.now() - timedelta(minutes=minutes)
        return self.filter(article=article, body=body, ip_hash=client_hash, created_at__gte=since)

    def top_level(self):
        return self.filter(parent__isnull=True)
