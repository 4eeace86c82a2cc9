"""The shared cache of anonymous API, feed and sitemap responses, purged by tags.

Each response names what it shows as it is built (``shows("article:12")``: the representations do it, so a
response's tags are what it contains). A committed change bumps the version of the tags it touches
(``newsroom.invalidation`` says which), and a stored response is served only while each of its tags is at the
version it was stored with: a draft save bumps nothing, a live edit only what shows that article. Versions live in
the shared cache (a file cache across one machine's processes, Redis across machines), so every process sees a
change on its next request. The same tags go out as ``Surrogate-Key`` and ``Cache-Tag`` for a CDN in front.
"""

import contextlib
import contextvars
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

PUBLIC_PREFIXES = ("/api/", "/feeds/", "/sitemap")
STORED_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Content-Language", "X-Robots-Tag")
SCHEDULE_KEY = "public-cache:schedule"
EVERYTHING = "site"  # every response carries it: bumping it purges the whole cache
SCHEDULE_RECHECK = 300  # seconds: a lost update of the next publication time heals within this
# Seconds a CDN or browser may keep an error ("no article at this slug"): no tag purge reaches it when the article
# goes public, so it is kept briefly, as CDNs keep negative answers.
ERROR_MAX_AGE = 10
# A list tag that every change of these kinds bumps as well (newsroom.invalidation): a list page names it alone,
# not the tags of every author, photo, section and tag on it, so that a hit checks some 20 tags, not 130.
SUBSUMED = {"articles": ("author:", "image:", "section:", "tag:")}

# Sent with the tags of every committed change (a CDN purge listens here).
tags_bumped = Signal()

_shown = contextvars.ContextVar("public_cache_shown", default=None)
_tags_of_key = {}  # this process's memory of each entry's tags, so that a hit is one round trip


def shows(*tags):
    """Name what the response being built shows; outside a public request, nothing happens."""
    shown = _shown.get()
    if shown is not None:
        shown.update(tags)


@contextlib.contextmanager
def collecting():
    """The tags named inside the block, as a response would carry them (e.g. to store them with what it built)."""
    shown = set()
    token = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(token)


def tag_key(tag):
    return f"public-cache:tag:{tag}"


def bump(tags):
    """Make every stored response showing any of ``tags`` stale, in every process. Call it after the commit."""
    tags = set(tags)
    if tags:
        cache.set_many({tag_key(tag): time.time() for tag in tags}, None)
        tags_bumped.send(sender=None, tags=tags)


def content_changed():
    """Purge everything, e.g. after writes that send no signals (bulk creation)."""
    bump({EVERYTHING})


def schedule_changed(publish_at):
    """Something public is to change by itself at ``publish_at`` (a scheduled article, a slot's show window): make
    sure the cache looks again by then."""
    state = cache.get(SCHEDULE_KEY)
    if state is not None and publish_at.timestamp() < state["next"]:
        cache.set(SCHEDULE_KEY, {**state, "next": publish_at.timestamp()}, None)


def _publish_due(state):
    """Bump what changed by itself since the last look (articles going out, fronts' slot windows); the tags bumped.

    Without a state (a cleared cache), look back as far as a stored response can live.
    """
    now = time.time()
    if state is not None and state["next"] > now:
        return set()
    from newsroom.invalidation import changed_by_itself_between, next_change

    since = state["checked"] if state is not None else now - settings.PUBLIC_RESPONSE_CACHE_TIMEOUT
    tags = changed_by_itself_between(since, now)
    bump(tags)
    upcoming = next_change()
    recheck = now + SCHEDULE_RECHECK
    cache.set(SCHEDULE_KEY, {"checked": now, "next": min(upcoming or recheck, recheck)}, None)
    return tags


def tag_versions(tags):
    """The current version of each tag. A tag never bumped (or evicted) gets one older than any request in flight,
    and unlike any it had before."""
    found = cache.get_many([tag_key(tag) for tag in tags])
    versions = {tag: found.get(tag_key(tag)) for tag in tags}
    unset = {tag_key(tag): time.time() - 3600 for tag, version in versions.items() if version is None}
    for key, version in unset.items():
        cache.add(key, version, None)
    if unset:
        found = cache.get_many(list(unset))
        versions |= {tag: found.get(tag_key(tag)) for tag in tags if tag_key(tag) in unset}
    return versions


