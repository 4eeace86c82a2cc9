"""Reader comments: submission with its abuse checks, and moderation."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from articles.comments import moderation
from articles.editorial import policy, roles
from articles.integrations import events
from articles.models import Article, Comment
from newsroom.invalidation import comments_changed, invalidate_on_commit


class CommentRefused(Exception):
    """The article takes no comments now."""


class DuplicateComment(Exception):
    """The same client posted the same text on the same article a moment ago."""


def _initial_status(*, body, user, honeypot):
    if moderation.spam_reasons(body=body, honeypot=honeypot):
        return Comment.Status.SPAM
    # Trust comes from a signed-in staff account only: an email address is whatever the sender typed.
    if user is not None and user.is_staff:
        return Comment.Status.APPROVED
    return Comment.Status.PENDING


@transaction.atomic
def comment_submit(*, article, author_name, author_email, body, parent=None, user=None, client_ip="", honeypot=""):
    """A reader's new comment: refused on a closed or non-public article, spam-checked, pending unless from staff."""
    if refusal := article.comments_refusal():
        raise CommentRefused(refusal)
    # Submissions to one article queue here, so that of two identical ones sent at once the second sees the first.
    Article.objects.select_for_update().filter(pk=article.pk).exists()
    fingerprint = moderation.client_hash(client_ip)
    duplicates = Comment.objects.recent_duplicates(
        article=article, body=body, client_hash=fingerprint, minutes=settings.COMMENTS_DUPLICATE_MINUTES
    )
    if fingerprint and duplicates.exists():
        raise DuplicateComment("You have already posted this comment.")
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        thread_id=parent.thread_root_id if parent else None,
        author_name=author_name,
        author_email=author_email,
        user=user,
        body=body,
        status=_initial_status(body=body, user=user, honeypot=honeypot),
        ip_hash=fingerprint,
    )
    if comment.status == Comment.Status.APPROVED:
        events.comments_approved(Comment.objects.filter(pk=comment.pk))
    if comment.status == Comment.Status.PENDING and settings.COMMENTS_NOTIFY_MODERATORS:
        transaction.on_commit(lambda: _notify_moderators(comment))
    return comment


def _notify_moderators(comment):
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.MODERATOR, roles.EDITOR])
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        send_mail(
            subject=f"Comment waiting on “{comment.article.title}”",
            message=f"{comment.author_name} wrote:\n\n{comment.body}\n\nModerate it in the admin's comment queue.",
            from_email=None,
            recipient_list=recipients,
        )


@transaction.atomic
def comment_moderate(*, comments, status, by):
    """Set the comments' status, recording who moderated them and when."""
    policy.check(by, policy.Action.MODERATE_COMMENTS)
    shown_before_or_after = comments if status == Comment.Status.APPROVED else comments.approved()
    article_ids = set(shown_before_or_after.values_list("article_id", flat=True))
    approving = status == Comment.Status.APPROVED and events.wanted("comment.approved")
    approved = list(comments.exclude(status=status).values_list("pk", flat=True)) if approving else []
    count = comments.update(status=status, moderated_by=by, moderated_at=timezone.now())
    if approved:
        events.comments_approved(Comment.objects.filter(pk__in=approved))
    invalidate_on_commit(comments_changed(article_ids))  # update() sends no signals
    return count


def comment_approve(*, comments, by):
    return comment_moderate(comments=comments, status=Comment.Status.APPROVED, by=by)


def comment_reject(*, comments, by):
    return comment_moderate(comments=comments, status=Comment.Status.REJECTED, by=by)


def comment_mark_spam(*, comments, by):
    return comment_moderate(comments=comments, status=Comment.Status.SPAM, by=by)
