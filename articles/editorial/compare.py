"""Two revisions side by side, field by field, with the words that changed marked (the admin's compare page)."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.content import body
from articles.models import Image, Section, Tag
from authors.models import Author

_token = re.compile(r"\n|[^\S\n]+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    label: str
    older: str  # HTML: the older text, deletions marked
    newer: str  # HTML: the newer text, insertions marked
    changed: bool


def body_text(html, photo_labels):
    """The body as readers get its words: one line a block, list items each on its own, photos named."""
    lines = []
    for element in body.fragments(html):
        figure = body.placed_figure(element)
        if element.tag == "figure":
            if figure:
                name = photo_labels.get(figure.image_name) or figure.src.rsplit("/", 1)[-1]
                lines.append(f"[Photo: {name}{' — ' + figure.caption if figure.caption else ''}]")
        elif element.tag in ("ul", "ol"):
            lines += [f"• {' '.join(item.text_content().split())}" for item in element.iter("li")]
        else:
            lines.append(" ".join(element.text_content().split()))
    return "\n".join(line for line in lines if line)


def _render(tokens, mark):
    return "".join("<br>" if t == "\n" else f"<{mark}>{escape(t)}</{mark}>" if mark else escape(t) for t in tokens)


def word_diff(older, newer):
    """``(older HTML, newer HTML)``: the two texts, whole words deleted and inserted marked, lines kept."""
    a, b = _token.findall(older), _token.findall(newer)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(_render(a[i1:i2], None))
            right.append(_render(b[j1:j2], None))
        else:
            left.append(_render(a[i1:i2], "del"))
            right.append(_render(b[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right))


def _names(model, ids, attribute="name"):
    found = model.objects.in_bulk(ids)
    return [getattr(found[pk], attribute) if pk in found else f"(deleted #{pk})" for pk in ids]


def compare(older, newer):
    """Every field of the two revisions' content, in the form's order, each with its word-level difference."""
    a, b = older.content, newer.content
    names = [body.placed_figure(e) for c in (a, b) for e in body.fragments(c.get("body") or "")]
    photos = {
        image.file.name: image.label for image in Image.objects.by_names(f.image_name for f in names if f is not None)
    }

    def section(content):
        return ", ".join(_names(Section, [content["section_id"]])) if content.get("section_id") else ""

    def featured(content):
        pk = content.get("featured_image_id")
        return next((image.label for image in Image.objects.filter(pk=pk)), f"(deleted #{pk})") if pk else ""

    fields = [
        ("Title", lambda c: c.get("title") or ""),
        ("Slug", lambda c: c.get("slug") or ""),
        ("Dek", lambda c: c.get("dek") or ""),
        ("Body", lambda c: body_text(c.get("body") or "", photos)),
        ("Byline", lambda c: ", ".join(_names(Author, c.get("authors") or [], "display_name"))),
        ("Section", section),
        ("Tags", lambda c: ", ".join(_names(Tag, c.get("tags") or []))),
        ("Featured photo", featured),
        ("Excerpt", lambda c: c.get("excerpt") or ""),
        ("SEO title", lambda c: c.get("seo_title") or ""),
        ("SEO description", lambda c: c.get("seo_description") or ""),
        ("Canonical URL", lambda c: c.get("canonical_url") or ""),
        ("Status", lambda c: str(c.get("status") or "")),
        ("Publish time", lambda c: str(c.get("published_at") or "")),
    ]
    changes = []
    for label, text_of in fields:
        old, new = text_of(a), text_of(b)
        left, right = word_diff(old, new)
        changes.append(FieldChange(label, left, right, old != new))
    return changes
