"""The change form's private working state: an autosave per user and article, who has an article open, its lock.

None of it is content: nothing public reads these tables, and a save of the article clears the saver's autosave.
"""

from django.conf import settings
from django.db import models


class Autosave(models.Model):
    """The last few seconds of one user's work on one article (``article`` empty: a new one), kept privately."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("Article", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    data = models.JSONField(help_text="The change form's fields as the editor left them.")
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_autosave_per_user_and_article"),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(article=None), name="one_new_article_autosave_per_user"
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.user} on {self.article_id or 'a new article'}"


class Presence(models.Model):
    """A user with an article's change form open, as of their last heartbeat."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField()
    seen_at = models.DateTimeField()
    active_at = models.DateTimeField(help_text="Their last keystroke or click in the form.")
    has_unsaved_changes = models.BooleanField(default=False)
    holds_lock_since = models.DateTimeField(null=True, blank=True, help_text="Set while they hold the edit lock.")
    taken_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="one_presence_per_user_and_article")]

    def __str__(self):
        return f"{self.user} on {self.article_id}"
