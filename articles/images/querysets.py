"""Named shapes of photo reads."""

from django.db import models


class ImageQuerySet(models.QuerySet):
    def by_names(self, names):
        return self.filter(file__in=list(names))

    def unused(self):
        """Photos no article places or features, nor any live entry places."""
        from articles.models import Article

        featured = Article.objects.filter(featured_image__isnull=False).values("featured_image")
        return self.filter(placements__isnull=True, live_placements__isnull=True).exclude(pk__in=featured)
