"""The comment service's own rules, whichever surface calls it."""

import pytest

from articles.comments.services import CommentRefused, comment_submit
from articles.models import Article, Comment
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.authors.factories import UserFactory

pytestmark = pytest.mark.django_db


def submit(article, **overrides):
    fields = {"author_name": "Ann Reader", "author_email": "ann@example.org", "body": "Well argued.", **overrides}
    return comment_submit(article=article, client_ip="203.0.113.5", **fields)


@pytest.mark.parametrize(
    "state", [{"status": Article.Status.DRAFT}, {"status": Article.Status.ARCHIVED}, {"scheduled": True}]
)
def test_a_non_public_article_takes_no_comment(state):
    with pytest.raises(CommentRefused):
        submit(ArticleFactory(**state, comments_enabled=True))

    assert not Comment.objects.exists()


def test_a_reader_giving_the_email_of_an_approved_commenter_still_waits(settings):
    article = ArticleFactory(published=True, comments_enabled=True)
    CommentFactory(article=article, author_email="ann@example.org", status=Comment.Status.APPROVED)
    settings.COMMENTS_TRUST_RETURNING = True  # the option this once had: it is gone, whatever is configured

    assert submit(article, author_email="ANN@example.org").status == Comment.Status.PENDING


def test_signed_in_staff_are_approved_and_other_accounts_wait():
    article = ArticleFactory(published=True, comments_enabled=True)

    staff = submit(article, user=UserFactory(is_staff=True), body="From the desk.")
    other = submit(article, user=UserFactory(is_staff=False), body="From an account.")

    assert (staff.status, other.status) == (Comment.Status.APPROVED, Comment.Status.PENDING)
