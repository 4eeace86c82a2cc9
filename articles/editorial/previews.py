"""Signed, expiring preview links: an editor shows a front end an article in any state."""

import copy
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Tag
from authors.models import Author
from newsroom.frontend import frontend_url

SALT = "articles.preview"


class PreviewExpired(Exception):
    pass


class PreviewInvalid(Exception):
    pass


def preview_link(article):
    """``(token, front-end url, expires_at)`` for the article."""
    token = signing.dumps({"article": article.pk}, salt=SALT, compress=True)
    expires_at = timezone.now() + timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE)
    return token, frontend_url("preview", token=token), expires_at


def article_for(token):
    """The article a token names, with its pending edit applied, ready for the detail serializer."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise PreviewExpired("This preview link has expired; ask for a new one.") from None
    except signing.BadSignature:
        raise PreviewInvalid("No preview is found for this link.") from None
    article = Article.objects.for_detail().filter(pk=payload.get("article")).first()
    if article is None:
        raise PreviewInvalid("No preview is found for this link.")
    return with_pending_edit(article)


def with_pending_edit(article):
    """A copy of the article as it will read once its pending revision is published (unsaved)."""
    if not article.pending_revision_id:
        return article
    from articles.embeds.services import embed_placements_from_body
    from articles.images.services import placements_from_body

    revision = article.pending_revision
    preview = revision.apply_fields(copy.copy(article))
    preview._prefetched_objects_cache = {
        **article._prefetched_objects_cache,
        "tags": list(Tag.objects.filter(pk__in=revision.content["tags"])),
        "placements": placements_from_body(preview),
        "embed_placements": embed_placements_from_body(preview),
        "article_authors": _byline(preview, revision.content["authors"]),
    }
    return preview


def _byline(article, author_ids):
    """Unsaved byline rows in the revision's order, carrying what the detail shape shows of each author."""
    authors = Author.objects.for_profile().in_bulk(author_ids)
    rows = []
    for position, author_id in enumerate(author_ids):
        if author := authors.get(author_id):
            row = ArticleAuthor(article=article, author=author, position=position)
            row.author_article_count = author.article_count
            rows.append(row)
    return rows
