"""Sitemaps of articles and sections, and the Google News sitemap, with locations on the front-end site.

Articles that first ran elsewhere (a ``canonical_url``) are left out: a sitemap lists only canonical pages.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone

from articles.models import Article, Section
from newsroom.frontend import FrontendSitemap
from newsroom.text import strip_unstorable

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


def _canonical_here(articles):
    return articles.filter(canonical_url="")


class ArticleSitemap(FrontendSitemap):
    kind = "article"

    def items(self):
        return (
            _canonical_here(Article.objects.published())
            .only("slug", "updated_at", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        latest = Max(Greatest("updated_at", "published_at"))
        return _canonical_here(Article.objects.published()).aggregate(latest=latest)["latest"]


class SectionSitemap(FrontendSitemap):
    """Sections with at least one public article; a section page changes when one of them does."""

    kind = "section"

    def items(self):
        latest = Article.objects.published().filter(section=OuterRef("pk")).order_by("-updated_at")
        return (
            Section.objects.annotate(latest_article_update=Subquery(latest.values("updated_at")[:1]))
            .filter(latest_article_update__isnull=False)
            .order_by("name", "pk")
        )

    def lastmod(self, section):
        return section.latest_article_update

    def get_latest_lastmod(self):
        return Article.objects.published().filter(section__isnull=False).aggregate(latest=Max("updated_at"))["latest"]


class NewsSitemap(ArticleSitemap):
    """Google News: articles published in the last two days, newest first, at most 1,000."""

    limit = NEWS_LIMIT

    def items(self):
        recent = Article.objects.published().filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        return (
            _canonical_here(recent)
            .only("slug", "title", "published_at", "updated_at")
            .order_by("-published_at", "-pk")[:NEWS_LIMIT]
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["news"] = {
                "publication_name": settings.PUBLICATION_NAME,
                "language": settings.PUBLICATION_LANGUAGE,
                "publication_date": url["item"].published_at,
                "title": strip_unstorable(url["item"].title),
            }
        return urls
