"""Article body HTML: the allowlist it is sanitised against and the figures placed in it.

The body is stored as sanitised HTML. A photo is placed as
``<figure><img src="MEDIA URL"><figcaption>caption</figcaption></figure>``;
the ``src`` names the library image, the figcaption may override its default caption. An embed is placed as
``<figure data-embed="URL"></figure>``: only the URL is authored, what it shows comes from the provider
(articles/embeds/).
"""

import re
from collections import defaultdict, deque
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import lxml.html
import nh3
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.html import escape as html_escape
from django.utils.html import format_html

from articles.embeds import providers

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Heading": {"levels": [2, 3, 4]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    # The figure dialog's "Browse..." opens the library picker (articles/images/picker.py), the package's own hook.
    "Figure": {"pickerUrl": reverse_lazy("admin:articles_image_picker")},
    # Drag-and-drop and paste of a photo file: uploaded to the library and placed (articles/static/articles/
    # photo_drop.js, an extension module the package loads through DJANGO_PROSE_EDITOR_EXTENSIONS).
    "PhotoDrop": {"uploadUrl": reverse_lazy("admin:articles_image_upload")},
    # A URL of a known provider pasted on its own line, or given to the Embed button, becomes an embed
    # (articles/static/articles/embed.js), previewed from the admin's embed lookup.
    "Embed": {"lookupUrl": reverse_lazy("admin:articles_embed_lookup"), "patterns": providers.url_patterns()},
    "Caption": True,
    "Image": True,
    "History": True,
}

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "figure",
    "img",
    "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "figure": {"data-embed"},
}
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
)
_whitespace = re.compile(r"[\u00a0\u202f\u2007]")


BLOCKS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "figure"}


def sanitize(html):
    """Strip everything outside the allowlist (scripts, styles, event handlers, foreign tags); loose text becomes
    paragraphs, so every word of the body belongs to a block."""
    return _wrap_loose_text(_cleaner.clean(_whitespace.sub(" ", html or "")).strip())


def _wrap_loose_text(html):
    if not html:
        return ""
    blocks, loose = [], []

    def close_paragraph():
        text = "".join(loose).strip()
        if text:
            blocks.append(f"<p>{text}</p>")
        loose.clear()

    for piece in lxml.html.fragments_fromstring(html):
        if isinstance(piece, str):
            loose.append(html_escape(piece))
            continue
        tail, piece.tail = piece.tail, None
        if piece.tag in BLOCKS:
            close_paragraph()
            blocks.append(lxml.html.tostring(piece, encoding="unicode"))
        else:
            loose.append(lxml.html.tostring(piece, encoding="unicode"))
        if tail:
            loose.append(html_escape(tail))
    close_paragraph()
    return "\n".join(blocks)


@dataclass(frozen=True)
class PlacedFigure:
    src: str
    alt: str
    caption: str

    @property
    def image_name(self):
        """The storage name of the library image the src points at, or None."""
        path = unquote(urlsplit(self.src).path)
        media_path = urlsplit(settings.MEDIA_URL).path
        if media_path and path.startswith(media_path):
            return path[len(media_path) :]
        return None


MAX_LENGTH, MAX_DEPTH = 2_000_000, 32
_tag = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_void = {"br", "img"}


def refusal(html):
    """Why the body cannot be stored as it is, or None: the HTML parser would silently drop what is past these
    limits (a text node of over 10 MB, or nesting past its depth), so it is refused rather than lost."""
    if len(html) > MAX_LENGTH:
        return f"The body has {len(html):,} characters of HTML; at most {MAX_LENGTH:,}: split the article."
    depth = deepest = 0
    for closing, name, self_closing in _tag.findall(html):
        if name.lower() in _void or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        return f"The body nests elements {deepest} levels deep; at most {MAX_DEPTH}."
    if loose := [img.get("src", "") for img in _images_outside_figures(html)]:
        return f"Place photos with the editor's image button, as figures from the library; not: {', '.join(loose)}"
    return None


def _images_outside_figures(html):
    return [img for element in fragments(html) for img in element.iter("img") if element.tag != "figure"]


def fragments(html):
    """The body's top-level elements, in order."""
    if not html or not html.strip():
        return []
    return [el for el in lxml.html.fragments_fromstring(html) if not isinstance(el, str)]


