"""Managing webhook endpoints: the one write path of the admin and the API, each asking the policy itself."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from articles.editorial import policy, roles
from articles.editorial.policy import SiteAction
from articles.integrations import events, signing
from articles.integrations.models import WebhookDelivery, WebhookEndpoint, WebhookEvent


def clean_endpoint(url=None, event_types=None):
    """What an endpoint must be (asked by the services, and by the admin's form to show it by field)."""
    if url is not None and urlsplit(url).scheme not in ("http", "https"):
        raise policy.Invalid("Give an http:// or https:// address.", field="url")
    if event_types is not None:
        if not event_types:
            raise policy.Invalid("Choose at least one event.", field="events")
        if unknown := sorted(set(event_types) - set(events.EVENT_TYPES)):
            raise policy.Invalid(f"Unknown events: {', '.join(unknown)}.", field="events")
        return sorted(set(event_types))
    return None


@transaction.atomic
def endpoint_create(*, by, url, events, description="", is_active=True):
    """A new endpoint with a generated secret; the caller shows the secret once (``endpoint.secret``)."""
    policy.check(by, SiteAction.MANAGE_WEBHOOKS)
    endpoint = WebhookEndpoint(
        url=url,
        events=clean_endpoint(url, events),
        description=description,
        is_active=is_active,
        secret=signing.new_secret(),
        created_by=by if by.is_authenticated else None,
    )
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_update(*, endpoint, by, changes):
    """Change the URL, events, description or active flag; turning an endpoint on again clears its failures."""
    policy.check(by, SiteAction.MANAGE_WEBHOOKS)
    if "events" in changes:
        changes = {**changes, "events": clean_endpoint(event_types=changes["events"])}
    clean_endpoint(url=changes.get("url"))
    for name, value in changes.items():
        setattr(endpoint, name, value)
    if changes.get("is_active"):
        endpoint.consecutive_failures, endpoint.disabled_reason = 0, ""
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint, by):
    policy.check(by, SiteAction.MANAGE_WEBHOOKS)
    endpoint.delete()


@transaction.atomic
def endpoint_rotate_secret(*, endpoint, by):
    """A new secret; the old one keeps signing beside it for WEBHOOKS_SECRET_OVERLAP (24 h).

    One old secret overlaps at a time: rotating again within the overlap makes the secret just replaced the one that
    overlaps, and the one before it stops signing at once (the way to cut off a leaked secret without waiting).
    """
    policy.check(by, SiteAction.MANAGE_WEBHOOKS)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + settings.WEBHOOKS_SECRET_OVERLAP
    endpoint.secret = signing.new_secret()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"])
    return endpoint


@transaction.atomic
def endpoint_ping(*, endpoint, by):
    """Send a ``ping`` to this endpoint alone (active or not): the way to test a receiver."""
    policy.check(by, SiteAction.MANAGE_WEBHOOKS)
    event = WebhookEvent.objects.create(
        type=events.PING,
        endpoint=endpoint,
        payload=events.payload(events.PING, {"endpoint": endpoint.pk, "description": endpoint.description}),
    )
    events._dispatch_on_commit(event)
    return event


@transaction.atomic
def delivery_redeliver(*, delivery, by):
    """Send the event of a logged delivery to its endpoint again, as a new first attempt (same ``webhook-id``)."""
    from articles.integrations import tasks

    policy.check(by, SiteAction.MANAGE_WEBHOOKS)
    if not delivery.endpoint.is_active and delivery.event.type != events.PING:
        raise policy.InvalidState("The endpoint is disabled; turn it on first.", field="is_active")
    endpoint_id, event_id = delivery.endpoint_id, delivery.event_id
    transaction.on_commit(lambda: tasks.deliver.enqueue(endpoint_id, event_id, 1))


def endpoint_disable(*, endpoint, reason):
    """Turn off an endpoint that is gone or keeps failing, and tell the editors (a system action: no ``by``)."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False, disabled_reason=reason)
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.EDITOR)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Webhook endpoint disabled: {endpoint}",
                message=f"{reason}\n\nEndpoint: {endpoint.url}\nTurn it on again in the admin once the receiver works.",
                from_email=None,
                recipient_list=recipients,
            ),
            robust=True,  # a mail server down does not undo the delivery's log
        )


def deliveries_of(endpoint):
    return WebhookDelivery.objects.filter(endpoint=endpoint).select_related("event")
