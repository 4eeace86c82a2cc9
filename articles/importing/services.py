"""Bringing a WordPress site's content in, item by item, as the system (like the seed importer): articles through
the editorial services' save, photos through the image library's upload checks, redirects through their service.

Every item is keyed on its WordPress id in ``WordPressItem`` with a digest of how it was exported: a re-run skips
what is unchanged, updates what changed and duplicates nothing.
"""

import hashlib
import html
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import lxml.html
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles.comments.moderation import client_hash
from articles.content import body
from articles.editorial import policy
from articles.editorial.services import article_save
from articles.images.services import DuplicateImage, image_create, image_store
from articles.importing import content, wxr
from articles.importing.fetch import FetchFailed, fetch
from articles.models import Article, Comment, Image, Redirect, Section, SlugRedirect, Tag, WordPressItem
from articles.redirects.models import normalize_path, split
from articles.redirects.services import redirect_save
from authors.models import Author
from newsroom import uploads
from newsroom.text import strip_unstorable

Kind = WordPressItem.Kind
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|e\d{10,})(?=\.\w+$)")
EXCERPT_WORDS = 55  # WordPress's own automatic excerpt
COMMENT_STATUS = {"1": Comment.Status.APPROVED, "0": Comment.Status.PENDING, "spam": Comment.Status.SPAM}
NO_CATEGORY = {"uncategorized"}


class ItemFailed(Exception):
    """This item cannot be imported; the message says why (the run goes on)."""


def _plain(markup):
    """HTML or text with entities, as plain text on one line."""
    if not markup or not markup.strip():
        return ""
    return " ".join(strip_unstorable(lxml.html.fromstring(f"<div>{markup}</div>").text_content()).split())


# A tag as HTML reads one: "<" then a letter (or "/" and a letter), closed by ">" before any other "<"; or an HTML
# comment. Any other "<" is the commenter's text: "I <3 this", "x < y > z", "x<y then".
TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][\w:-]*(?:[\s/][^<>]*)?>", re.DOTALL)


def _plain_paragraphs(markup):
    """HTML (a comment's, an author's bio) as the plain text comments and bios are: paragraphs and line breaks kept,
    tags (and what a script or style element holds) gone, a literal "<" kept as text."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", markup or "")
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</p\s*>", "\n\n", text)
    text = html.unescape(TAG.sub("", text))
    return strip_unstorable(re.sub(r"\n{3,}", "\n\n", text).strip())


def _gmt(value, local=""):
    """A WordPress date: the GMT column when set, else the site's local time read in TIME_ZONE; None for none."""
    for text, aware in ((value, True), (local, False)):
        if text and not text.startswith("0000"):
            try:
                moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            return moment.replace(tzinfo=UTC) if aware else timezone.make_aware(moment)
    return None


def _email(value):
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value[:254]


def _url_key(url):
    """An address without its scheme, so an http export and https files match."""
    parts = split((url or "").strip())
    return f"{parts.netloc.lower()}{unquote(parts.path)}"[:500]


def _slug(value, fallback, max_length=100):
    """A term's slug: WordPress's own (percent-encoded when not ASCII), in ASCII where it can be, else as written."""
    for text in (unquote(value or ""), fallback or ""):
        for unicode in (False, True):
            if slug := slugify(text, allow_unicode=unicode)[:max_length]:
                return slug
    return f"term-{hashlib.sha256((value or fallback or '').encode()).hexdigest()[:12]}"


