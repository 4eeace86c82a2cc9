"""The moderation queue's one-click buttons, through the test client."""

import pytest
from django.urls import reverse

from articles.editorial.roles import MODERATOR, WRITER
from articles.models import Comment
from tests.articles.factories import CommentFactory
from tests.authors.factories import signed_in

pytestmark = pytest.mark.django_db


def moderate_url(comment, status):
    return reverse("admin:articles_comment_moderate", args=[comment.pk, status])


def test_each_row_of_the_queue_has_the_three_buttons_and_the_page_a_proper_title(client):
    signed_in(client, MODERATOR)
    comment = CommentFactory()

    page = client.get(reverse("admin:articles_comment_changelist"))

    html = page.content.decode()
    assert page.context["title"] == "Moderation queue"
    assert "Select comment to change" not in html
    for status in ("approved", "rejected", "spam"):
        assert f'formaction="{moderate_url(comment, status)}"' in html


@pytest.mark.parametrize("status", ["approved", "rejected", "spam"])
def test_one_click_sets_the_status_through_the_service_and_records_the_moderator(client, status):
    moderator = signed_in(client, MODERATOR)
    comment = CommentFactory()

    response = client.post(moderate_url(comment, status), {"next": "/admin/articles/comment/?status=all"})

    assert (response.status_code, response["Location"]) == (302, "/admin/articles/comment/?status=all")
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == (status, moderator)


def test_the_button_sends_nobody_to_another_site(client):
    signed_in(client, MODERATOR)
    response = client.post(moderate_url(CommentFactory(), "approved"), {"next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("admin:articles_comment_changelist")


def test_a_writer_cannot_moderate_by_the_button_address(client):
    signed_in(client, WRITER)
    comment = CommentFactory()

    assert client.post(moderate_url(comment, "approved")).status_code in (403, 404)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_an_unknown_status_is_404_and_a_get_is_refused(client):
    signed_in(client, MODERATOR)
    comment = CommentFactory()
    assert client.post(moderate_url(comment, "pending")).status_code == 404
    assert client.get(moderate_url(comment, "approved")).status_code == 405
