from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from articles.comments.services import comment_approve
from articles.models import Article, Comment
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.authors.factories import AuthorFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

APPROVED = Comment.Status.APPROVED


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def article():
    return ArticleFactory(published=True, comments_enabled=True)


def url(article):
    return f"/api/v1/articles/{article.slug}/comments/"


def submission(**overrides):
    return {"author_name": "Ann Reader", "author_email": "ann@example.org", "body": "Well argued.", **overrides}


def post(api, article, ip="203.0.113.5", **overrides):
    return api.post(url(article), submission(**overrides), format="json", REMOTE_ADDR=ip)


# --- Reading threads -----------------------------------------------------------------------


def test_only_approved_comments_are_listed_oldest_first(api, article):
    now = timezone.now()
    second = CommentFactory(article=article, status=APPROVED)
    first = CommentFactory(article=article, status=APPROVED)
    Comment.objects.filter(pk=first.pk).update(created_at=now - timedelta(hours=2))
    Comment.objects.filter(pk=second.pk).update(created_at=now - timedelta(hours=1))
    for status in (Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM):
        CommentFactory(article=article, status=status)

    results = api.get(url(article)).json()["results"]

    assert [c["id"] for c in results] == [first.pk, second.pk]
    assert set(results[0]) == {"id", "author_name", "body", "body_html", "created_at", "parent", "replies"}


def test_replies_nest_under_their_parents(api, article):
    root = CommentFactory(article=article, status=APPROVED)
    reply = CommentFactory(article=article, parent=root, thread=root, status=APPROVED)
    reply_to_reply = CommentFactory(article=article, parent=reply, thread=root, status=APPROVED)

    [thread] = api.get(url(article)).json()["results"]

    assert thread["id"] == root.pk and thread["parent"] is None
    assert thread["replies"][0]["id"] == reply.pk and thread["replies"][0]["parent"] == root.pk
    assert thread["replies"][0]["replies"][0]["id"] == reply_to_reply.pk


