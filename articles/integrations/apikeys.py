"""API keys per front end: checked on every request, before the public response cache, so that a revoked or
expired key is refused at once by every server process (the key is read from the database each time).

A key that only reads public content is taken off the request once checked: the request goes on as an anonymous
reader's, served from and stored in the public cache. A preview or write key stays on it, and DRF authenticates it
(``ApiKeyAuthentication``) as the key's service account: private, never cached.
"""

import math
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from rest_framework import authentication
from rest_framework_api_key.permissions import KeyParser

from articles.editorial import policy
from articles.editorial.policy import SiteAction

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
OPEN_PATHS = ("/api/v1/auth/token/", "/api/v1/schema/", "/api/v1/docs/")  # open even when API_REQUIRE_KEY is on
RATE_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400}
RATE_UNITS["day"] = 86400
LAST_USED_EVERY = timedelta(minutes=1)  # how often last_used_at is written: not on every request


def parse_rate(rate):
    """``"100/min"`` → (100, 60); ValueError for anything else."""
    count, _, unit = rate.partition("/")
    if not count.strip().isdigit() or unit.strip().lower() not in RATE_UNITS or int(count) < 1:
        raise ValueError(f"A rate is a number of requests per s, min, hour or day, e.g. 100/min; not {rate!r}.")
    return int(count), RATE_UNITS[unit.strip().lower()]


def _refusal(status, detail, **headers):
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    response["Cache-Control"] = "private"
    return response


def _key_required():
    return _refusal(401, "Send an API key: Authorization: Api-Key <key>.", **{"WWW-Authenticate": "Api-Key"})


