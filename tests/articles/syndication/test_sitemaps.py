from datetime import datetime, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP, "news": NEWS}


@pytest.fixture(autouse=True)
def fresh_responses(settings):
    """Each request reaches the view: the shared response cache is tested in tests/newsroom/."""
    settings.PUBLIC_RESPONSE_CACHE = False


def xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def urls(client, path):
    root = xml(client, path)
    assert root.tag == f"{{{SITEMAP}}}urlset"
    return root.findall("sm:url", NS)


def locs(client, path):
    return [url.findtext("sm:loc", namespaces=NS) for url in urls(client, path)]


def lastmods(client, path):
    return {
        url.findtext("sm:loc", namespaces=NS): datetime.fromisoformat(url.findtext("sm:lastmod", namespaces=NS))
        for url in urls(client, path)
    }


def not_public_articles(**kwargs):
    return [
        ArticleFactory(status=Article.Status.DRAFT, **kwargs),
        ArticleFactory(status=Article.Status.IN_REVIEW, **kwargs),
        ArticleFactory(scheduled=True, **kwargs),
        ArticleFactory(status=Article.Status.ARCHIVED, published_at=timezone.now() - timedelta(hours=3), **kwargs),
    ]


# --- The index ----------------------------------------------------------------------


def test_sitemap_xml_is_an_index_of_the_articles_sections_and_authors_sitemaps(client):
    ArticleFactory(published=True)

    root = xml(client, "/sitemap.xml")

    assert root.tag == f"{{{SITEMAP}}}sitemapindex"
    assert [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-authors.xml",
    ]


def test_sitemap_index_dates_each_sitemap_by_its_newest_lastmod(client):
    ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=1))
    ArticleFactory(published=True)

    root = xml(client, "/sitemap.xml")

    for entry in root.findall("sm:sitemap", NS):
        child = urlsplit(entry.findtext("sm:loc", namespaces=NS)).path
        newest = max(lastmods(client, child).values())
        assert datetime.fromisoformat(entry.findtext("sm:lastmod", namespaces=NS)) == newest, child


def test_unknown_sitemap_is_404(client):
    assert client.get("/sitemap-tags.xml").status_code == 404


# --- Articles ------------------------------------------------------------------------------


def test_articles_sitemap_lists_public_articles_on_the_front_end_site_and_nothing_else(client, settings):
    settings.FRONTEND_URL = "https://news.example"
    ArticleFactory(published=True, slug="jets-over-syria")
    not_public_articles()

    assert locs(client, "/sitemap-articles.xml") == ["https://news.example/articles/jets-over-syria/"]


def test_articles_sitemap_dates_each_article_by_its_last_edit(client, settings):
    settings.FRONTEND_URL = "https://news.example"
    article = ArticleFactory(published=True, slug="jets-over-syria", published_at=timezone.now() - timedelta(days=9))

    (lastmod,) = lastmods(client, "/sitemap-articles.xml").values()

    assert lastmod == article.updated_at
    assert lastmod.utcoffset() is not None


def test_sitemap_locations_follow_the_front_end_url_and_its_path_pattern(client, settings):
    settings.FRONTEND_URL = "http://news.example:8080/edition/"
    settings.FRONTEND_PATHS = {**settings.FRONTEND_PATHS, "article": "/story/{slug}"}
    ArticleFactory(published=True, slug="jets-over-syria")

    assert locs(client, "/sitemap-articles.xml") == ["http://news.example:8080/edition/story/jets-over-syria"]


def test_articles_sitemap_leaves_out_articles_that_first_ran_elsewhere(client):
    ArticleFactory(published=True, canonical_url="https://wire.example/original-story")

    assert locs(client, "/sitemap-articles.xml") == []


# --- Sections -------------------------------------------------------------------------------