def test_replies_deeper_than_the_limit_attach_to_the_deepest_level(api, article, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    root = CommentFactory(article=article, status=APPROVED)
    level2 = CommentFactory(article=article, parent=root, thread=root, status=APPROVED)
    level3 = CommentFactory(article=article, parent=level2, thread=root, status=APPROVED)

    [thread] = api.get(url(article)).json()["results"]

    assert [c["id"] for c in thread["replies"]] == [level2.pk, level3.pk]
    assert thread["replies"][1]["parent"] == level2.pk  # the real parent is kept
    assert all(reply["replies"] == [] for reply in thread["replies"])


def test_replies_of_a_hidden_comment_are_hidden_too(api, article):
    root = CommentFactory(article=article, status=APPROVED)
    rejected = CommentFactory(article=article, parent=root, thread=root, status=Comment.Status.REJECTED)
    CommentFactory(article=article, parent=rejected, thread=root, status=APPROVED)

    [thread] = api.get(url(article)).json()["results"]

    assert thread["replies"] == []


def test_threads_are_paginated_by_top_level_comment(api, article):
    roots = CommentFactory.create_batch(3, article=article, status=APPROVED)
    CommentFactory.create_batch(4, article=article, parent=roots[0], thread=roots[0], status=APPROVED)

    body = api.get(url(article), {"page_size": 2}).json()

    assert body["count"] == 3
    assert [c["id"] for c in body["results"]] == [roots[0].pk, roots[1].pk]
    assert len(body["results"][0]["replies"]) == 4


def test_comments_of_a_non_public_or_unknown_article_are_404(api):
    draft = ArticleFactory(status=Article.Status.DRAFT)

    assert api.get(url(draft)).status_code == 404
    assert api.get("/api/v1/articles/nothing-here/comments/").status_code == 404


def test_comment_list_never_shows_email_or_client_hash(api, article):
    CommentFactory(article=article, status=APPROVED, author_email="secret@example.net", ip_hash="f" * 64)

    content = api.get(url(article)).content.decode()

    assert "secret@example.net" not in content
    assert "f" * 64 not in content
    assert "email" not in content and "ip" not in api.get(url(article)).json()["results"][0]


def test_comment_list_query_count_is_constant(api, article, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PUBLIC_RESPONSE_CACHE = False

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url(article)).status_code == 200
        return len(captured)

    root = CommentFactory(article=article, status=APPROVED)
    few = count_queries()
    for _ in range(5):
        new_root = CommentFactory(article=article, status=APPROVED)
        reply = CommentFactory(article=article, parent=new_root, thread=new_root, status=APPROVED)
        CommentFactory(article=article, parent=reply, thread=new_root, status=APPROVED)
    CommentFactory(article=article, parent=root, thread=root, status=APPROVED)

    assert count_queries() == few


def test_a_readers_markup_comes_back_as_inert_text(api, article):
    CommentFactory(article=article, status=APPROVED, body='<script>alert(1)</script><img src=x onerror="alert(2)">')

    comment = api.get(url(article)).json()["results"][0]

    assert comment["body"] == '<script>alert(1)</script><img src=x onerror="alert(2)">'
    assert "<script" not in comment["body_html"] and "<img" not in comment["body_html"]
    assert "&lt;script&gt;" in comment["body_html"] and "onerror=&quot;" in comment["body_html"]


def test_links_are_not_made_clickable(api, article):
    CommentFactory(article=article, status=APPROVED, body="See https://example.org now")

    assert "<a" not in api.get(url(article)).json()["results"][0]["body_html"]


# --- Submitting ----------------------------------------------------------------------------


def test_a_new_comment_waits_for_moderation(api, article):
    response = post(api, article)

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert response.json() == {"id": comment.pk, "status": "pending"}
    assert (comment.author_name, comment.author_email, comment.body) == (
        "Ann Reader",
        "ann@example.org",
        "Well argued.",
    )


def test_the_client_address_is_stored_only_as_a_keyed_hash(api, article):
    post(api, article, ip="198.51.100.77")

    comment = Comment.objects.get()
    assert len(comment.ip_hash) == 64
    assert "198.51.100.77" not in str(Comment.objects.values().get())


def test_a_reply_joins_its_parents_thread(api, article):
    root = CommentFactory(article=article, status=APPROVED)
    reply = CommentFactory(article=article, parent=root, thread=root, status=APPROVED)

    response = post(api, article, parent=reply.pk)

    assert response.status_code == 201
    created = Comment.objects.get(pk=response.json()["id"])
    assert (created.parent_id, created.thread_id) == (reply.pk, root.pk)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"author_name": ""}, "author_name"),
        ({"author_name": None}, "author_name"),
        ({"author_email": "not-an-email"}, "author_email"),
        ({"author_email": ""}, "author_email"),
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 5001}, "body"),
    ],
)
def test_invalid_submissions_are_400_naming_the_field_and_write_nothing(api, article, overrides, field):
    response = post(api, article, **overrides)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert field in response.json()["detail"]
    assert Comment.objects.count() == 0


def test_missing_fields_are_400(api, article):
    response = api.post(url(article), {}, format="json")

    assert response.status_code == 400
    assert {"author_name", "author_email", "body"} <= set(response.json()["errors"])


def test_body_limit_is_configurable(api, article, settings):
    settings.COMMENTS_MAX_LENGTH = 10

    response = post(api, article, body="eleven char")

    assert response.status_code == 400
    assert "10" in response.json()["errors"]["body"][0]


@pytest.mark.parametrize("parent_state", ["other_article", "pending", "missing"])
def test_parent_must_be_an_approved_comment_of_the_same_article(api, article, parent_state):
    parent_id = {
        "other_article": lambda: CommentFactory(status=APPROVED).pk,
        "pending": lambda: CommentFactory(article=article, status=Comment.Status.PENDING).pk,
        "missing": lambda: 999_999,
    }[parent_state]()

    response = post(api, article, parent=parent_id)

    assert response.status_code == 400
    assert "parent" in response.json()["errors"]


def test_closed_comments_are_403_with_a_message(api):
    closed = ArticleFactory(published=True, comments_enabled=False)

    response = post(api, closed)

    assert response.status_code == 403
    assert "closed" in response.json()["detail"]
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("state", [{"status": Article.Status.DRAFT}, {"scheduled": True}])
def test_commenting_on_a_non_public_article_is_404_like_an_unknown_slug(api, state):
    hidden = ArticleFactory(**state)

    response = post(api, hidden)
    unknown = api.post("/api/v1/articles/no-such-story/comments/", submission(), format="json")

    assert response.status_code == unknown.status_code == 404
    assert response.json() == unknown.json()
    assert Comment.objects.count() == 0


