"""Reporters posting at the same moment, on real transactions (SQLite's file and PostgreSQL alike): no entry lost,
no If-Match asked, the stream's count right, nothing answers 500."""

import pytest
from django.db import connection

from articles.live.models import LiveCoverage, LiveEntry
from tests.articles.editorial.test_concurrency import at_once
from tests.articles.live.factories import live_article, reporter
from tests.authors.factories import token_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def groups():
    """Real transactions empty the tables after each test, the groups of the data migration with them."""
    from django.apps import apps

    from articles.editorial.roles import sync_groups

    sync_groups(apps)


@pytest.mark.parametrize("attempt", range(3))
def test_two_reporters_posting_at_once_lose_no_entry(attempt):
    article = live_article()
    first, second = reporter(article), reporter(article)
    url = f"/api/v1/articles/{article.slug}/entries/"

    def posting(user, text):
        return lambda: token_client(user).post(url, {"body_html": f"<p>{text}</p>"}, format="json")

    responses = at_once(posting(first, "From the left"), posting(second, "From the right"), posting(first, "Again"))

    assert [r.status_code for r in responses] == [201, 201, 201]
    assert sorted(LiveEntry.objects.values_list("body", flat=True)) == [
        "<p>Again</p>",
        "<p>From the left</p>",
        "<p>From the right</p>",
    ]
    assert LiveCoverage.objects.get(pk=article.pk).entry_count == 3
    connection.close()


def test_two_editors_pinning_at_once_leave_one_pinned():
    article = live_article()
    editor_a, editor_b = reporter(), reporter()
    from django.contrib.auth.models import Group

    for user in (editor_a, editor_b):
        user.groups.set([Group.objects.get(name="Editor")])
    a = token_client(editor_a).post(
        f"/api/v1/articles/{article.slug}/entries/", {"body_html": "<p>a</p>"}, format="json"
    )
    b = token_client(editor_a).post(
        f"/api/v1/articles/{article.slug}/entries/", {"body_html": "<p>b</p>"}, format="json"
    )

    responses = at_once(
        *(
            (
                lambda user=user, entry=entry: token_client(user).patch(
                    f"/api/v1/articles/{article.slug}/entries/{entry.json()['id']}/", {"pinned": True}, format="json"
                )
            )
            for user, entry in ((editor_a, a), (editor_b, b))
        )
    )

    assert [r.status_code for r in responses] == [200, 200]
    assert LiveEntry.objects.filter(is_pinned=True).count() == 1
