"""Importing seed article files (parsed by articles.seeding.parser)."""

from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, slugify

from articles.content import body
from articles.editorial.services import article_save
from articles.images.services import DuplicateImage, atomic_with_files, image_create
from articles.models import Article, Image
from articles.seeding import parser
from articles.seeding.parser import Photo
from articles.seeding.placeholders import placeholder_jpeg
from authors.models import Author
from newsroom.uploads import UploadRejected

EXCERPT_WORDS = 40


@dataclass
class SeedImportResult:
    article: Article
    created: bool
    changed: bool
    warnings: list[str]


def _seed_photo_file(photo, *, seed, number, images_dir):
    """A supplied file named after the caption or the seed (``<seed stem>-<n>``), else a placeholder."""
    stems = {slugify(photo.caption), f"{seed.path.stem}-{number}"}
    if images_dir:
        for candidate in sorted(Path(images_dir).iterdir()):
            if candidate.is_file() and candidate.stem in stems:
                return File(candidate.open("rb"), name=candidate.name), False
    return placeholder_jpeg(photo.caption, name=f"{slugify(photo.caption)[:80] or 'photo'}.jpg"), True


def _seed_images(seed, *, existing, images_dir):
    """One library image per photo, reusing those of an earlier import of the same article."""
    reusable = {(p.position, p.image.caption): p.image for p in existing}
    images = []
    for number, photo in enumerate(seed.photos, start=1):
        image = reusable.get((number - 1, photo.caption))
        if image is None:
            file, is_placeholder = _seed_photo_file(photo, seed=seed, number=number, images_dir=images_dir)
            with file:
                try:
                    image = image_create(
                        upload=file, caption=photo.caption, alt_text=photo.caption, is_placeholder=is_placeholder
                    )
                except DuplicateImage as duplicate:
                    image = duplicate.existing
                except UploadRejected as rejection:
                    raise parser.SeedFormatError(
                        seed.path, photo.line, f"the photo file {file.name} for “{photo.caption}”: {rejection}"
                    ) from None
        images.append(image)
    return images


def _seed_body(seed, images):
    photos = iter(images)
    parts = []
    for item in seed.flow:
        if isinstance(item, Photo):
            image = next(photos)
            parts.append(
                format_html(
                    '<figure><img src="{}" alt="{}" width="{}" height="{}"><figcaption>{}</figcaption></figure>',
                    image.file.url,
                    image.alt_text,
                    image.width,
                    image.height,
                    image.caption,
                )
            )
        else:
            parts.append(format_html("<p>{}</p>", item.text))
    return body.sanitize("\n".join(parts))


def _seed_author(seed_author):
    """The author of the box, created or brought up to date (and left alone when nothing changed)."""
    profile = {
        "name": seed_author.name,
        "post_nominals": seed_author.post_nominals,
        "bio": "\n\n".join(seed_author.bio),
    }
    author, created = Author.objects.get_or_create(slug=Author.slug_for(seed_author.name), defaults=profile)
    if not created and any(getattr(author, name) != value for name, value in profile.items()):
        for name, value in profile.items():
            setattr(author, name, value)
        author.save()
    return author


def _seed_slug(seed):
    return slugify(seed.title, allow_unicode=True)[:300] or slugify(seed.path.stem)[:300] or "article"


def _unchanged(article, content, author_ids):
    same_fields = all(getattr(article, name) == value for name, value in content.items())
    same_byline = (
        author_ids is None
        or list(article.article_authors.order_by("position").values_list("author_id", flat=True)) == author_ids
    )
    return same_fields and same_byline


@atomic_with_files()  # the photos' files go too if a later step fails
def seed_import(*, path, images_dir=None, published_at=None):
    """Create the published article of one seed file, or bring an earlier import up to date; all or nothing.

    An article imported before keeps its status and publish time, and is not written at all when the file
    says nothing new.
    """
    seed = parser.parse(path)
    slug = _seed_slug(seed)
    article = Article.objects.filter(slug=slug).first()
    created = article is None
    existing = [] if created else list(article.placements.select_related("image"))
    images = _seed_images(seed, existing=existing, images_dir=images_dir)
    content = {
        "title": seed.title,
        "body": _seed_body(seed, images),
        "excerpt": Truncator(seed.paragraphs[0]).words(EXCERPT_WORDS),
        "comments_enabled": seed.comments_enabled,
        "featured_image": images[0] if images else None,
    }
    author_ids = [_seed_author(seed.author).pk] if seed.author else None
    warnings = [] if seed.author else [f"{path}: no author box found; the article has no author"]
    if not created and _unchanged(article, content, author_ids):
        return SeedImportResult(article=article, created=False, changed=False, warnings=warnings)

    if created:
        article = Article(slug=slug, status=Article.Status.PUBLISHED, published_at=published_at or timezone.now())
    for name, value in content.items():
        setattr(article, name, value)
    article_save(article=article, by=None, author_ids=author_ids)

    orphans = {p.image_id for p in existing} - {image.pk for image in images}
    Image.objects.filter(pk__in=orphans, is_placeholder=True, placements__isnull=True).exclude(
        pk__in=Article.objects.filter(featured_image__isnull=False).values("featured_image")
    ).delete()
    return SeedImportResult(article=article, created=created, changed=True, warnings=warnings)