def test_sections_sitemap_lists_sections_with_public_articles_dated_by_their_newest_edit(client, settings):
    settings.FRONTEND_URL = "https://news.example"
    world, arctic = SectionFactory(slug="world"), SectionFactory(slug="arctic")
    SectionFactory()  # no articles
    ArticleFactory(published=True, section=world, published_at=timezone.now() - timedelta(days=3))
    newest = ArticleFactory(published=True, section=world)
    not_public_articles(section=arctic)
    not_public_articles(section=world)

    sections = lastmods(client, "/sitemap-sections.xml")

    assert sections == {"https://news.example/sections/world/": newest.updated_at}


# --- Google News -----------------------------------------------------------------------------


def test_news_sitemap_uses_the_sitemap_and_google_news_namespaces(client):
    ArticleFactory(published=True)

    response = client.get("/sitemap-news.xml")
    root = ElementTree.fromstring(response.content)

    assert root.tag == f"{{{SITEMAP}}}urlset"
    assert root.find("sm:url/news:news", NS) is not None
    assert b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in response.content


def test_news_sitemap_entry_has_publication_name_language_date_and_title(client, settings):
    settings.PUBLICATION_NAME = "The Arctic Times"
    settings.PUBLICATION_LANGUAGE = "en"
    settings.FRONTEND_URL = "https://news.example"
    article = ArticleFactory(published=True, slug="jets-over-syria", title="Jets & missiles over <Syria>")

    (url,) = urls(client, "/sitemap-news.xml")

    assert url.findtext("sm:loc", namespaces=NS) == "https://news.example/articles/jets-over-syria/"
    news = url.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "The Arctic Times"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Jets & missiles over <Syria>"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert datetime.fromisoformat(published) == article.published_at
    assert published.endswith("+00:00")  # W3C datetime with its time zone


def test_news_sitemap_holds_public_articles_of_the_last_two_days_only(client, settings):
    settings.FRONTEND_URL = "https://news.example"
    now = timezone.now()
    ArticleFactory(published=True, slug="yesterday", published_at=now - timedelta(days=1))
    ArticleFactory(published=True, slug="just-inside", published_at=now - timedelta(days=2) + timedelta(minutes=5))
    ArticleFactory(published=True, slug="just-outside", published_at=now - timedelta(days=2, minutes=5))
    ArticleFactory(published=True, slug="last-week", published_at=now - timedelta(days=7))
    not_public_articles()

    assert locs(client, "/sitemap-news.xml") == [
        "https://news.example/articles/yesterday/",
        "https://news.example/articles/just-inside/",
    ]


def test_news_sitemap_holds_at_most_the_newest_1000_articles(client):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Story {n}",
            slug=f"story-{n}",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(1001)
    )

    listed = locs(client, "/sitemap-news.xml")

    assert len(listed) == 1000
    assert listed[0].endswith("/story-0/")
    assert not any(loc.endswith("/story-1000/") for loc in listed)
    assert client.get("/sitemap-news.xml?p=2").status_code == 404


def test_news_sitemap_leaves_out_articles_that_first_ran_elsewhere(client):
    ArticleFactory(published=True, canonical_url="https://wire.example/original-story")

    assert locs(client, "/sitemap-news.xml") == []


# --- Queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "entries_per_article"),
    [("/sitemap-articles.xml", 1), ("/sitemap-sections.xml", 1), ("/sitemap-authors.xml", 2), ("/sitemap-news.xml", 1)],
)
def test_sitemap_query_count_does_not_grow_with_its_entries(client, path, entries_per_article):
    def queries_for(count):
        Article.objects.all().delete()
        for _ in range(count):
            ArticleFactory(published=True, section=SectionFactory(), authors=[AuthorFactory(), AuthorFactory()])
        with CaptureQueriesContext(connection) as captured:
            assert len(urls(client, path)) == count * entries_per_article
        return len(captured)

    assert queries_for(1) == queries_for(10)


def test_sitemap_index_query_count_does_not_grow_with_the_content(client):
    def queries_for(count):
        ArticleFactory.create_batch(count, published=True)
        with CaptureQueriesContext(connection) as captured:
            xml(client, "/sitemap.xml")
        return len(captured)

    assert queries_for(1) == queries_for(10)
