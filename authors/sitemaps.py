"""Sitemap of author pages on the front-end site.

Authors never imports articles: public articles are counted by the Author queryset and reached by model name.
"""

from django.apps import apps
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest

from newsroom.frontend import FrontendSitemap

from .models import Author


def _public_articles():
    return apps.get_model("articles", "Article").objects.published()


class AuthorSitemap(FrontendSitemap):
    """Active authors with at least one public article; their page changes with the profile or a new article."""

    kind = "author"

    def items(self):
        latest = _public_articles().filter(authors=OuterRef("pk")).order_by("-updated_at")
        return (
            Author.objects.active()
            .with_article_count()
            .filter(article_count__gt=0)
            .annotate(page_updated_at=Greatest("updated_at", Subquery(latest.values("updated_at")[:1])))
            .order_by("name", "pk")
        )

    def lastmod(self, author):
        return author.page_updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("page_updated_at"))["latest"]
