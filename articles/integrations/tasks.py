"""The integrations' background tasks (Django's Tasks API): dispatching events, delivering them, purging the CDN.

Each task reads what it needs again from the database, so a task that runs late acts on what is true then.
"""

import json
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from articles.integrations import outbound


def backoff(attempt):
    """Seconds before try ``attempt + 1``: doubling from the base, capped, with ±20 % jitter so retries spread."""
    delay = min(settings.WEBHOOKS_RETRY_MAX_SECONDS, settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    return delay * random.uniform(0.8, 1.2)


@task()
def dispatch_event(event_id):
    """Fan one outbox event out to every active endpoint that wants it (a ping to its own endpoint)."""
    from articles.integrations.models import WebhookEndpoint, WebhookEvent

    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update().filter(pk=event_id, dispatched_at=None).first()
        if event is None:
            return
        if event.due_at and event.due_at > timezone.now():
            # rq schedules by whole seconds and may start a task up to a second early: try again once it is due.
            again = event.due_at + timedelta(seconds=1)
            transaction.on_commit(lambda: dispatch_event.using(run_after=again).enqueue(event_id))
            return
        if event.payload is None and not _build_due_payload(event):
            event.dispatched_at = timezone.now()
            event.save(update_fields=["dispatched_at", "payload"])
            return
        event.dispatched_at = timezone.now()
        event.save(update_fields=["dispatched_at", "payload"])
        if event.endpoint_id:
            endpoints = [event.endpoint]
        else:
            endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if e.wants(event.type)]
        for endpoint in endpoints:
            transaction.on_commit(lambda pk=endpoint.pk: deliver.enqueue(pk, event.pk, 1))


def _build_due_payload(event):
    """A scheduled publication, when due: the article as it reads now, if it is still published at that time."""
    from articles.integrations.events import article_data, payload
    from articles.models import Article

    article = Article.objects.filter(pk=event.article_id).first()
    if article is None or not article.is_public or article.published_at != event.due_at:
        return False  # unpublished, deleted or moved since: a later event (if any) tells of it
    event.payload = payload(event.type, article_data(article))
    _went_public(article)
    return True


def _went_public(article):
    """A scheduled article is public now without a write: bump what shows and counts it, which purges the CDN
    (``tags_bumped``) at its publish time rather than when a later request reaches Newsroom."""
    from newsroom.invalidation import went_public_tags
    from newsroom.public_cache import bump

    tags = went_public_tags([article.pk])
    transaction.on_commit(lambda: bump(tags))


@task()
def deliver(endpoint_id, event_id, attempt):
    """POST the event to the endpoint once, log the attempt, and schedule the next one or disable the endpoint."""
    from articles.integrations.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
    from articles.integrations.signing import signed_headers

    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    event = WebhookEvent.objects.filter(pk=event_id).first()
    if endpoint is None or event is None or (not endpoint.is_active and event.type != "ping"):
        return
    body = json.dumps(event.payload, separators=(",", ":"), ensure_ascii=False)
    headers = signed_headers(message_id=event.message_id, body=body, secrets_in_force=endpoint.signing_secrets())
    answer = outbound.request(
        "POST",
        endpoint.url,
        headers=headers,
        body=body.encode(),
        timeout=settings.WEBHOOKS_TIMEOUT,
        allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
        limit=WebhookDelivery.RESPONSE_BODY_LIMIT,
    )
    succeeded = answer.status is not None and 200 <= answer.status < 300
    gone = answer.status == 410
    retry = not succeeded and not gone and attempt < settings.WEBHOOKS_MAX_ATTEMPTS and event.type != "ping"
    next_at = timezone.now() + timedelta(seconds=backoff(attempt)) if retry else None
    with transaction.atomic():
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=event,
            attempt=attempt,
            request_headers=headers,
            request_body=body,
            response_status=answer.status,
            response_body=answer.body,
            error=answer.error,
            duration_ms=answer.duration_ms,
            succeeded=succeeded,
            next_attempt_at=next_at,
        )
        _record_outcome(endpoint, succeeded=succeeded, gone=gone)
        if retry:
            transaction.on_commit(lambda: deliver.using(run_after=next_at).enqueue(endpoint_id, event_id, attempt + 1))


def _record_outcome(endpoint, *, succeeded, gone):
    from articles.integrations.models import WebhookEndpoint
    from articles.integrations.services import endpoint_disable

    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if succeeded:
        WebhookEndpoint.objects.filter(pk=locked.pk).update(consecutive_failures=0)
        return
    failures = locked.consecutive_failures + 1
    WebhookEndpoint.objects.filter(pk=locked.pk).update(consecutive_failures=failures)
    if not locked.is_active:
        return
    if gone:
        endpoint_disable(endpoint=locked, reason="The receiver answered 410 Gone.")
    elif failures >= settings.WEBHOOKS_DISABLE_AFTER_FAILURES:
        endpoint_disable(endpoint=locked, reason=f"{failures} deliveries in a row failed.")


@task()
def purge_cdn(tags, attempt=1):
    """Ask the configured CDN to drop what carries these cache tags; retried like webhooks, every try logged."""
    from articles.integrations import cdn
    from articles.integrations.models import CdnPurge

    if not settings.CDN_PROVIDER:
        return
    method, url, headers, body = cdn.purge_request(tags)
    answer = outbound.request(method, url, headers=headers, body=body, timeout=settings.WEBHOOKS_TIMEOUT)
    succeeded = answer.status is not None and 200 <= answer.status < 300
    retry = not succeeded and attempt < settings.CDN_MAX_ATTEMPTS
    next_at = timezone.now() + timedelta(seconds=backoff(attempt)) if retry else None
    CdnPurge.objects.create(
        provider=settings.CDN_PROVIDER,
        tags=list(tags),
        attempt=attempt,
        response_status=answer.status,
        response_body=answer.body,
        error=answer.error,
        succeeded=succeeded,
        next_attempt_at=next_at,
    )
    if retry:
        purge_cdn.using(run_after=next_at).enqueue(list(tags), attempt + 1)