def _over_rate(key):
    """Seconds to wait when the key has used up its window (counted in the shared cache), else None."""
    count, period = parse_rate(key.rate)
    window = int(time.time() // period)
    name = f"apikey-rate:{key.prefix}:{window}"
    cache.add(name, 0, period + 1)
    try:
        used = cache.incr(name)
    except ValueError:  # evicted between add and incr
        cache.set(name, 1, period + 1)
        used = 1
    if used > count:
        return max(1, math.ceil((window + 1) * period - time.time()))
    return None


def find_key(raw):
    """The usable key for ``raw`` and why not: (key, None) or (None, message)."""
    from articles.integrations.models import ApiKey

    if len(raw) > 200 or not raw.isascii() or not raw.isprintable() or "." not in raw:
        return None, "This API key is not valid or has been revoked."  # nothing a database should be asked about
    try:
        key = ApiKey.objects.get_from_key(raw)  # revoked keys are never found
    except ApiKey.DoesNotExist:
        return None, "This API key is not valid or has been revoked."
    if key.has_expired:
        return None, "This API key has expired."
    return key, None


def api_key_middleware(get_response):
    """Checks ``Authorization: Api-Key …`` on /api/ (scopes, expiry, revocation, rate); API_REQUIRE_KEY refuses
    anonymous API reads. Runs before the public response cache."""

    def middleware(request):
        if not request.path.startswith("/api/"):
            return get_response(request)
        raw = KeyParser().get(request)
        if raw is None:
            signed_in = "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES
            if settings.API_REQUIRE_KEY and not signed_in and not request.path.startswith(OPEN_PATHS):
                return _key_required()
            return get_response(request)
        key, problem = find_key(raw)
        if key is None:
            return _refusal(401, problem, **{"WWW-Authenticate": "Api-Key"})
        if wait := _over_rate(key):
            detail = f"This API key's rate ({key.rate}) is used up; try again in {wait} s."
            return _refusal(429, detail, **{"Retry-After": str(wait)})
        _touch(key)
        scopes = set(key.scopes)
        if request.method not in SAFE_METHODS:
            if "write" not in scopes:
                return _refusal(403, "This API key may only read.")
            request.api_key = key
        elif "preview" in scopes:
            request.api_key = key
        elif scopes & {"read", "write"}:
            del request.META["HTTP_AUTHORIZATION"]  # public content, read as an anonymous reader reads it
            request.api_key_read = True
        else:
            return _refusal(403, "This API key has no scope to read.")
        return get_response(request)

    return middleware


def _touch(key):
    now = timezone.now()
    if key is not None and (key.last_used_at is None or key.last_used_at < now - LAST_USED_EVERY):
        type(key).objects.filter(pk=key.pk).update(last_used_at=now)


def api_key_signed_in_middleware(get_response):
    """After authentication: with API_REQUIRE_KEY, a session cookie that signs nobody in does not open the API."""

    def middleware(request):
        if (
            settings.API_REQUIRE_KEY
            and request.path.startswith("/api/")
            and not request.path.startswith(OPEN_PATHS)
            and "HTTP_AUTHORIZATION" not in request.META
            and not getattr(request, "api_key_read", False)
            and not request.user.is_authenticated
        ):
            return _key_required()
        return get_response(request)

    return middleware


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """A preview or write key, checked by the middleware, signs its service account in."""

    def authenticate(self, request):
        key = getattr(request._request, "api_key", None)
        if key is None:
            return None
        return key.service_account, key

    def authenticate_header(self, request):
        return "Api-Key"


# --- Managing keys (superusers) ---------------------------------------------------------------------------------


def clean_key(*, scopes, rate, service_account, key=None, revoked=None):
    """What a key must be (asked by the services, and by the admin's form to show it by field); ``revoked=False``
    for a ``key`` stored as revoked is refused: a revoked key stays revoked."""
    from articles.integrations.models import ApiKey

    if revoked is False and key is not None and key.pk and ApiKey.objects.filter(pk=key.pk, revoked=True).exists():
        raise policy.InvalidState("A revoked key stays revoked; create a new one.", field="revoked")
    if not scopes:
        raise policy.Invalid("Choose at least one scope.", field="scopes")
    if unknown := sorted(set(scopes) - set(ApiKey.Scope.values)):
        raise policy.Invalid(f"Unknown scopes: {', '.join(unknown)}.", field="scopes")
    try:
        parse_rate(rate)
    except ValueError as error:
        raise policy.Invalid(str(error), field="rate") from None
    if set(scopes) & {"preview", "write"} and service_account is None:
        raise policy.Invalid("A preview or write key acts as a service account: choose one.", field="service_account")
    return sorted(set(scopes))


@transaction.atomic
def api_key_create(*, by, name, scopes, rate="1000/hour", expiry_date=None, service_account=None):
    """A new key: ``(key, raw)``; ``raw`` is shown once and only its hash is kept."""
    from articles.integrations.models import ApiKey

    policy.check(by, SiteAction.MANAGE_API_KEYS)
    scopes = clean_key(scopes=scopes, rate=rate, service_account=service_account)
    return ApiKey.objects.create_key(
        name=name, scopes=scopes, rate=rate, expiry_date=expiry_date, service_account=service_account
    )


@transaction.atomic
def api_key_update(*, key, by, changes):
    """Change a key's name, scopes, rate, expiry or service account; ``revoked: True`` revokes it. A revoked key
    stays revoked, whatever ``key.revoked`` says (an admin form sets it before this is called)."""
    from articles.integrations.models import ApiKey

    policy.check(by, SiteAction.MANAGE_API_KEYS)
    changes = dict(changes)
    revoke = changes.pop("revoked", None)
    stored_revoked = ApiKey.objects.select_for_update().filter(pk=key.pk).values_list("revoked", flat=True).get()
    merged = {name: changes.get(name, getattr(key, name)) for name in ("scopes", "rate", "service_account")}
    changes["scopes"] = clean_key(**merged, key=key, revoked=revoke)
    for name, value in changes.items():
        setattr(key, name, value)
    key.revoked = stored_revoked  # only api_key_revoke changes it
    key.save()
    if revoke:
        api_key_revoke(key=key, by=by)
    return key


@transaction.atomic
def api_key_revoke(*, key, by):
    """Revoke a key for good: refused at once in every server process (keys are read on each request)."""
    policy.check(by, SiteAction.MANAGE_API_KEYS)
    key.revoked = True
    key.save(update_fields=["revoked"])
    return key
