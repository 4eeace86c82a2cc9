"""The shared cache of anonymous API, feed and sitemap responses.

Every cached response belongs to a *content generation* kept in the shared cache
(a file cache across one machine's processes, Redis across machines). Any change
to content ends the generation (``content_changed``), and so does the publish time
of the next scheduled article: no server process can serve what was true before.
"""

import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

STATE_KEY = "public-cache:generation"
PUBLIC_PREFIXES = ("/api/", "/feeds/", "/sitemap")
STORED_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Content-Language", "X-Robots-Tag")


def content_changed():
    """End the current generation: every process answers the next request from the database."""
    cache.delete(STATE_KEY)


def current_generation():
    """The id of the content generation in force: anything derived from public content may be cached under it."""
    return _current_generation(cache.get(STATE_KEY))["generation"]


def _current_generation(state=None):
    """The generation in force, begun anew when none is or when the next scheduled article is due.

    A new generation is *added*, never set over another: when two processes begin one at once, the second takes
    the first's (an older view of the content can never overwrite a newer one).
    """
    if state is not None and state["valid_until"] is not None and state["valid_until"] <= time.time():
        cache.delete(STATE_KEY)
        state = None
    if state is None:
        from articles.models import Article, LiveCoverage  # the one app whose content changes on a schedule

        # A scheduled article going out, or live coverage starting or ending by the clock.
        moments = [Article.objects.next_publication_time(), LiveCoverage.objects.next_change_time()]
        next_publication = min(filter(None, moments), default=None)
        state = {
            "generation": uuid.uuid4().hex,
            "valid_until": next_publication.timestamp() if next_publication else None,
        }
        if not cache.add(STATE_KEY, state, None):
            state = cache.get(STATE_KEY) or state
    return state


def _is_private(response):
    directives = response.get("Cache-Control", "")
    return "private" in directives or "no-store" in directives


def is_anonymous(request):
    """Judged from the request alone, so a cache hit needs neither a session nor a user lookup."""
    return "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME not in request.COOKIES


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
            response = self.get_response(request)
            return response if _is_private(response) else self._public(response)

        # One round trip to the shared cache: the generation in force and this response's entry, which is
        # served only if it was stored in that same generation.
        key = self._key(request)
        found = cache.get_many([STATE_KEY, key])
        state = _current_generation(found.get(STATE_KEY))
        stored = found.get(key)
        if stored is not None and stored[0] == state["generation"]:
            return self._rebuild(stored[1:])

        response = self.get_response(request)
        if _is_private(response):  # e.g. a preview: for its holder only
            return response
        response = self._public(response)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            timeout = settings.PUBLIC_RESPONSE_CACHE_TIMEOUT
            if state["valid_until"] is not None:
                timeout = max(1, min(timeout, int(state["valid_until"] - time.time())))
            headers = {name: response[name] for name in STORED_HEADERS if name in response}
            cache.set(key, (state["generation"], response.content, headers), timeout)
        return response

    @staticmethod
    def _key(request):
        varies = "\n".join([request.get_host(), request.get_full_path(), request.META.get("HTTP_ACCEPT", "")])
        return f"public-cache:{hashlib.sha256(varies.encode()).hexdigest()}"

    @staticmethod
    def _public(response):
        if response.status_code == 200 and not response.streaming and not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
        patch_vary_headers(response, ["Accept"])
        return response

    def _rebuild(self, stored):
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return self._public(response)


# Every model a public response reads (API, feeds, sitemaps), by label: a committed change to any of them ends
# the content generation. The value says which saves change what the public sees (None: every one); deletes
# always do. tests/newsroom/test_public_content.py fails when a public response reads a model not listed here.
PUBLIC_CONTENT = {
    "articles.Article": None,
    "articles.Article_tags": None,
    "articles.ArticleAuthor": None,
    "articles.ArticleImage": None,
    "articles.Correction": None,
    "articles.Image": None,
    "articles.Rendition": None,
    "articles.Section": None,
    "articles.SlugRedirect": None,
    "articles.Tag": None,
    # Live coverage: an entry is a change of its article (``coverage_id`` is the article's id) without a write to the
    # article row; every entry write also saves the article's LiveCoverage row.
    "articles.LiveCoverage": None,
    "articles.LiveEntry": None,
    "articles.LiveEntryAuthor": None,
    "articles.LiveEntryImage": None,
    "articles.LiveEntryCorrection": None,
    # A new comment waits for moderation unless it is approved at once; an edit of one may change public text.
    "articles.Comment": lambda comment, created: not created or comment.status == "approved",
    "authors.Author": None,
    "authors.AuthorLink": None,
}


def _changed(sender, signal, instance=None, created=False, **kwargs):
    shown = PUBLIC_CONTENT[sender._meta.label]
    if shown is None or signal is not post_save or shown(instance, created):
        transaction.on_commit(content_changed)


def connect_public_content():
    """Wire saves, deletes and many-to-many changes of every model in PUBLIC_CONTENT to the purge."""
    from django.apps import apps

    for label in PUBLIC_CONTENT:
        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(_changed, sender=apps.get_model(label), dispatch_uid=f"public-cache-{name}-{label}")