def shown_so_far_version():
    """A stamp of the tags the response being built has named so far: a key for something derived from them."""
    shown = sorted(_shown.get() or ())
    versions = tag_versions(shown)
    return hashlib.sha256(repr([(tag, versions[tag]) for tag in shown]).encode()).hexdigest()[:16]


def _is_private(response):
    directives = response.get("Cache-Control", "")
    return "private" in directives or "no-store" in directives


def is_anonymous(request):
    """Judged from the request alone, so a cache hit needs neither a session nor a user lookup."""
    return "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _tags_for_prefix(path):
    if path.startswith("/feeds/"):
        return {"feed"}
    if path.startswith("/sitemap"):
        return {"sitemap"}
    return set()


class PublicResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD") or not is_anonymous(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        if not settings.PUBLIC_RESPONSE_CACHE:
            response, tags = self._made(request)
            return response if _is_private(response) else self._public(response, tags)

        # One round trip: this response's entry, the schedule, and the versions of the tags the entry had when
        # this process last met it.
        key = self._key(request)
        known = _tags_of_key.get(key, ())
        found = cache.get_many([key, SCHEDULE_KEY, *map(tag_key, known)])
        bumped = _publish_due(found.get(SCHEDULE_KEY))
        versions = {tag: found.get(tag_key(tag)) for tag in known if tag not in bumped}
        stored = found.get(key)
        if stored is not None:
            stored_versions, content, headers = stored
            unread = [tag for tag in stored_versions if tag not in versions]
            if unread:
                _tags_of_key[key] = tuple(stored_versions)
                fetched = cache.get_many([tag_key(tag) for tag in unread])
                versions |= {tag: fetched.get(tag_key(tag)) for tag in unread}
            if all(versions.get(tag) == version for tag, version in stored_versions.items()):
                return self._rebuild(content, headers)

        started = time.time()
        response, tags = self._made(request)
        if _is_private(response):  # e.g. a preview: for its holder only
            return response
        response = self._public(response, tags)
        response["X-Cache"] = "miss"
        if response.status_code == 200 and not response.streaming and not response.cookies:
            self._store(key, response, tags, versions, started)
        return response

    def _made(self, request):
        token = _shown.set({EVERYTHING, *_tags_for_prefix(request.path)})
        try:
            response = self.get_response(request)
            tags = _shown.get()
            for broad, kinds in SUBSUMED.items():
                if broad in tags:
                    tags = {tag for tag in tags if not tag.startswith(kinds)}
            return response, tags
        finally:
            _shown.reset(token)

    @staticmethod
    def _store(key, response, tags, read_before, started):
        """Store the response under the versions its tags had before it was made. A tag not read then counts only
        if it has not changed since the response began: else the response may show what was before the change."""
        _tags_of_key[key] = tuple(tags)
        if len(_tags_of_key) > 50_000:
            _tags_of_key.clear()
        versions = {tag: read_before[tag] for tag in tags if read_before.get(tag) is not None}
        unread = [tag for tag in tags if tag not in versions]
        # Servers' clocks differ a little: a change counts as made before the response began only by that margin.
        not_after = started - settings.PUBLIC_CACHE_CLOCK_SKEW
        for tag, version in tag_versions(unread).items():
            if version is None or version > not_after:
                return
            versions[tag] = version
        headers = {name: response[name] for name in (*STORED_HEADERS, "Surrogate-Key", "Cache-Tag") if name in response}
        cache.set(key, (versions, response.content, headers), settings.PUBLIC_RESPONSE_CACHE_TIMEOUT)

    @staticmethod
    def _key(request):
        varies = "\n".join([request.get_host(), request.get_full_path(), request.META.get("HTTP_ACCEPT", "")])
        return f"public-cache:{hashlib.sha256(varies.encode()).hexdigest()}"

    @staticmethod
    def _public(response, tags):
        if response.status_code == 200 and not response.streaming and not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        if tags and response.status_code == 200:
            ordered = sorted(tags)
            response["Surrogate-Key"] = " ".join(ordered)  # Fastly, Varnish xkey
            response["Cache-Tag"] = ",".join(ordered)  # Cloudflare
        max_age = settings.PUBLIC_CACHE_MAX_AGE if response.status_code < 400 else ERROR_MAX_AGE
        patch_cache_control(response, public=True, max_age=min(max_age, settings.PUBLIC_CACHE_MAX_AGE))
        patch_vary_headers(response, ["Accept"])
        return response

    def _rebuild(self, content, headers):
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        response = self._public(response, ())
        response["X-Cache"] = "hit"
        return response
