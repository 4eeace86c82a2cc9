import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Comment
from tests.articles.factories import CommentFactory
from tests.authors.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/moderation/comments/"


def client_for(role=None, superuser=False, token=False):
    user = UserFactory(is_superuser=superuser)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client = APIClient()
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    else:
        client.force_login(user)
    return client, user


@pytest.mark.parametrize(("role", "superuser"), [("Moderator", False), ("Editor", False), (None, True)])
def test_moderators_editors_and_superusers_see_the_queue_with_emails(role, superuser):
    client, _ = client_for(role, superuser)
    waiting = CommentFactory(author_email="judge-me@example.net", ip_hash="a" * 64)
    CommentFactory(status=Comment.Status.APPROVED)

    response = client.get(QUEUE, {"status": "pending"})

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["id"] == waiting.pk and item["author_email"] == "judge-me@example.net"
    assert item["article"] == {"slug": waiting.article.slug, "title": waiting.article.title}
    assert "a" * 64 not in response.content.decode() and "ip_hash" not in item


def test_queue_lists_pending_first_then_newest():
    client, _ = client_for("Moderator")
    approved = CommentFactory(status=Comment.Status.APPROVED)
    older_pending, newer_pending = CommentFactory(), CommentFactory()

    ids = [c["id"] for c in client.get(QUEUE).json()["results"]]

    assert ids == [newer_pending.pk, older_pending.pk, approved.pk]


@pytest.mark.parametrize(("action", "status"), [("approve", "approved"), ("reject", "rejected"), ("spam", "spam")])
def test_moderation_actions_record_who_and_when(action, status):
    client, moderator = client_for("Moderator", token=True)
    comment = CommentFactory()

    response = client.post(f"{QUEUE}{comment.pk}/{action}/")

    assert response.status_code == 200
    assert response.json()["status"] == status and response.json()["moderated_by"] == moderator.username
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by, comment.moderated_at is not None) == (status, moderator, True)


def test_anonymous_clients_get_401_or_403_and_change_nothing():
    comment = CommentFactory()
    anonymous = APIClient()

    assert anonymous.get(QUEUE).status_code in (401, 403)
    assert anonymous.post(f"{QUEUE}{comment.pk}/approve/").status_code in (401, 403)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("role", ["Writer", None])
def test_writers_and_plain_accounts_are_403(role):
    client, _ = client_for(role)
    comment = CommentFactory()

    assert client.get(QUEUE).status_code == 403
    response = client.post(f"{QUEUE}{comment.pk}/approve/")
    assert response.status_code == 403 and response.json()["detail"]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_unknown_comment_is_404():
    client, _ = client_for("Moderator")

    assert client.post(f"{QUEUE}999999/approve/").status_code == 404


def test_bad_status_filter_is_400():
    client, _ = client_for("Moderator")

    response = client.get(QUEUE, {"status": "lovely"})

    assert response.status_code == 400 and "status" in response.json()["errors"]


def test_queue_query_count_is_constant():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, _ = client_for("Moderator")
    CommentFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    CommentFactory.create_batch(10)
    with CaptureQueriesContext(connection) as many:
        client.get(QUEUE)

    assert len(few) == len(many)