def test_comments_close_by_themselves_after_the_configured_days(api, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    old = ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=15))
    recent = ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=13))

    refused = post(api, old)

    assert refused.status_code == 403 and "14 days" in refused.json()["detail"]
    assert post(api, recent).status_code == 201


def test_comment_on_an_unknown_article_is_404(api):
    response = api.post("/api/v1/articles/no-such-story/comments/", submission(), format="json")

    assert response.status_code == 404


def test_filling_the_honeypot_marks_spam_silently(api, article):
    response = post(api, article, website="http://spam.example")

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_too_many_links_or_a_blocked_word_is_spam(api, article, settings):
    settings.COMMENTS_BLOCKED_WORDS = ["casino"]

    post(api, article, body="a http://1.example b http://2.example c www.3.example", ip="192.0.2.1")
    post(api, article, body="Visit our CASINO tonight", ip="192.0.2.2")
    post(api, article, body="One link is fine: https://example.org", ip="192.0.2.3")

    assert list(Comment.objects.order_by("pk").values_list("status", flat=True)) == ["spam", "spam", "pending"]


def test_the_same_text_from_the_same_client_is_a_duplicate(api, article):
    assert post(api, article, ip="192.0.2.9").status_code == 201

    again = post(api, article, ip="192.0.2.9")
    other_client = post(api, article, ip="192.0.2.10")

    assert again.status_code == 409 and "already" in again.json()["detail"]
    assert other_client.status_code == 201
    assert Comment.objects.count() == 2


def test_the_same_text_after_the_window_is_accepted(api, article, settings):
    settings.COMMENTS_DUPLICATE_MINUTES = 10
    post(api, article)
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=11))

    assert post(api, article).status_code == 201


def test_a_client_posting_too_fast_gets_429_with_retry_after(api, article, settings):
    settings.COMMENTS_RATE = "2/min"

    statuses = [post(api, article, body=f"Comment {n}").status_code for n in range(3)]
    other_client = post(api, article, ip="192.0.2.200", body="Hello")

    assert statuses == [201, 201, 429]
    assert int(post(api, article, body="again").headers["Retry-After"]) > 0
    assert other_client.status_code == 201


def test_signed_in_staff_are_approved_and_sign_with_their_byline_name(api, article):
    user = UserFactory(username="desk", first_name="Dana", last_name="Login", is_staff=True)
    AuthorFactory(user=user, name="Desk Editor", post_nominals="CD")
    api.force_login(user)

    response = api.post(url(article), {"body": "Correction noted."}, format="json")

    assert response.status_code == 201 and response.json()["status"] == "approved"
    comment = Comment.objects.get()
    assert (comment.author_name, comment.author_email, comment.user.username) == (
        "Desk Editor, CD",
        "desk@example.org",
        "desk",
    )


def test_signed_in_staff_without_an_author_profile_are_asked_for_a_name(api, article):
    api.force_login(UserFactory(username="desk", first_name="Desk", last_name="Editor", is_staff=True))

    refused = api.post(url(article), {"body": "Correction noted."}, format="json")
    named = api.post(url(article), {"body": "Correction noted.", "author_name": "The desk"}, format="json")

    assert refused.status_code == 400
    assert "author_name" in refused.json()["errors"] and "name" in refused.json()["detail"]
    assert "desk" not in refused.json()["detail"]
    assert named.status_code == 201
    assert Comment.objects.get().author_name == "The desk"


def test_moderators_are_emailed_about_a_waiting_comment_when_configured(
    api, article, settings, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    settings.COMMENTS_NOTIFY_MODERATORS = True
    moderator = UserFactory(email="mod@newsroom.example")
    moderator.groups.add(Group.objects.get(name="Moderator"))

    with django_capture_on_commit_callbacks(execute=True):
        post(api, article)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mod@newsroom.example"]
    assert article.title in mail.outbox[0].subject


def test_approved_comment_appears_in_the_count_and_thread(api, article, django_capture_on_commit_callbacks):
    post(api, article)
    assert api.get(f"/api/v1/articles/{article.slug}/").json()["comment_count"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comments=Comment.objects.all(), by=StaffFactory(role="Moderator"))

    assert api.get(f"/api/v1/articles/{article.slug}/").json()["comment_count"] == 1
    assert len(api.get(url(article)).json()["results"]) == 1
