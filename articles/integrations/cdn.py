"""Purging the CDN by cache tag: Fastly (surrogate keys), Cloudflare (cache tags) or Varnish (xkey), by settings.

``enqueue_cdn_purge(["article:12", "articles"])`` is called where public content's cache tags are invalidated; the
request goes out from the worker once the change commits (``tasks.purge_cdn``), retried and logged (``CdnPurge``).
"""

import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

PROVIDERS = ("fastly", "cloudflare", "varnish")
BATCH = 30  # Cloudflare takes 30 tags a request; Fastly 256 keys: one size for all


def enqueue_cdn_purge(tags):
    """Purge these cache tags from the CDN once the current transaction commits (at once outside one)."""
    from articles.integrations import tasks

    if not settings.CDN_PROVIDER:
        return
    tags = sorted({str(tag) for tag in tags})
    for start in range(0, len(tags), BATCH):
        batch = tags[start : start + BATCH]
        transaction.on_commit(lambda batch=batch: tasks.purge_cdn.enqueue(batch))


def purge_request(tags):
    """``(method, url, headers, body)`` of the purge of ``tags`` at the configured provider."""
    provider = settings.CDN_PROVIDER
    if provider == "fastly":
        url = f"{settings.CDN_FASTLY_API_URL.rstrip('/')}/service/{settings.CDN_FASTLY_SERVICE_ID}/purge"
        headers = {"Fastly-Key": settings.CDN_FASTLY_API_TOKEN, "Surrogate-Key": " ".join(tags)}
        return "POST", url, {**headers, "Accept": "application/json"}, b""
    if provider == "cloudflare":
        url = f"{settings.CDN_CLOUDFLARE_API_URL.rstrip('/')}/zones/{settings.CDN_CLOUDFLARE_ZONE_ID}/purge_cache"
        headers = {"Authorization": f"Bearer {settings.CDN_CLOUDFLARE_API_TOKEN}", "Content-Type": "application/json"}
        return "POST", url, headers, json.dumps({"tags": list(tags)}).encode()
    if provider == "varnish":
        return "PURGE", settings.CDN_VARNISH_URL, {settings.CDN_VARNISH_HEADER: " ".join(tags)}, b""
    raise ImproperlyConfigured(f"CDN_PROVIDER is one of {', '.join(PROVIDERS)} or empty, not {provider!r}.")
