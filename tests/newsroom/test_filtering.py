"""The filter backend runs django-filter only for a request naming one of the view's filters."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    now = timezone.now()
    return [ArticleFactory(published=True, published_at=now - timedelta(days=days)) for days in (3, 1, 2)]


def slugs(path):
    return [item["slug"] for item in APIClient().get(path).json()["results"]]


def test_a_list_naming_no_filter_is_the_default_order_and_one_naming_a_filter_is_filtered(articles):
    newest_first = [a.slug for a in sorted(articles, key=lambda a: a.published_at, reverse=True)]

    assert slugs("/api/v1/articles/") == newest_first
    assert slugs("/api/v1/articles/?utm_source=newsletter") == newest_first  # not a filter: ignored
    assert slugs("/api/v1/articles/?ordering=published_at") == newest_first[::-1]
    assert APIClient().get("/api/v1/articles/?published_after=yesterday").status_code == 400
