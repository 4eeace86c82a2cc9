"""Bringing a WordPress site's content in, item by item, as the system (like the seed importer): articles through
the editorial services' save, photos through the image library's upload checks, redirects through their service.

Every item is keyed on its WordPress id in ``WordPressItem`` with a digest of how it was exported: a re-run skips
what is unchanged, updates what changed and duplicates nothing. Each concern is a part of the Importer in its own
module: the ledger, photos, authors, terms (sections and tags), comments and old addresses; the posts are here.
"""

from pathlib import Path
from urllib.parse import unquote

from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles.content import body
from articles.editorial.services import article_save
from articles.importing import content, wxr
from articles.importing.addresses import Addresses
from articles.importing.authors import Authors
from articles.importing.comments import Comments
from articles.importing.fields import gmt, plain
from articles.importing.ledger import ItemFailed, Kind
from articles.importing.photos import Photos
from articles.importing.terms import Terms
from articles.models import Article
from newsroom.text import strip_unstorable

__all__ = ["Importer", "ItemFailed"]

EXCERPT_WORDS = 55  # WordPress's own automatic excerpt


class Importer(Photos, Authors, Terms, Comments, Addresses):
    """One run's state: the export's site, its authors and terms, and where files come from."""

    def __init__(self, *, site, uploads_dir=None, note=None):
        self.site = site.base_url or "unknown-site"
        self.uploads_dir = Path(uploads_dir).resolve() if uploads_dir else None
        self.authors = {}  # login → wxr.Author, from the channel
        self.category_parents = {}  # category slug → its parent's slug
        self.category_names = {}
        self.note = note or (lambda item, message: None)
        self._current = None
        self._unreachable = set()
        self._terms = {}  # (model, slug) → pk: a site has few terms, and every post names some
        self._author_ids = {}  # login → pk

    def forget(self):
        """After an item rolled back: what it made may be gone, so nothing it may have cached is trusted."""
        self._terms.clear()
        self._author_ids.clear()

    def _status(self, item):
        """Newsroom's status and publish time for the post's WordPress status."""
        published_at = gmt(item.post_date_gmt, item.post_date)
        status = item.status
        if item.post_password and status in ("publish", "future"):
            self._tell("password-protected in WordPress: imported as a draft")
            return Article.Status.DRAFT, None
        if status in ("publish", "future"):
            if status == "future" and published_at and published_at <= timezone.now():
                self._tell("was scheduled for a time now past: published at that time")
            return Article.Status.PUBLISHED, published_at or timezone.now()
        if status == "pending":
            return Article.Status.IN_REVIEW, None
        if status == "private":
            self._tell("private in WordPress: imported as a draft")
        return Article.Status.DRAFT, None

    def _article_slug(self, item, article, title):
        wanted = slugify(unquote(item.post_name), allow_unicode=True)[:300]
        if wanted and not Article.objects.slug_taken(wanted, by_other_than=article.pk):
            return wanted
        if article.pk and article.slug and not wanted:
            return article.slug
        slug = Article.unique_slug(title, exclude_pk=article.pk)
        if wanted:
            self._tell(f"the slug “{wanted}” is taken here: imported as “{slug}”")
        return slug

    def post(self, item):
        """A post as an article with its photos, byline, section, tags, comments and old addresses."""
        self._current = item
        if item.status in ("trash", "auto-draft", "inherit"):
            return "skipped"
        record = self._known(Kind.POST, item.post_id)
        article = Article.objects.filter(pk=record.object_id).first() if record else None
        if article is not None and record.digest == item.digest:
            return "unchanged"
        created = article is None
        article = article or Article()
        previous_slug, previous_status = article.slug, article.status

        converted = content.convert(strip_unstorable(item.content), photo=self.photo)
        for message in dict.fromkeys(converted.notes):
            self._tell(message)
        if problem := body.refusal(converted.html):
            raise ItemFailed(problem)
        title = wxr.decode_title(strip_unstorable(item.title))
        if len(title) > 300:
            self._tell("the title is longer than 300 characters: cut")
        title = title[:300] or f"Untitled (WordPress post {item.post_id})"
        article.status, article.published_at = self._status(item)
        article.title = title
        article.slug = self._article_slug(item, article, title)
        article.body = converted.html
        article.excerpt = plain(item.excerpt) or _automatic_excerpt(converted.html)
        article.comments_enabled = item.comment_status == "open"
        article.section, tag_ids = self._section_and_tags(item)
        featured = item.meta_value("_thumbnail_id")
        article.featured_image = self.photo(featured, "") if featured else None
        if featured and article.featured_image is None:
            self._tell(f"the featured image (attachment {featured}) is not in the library")
        author_ids = self._byline(item)
        if not author_ids:
            self._tell("no author in the export")
        if article.status == Article.Status.PUBLISHED:
            placed = [image for image in converted.photos if not image.alt_text] + (
                [article.featured_image] if article.featured_image and not article.featured_image.alt_text else []
            )
            if placed:
                self._tell(f"published with {len(placed)} photo(s) lacking alt text: add it in the image library")
        article_save(
            article=article,
            by=None,
            tag_ids=tag_ids,
            author_ids=author_ids,
            previous_slug=previous_slug or None,
            previous_status=None if created else previous_status,
        )
        self._comments(item, article)
        self._addresses(item, article)
        self._remember(Kind.POST, item.post_id, article, record, guid=item.guid[:500], digest=item.digest)
        return "created" if created else "updated"


def _automatic_excerpt(html_body):
    """As WordPress makes one when none was written: the first words of the text (captions left out)."""
    words = [
        " ".join(el.text_content().split())
        for el in body.fragments(html_body.replace("<br>", " "))
        if el.tag != "figure"
    ]
    return Truncator(" ".join(words)).words(EXCERPT_WORDS)
