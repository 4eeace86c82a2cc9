"""An embed's markup as readers get it: the provider's html sanitised to an allowlist, or a placeholder.

Iframes survive only from the provider's own hosts, over https, sandboxed and lazily loaded. Scripts never do:
for X, Instagram, TikTok and Facebook the html is a <blockquote> (or a <div>) their widget script turns into the
post, and the front end loads that script itself (README, Embeds). ``EMBEDS_CONSENT_PLACEHOLDER`` puts a
placeholder (thumbnail, title, link) in ``body_html`` instead, for front ends that ask readers' consent before any
third party loads.
"""

from urllib.parse import urlsplit

import lxml.html
import nh3
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SANDBOX = "allow-scripts allow-same-origin allow-popups allow-presentation"
_cleaner = nh3.Cleaner(
    tags={"iframe", "blockquote", "div", "p", "a", "br", "strong", "em", "span", "section"},
    clean_content_tags={"script", "style"},
    attributes={
        "iframe": {"src", "width", "height", "title", "allow", "allowfullscreen"},
        "blockquote": {"class", "cite", "lang", "data-video-id", "data-instgrm-permalink", "data-instgrm-version"},
        "div": {"class", "data-href", "data-width"},
        "section": set(),
        "a": {"href", "title"},
    },
    url_schemes={"https"},
    link_rel="noopener noreferrer",
)


def sanitize(html, provider):
    """The provider's html without scripts, handlers, styles, or frames other than its own https ones."""
    cleaned = _cleaner.clean(html or "").strip()
    if not cleaned:
        return ""
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    for frame in list(root.iter("iframe")):
        src = urlsplit(frame.get("src", ""))
        if src.scheme != "https" or src.hostname not in provider.iframe_hosts:
            frame.drop_tree()
            continue
        frame.set("sandbox", SANDBOX)
        frame.set("loading", "lazy")
        frame.set("referrerpolicy", "strict-origin-when-cross-origin")
    return "".join(lxml.html.tostring(child, encoding="unicode") for child in root).strip() or (root.text or "")


def frame_html(src, *, title, width=None, height=None):
    return format_html(
        '<iframe src="{}" title="{}"{} sandbox="{}" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"'
        " allowfullscreen></iframe>",
        src,
        title,
        format_html(' width="{}" height="{}"', width, height) if width and height else "",
        SANDBOX,
    )


def placeholder_html(embed, label):
    """A consent-first stand-in: no third party loads until the reader follows the link."""
    thumbnail = (
        format_html('<img src="{}" alt="" loading="lazy">', embed["thumbnail_url"]) if embed["thumbnail_url"] else ""
    )
    return format_html(
        '<figure class="embed embed-placeholder" data-embed="{}" data-provider="{}">{}<figcaption>'
        '<a href="{}" rel="noopener noreferrer">{}</a> ({})</figcaption></figure>',
        embed["url"],
        embed["provider"],
        thumbnail,
        embed["url"],
        embed["title"] or embed["url"],
        label,
    )


def embed_html(embed, label):
    """The embed block's HTML in ``body_html``: the sanitised markup, or the placeholder when asked or when the
    provider has not (yet, or any longer) answered."""
    if settings.EMBEDS_CONSENT_PLACEHOLDER or not embed["html"]:
        return placeholder_html(embed, label)
    return format_html(
        '<figure class="embed" data-embed="{}" data-provider="{}">{}</figure>',
        embed["url"],
        embed["provider"],
        mark_safe(embed["html"]),  # sanitised when it was stored (sanitize above)
    )
