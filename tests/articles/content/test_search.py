"""PostgreSQL search: the stored vector in the configuration it was built with, ranking the newest matches."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from articles.content import search
from articles.models import Article
from tests.articles.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's")


def found(text):
    return list(Article.objects.search(text).values_list("title", flat=True))


@postgresql_only
def test_changing_the_publication_language_rebuilds_the_vector_and_search_follows(settings):
    ArticleFactory(title="Ferries cross the strait")
    assert search.stored_config(connection) == "english"
    assert found("ferry") == ["Ferries cross the strait"]  # English stemming

    settings.PUBLICATION_LANGUAGE = "fr"
    search.follow_publication_language(using="default")

    assert search.stored_config(connection) == "simple"
    assert found("ferry") == []  # no English stemming any more: query and vector agree
    assert found("ferries") == ["Ferries cross the strait"]

    settings.PUBLICATION_LANGUAGE = "en"
    search.follow_publication_language(using="default")
    assert found("ferry") == ["Ferries cross the strait"]


@postgresql_only
def test_search_uses_the_stored_configuration_even_before_a_migrate(settings):
    ArticleFactory(title="Ferries cross the strait")
    settings.PUBLICATION_LANGUAGE = "fr"  # changed, not migrated yet: the stored vector is still English

    assert found("ferry") == ["Ferries cross the strait"]


@pytest.fixture
def api():
    return APIClient()


def listed(api, query, **params):
    response = api.get("/api/v1/articles/", {"q": query, **params})
    assert response.status_code == 200
    return response.json()


@postgresql_only
def test_the_newest_matches_are_ranked_and_older_matches_follow_newest_first(api, monkeypatch):
    monkeypatch.setattr(search, "RANKED", 2)
    now = timezone.now()
    newest_in_body = ArticleFactory(
        published=True, published_at=now - timedelta(hours=1), body="<p>The icebreaker left.</p>"
    )
    newer_in_title = ArticleFactory(
        published=True, published_at=now - timedelta(hours=2), title="Icebreaker fleet grows"
    )
    older_in_title = ArticleFactory(
        published=True, published_at=now - timedelta(hours=3), title="Icebreaker contract signed"
    )
    oldest_in_body = ArticleFactory(
        published=True, published_at=now - timedelta(hours=4), body="<p>An icebreaker came.</p>"
    )
    ArticleFactory(published=True, published_at=now, title="Budget debate")

    found = listed(api, "icebreaker")

    assert [a["slug"] for a in found["results"]] == [
        newer_in_title.slug,  # ranked: a title match above a body match among the two newest
        newest_in_body.slug,
        older_in_title.slug,  # past the ranked set: newest first, however relevant
        oldest_in_body.slug,
    ]
    assert found["count"] == 4


@postgresql_only
def test_every_match_is_on_some_page_once_however_few_are_ranked(api, monkeypatch):
    monkeypatch.setattr(search, "RANKED", 3)
    now = timezone.now()
    matches = {
        ArticleFactory(
            published=True, published_at=now - timedelta(hours=n), title=f"Ferry route {n}" if n % 2 else "Ferry"
        ).slug
        for n in range(7)
    }
    ArticleFactory(published=True, title="Budget debate")

    pages = [listed(api, "ferry", page_size=2, page=page) for page in (1, 2, 3, 4)]

    slugs = [a["slug"] for page in pages for a in page["results"]]
    assert sorted(slugs) == sorted(matches)
    assert {page["count"] for page in pages} == {7}


@postgresql_only
def test_a_staff_search_ranks_drafts_by_their_last_save(monkeypatch):
    monkeypatch.setattr(search, "RANKED", 1)
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, body="<p>Ferry schedules.</p>")
    ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=30), title="Ferry strike")

    found = Article.objects.search("ferry")

    assert list(found)[0] == draft  # saved just now: the newest, so the one ranked


def test_a_search_takes_the_same_queries_however_many_articles_match(api, settings):
    from django.test.utils import CaptureQueriesContext

    settings.PUBLIC_RESPONSE_CACHE = False

    def queries_for(query):
        with CaptureQueriesContext(connection) as captured:
            found = listed(api, query, page_size=50)
        return found["count"], len(captured)

    for n in range(40):
        ArticleFactory(
            published=True, title=f"Harbour ferry {n}" if n < 2 else f"Harbour pilot {n}", tags=[TagFactory()]
        )

    few, many = queries_for("harbour ferry"), queries_for("harbour")

    assert (few[0], many[0]) == (2, 40)
    assert few[1] == many[1]
