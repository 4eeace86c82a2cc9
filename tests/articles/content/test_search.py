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


def test_a_search_holds_the_newest_shown_matches_and_counts_no_further(api, monkeypatch):
    monkeypatch.setattr(search, "SHOWN", 3)
    now = timezone.now()
    ferries = [
        ArticleFactory(published=True, published_at=now - timedelta(hours=n), title=f"Ferry timetable {n}")
        for n in range(5)
    ]

    first, second = listed(api, "ferry", page_size=2), listed(api, "ferry", page_size=2, page=2)

    assert (first["count"], second["count"]) == (3, 3)  # five match; the count stops where the pages do
    assert {a["slug"] for a in first["results"] + second["results"]} == {a.slug for a in ferries[:3]}
    assert second["next"] is None
    assert api.get("/api/v1/articles/", {"q": "ferry", "page_size": 2, "page": 3}).status_code == 404


def test_the_newest_shown_are_taken_after_the_lists_filters(api, monkeypatch):
    monkeypatch.setattr(search, "SHOWN", 2)
    now = timezone.now()
    for n in range(3):
        ArticleFactory(published=True, published_at=now - timedelta(hours=n), title=f"Ferry strike {n}")
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Ferry draft")
    older = ArticleFactory(published=True, published_at=now - timedelta(days=40), title="Ferry pier rebuilt")

    found = listed(api, "ferry", section=older.section.slug)

    assert [a["slug"] for a in found["results"]] == [older.slug]  # older than the two newest matches, still found
    assert found["count"] == 1


@postgresql_only
def test_the_search_table_follows_every_write_of_the_text_bulk_updates_included():
    article = ArticleFactory(published=True, title="Ferries cross the strait")
    Article.objects.filter(pk=article.pk).update(title="Icebreakers cross the strait")

    assert found("ferry") == []
    assert found("icebreaker") == ["Icebreakers cross the strait"]

    article.delete()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search.NARROW}")
        assert cursor.fetchone() == (0,)


@postgresql_only
def test_a_search_knows_its_count_until_a_condition_is_added(django_assert_num_queries):
    for n in range(3):
        ArticleFactory(published=True, title=f"Ferry route {n}")
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Ferry draft")
    found = Article.objects.search("ferry")

    with django_assert_num_queries(0):
        assert found.count() == 4
        assert found.order_by("-pk").count() == 4
    with django_assert_num_queries(1):
        assert found.filter(status=Article.Status.PUBLISHED).count() == 3
