from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView

from articles.syndication.feeds import LatestArticlesAtomFeed, LatestArticlesFeed, SectionArticlesFeed
from articles.syndication.sitemaps import ArticleSitemap, NewsSitemap, SectionSitemap
from authors.sitemaps import AuthorSitemap
from newsroom.auth import ObtainTokenView
from newsroom.front_doors import ApiIndexView, HomeView
from newsroom.schema_view import SchemaView

admin.site.site_header = f"{settings.PUBLICATION_NAME} · editors' desk"
admin.site.site_title = settings.PUBLICATION_NAME

api_v1 = [
    path("", ApiIndexView.as_view(), name="api-index"),
    path("", include("articles.api.urls")),
    path("", include("authors.urls")),
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

# /sitemap.xml is an index of /sitemap-<name>.xml, each split into pages (?p=2) past 50,000 addresses.
sitemaps = {"articles": ArticleSitemap, "sections": SectionSitemap, "authors": AuthorSitemap}

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("feeds/rss/", LatestArticlesFeed(), name="feed-rss"),
    path("feeds/atom/", LatestArticlesAtomFeed(), name="feed-atom"),
    path("feeds/sections/<slug:slug>/rss/", SectionArticlesFeed(), name="feed-section-rss"),
    path(
        "sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-part"}, name="sitemap"
    ),
    path(  # ahead of sitemap-<section>.xml, which would also match it
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "articles/sitemap-news.xml"},
        name="sitemap-news",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps, "template_name": "articles/sitemap.xml"},
        name="sitemap-part",
    ),
]

# Media is served by Django only in development; production uses the storage or a CDN.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH_CEILING:  # the benchmark's reference response (bench/ceiling.py), routed only for `make bench`
    from bench.ceiling import ceiling

    urlpatterns.append(path("bench/ceiling/", ceiling, name="bench-ceiling"))

handler400 = "newsroom.exceptions.bad_request"
handler404 = "newsroom.exceptions.not_found"
handler500 = "newsroom.exceptions.server_error"
