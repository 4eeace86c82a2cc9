"""The admin's built-in preview: an article as a reader will see it, from what is saved or from an unsaved form.

Nothing here writes. An unsaved form is read as posted (headline, dek, body, byline, featured photo) and rendered
with the library's photos and authors, so an editor sees their edits before saving them.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.content import body
from articles.editorial.previews import with_pending_edit
from articles.models import Image
from authors.models import Author

_byline_row = re.compile(r"^article_authors-(\d+)-author$")


@dataclass
class Reading:
    """What the preview shows: the reader's view of one article."""

    title: str
    dek: str
    authors: list
    featured: object
    body_html: str
    word_count: int
    unsaved: bool = False
    missing_photos: list = field(default_factory=list)

    @property
    def reading_minutes(self):
        from articles.content.models import WORDS_PER_MINUTE

        return max(1, -(-self.word_count // WORDS_PER_MINUTE))


def from_saved(article):
    """The article as it will read once published: its pending revision applied."""
    article = with_pending_edit(article)
    author_ids = [credit.author_id for credit in article.article_authors.all()]
    return _reading(
        title=article.title,
        dek=article.dek,
        author_ids=author_ids,
        featured_id=article.featured_image_id,
        html=article.body,
    )


def from_form(data):
    """The article as the unsaved form ``data`` (a POST of the change form) would read."""
    rows = []
    for key, value in data.items():
        if (match := _byline_row.match(key)) and value.isdigit():
            prefix = f"article_authors-{match.group(1)}"
            if data.get(f"{prefix}-DELETE"):
                continue
            position = data.get(f"{prefix}-position", "")
            rows.append((int(position) if position.isdigit() else 0, int(match.group(1)), int(value)))
    featured = data.get("featured_image", "")
    return _reading(
        title=data.get("title", ""),
        dek=data.get("dek", ""),
        author_ids=[author_id for _, _, author_id in sorted(rows)],
        featured_id=int(featured) if featured.isdigit() else None,
        html=body.sanitize(data.get("body", "")),
        unsaved=True,
    )


def _reading(*, title, dek, author_ids, featured_id, html, unsaved=False):
    authors = Author.objects.in_bulk(author_ids)
    figures = body.placed_figures(html)
    images = {
        image.file.name: image
        for image in Image.objects.filter(file__in=[f.image_name for f in figures] + [None]).prefetch_related(
            "renditions"
        )
    }
    featured = Image.objects.filter(pk=featured_id).first() if featured_id else None
    parts, missing = [], []
    from articles.api.serializers.embeds import embed_html

    embeds = {block["url"]: block for block in _embed_blocks(html)}
    for element in body.fragments(html):
        if (url := body.placed_embed(element)) is not None:
            if url in embeds:
                parts.append(embed_html(embeds[url]))  # as readers will get it
            else:
                parts.append(format_html('<p><a href="{}">{}</a></p>', url, url))
            continue
        figure = body.placed_figure(element)
        if element.tag == "figure":
            image = images.get(figure.image_name) if figure else None
            if image is None:
                missing.append(figure.src if figure else "a figure without a photo")
                continue
            parts.append(_figure(image, caption=figure.caption or image.caption, alt=figure.alt or image.alt_text))
        else:
            import lxml.html

            parts.append(lxml.html.tostring(element, encoding="unicode"))
    return Reading(
        title=title,
        dek=dek,
        authors=[authors[pk] for pk in author_ids if pk in authors],
        featured=featured,
        body_html=mark_safe("\n".join(parts)),  # sanitised body HTML and escaped figures
        word_count=body.word_count(html),
        unsaved=unsaved,
        missing_photos=missing,
    )


def _embed_blocks(html):
    """The cached embeds a body places (one query), as the API shows them; a URL not cached yet shows as a link."""
    from articles.api.serializers.embeds import embed_block
    from articles.embeds.services import embed_urls
    from articles.models import Embed

    urls = embed_urls(html)
    return [embed_block(embed) for embed in Embed.objects.filter(url__in=urls)] if urls else []


def _figure(image, *, caption, alt):
    credit = format_html(' <span class="credit">{}</span>', image.credit) if image.credit else ""
    return format_html(
        '<figure><img src="{}" width="{}" height="{}" alt="{}"><figcaption>{}{}</figcaption></figure>',
        image.file.url,
        image.width,
        image.height,
        alt,
        caption,
        credit,
    )
