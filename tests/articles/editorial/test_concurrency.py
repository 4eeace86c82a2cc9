"""Writes at the same moment, on real transactions (SQLite's file and PostgreSQL alike): threads behind a barrier.

Nothing is silently undone, every transition is logged, a stale If-Match is 412, and nothing answers 500.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from articles.editorial.services import revision_record
from articles.models import Article, Comment, StateChange
from tests.articles.article_form import change_url, form_as_shown
from tests.articles.factories import ArticleFactory
from tests.authors.factories import StaffFactory, token_client

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls):
    """Run each call in its own thread, released together; their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connection.close()  # each thread has a connection of its own

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture(autouse=True)
def groups():
    """Real transactions empty the tables after each test, the groups of the data migration with them."""
    from django.apps import apps

    from articles.editorial.roles import sync_groups

    sync_groups(apps)


@pytest.fixture
def editor():
    return StaffFactory(role="Editor")


def article_in_review():
    article = ArticleFactory(status=Article.Status.IN_REVIEW, title="First title")
    revision_record(article=article, by=None)
    return article


@pytest.mark.parametrize("attempt", range(3))
def test_a_patch_and_a_publish_at_once_lose_neither(editor, attempt):
    article = article_in_review()
    url = f"/api/v1/articles/{article.slug}/"

    patched, published = at_once(
        lambda: token_client(editor).patch(url, {"title": "Second title"}, format="json"),
        lambda: token_client(editor).post(f"{url}publish/"),
    )

    assert (patched.status_code, published.status_code) == (200, 200)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED  # the PATCH did not write back the old status
    waiting = article.pending_revision.content["title"] if article.pending_revision_id else None
    assert "Second title" in (article.title, waiting)  # live if it came first, waiting if it came second
    assert StateChange.objects.filter(article=article, to_status=Article.Status.PUBLISHED).count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_patches_with_one_if_match_are_one_200_and_one_412(editor, attempt):
    article = article_in_review()
    url = f"/api/v1/articles/{article.slug}/"
    etag = token_client(editor).get(url)["ETag"]

    answers = at_once(
        *(
            lambda title=title: token_client(editor).patch(url, {"title": title}, format="json", HTTP_IF_MATCH=etag)
            for title in ("By the first", "By the second")
        )
    )

    assert sorted(answer.status_code for answer in answers) == [200, 412]
    winner = next(answer for answer in answers if answer.status_code == 200)
    article.refresh_from_db()
    assert article.title == winner.json()["title"]


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_comment_posted_twice_at_once_is_kept_once(attempt):
    article = ArticleFactory(published=True)
    comment = {"author_name": "Reader", "author_email": "reader@example.net", "body": "Same words, same moment."}
    url = f"/api/v1/articles/{article.slug}/comments/"

    answers = at_once(*(lambda: APIClient().post(url, comment, format="json") for _ in range(2)))

    assert sorted(answer.status_code for answer in answers) == [201, 409]
    assert Comment.objects.filter(article=article).count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_an_admin_save_and_an_api_patch_at_once_lose_neither(editor, attempt):
    article = article_in_review()
    desk = Client()
    desk.force_login(editor)
    page = desk.get(change_url(article))  # the form is opened before either write
    etag = token_client(editor).get(f"/api/v1/articles/{article.slug}/")["ETag"]

    saved, patched = at_once(
        lambda: desk.post(change_url(article), form_as_shown(page, title="From the admin")),
        lambda: token_client(editor).patch(
            f"/api/v1/articles/{article.slug}/", {"title": "From the API"}, format="json", HTTP_IF_MATCH=etag
        ),
    )

    assert saved.status_code in (200, 302) and patched.status_code in (200, 412)
    admin_won, api_won = saved.status_code == 302, patched.status_code == 200
    assert admin_won != api_won, "exactly one of the two writes goes through; the other is told"
    article.refresh_from_db()
    assert article.title == ("From the admin" if admin_won else "From the API")
    if not admin_won:
        assert "after you opened it" in saved.content.decode()
