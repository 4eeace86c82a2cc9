"""How the values WordPress exports read as Newsroom's fields: text without markup, dates, email addresses, slugs."""

import hashlib
import html
import re
from datetime import UTC, datetime
from urllib.parse import unquote

import lxml.html
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.text import slugify

from newsroom.text import strip_unstorable


def plain(markup):
    """HTML or text with entities, as plain text on one line."""
    if not markup or not markup.strip():
        return ""
    return " ".join(strip_unstorable(lxml.html.fromstring(f"<div>{markup}</div>").text_content()).split())


# A tag as HTML reads one: "<" then a letter (or "/" and a letter), closed by ">" before any other "<"; or an HTML
# comment. Any other "<" is the commenter's text: "I <3 this", "x < y > z", "x<y then".
TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][\w:-]*(?:[\s/][^<>]*)?>", re.DOTALL)


def plain_paragraphs(markup):
    """HTML (a comment's, an author's bio) as the plain text comments and bios are: paragraphs and line breaks kept,
    tags (and what a script or style element holds) gone, a literal "<" kept as text."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", markup or "")
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</p\s*>", "\n\n", text)
    text = html.unescape(TAG.sub("", text))
    return strip_unstorable(re.sub(r"\n{3,}", "\n\n", text).strip())


def gmt(value, local=""):
    """A WordPress date: the GMT column when set, else the site's local time read in TIME_ZONE; None for none."""
    for text, aware in ((value, True), (local, False)):
        if text and not text.startswith("0000"):
            try:
                moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            return moment.replace(tzinfo=UTC) if aware else timezone.make_aware(moment)
    return None


def valid_email(value):
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value[:254]


def term_slug(value, fallback, max_length=100):
    """A term's slug: WordPress's own (percent-encoded when not ASCII), in ASCII where it can be, else as written."""
    for text in (unquote(value or ""), fallback or ""):
        for unicode in (False, True):
            if slug := slugify(text, allow_unicode=unicode)[:max_length]:
                return slug
    return f"term-{hashlib.sha256((value or fallback or '').encode()).hexdigest()[:12]}"
