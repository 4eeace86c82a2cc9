"""Outgoing webhooks (endpoints, the outbox of events, the log of every delivery attempt) and the CDN purge log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from rest_framework_api_key.models import AbstractAPIKey


class WebhookEndpoint(models.Model):
    """A receiver that wants some events, signed with its secret (and, for a day after a rotation, the old one)."""

    url = models.URLField(max_length=500, help_text="Where the events are POSTed (https:// in production).")
    events = models.JSONField(default=list, help_text="The event types this endpoint receives.")
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    secret = models.CharField(max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    disabled_reason = models.CharField(max_length=200, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.description or self.url

    def signing_secrets(self, now=None):
        """The secrets a delivery is signed with now: the current one, and the previous one while it overlaps."""
        now = now or timezone.now()
        secrets = [self.secret]
        if self.previous_secret and self.previous_secret_expires_at and self.previous_secret_expires_at > now:
            secrets.append(self.previous_secret)
        return secrets

    def wants(self, event_type):
        return event_type == "ping" or event_type in self.events


class WebhookEvent(models.Model):
    """The outbox: one row per event, written in the transaction of the change it tells of.

    ``payload`` is what every endpoint receives; an event ``due_at`` a later time (a scheduled publication) is
    built and sent then, if the article is still due at that time.
    """

    type = models.CharField(max_length=40)
    payload = models.JSONField(null=True, blank=True)
    article_id = models.BigIntegerField(null=True, blank=True)  # no foreign key: a deleted article keeps its events
    due_at = models.DateTimeField(null=True, blank=True)
    endpoint = models.ForeignKey(  # a ping goes to its endpoint only
        WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    dispatched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "webhook event"

    def __str__(self):
        return f"{self.type} #{self.pk}"

    @property
    def message_id(self):
        """``webhook-id``: the same on every attempt and redelivery, so a receiver can drop duplicates."""
        return f"msg_{self.pk}"


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one endpoint: what was sent, what came back."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    attempt = models.PositiveIntegerField()
    request_headers = models.JSONField(default=dict)
    request_body = models.TextField(blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)  # the first RESPONSE_BODY_LIMIT characters
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    RESPONSE_BODY_LIMIT = 2000

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhookdelivery_endpoint")]

    def __str__(self):
        return f"{self.event} → {self.endpoint} (attempt {self.attempt})"


class CdnPurge(models.Model):
    """One purge request sent to the CDN for some cache tags."""

    provider = models.CharField(max_length=20)
    tags = models.JSONField(default=list)
    attempt = models.PositiveIntegerField(default=1)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "CDN purge"

    def __str__(self):
        return f"{self.provider}: {' '.join(self.tags)}"


class ApiKey(AbstractAPIKey):
    """A front end's key (web, app, partner): sent as ``Authorization: Api-Key <key>``, stored hashed.

    ``read`` reads public content (as an anonymous reader, from the public cache); ``preview`` also reads drafts and
    pending revisions, and ``write`` uses the write API, both as the key's service account and never cached.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read public content"
        PREVIEW = "preview", "Preview drafts and pending revisions (read-only)"
        WRITE = "write", "Write through the API"

    scopes = models.JSONField(default=list, help_text="read, preview, write.")
    rate = models.CharField(
        max_length=20, default="1000/hour", help_text="Requests allowed with this key, e.g. 100/min, 5000/hour."
    )
    service_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text="The account a preview or write key acts as (its role decides what it may do).",
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API key"
