"""Reader comments, threaded and moderated."""

from django.conf import settings
from django.db import models

from articles.comments.querysets import CommentQuerySet
from newsroom.text import xml_safe


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    thread = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The top-level comment this reply belongs under (empty for a top-level comment).",
    )
    author_name = models.CharField(max_length=100, validators=[xml_safe])
    author_email = models.EmailField(help_text="Private: for moderators only.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(help_text="Plain text; never rendered as HTML.", validators=[xml_safe])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    ip_hash = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Keyed hash; the raw IP is never stored."
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["thread", "status"], name="comment_replies_idx"),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article}: {self.body[:40]}"

    _was_approved = False  # as loaded (newsroom.invalidation); None when loaded without its status

    @classmethod
    def from_db(cls, db, field_names, values):
        comment = super().from_db(db, field_names, values)
        comment._was_approved = comment.status == cls.Status.APPROVED if "status" in field_names else None
        return comment

    @property
    def thread_root_id(self):
        return self.thread_id or self.pk
