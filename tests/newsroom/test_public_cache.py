"""The server's cache of anonymous responses, ETags and Cache-Control."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from articles.comments.services import comment_approve
from articles.models import Article, Comment
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.authors.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def slugs(api):
    return [a["slug"] for a in api.get("/api/v1/articles/").json()["results"]]


def test_get_carries_etag_and_public_cache_control(api, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 120
    article = ArticleFactory(published=True)

    response = api.get(f"/api/v1/articles/{article.slug}/")

    assert response["ETag"].startswith('"')
    assert "public" in response["Cache-Control"] and "max-age=120" in response["Cache-Control"]
    assert response["Last-Modified"]


def test_a_not_found_is_kept_by_a_cdn_only_briefly(api, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 300
    scheduled = ArticleFactory(status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(minutes=1))

    response = api.get(f"/api/v1/articles/{scheduled.slug}/")

    assert response.status_code == 404
    assert "max-age=10" in response["Cache-Control"]  # no purge reaches it when the article goes out


def test_if_none_match_gives_304_without_body_on_miss_and_on_hit(api, settings):
    article = ArticleFactory(published=True)
    etag = api.get(f"/api/v1/articles/{article.slug}/")["ETag"]

    for cache_on in (False, True):
        settings.PUBLIC_RESPONSE_CACHE = cache_on
        response = api.get(f"/api/v1/articles/{article.slug}/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert response.content == b""


def test_cache_hit_is_answered_without_database_queries(api, django_assert_num_queries):
    ArticleFactory.create_batch(3, published=True)
    first = api.get("/api/v1/articles/")

    with django_assert_num_queries(0):
        second = api.get("/api/v1/articles/")

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


class CountingCache:
    """The shared cache, with each call it is asked written down."""

    def __init__(self, cache):
        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


@pytest.mark.parametrize("path", ["/api/v1/articles/", "detail", "/feeds/rss/"])
def test_a_hit_is_one_round_trip_to_the_shared_cache(api, path, monkeypatch, django_capture_on_commit_callbacks):
    import newsroom.public_cache

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(published=True)
    path = f"/api/v1/articles/{article.slug}/" if path == "detail" else path
    api.get(path)
    api.get(path)  # this process now knows the entry's tags
    counting = CountingCache(newsroom.public_cache.cache)
    monkeypatch.setattr(newsroom.public_cache, "cache", counting)

    assert api.get(path)["X-Cache"] == "hit"
    assert counting.calls == ["get_many"]


def test_publishing_an_article_shows_on_the_next_request(api, django_capture_on_commit_callbacks):
    ArticleFactory(published=True)
    assert len(slugs(api)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(status=Article.Status.DRAFT)
        article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
        article.save()

    assert article.slug in slugs(api)


def test_editing_and_unpublishing_show_on_the_next_request(api, django_capture_on_commit_callbacks):
    article = ArticleFactory(published=True, title="Before")
    assert api.get(f"/api/v1/articles/{article.slug}/").json()["title"] == "Before"

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "After"
        article.save()
    assert api.get(f"/api/v1/articles/{article.slug}/").json()["title"] == "After"

    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.DRAFT
        article.save()
    assert api.get(f"/api/v1/articles/{article.slug}/").status_code == 404
    assert slugs(api) == []


def test_approving_a_comment_updates_the_count_at_once(api, django_capture_on_commit_callbacks):
    comment = CommentFactory(status=Comment.Status.PENDING)
    assert api.get("/api/v1/articles/").json()["results"][0]["comment_count"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comments=Comment.objects.filter(pk=comment.pk), by=StaffFactory(role="Moderator"))

    assert api.get("/api/v1/articles/").json()["results"][0]["comment_count"] == 1


def test_scheduled_article_appears_at_its_time_without_any_save(api):
    ArticleFactory(published=True)
    scheduled = ArticleFactory(status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(minutes=5))
    assert scheduled.slug not in slugs(api)

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert scheduled.slug in slugs(api)


def test_an_editor_neither_reads_nor_fills_the_public_cache(api, django_assert_max_num_queries):
    ArticleFactory(published=True)
    editor = APIClient()
    editor.force_login(UserFactory())

    editor_response = editor.get("/api/v1/articles/")
    assert "private" in editor_response["Cache-Control"]

    public = api.get("/api/v1/articles/")  # a miss: the editor's response was not stored
    assert "public" in public["Cache-Control"]
    with django_assert_max_num_queries(10) as captured:
        editor.get("/api/v1/articles/")
    assert len(captured) > 0  # not served the anonymous copy


def test_token_requests_bypass_the_cache(api, django_assert_max_num_queries):
    ArticleFactory(published=True)
    api.get("/api/v1/articles/")

    with django_assert_max_num_queries(10) as captured:
        api.get("/api/v1/articles/", HTTP_AUTHORIZATION="Token abc")
    assert len(captured) > 0


def test_cache_can_be_switched_off(api, settings, django_assert_max_num_queries):
    settings.PUBLIC_RESPONSE_CACHE = False
    ArticleFactory(published=True)
    api.get("/api/v1/articles/")

    with django_assert_max_num_queries(10) as captured:
        api.get("/api/v1/articles/")
    assert len(captured) > 0


def test_cors_allows_listed_front_end_origins_only(api, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.example.com"]
    ArticleFactory(published=True)

    allowed = api.get("/api/v1/articles/", HTTP_ORIGIN="https://www.example.com")
    other = api.get("/api/v1/articles/", HTTP_ORIGIN="https://evil.example")

    assert allowed["Access-Control-Allow-Origin"] == "https://www.example.com"
    assert "Access-Control-Allow-Origin" not in other


def test_a_comment_waiting_for_moderation_leaves_the_cache_alone(
    api, django_capture_on_commit_callbacks, django_assert_num_queries
):
    article = ArticleFactory(published=True)
    api.get("/api/v1/articles/")

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/articles/{article.slug}/comments/",
            {"author_name": "Ann", "author_email": "ann@example.org", "body": "First!"},
            format="json",
        )

    assert response.status_code == 201
    with django_assert_num_queries(0):
        assert api.get("/api/v1/articles/")["X-Cache"] == "hit"


def test_the_count_of_a_list_is_reused_until_content_changes(api, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ArticleFactory.create_batch(3, published=True)
    assert api.get("/api/v1/articles/?page_size=1").json()["count"] == 3

    with CaptureQueriesContext(connection) as second_page:
        assert api.get("/api/v1/articles/?page_size=1&page=2").json()["count"] == 3
    assert not any(query["sql"].startswith("SELECT COUNT(*)") for query in second_page.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(published=True)
    assert api.get("/api/v1/articles/?page_size=1&page=3").json()["count"] == 4


def test_a_draft_never_enters_the_public_cache(api):
    editor = APIClient()
    editor.force_login(UserFactory(is_superuser=True))
    draft = ArticleFactory(status=Article.Status.DRAFT)

    assert editor.get(f"/api/v1/articles/{draft.slug}/").status_code == 200
    assert api.get(f"/api/v1/articles/{draft.slug}/").status_code == 404
    assert draft.slug not in str(api.get("/api/v1/articles/").json())
