"""The editorial workflow through the API: who may make each transition, what it logs, and what the public sees."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from articles.models import Article, StateChange
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory, StaffFactory, token_client

pytestmark = pytest.mark.django_db

Status = Article.Status
ROLES = ["superuser", "editor", "writer", "other writer", "moderator"]
SEARCH_WORD = "zeppelin"


@pytest.fixture
def people():
    """One account per role; ``writer`` is in the byline of the articles made by ``article_in``."""
    writer, other_writer = StaffFactory(role="Writer"), StaffFactory(role="Writer")
    AuthorFactory(user=writer)
    AuthorFactory(user=other_writer)
    return {
        "superuser": StaffFactory(is_superuser=True),
        "editor": StaffFactory(role="Editor"),
        "writer": writer,
        "other writer": other_writer,
        "moderator": StaffFactory(role="Moderator"),
    }


def article_in(status, people, **kwargs):
    """An article in ``status`` with the writer of ``people`` in its byline (public now when published)."""
    if status == Status.PUBLISHED:
        kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return ArticleFactory(status=status, authors=[people["writer"].author_profile], **kwargs)


# --- The permission matrix ----------------------------------------------------------------------
# A refusal is 403 when the user can read the article, 404 when they cannot (others' drafts stay unseen).

ALL_MAY = {"superuser": 200, "editor": 200, "writer": 200, "other writer": 404, "moderator": 404}
EDITORS_ONLY_UNSEEN = {"superuser": 200, "editor": 200, "writer": 403, "other writer": 404, "moderator": 404}
EDITORS_ONLY_PUBLIC = {"superuser": 200, "editor": 200, "writer": 403, "other writer": 403, "moderator": 403}

MATRIX = [
    ("submit", Status.DRAFT, Status.IN_REVIEW, ALL_MAY),
    ("withdraw", Status.IN_REVIEW, Status.DRAFT, ALL_MAY),
    ("publish", Status.IN_REVIEW, Status.PUBLISHED, EDITORS_ONLY_UNSEEN),
    ("publish", Status.DRAFT, Status.PUBLISHED, EDITORS_ONLY_UNSEEN),
    ("publish", Status.ARCHIVED, Status.PUBLISHED, EDITORS_ONLY_UNSEEN),
    ("unpublish", Status.PUBLISHED, Status.DRAFT, EDITORS_ONLY_PUBLIC),
    ("archive", Status.PUBLISHED, Status.ARCHIVED, EDITORS_ONLY_PUBLIC),
    ("archive", Status.DRAFT, Status.ARCHIVED, EDITORS_ONLY_UNSEEN),
    ("archive", Status.IN_REVIEW, Status.ARCHIVED, EDITORS_ONLY_UNSEEN),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "source", "target", "expected"), MATRIX, ids=[f"{m[0]}-from-{m[1]}" for m in MATRIX]
)
def test_transition_permission_matrix(people, role, action, source, target, expected):
    user = people[role]
    article = article_in(source, people)

    response = token_client(user).post(f"/api/v1/articles/{article.slug}/{action}/")

    assert response.status_code == expected[role], response.json()
    article.refresh_from_db()
    if expected[role] == 200:
        assert response.json()["status"] == target
        assert article.status == target
        change = StateChange.objects.get(article=article)
        assert (change.by, change.from_status, change.to_status) == (user, source, target)
    else:
        assert article.status == source
        assert not StateChange.objects.filter(article=article).exists()


INVALID = [
    ("submit", Status.IN_REVIEW),
    ("submit", Status.PUBLISHED),
    ("withdraw", Status.DRAFT),
    ("withdraw", Status.PUBLISHED),
    ("publish", Status.PUBLISHED),
    ("unpublish", Status.DRAFT),
    ("unpublish", Status.ARCHIVED),
    ("archive", Status.ARCHIVED),
]


@pytest.mark.parametrize(("action", "source"), INVALID, ids=[f"{a}-from-{s}" for a, s in INVALID])
def test_transition_the_state_does_not_allow_is_409_for_an_editor(people, action, source):
    article = article_in(source, people)

    response = token_client(people["editor"]).post(f"/api/v1/articles/{article.slug}/{action}/")

    assert response.status_code == 409
    assert response.json()["detail"]
    article.refresh_from_db()
    assert article.status == source
    assert not StateChange.objects.exists()


def test_writer_submitting_an_article_already_in_review_is_409(people):
    article = article_in(Status.IN_REVIEW, people)

    response = token_client(people["writer"]).post(f"/api/v1/articles/{article.slug}/submit/")

    assert response.status_code == 409
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_writer_cannot_schedule_their_own_article(people):
    article = article_in(Status.IN_REVIEW, people)
    later = timezone.now() + timedelta(days=1)

    response = token_client(people["writer"]).post(
        f"/api/v1/articles/{article.slug}/publish/", {"publish_at": later.isoformat()}, format="json"
    )

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.IN_REVIEW, None)


def test_publishing_an_article_without_an_author_is_409(people):
    article = ArticleFactory(status=Status.IN_REVIEW, authors=[])

    response = token_client(people["editor"]).post(f"/api/v1/articles/{article.slug}/publish/")

    assert response.status_code == 409
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_anonymous_client_cannot_make_any_transition(people):
    article = article_in(Status.PUBLISHED, people)

    responses = [APIClient().post(f"/api/v1/articles/{article.slug}/{name}/") for name in ("unpublish", "archive")]

    assert [r.status_code for r in responses] == [401, 401]
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_each_transition_of_a_life_is_logged_with_who_and_from_and_to(people):
    writer, editor = token_client(people["writer"]), token_client(people["editor"])
    article = article_in(Status.DRAFT, people)
    url = f"/api/v1/articles/{article.slug}"

    for client, action in [
        (writer, "submit"),
        (writer, "withdraw"),
        (writer, "submit"),
        (editor, "publish"),
        (editor, "unpublish"),
        (editor, "archive"),
    ]:
        assert client.post(f"{url}/{action}/").status_code == 200, action

    log = StateChange.objects.filter(article=article).order_by("at", "pk")
    assert [(c.by, c.from_status, c.to_status) for c in log] == [
        (people["writer"], Status.DRAFT, Status.IN_REVIEW),
        (people["writer"], Status.IN_REVIEW, Status.DRAFT),
        (people["writer"], Status.DRAFT, Status.IN_REVIEW),
        (people["editor"], Status.IN_REVIEW, Status.PUBLISHED),
        (people["editor"], Status.PUBLISHED, Status.DRAFT),
        (people["editor"], Status.DRAFT, Status.ARCHIVED),
    ]
    assert all(change.at is not None for change in log)


# --- Who may edit ---------------------------------------------------------------------------------


def patch_title(user, article, title="Changed title"):
    return token_client(user).patch(f"/api/v1/articles/{article.slug}/", {"title": title}, format="json")


def test_writer_edits_their_own_draft(people):
    article = article_in(Status.DRAFT, people, title="Original")

    response = patch_title(people["writer"], article)

    assert response.status_code == 200
    assert response.json()["title"] == "Changed title"
    article.refresh_from_db()
    assert article.title == "Changed title"


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED, Status.ARCHIVED])
def test_writer_cannot_edit_their_own_article_once_it_left_draft(people, status):
    article = article_in(status, people, title="Original")

    response = patch_title(people["writer"], article)

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Original", None)


def test_writer_cannot_edit_another_writers_published_article(people):
    article = article_in(Status.PUBLISHED, people, title="Original")

    response = patch_title(people["other writer"], article)

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Original", None)


def test_writer_cannot_reach_another_writers_draft_to_edit_it(people):
    article = article_in(Status.DRAFT, people, title="Original")

    response = patch_title(people["other writer"], article)

    assert response.status_code == 404
    article.refresh_from_db()
    assert article.title == "Original"


def test_writer_cannot_lose_their_own_draft_by_editing_the_byline(people):
    article = article_in(Status.DRAFT, people)
    colleague = AuthorFactory()
    client = token_client(people["writer"])
    client.raise_request_exception = False

    response = client.patch(f"/api/v1/articles/{article.slug}/", {"authors": [colleague.slug]}, format="json")

    assert response.status_code < 500, response.status_code
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 200


def test_writer_cannot_publish_by_writing_the_status_field(people):
    article = article_in(Status.DRAFT, people)

    response = token_client(people["writer"]).patch(
        f"/api/v1/articles/{article.slug}/",
        {"status": "published", "publish_at": timezone.now().isoformat(), "published_at": timezone.now().isoformat()},
        format="json",
    )

    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.DRAFT, None)


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.DRAFT])
def test_editor_edits_any_writers_article(people, status):
    article = article_in(status, people, title="Original")

    response = patch_title(people["editor"], article)

    assert response.status_code == 200
    article.refresh_from_db()
    if status == Status.DRAFT:
        assert article.title == "Changed title"
    else:  # a live article's edit waits as a pending revision
        assert (article.title, article.pending_revision.content["title"]) == ("Original", "Changed title")


def test_moderator_cannot_edit_an_article(people):
    article = article_in(Status.PUBLISHED, people, title="Original")

    response = patch_title(people["moderator"], article)

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Original", None)


def test_moderator_cannot_create_an_article(people):
    response = token_client(people["moderator"]).post("/api/v1/articles/", {"title": "Moderated"}, format="json")

    assert response.status_code == 403
    assert not Article.objects.exists()


def test_moderator_cannot_delete_an_article(people):
    article = article_in(Status.PUBLISHED, people)

    response = token_client(people["moderator"]).delete(f"/api/v1/articles/{article.slug}/")

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


# --- Publish time and scheduling -----------------------------------------------------------------


def test_publishing_sets_the_publish_time_when_there_is_none(people):
    article = article_in(Status.IN_REVIEW, people)
    moment = timezone.now().replace(microsecond=0)

    with time_machine.travel(moment, tick=False):
        response = token_client(people["editor"]).post(f"/api/v1/articles/{article.slug}/publish/")

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.published_at == moment
    assert parse_datetime(response.json()["publish_at"]) == moment


def test_publishing_keeps_a_publish_time_already_set(people):
    first_time = timezone.now() - timedelta(days=10)
    article = article_in(Status.DRAFT, people, published_at=first_time)  # e.g. unpublished once

    response = token_client(people["editor"]).post(f"/api/v1/articles/{article.slug}/publish/")

    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, first_time)


def test_publishing_with_publish_at_uses_that_time(people):
    article = article_in(Status.IN_REVIEW, people, published_at=timezone.now() - timedelta(days=10))
    chosen = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)

    response = token_client(people["editor"]).post(
        f"/api/v1/articles/{article.slug}/publish/", {"publish_at": chosen.isoformat()}, format="json"
    )

    assert response.status_code == 200
    assert parse_datetime(response.json()["publish_at"]) == chosen
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, chosen)


def on_public_surfaces(article):
    """Where an anonymous client finds the article: each public surface, True or False."""
    anonymous = APIClient()
    slug, front_end_path = article.slug, f"/articles/{article.slug}/"

    def listed(params=None):
        response = anonymous.get("/api/v1/articles/", params or {})
        assert response.status_code == 200
        return slug in [item["slug"] for item in response.json()["results"]]

    def mentioned(path):
        response = anonymous.get(path)
        assert response.status_code == 200
        return front_end_path in response.content.decode()

    detail = anonymous.get(f"/api/v1/articles/{slug}/").status_code
    assert detail in (200, 404)
    return {
        "list": listed(),
        "detail": detail == 200,
        "search": listed({"q": SEARCH_WORD}),
        "rss feed": mentioned("/feeds/rss/"),
        "atom feed": mentioned("/feeds/atom/"),
        "article sitemap": mentioned("/sitemap-articles.xml"),
        "news sitemap": mentioned("/sitemap-news.xml"),
    }


NOWHERE = dict.fromkeys(["list", "detail", "search", "rss feed", "atom feed", "article sitemap", "news sitemap"], False)
EVERYWHERE = dict.fromkeys(NOWHERE, True)


def test_a_draft_is_on_no_public_surface(people):
    article = article_in(Status.DRAFT, people, title=f"The {SEARCH_WORD} returns")

    assert on_public_surfaces(article) == NOWHERE


def test_scheduled_article_appears_on_every_public_surface_at_its_time_without_a_save(
    people, django_capture_on_commit_callbacks
):
    ArticleFactory(published=True, title=f"An older {SEARCH_WORD} story")  # the surfaces are not empty
    article = article_in(Status.IN_REVIEW, people, title=f"The {SEARCH_WORD} returns")
    publish_at = timezone.now() + timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(people["editor"]).post(
            f"/api/v1/articles/{article.slug}/publish/", {"publish_at": publish_at.isoformat()}, format="json"
        )
    assert response.status_code == 200

    assert on_public_surfaces(article) == NOWHERE
    with time_machine.travel(publish_at - timedelta(minutes=1)):
        assert on_public_surfaces(article) == NOWHERE
    with time_machine.travel(publish_at + timedelta(minutes=1)):
        assert on_public_surfaces(article) == EVERYWHERE

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert StateChange.objects.filter(article=article).count() == 1  # nothing was saved at the publish time


def test_scheduled_article_is_hidden_from_writers_not_in_its_byline_until_its_time(people):
    article = article_in(Status.PUBLISHED, people, published_at=timezone.now() + timedelta(hours=1))
    other_writer = token_client(people["other writer"])

    assert other_writer.get(f"/api/v1/articles/{article.slug}/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert other_writer.get(f"/api/v1/articles/{article.slug}/").status_code == 200


@pytest.mark.parametrize("action", ["unpublish", "archive"])
def test_taking_an_article_down_removes_it_from_every_public_surface_at_once(
    people, action, django_capture_on_commit_callbacks
):
    article = article_in(Status.PUBLISHED, people, title=f"The {SEARCH_WORD} returns")
    assert on_public_surfaces(article) == EVERYWHERE  # and now in the public response cache

    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(people["editor"]).post(f"/api/v1/articles/{article.slug}/{action}/")
    assert response.status_code == 200

    assert on_public_surfaces(article) == NOWHERE