class Importer:
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

    # --- The ledger ---------------------------------------------------------------------------------------------

    def _known(self, kind, wp_id):
        return WordPressItem.objects.filter(site=self.site, kind=kind, wp_id=str(wp_id)[:200]).first()

    def _remember(self, kind, wp_id, obj, record=None, **fields):
        """Write the ledger's row of ``wp_id``: ``record`` is the row already read for it, or None when there was
        none, so it is inserted without a second look (a concurrent run's row makes the constraint refuse it)."""
        if record is None:
            WordPressItem.objects.create(site=self.site, kind=kind, wp_id=str(wp_id)[:200], object_id=obj.pk, **fields)
            return
        record.object_id = obj.pk
        for name, value in fields.items():
            setattr(record, name, value)
        record.save(update_fields=["object_id", *fields, "imported_at"])

    def imported_article(self, item):
        """The article a post became, or None (not imported, or its import rolled back)."""
        record = self._known(Kind.POST, item.post_id)
        return Article.objects.filter(pk=record.object_id).first() if record else None

    def _tell(self, message):
        self.note(self._current, message)

    # --- Channel ------------------------------------------------------------------------------------------------

    def channel_author(self, author):
        if author.login:
            self.authors[author.login] = author

    def channel_term(self, term):
        if term.taxonomy == "category" and term.slug:
            self.category_parents[term.slug] = term.parent
            self.category_names[term.slug] = html.unescape(term.name)

    # --- Files and photos ---------------------------------------------------------------------------------------

    def _upload_file(self, relative, url):
        """The original from --uploads (by _wp_attached_file, or the address's path after wp-content/uploads/)."""
        if self.uploads_dir is None:
            return None
        names = [relative] if relative else []
        path = unquote(split(url).path)
        if "/uploads/" in path:
            names.append(path.split("/uploads/", 1)[1])
        for name in names:
            candidate = (self.uploads_dir / name.lstrip("/")).resolve()
            if candidate.is_relative_to(self.uploads_dir) and candidate.is_file():
                return candidate
        return None

    def _photo_file(self, relative, url):
        found = self._upload_file(relative, url)
        if found is not None:
            return File(found.open("rb"), name=found.name)
        if self.uploads_dir is not None and not url:
            raise ItemFailed(f"{relative} is not in the uploads folder and the export gives no address")
        name = Path(unquote(split(url).path)).name or "photo"
        try:
            return fetch(url, name=name)
        except FetchFailed as failure:
            raise ItemFailed(str(failure)) from None

    def _new_image(self, file, **fields):
        with file:
            try:
                return image_create(upload=file, **fields), True
            except DuplicateImage as duplicate:
                return duplicate.existing, False
            except uploads.UploadRejected as rejection:
                raise ItemFailed(f"the photo {file.name} was refused: {rejection}") from None

    def attachment(self, item):
        """An attachment as a library photo with its caption, alt text and credit: created, updated or unchanged."""
        record = self._known(Kind.ATTACHMENT, item.post_id)
        image = Image.objects.filter(pk=record.object_id).first() if record else None
        if image is not None and record.digest == item.digest:
            return "unchanged"
        url = item.attachment_url or item.guid
        relative = item.meta_value("_wp_attached_file")
        if Path(unquote(split(url).path) or relative).suffix.lower() not in PHOTO_EXTENSIONS:
            self._tell(f"attachment {item.post_id} is not a photo ({Path(url or relative).name}); not imported")
            return "skipped"
        fields = {
            "caption": _plain(item.excerpt) or _plain(item.content),
            "alt_text": _plain(item.meta_value("_wp_attachment_image_alt"))[:300],
            "credit": _credit(item.meta_value("_wp_attachment_metadata"))[:200],
        }
        if image is None:
            image, _ = self._new_image(self._photo_file(relative, url), **fields)
            outcome = "created"
        else:
            for name, value in fields.items():
                setattr(image, name, value)
            image_store(image=image)
            outcome = "updated"
        self._remember(
            Kind.ATTACHMENT, item.post_id, image, record, guid=item.guid[:500], url=_url_key(url), digest=item.digest
        )
        return outcome

    def photo(self, number, src):
        """The library image of a photo in a post: its attachment, one at its address, or the file fetched now."""
        if number and (record := self._known(Kind.ATTACHMENT, number)):
            if image := Image.objects.filter(pk=record.object_id).first():
                return image
        if not src:
            return None
        for key in dict.fromkeys([_url_key(src), _url_key(SIZE_SUFFIX.sub("", src))]):
            record = WordPressItem.objects.filter(site=self.site, kind=Kind.ATTACHMENT, url=key).first()
            if record and (image := Image.objects.filter(pk=record.object_id).first()):
                return image
        record = self._known(Kind.PHOTO_URL, src)
        if record and (image := Image.objects.filter(pk=record.object_id).first()):
            return image
        if src in self._unreachable:
            return None
        try:
            image, _ = self._new_image(self._photo_file("", SIZE_SUFFIX.sub("", src)), alt_text="", caption="")
        except ItemFailed as failure:
            self._unreachable.add(src)  # asked once a run, not once a post
            self._tell(str(failure))
            return None
        self._remember(Kind.PHOTO_URL, src, image, record, url=_url_key(src))
        return image

    # --- Authors, sections, tags ----------------------------------------------------------------------------------

    def _author_id(self, login, display_name=""):
        if login not in self._author_ids:
            self._author_ids[login] = self._author(login, display_name).pk
        return self._author_ids[login]

    def _author(self, login, display_name=""):
        record = self._known(Kind.AUTHOR, login)
        if record and (author := Author.objects.filter(pk=record.object_id).first()):
            return author
        exported = self.authors.get(login) or wxr.Author(login=login, display_name=display_name)
        name = strip_unstorable(html.unescape(exported.name))[:200] or login
        author = Author.objects.filter(slug=Author.slug_for(name)).first()  # one made by hand beforehand
        if author is None:
            author = Author.objects.create(
                name=name,
                slug=Author.unique_slug(name),
                email=_email(exported.email),
                bio=_plain_paragraphs(exported.description),
            )
        self._remember(Kind.AUTHOR, login, author, record)
        return author

    def _byline(self, item):
        logins = [item.creator] if item.creator else []
        guests = {}
        for domain, nicename, name in item.terms:  # Co-Authors Plus: one "author" term per co-author
            if domain == "author":
                login = nicename.removeprefix("cap-") if nicename.removeprefix("cap-") in self.authors else name
                logins.append(login)
                guests[login] = html.unescape(name)
        return [self._author_id(login, guests.get(login, "")) for login in dict.fromkeys(filter(None, logins))]

    def _term_id(self, model, slug, name):
        """The section or tag of a WordPress term, by its slug: made the first time a post names it."""
        key = (model, _slug(slug, name))
        if key not in self._terms:
            term, _ = model.objects.get_or_create(
                slug=key[1], defaults={"name": strip_unstorable(html.unescape(name))[:100] or slug}
            )
            self._terms[key] = term.pk
        return self._terms[key]

    def _section_and_tags(self, item):
        categories = [(slug, name) for domain, slug, name in item.terms if domain == "category" and slug]
        tags = [(slug, name) for domain, slug, name in item.terms if domain == "post_tag" and slug]
        filed = [(slug, name) for slug, name in categories if slug not in NO_CATEGORY]
        section = None
        if filed:
            slug, name = filed[0]
            section = Section.objects.get(pk=self._term_id(Section, slug, name))
            # The section's parents and the post's other categories are kept as tags.
            parent, seen = self.category_parents.get(slug, ""), {slug}
            while parent and parent not in seen:
                seen.add(parent)
                tags.append((parent, self.category_names.get(parent, parent)))
                parent = self.category_parents.get(parent, "")
            tags += filed[1:]
        tag_ids = []
        for slug, name in tags:
            tag_ids.append(self._term_id(Tag, slug, name))
        return section, list(dict.fromkeys(tag_ids))

    # --- Posts ------------------------------------------------------------------------------------------------------

    def _status(self, item):
        """Newsroom's status and publish time for the post's WordPress status."""
        published_at = _gmt(item.post_date_gmt, item.post_date)
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
        article.excerpt = _plain(item.excerpt) or _automatic_excerpt(converted.html)
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

    def _comments(self, item, article):
        exported = {c.id: c for c in item.comments if c.id}
        made = {}

        def imported_parent(comment):
            """The nearest ancestor imported (a reply to a trashed comment goes under the one above it)."""
            parent_id, seen = comment.parent, set()
            while parent_id and parent_id != "0" and parent_id not in seen:
                seen.add(parent_id)
                if parent_id in made:
                    return made[parent_id]
                parent_id = exported[parent_id].parent if parent_id in exported else None
            return None

        for comment in sorted(exported.values(), key=lambda c: (_gmt(c.date_gmt, c.date) or timezone.now(), c.id)):
            if comment.type in ("pingback", "trackback") or comment.approved not in COMMENT_STATUS:
                continue
            made[comment.id] = self._comment(comment, article, imported_parent(comment))

    def _comment(self, comment, article, parent):
        fields = {
            "article": article,
            "parent": parent,
            "thread_id": parent.thread_root_id if parent else None,
            "author_name": strip_unstorable(html.unescape(comment.author)).strip()[:100] or "Anonymous",
            "author_email": _email(comment.email),
            "body": _plain_paragraphs(comment.content),
            "status": COMMENT_STATUS[comment.approved],
            "ip_hash": client_hash(comment.ip),
        }
        record = self._known(Kind.COMMENT, comment.id)
        existing = Comment.objects.filter(pk=record.object_id).first() if record else None
        if existing is None:
            existing = Comment.objects.create(**fields)
            self._remember(Kind.COMMENT, comment.id, existing, record)
        elif any(getattr(existing, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save()
        if created_at := _gmt(comment.date_gmt, comment.date):
            Comment.objects.filter(pk=existing.pk).update(created_at=created_at)  # auto_now_add would say today
            existing.created_at = created_at
        return existing

    def _addresses(self, item, article):
        """The post's permalink, its ?p= address and its old slugs answer with a 301 to the article."""
        paths = [normalize_path(item.link)] if item.link else []
        if item.guid and "?p=" in item.guid:
            paths.append(normalize_path(item.guid))
        current_slug = unquote(item.post_name)
        for old_slug in dict.fromkeys(unquote(slug) for slug in item.meta.get("_wp_old_slug", []) if slug):
            if current_slug and item.link and current_slug in unquote(split(item.link).path):
                paths.append(normalize_path(unquote(split(item.link).path).replace(current_slug, old_slug)))
            slug = slugify(old_slug, allow_unicode=True)[:300]
            if slug and slug != article.slug and not Article.objects.slug_taken(slug, by_other_than=article.pk):
                SlugRedirect.objects.get_or_create(old_slug=slug, defaults={"article": article})
        for path in dict.fromkeys(p for p in paths if p != "/"):
            redirect = Redirect.objects.filter(old_path=path).first()
            if redirect is not None and redirect.source != Redirect.Source.WORDPRESS:
                if redirect.article_id != article.pk:
                    self._tell(f"{path} is an editor's redirect already; left as it is")
                continue
            if redirect is not None and redirect.article_id == article.pk:
                continue
            redirect = redirect or Redirect(old_path=path, source=Redirect.Source.WORDPRESS)
            redirect.article, redirect.target_url = article, ""
            try:
                redirect_save(redirect=redirect, by=None)
            except policy.Refusal as refusal:
                self._tell(f"{path} cannot redirect: {refusal}")


def _automatic_excerpt(html_body):
    """As WordPress makes one when none was written: the first words of the text (captions left out)."""
    words = [
        " ".join(el.text_content().split())
        for el in body.fragments(html_body.replace("<br>", " "))
        if el.tag != "figure"
    ]
    return Truncator(" ".join(words)).words(EXCERPT_WORDS)


def _credit(metadata):
    """The photographer from WordPress's serialised attachment metadata (image_meta's credit, else copyright)."""
    for key in ("credit", "copyright"):
        found = re.search(rf's:{len(key)}:"{key}";s:\d+:"([^"]*)";', metadata or "")
        if found and found.group(1).strip():
            return strip_unstorable(found.group(1).strip())
    return ""
