import pytest
from rest_framework.test import APIClient

from articles.models import Article
from tests.articles.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_sections_list_counts_public_articles(api):
    world = SectionFactory(name="World", slug="world")
    SectionFactory(name="Arts", slug="arts")
    ArticleFactory.create_batch(2, published=True, section=world)
    ArticleFactory(status=Article.Status.DRAFT, section=world)

    results = api.get("/api/v1/sections/").json()["results"]

    assert [(s["slug"], s["article_count"]) for s in results] == [("arts", 0), ("world", 2)]
    assert set(results[0]) == {"slug", "name", "description", "article_count", "url"}


def test_section_detail_and_404(api):
    SectionFactory(name="World", slug="world", description="News from abroad")

    assert api.get("/api/v1/sections/world/").json()["description"] == "News from abroad"
    assert api.get("/api/v1/sections/nowhere/").status_code == 404


def test_tags_list_counts_public_articles(api):
    arctic = TagFactory(name="Arctic", slug="arctic")
    ArticleFactory(published=True, tags=[arctic])
    ArticleFactory(scheduled=True, tags=[arctic])

    results = api.get("/api/v1/tags/").json()["results"]

    assert [(t["slug"], t["article_count"]) for t in results] == [("arctic", 1)]
    assert api.get("/api/v1/tags/arctic/").json()["url"] == "http://testserver/api/v1/tags/arctic/"
    assert api.get("/api/v1/tags/none/").status_code == 404


def test_taxonomy_list_query_counts_do_not_grow(api, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PUBLIC_RESPONSE_CACHE = False
    for _ in range(10):
        ArticleFactory(published=True, section=SectionFactory(), tags=[TagFactory()])

    for resource in ("sections", "tags"):
        counts = []
        for size in (1, 10):
            with CaptureQueriesContext(connection) as captured:
                api.get(f"/api/v1/{resource}/?page_size={size}")
            counts.append(len(captured))
        assert counts[0] == counts[1], resource