def placed_figure(element):
    """The photo a top-level ``<figure>`` places, or None for any other block or a figure without an image."""
    if element.tag != "figure":
        return None
    img = next(element.iter("img"), None)
    if img is None or not img.get("src"):
        return None
    caption = next(element.iter("figcaption"), None)
    return PlacedFigure(
        src=img.get("src"),
        alt=img.get("alt", ""),
        caption=caption.text_content().strip() if caption is not None else "",
    )


def placed_embed(element):
    """The URL a top-level ``<figure data-embed>`` embeds, or None."""
    if element.tag != "figure":
        return None
    return (element.get("data-embed") or "").strip() or None


def placed_figures(html):
    """Every photo placed in the body, in reading order."""
    return [figure for element in fragments(html) if (figure := placed_figure(element))]


def plain_text(html):
    return " ".join(element.text_content() for element in fragments(html))


def word_count(html):
    return len(plain_text(html).split())


def _inner_html(element):
    """The element's content as HTML, without its own tag."""
    return html_escape(element.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in element
    )


def _text(element):
    return " ".join(element.text_content().split())


def render(stored_html, placed_images, embeds=None, embed_html=None):
    """The body as ordered blocks and as HTML, each figure rebuilt from the API's image object.

    ``placed_images`` are ``(storage name, image object)`` of the article's placements in body order; a figure takes
    the next one of its photo, and a figure of a photo not (or no longer) placed is left out. ``embeds`` maps an
    embedded URL to its API embed block, ``embed_html`` makes its HTML; a URL without one (no provider claims it)
    is a link.
    """
    embeds = embeds or {}
    by_name = defaultdict(deque)
    for name, image in placed_images:
        by_name[name].append(image)
    blocks, parts = [], []
    for element in fragments(stored_html):
        tag = element.tag
        if (url := placed_embed(element)) is not None:
            if url in embeds:
                blocks.append(embeds[url])
                parts.append(embed_html(embeds[url]))
            else:
                link = (
                    format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, url)
                    if url.startswith(("https://", "http://"))
                    else ""
                )
                if link:
                    blocks.append({"type": "paragraph", "text": url, "html": link})
                    parts.append(format_html("<p>{}</p>", link))
            continue
        if tag == "figure":
            figure = placed_figure(element)
            if figure is None or not by_name[figure.image_name]:
                continue
            image = by_name[figure.image_name].popleft()
            if figure.alt.strip():  # the placement's alt text, typed in the editor, before the library's default
                image = {**image, "alt_text": figure.alt.strip()}
            blocks.append({"type": "image", "image": image, "caption": image["caption"], "credit": image["credit"]})
            parts.append(figure_html(image))
        elif tag in ("h2", "h3", "h4"):
            blocks.append(
                {"type": "heading", "level": int(tag[1]), "text": _text(element), "html": _inner_html(element)}
            )
            parts.append(lxml.html.tostring(element, encoding="unicode", with_tail=False))
        elif tag == "blockquote":
            blocks.append({"type": "quote", "text": _text(element), "html": _inner_html(element)})
            parts.append(lxml.html.tostring(element, encoding="unicode", with_tail=False))
        elif tag in ("ul", "ol"):
            items = [_inner_html(li) for li in element.iter("li")]
            blocks.append({"type": "list", "ordered": tag == "ol", "items": items})
            parts.append(lxml.html.tostring(element, encoding="unicode", with_tail=False))
        else:
            blocks.append({"type": "paragraph", "text": _text(element), "html": _inner_html(element)})
            parts.append(lxml.html.tostring(element, encoding="unicode", with_tail=False))
    return blocks, "\n".join(parts)


def figure_html(image):
    """A placed photo: responsive, sized to avoid layout shift, lazily loaded, captioned and credited."""
    credit = format_html(' <span class="credit">{}</span>', image["credit"]) if image["credit"] else ""
    responsive = (
        format_html(' srcset="{}" sizes="{}"', image["srcset"], settings.IMAGE_SIZES) if image.get("srcset") else ""
    )
    return format_html(
        '<figure><img src="{}"{} width="{}" height="{}" alt="{}" loading="lazy"><figcaption>{}{}</figcaption></figure>',
        image["url"],
        responsive,
        image["width"],
        image["height"],
        image["alt_text"],
        image["caption"],
        credit,
    )


def photo_drop_html(extension_config, shared_config):
    """The PhotoDrop editor extension adds no HTML of its own: it places figures, which Figure allows already."""


def embed_editor_html(extension_config, shared_config):
    """The Embed editor extension's element: a figure naming the embedded URL."""
    shared_config["tags"] |= {"figure"}
    shared_config["attributes"].setdefault("figure", set()).add("data-embed")
