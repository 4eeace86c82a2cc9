"""Live coverage's json_ld is a schema.org LiveBlogPosting with what Google's live blog guidelines require."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from articles.live import services
from tests.articles.live.factories import LiveCoverageFactory, editor, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.PUBLIC_RESPONSE_CACHE = False


def json_ld(article):
    return APIClient().get(f"/api/v1/articles/{article.slug}/").json()["json_ld"]


def test_a_running_live_blog_has_its_start_and_its_updates_but_no_end():
    started = timezone.now() - timedelta(hours=2)
    article = LiveCoverageFactory(starts_at=started).article
    desk = editor()
    first = post(article, desk, "Doors open at the count.", headline="Doors open")
    second = post(article, desk, "The first result is in and it is close.")
    post(article, desk, "Not checked yet", status="draft")

    data = json_ld(article)

    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == started.isoformat().replace("+00:00", "Z")
    assert "coverageEndTime" not in data
    assert {"headline", "datePublished", "dateModified", "author", "publisher", "url"} <= set(data)
    assert [update["url"] for update in data["liveBlogUpdate"]] == [
        f"{data['url']}#entry-{second.pk}",
        f"{data['url']}#entry-{first.pk}",
    ]
    newest, oldest = data["liveBlogUpdate"]
    assert oldest["@type"] == "BlogPosting"
    assert oldest["headline"] == "Doors open"
    assert newest["headline"] == "The first result is in and it is close."  # no headline: its first words
    assert oldest["datePublished"] == first.published_at.isoformat().replace("+00:00", "Z")
    assert oldest["author"] == [{"@type": "Person", "name": first.authors.get().name}]
    assert oldest["articleBody"] == "Doors open at the count."


def test_an_ended_live_blog_carries_its_end_and_its_modified_time_follows_the_entries():
    article = LiveCoverageFactory().article
    desk = editor()
    post(article, desk)
    services.coverage_end(article=article, by=desk)
    coverage = article.live_coverage
    coverage.refresh_from_db()

    data = json_ld(article)

    assert data["coverageEndTime"] == coverage.ends_at.isoformat().replace("+00:00", "Z")
    assert data["dateModified"] == coverage.updated_at.isoformat().replace("+00:00", "Z")


def test_an_article_that_is_not_live_stays_a_news_article():
    from tests.articles.factories import ArticleFactory

    data = json_ld(ArticleFactory(published=True))

    assert data["@type"] == "NewsArticle"
    assert "liveBlogUpdate" not in data and "coverageStartTime" not in data
