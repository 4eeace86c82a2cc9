"""Named shapes of photo reads."""

from django.db import models


class ImageQuerySet(models.QuerySet):
    def by_names(self, names):
        return self.filter(file__in=list(names))

    def shown_in_public(self):
        """Photos public content shows now: placed in or featured on a public article, in a published entry of a public
        article's live coverage, or on a front's slot showing now for a public article. Others (the library, what
        drafts use) only staff see."""
        from articles.models import Article, ArticleImage, FrontSlot, LiveEntry, LiveEntryImage

        public = Article.objects.published()
        public_entries = LiveEntry.objects.public().values("pk")
        return self.filter(
            models.Q(pk__in=public.values("featured_image"))
            | models.Q(pk__in=ArticleImage.objects.filter(article__in=public.values("pk")).values("image"))
            | models.Q(pk__in=LiveEntryImage.objects.filter(entry__in=public_entries).values("image"))
            | models.Q(pk__in=FrontSlot.objects.showing().filter(article__in=public.values("pk")).values("image"))
        )

    def unused(self):
        """Photos no article places or features, nor any live entry places."""
        from articles.models import Article

        featured = Article.objects.filter(featured_image__isnull=False).values("featured_image")
        return self.filter(placements__isnull=True, live_placements__isnull=True).exclude(pk__in=featured)
