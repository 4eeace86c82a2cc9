import ast
import inspect
from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

import authors.sitemaps
from articles.models import Article
from authors.models import Author
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def fresh_responses(settings):
    """Each request reaches the view: the shared response cache is tested in tests/newsroom/."""
    settings.PUBLIC_RESPONSE_CACHE = False
    settings.FRONTEND_URL = "https://news.example"


def author_lastmods(client):
    response = client.get("/sitemap-authors.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): datetime.fromisoformat(url.findtext("sm:lastmod", namespaces=NS))
        for url in root.findall("sm:url", NS)
    }


def test_authors_sitemap_lists_active_authors_with_a_public_article_on_the_front_end_site(client):
    writer = AuthorFactory(slug="jane-roe")
    ArticleFactory(published=True, authors=[writer])
    ArticleFactory(published=True, authors=[AuthorFactory(is_active=False)])
    for state in (
        {"status": Article.Status.DRAFT},
        {"scheduled": True},
        {"status": Article.Status.ARCHIVED, "published_at": timezone.now() - timedelta(days=1)},
    ):
        ArticleFactory(authors=[AuthorFactory()], **state)
    AuthorFactory()  # no articles at all

    assert list(author_lastmods(client)) == ["https://news.example/authors/jane-roe/"]


def test_author_page_is_dated_by_its_newest_public_article_edit_when_later_than_the_profile(client):
    writer = AuthorFactory(slug="jane-roe")
    Author.objects.filter(pk=writer.pk).update(updated_at=timezone.now() - timedelta(days=30))
    ArticleFactory(published=True, authors=[writer], published_at=timezone.now() - timedelta(days=5))
    newest = ArticleFactory(published=True, authors=[writer])
    ArticleFactory(authors=[writer], status=Article.Status.DRAFT)  # edited last, but not public

    assert author_lastmods(client) == {"https://news.example/authors/jane-roe/": newest.updated_at}


def test_author_page_is_dated_by_its_profile_edit_when_later_than_its_articles(client):
    writer = AuthorFactory(slug="jane-roe")
    article = ArticleFactory(published=True, authors=[writer])
    edited = article.updated_at + timedelta(hours=1)
    Author.objects.filter(pk=writer.pk).update(updated_at=edited)

    assert author_lastmods(client) == {"https://news.example/authors/jane-roe/": edited}


def test_authors_sitemap_does_not_import_the_articles_app():
    tree = ast.parse(inspect.getsource(authors.sitemaps))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}

    assert not {name for name in imported if name and name.split(".")[0] == "articles"}
