"""Article body HTML: the allowlist it is sanitised against and the figures placed in it.

The body is stored as sanitised HTML. A photo is placed as
``<figure><img src="MEDIA URL"><figcaption>caption</figcaption></figure>``;
the ``src`` names the library image, the figcaption may override its default caption.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import lxml.html
import nh3
from django.conf import settings
from django.utils.html import escape as html_escape
from django.utils.html import format_html

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
    "Figure": True,
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
}
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
)
_whitespace = re.compile(r"[\u00a0\u202f\u2007]")


def sanitize(html):
    """Strip everything outside the allowlist (scripts, styles, event handlers, foreign tags)."""
    return _cleaner.clean(_whitespace.sub(" ", html or "")).strip()


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


def fragments(html):
    """The body's top-level elements, in order."""
    if not html or not html.strip():
        return []
    return [el for el in lxml.html.fragments_fromstring(html) if not isinstance(el, str)]


def placed_figures(html):
    """Every figure with an image in the body, in reading order."""
    figures = []
    for element in fragments(html):
        for figure in element.iter("figure"):
            img = next(figure.iter("img"), None)
            if img is None or not img.get("src"):
                continue
            caption = next(figure.iter("figcaption"), None)
            figures.append(
                PlacedFigure(
                    src=img.get("src"),
                    alt=img.get("alt", ""),
                    caption=caption.text_content().strip() if caption is not None else "",
                )
            )
    return figures


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


def render(stored_html, images):
    """The body as ordered blocks and as HTML, each figure rebuilt from the API's image object.

    ``images`` are the image objects of the article's placements in body order: the n-th figure is the n-th image.
    """
    blocks, parts = [], []
    images = iter(images)
    for element in fragments(stored_html):
        tag = element.tag
        if tag == "figure":
            image = next(images, None)
            if image is None:
                continue
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
