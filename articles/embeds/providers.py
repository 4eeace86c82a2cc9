"""The embed providers Newsroom allows: which URLs each answers for, where its oEmbed endpoint is, which hosts
its iframes may come from, and what kind of thing it embeds.

A URL no provider here claims is not an embed: it stays a link. ``EMBEDS_ENDPOINTS`` (provider name -> endpoint)
points a provider elsewhere, as the tests do at a local oEmbed server.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote, urlsplit

from django.conf import settings

from newsroom.text import UNFIT_IN_URL, strip_unstorable


class Kind:
    VIDEO, AUDIO, SOCIAL, CHART, MAP = "video", "audio", "social", "chart", "map"


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    kind: str
    patterns: tuple
    endpoint: str = ""  # empty: no oEmbed (the embed is built from the URL)
    iframe_hosts: frozenset = field(default_factory=frozenset)
    # Its oEmbed html is a <blockquote> that its widget script turns into the post (README, Embeds).
    widget_script: str = ""

    def claims(self, url):
        return any(pattern.fullmatch(url) for pattern in self.patterns)

    @property
    def oembed_endpoint(self):
        return getattr(settings, "EMBEDS_ENDPOINTS", {}).get(self.name, self.endpoint)


def _patterns(*expressions):
    return tuple(re.compile(expression, re.IGNORECASE) for expression in expressions)


_ANY = r"(?:[/?#][^\s]*)?"

PROVIDERS = (
    Provider(
        "youtube",
        "YouTube",
        Kind.VIDEO,
        _patterns(
            r"https?://(?:www\.|m\.)?youtube\.com/(?:watch\?[^\s]*v=|shorts/|live/|embed/)[\w-]+[^\s]*",
            r"https?://youtu\.be/[\w-]+" + _ANY,
        ),
        "https://www.youtube.com/oembed",
        frozenset({"www.youtube.com", "www.youtube-nocookie.com"}),
    ),
    Provider(
        "vimeo",
        "Vimeo",
        Kind.VIDEO,
        _patterns(
            r"https?://(?:www\.)?vimeo\.com/(?:channels/\w+/)?\d+" + _ANY,
            r"https?://player\.vimeo\.com/video/\d+" + _ANY,
        ),
        "https://vimeo.com/api/oembed.json",
        frozenset({"player.vimeo.com"}),
    ),
    Provider(
        "x",
        "X (Twitter)",
        Kind.SOCIAL,
        _patterns(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status(?:es)?/\d+" + _ANY),
        "https://publish.twitter.com/oembed",
        widget_script="https://platform.twitter.com/widgets.js",
    ),
    Provider(
        "instagram",
        "Instagram",
        Kind.SOCIAL,
        _patterns(r"https?://(?:www\.)?instagram\.com/(?:[\w.]+/)?(?:p|reel|tv)/[\w-]+" + _ANY),
        "https://graph.facebook.com/v19.0/instagram_oembed",
        widget_script="https://www.instagram.com/embed.js",
    ),
    Provider(
        "tiktok",
        "TikTok",
        Kind.SOCIAL,
        _patterns(r"https?://(?:www\.)?tiktok\.com/@[\w.-]+/video/\d+" + _ANY),
        "https://www.tiktok.com/oembed",
        widget_script="https://www.tiktok.com/embed.js",
    ),
    Provider(
        "facebook",
        "Facebook",
        Kind.SOCIAL,
        _patterns(
            r"https?://(?:www\.|m\.)?facebook\.com/[\w.-]+/(?:posts|videos|photos)/[^\s]+",
            r"https?://(?:www\.)?facebook\.com/(?:watch/?\?v=|permalink\.php\?)[^\s]+",
        ),
        "https://graph.facebook.com/v19.0/oembed_post",
        frozenset({"www.facebook.com"}),
        widget_script="https://connect.facebook.net/en_US/sdk.js",
    ),
    Provider(
        "soundcloud",
        "SoundCloud",
        Kind.AUDIO,
        _patterns(r"https?://(?:www\.|m\.)?soundcloud\.com/[\w-]+/[\w-]+" + _ANY),
        "https://soundcloud.com/oembed",
        frozenset({"w.soundcloud.com"}),
    ),
    Provider(
        "spotify",
        "Spotify",
        Kind.AUDIO,
        _patterns(r"https?://open\.spotify\.com/(?:[\w-]+/)?(?:track|album|playlist|episode|show|artist)/\w+" + _ANY),
        "https://open.spotify.com/oembed",
        frozenset({"open.spotify.com"}),
    ),
    Provider(
        "datawrapper",
        "Datawrapper",
        Kind.CHART,
        _patterns(r"https?://datawrapper\.dwcdn\.net/\w+" + _ANY, r"https?://(?:www\.)?datawrapper\.de/_/\w+" + _ANY),
        "https://api.datawrapper.de/v3/oembed",
        frozenset({"datawrapper.dwcdn.net"}),
    ),
    Provider(
        "flourish",
        "Flourish",
        Kind.CHART,
        _patterns(r"https?://(?:public\.flourish\.studio|flo\.uri\.sh)/(?:visualisation|story)/\d+" + _ANY),
        "https://app.flourish.studio/api/v1/oembed",
        frozenset({"flo.uri.sh", "public.flourish.studio"}),
    ),
    Provider(
        "google_maps",
        "Google Maps",
        Kind.MAP,
        _patterns(
            r"https?://(?:www\.)?google\.[a-z.]{2,6}/maps[/?][^\s]*", r"https?://maps\.google\.[a-z.]{2,6}/[^\s]*"
        ),
        iframe_hosts=frozenset({"www.google.com", "maps.google.com"}),
    ),
)
BY_NAME = {provider.name: provider for provider in PROVIDERS}


def url_patterns():
    """Every provider's URL patterns as regular expressions the editor's JavaScript reads (a shared dialect)."""
    return [pattern.pattern for provider in PROVIDERS for pattern in provider.patterns]


def provider_for(url):
    """The provider that embeds ``url``, or None (the URL stays a link)."""
    url = (url or "").strip()
    if len(url) > 2000 or not url.lower().startswith(("http://", "https://")) or UNFIT_IN_URL.search(url):
        return None
    return next((provider for provider in PROVIDERS if provider.claims(url)), None)


_AT = re.compile(r"@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?)z)?")


def map_frame(url):
    """Google Maps has no oEmbed: the frame's address and a title, from a place, coordinates or a search URL."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.path.startswith("/maps/embed"):
        return f"https://www.google.com{parts.path}?{parts.query}", "Map"
    place = re.search(r"/maps/(?:place|search)/([^/@]+)", parts.path)
    at = _AT.search(parts.path)
    name = unquote(place.group(1)).replace("+", " ") if place else ""
    where = " ".join(strip_unstorable(name or (query.get("q") or query.get("query") or [""])[0]).split())
    if not where and at:
        where = f"{at.group(1)},{at.group(2)}"
    if not where:
        return None, ""
    zoom = f"&z={int(float(at.group(3)))}" if at and at.group(3) else ""
    return f"https://www.google.com/maps?q={quote(where)}{zoom}&output=embed", where
