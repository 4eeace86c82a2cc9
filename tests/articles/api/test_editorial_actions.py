"""The admin's editorial actions in the API: revisions, restoring one, discarding a pending one, corrections."""

import pytest
from rest_framework.test import APIClient

from articles.editorial.services import revision_record
from articles.models import Revision
from tests.articles.factories import ArticleFactory, pending_edit
from tests.authors.factories import StaffFactory, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return token_client(StaffFactory(role="Editor"))


def with_history(**fields):
    article = ArticleFactory(title="Current", **fields)
    first = revision_record(article=article, by=None, content={**Revision.content_of(article), "title": "First"})
    revision_record(article=article, by=None)
    return article, first


def test_revisions_are_listed_newest_first_for_staff_only(editor):
    article, first = with_history()

    response = editor.get(f"/api/v1/articles/{article.slug}/revisions/")

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["results"]] == ["Current", "First"]
    assert APIClient().get(f"/api/v1/articles/{article.slug}/revisions/").status_code in (401, 403, 404)


def test_restoring_a_revision_of_a_draft_applies_it_and_keeps_the_history(editor):
    article, first = with_history()

    response = editor.post(f"/api/v1/articles/{article.slug}/revisions/{first.pk}/restore/")

    assert response.status_code == 200
    assert response.json()["title"] == "First"
    assert article.revisions.count() == 3


def test_restoring_a_revision_of_a_live_article_waits_as_a_pending_revision(editor):
    article, first = with_history(published=True)

    response = editor.post(f"/api/v1/articles/{article.slug}/revisions/{first.pk}/restore/")

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["pending_revision"] is not None) == ("Current", True)


def test_restoring_a_revision_of_another_article_is_404(editor):
    article, _ = with_history()
    _, elsewhere = with_history()

    assert editor.post(f"/api/v1/articles/{article.slug}/revisions/{elsewhere.pk}/restore/").status_code == 404


def test_discarding_a_pending_revision_keeps_the_live_article(editor):
    article = ArticleFactory(published=True, title="Live")
    pending_edit(article, title="Waiting")

    response = editor.post(f"/api/v1/articles/{article.slug}/discard-pending/")

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["pending_revision"]) == ("Live", None)
    assert editor.post(f"/api/v1/articles/{article.slug}/discard-pending/").status_code == 409


def test_corrections_are_added_and_listed(editor):
    article = ArticleFactory(published=True)

    created = editor.post(f"/api/v1/articles/{article.slug}/corrections/", {"text": "  The date was wrong. "})
    empty = editor.post(f"/api/v1/articles/{article.slug}/corrections/", {"text": "   "})

    assert created.status_code == 201
    assert created.json()["text"] == "The date was wrong."
    assert empty.status_code == 400
    assert [c["text"] for c in editor.get(f"/api/v1/articles/{article.slug}/corrections/").json()] == [
        "The date was wrong."
    ]


def test_a_correction_of_an_article_never_public_is_409(editor):
    article = ArticleFactory(scheduled=True)

    response = editor.post(f"/api/v1/articles/{article.slug}/corrections/", {"text": "Early."})

    assert response.status_code == 409
    assert "been public" in response.json()["detail"]


def test_every_editorial_action_is_in_the_openapi_schema():
    paths = APIClient().get("/api/v1/schema/?format=json").json()["paths"]

    for path, method in [
        ("/api/v1/articles/{slug}/discard-pending/", "post"),
        ("/api/v1/articles/{slug}/revisions/", "get"),
        ("/api/v1/articles/{slug}/revisions/{revision}/restore/", "post"),
        ("/api/v1/articles/{slug}/corrections/", "post"),
        ("/api/v1/articles/{slug}/corrections/", "get"),
        ("/api/v1/articles/{slug}/preview-link/", "post"),
    ]:
        assert method in paths[path], (path, method)
