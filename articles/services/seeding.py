"""Importing seed article files (parsed by articles.seeds)."""

from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, slugify

from authors.models import Author

from .. import body, seeds
from ..models import Article, ArticleAuthor, Image
from ..placeholders import placeholder_jpeg
from ..seeds import Photo
from .editorial import revision_record
from .images import DuplicateImage, article_sync_images, image_create

EXCERPT_WORDS = 40


@dataclass
class SeedImportResult:
    article: Article
    created: bool
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
    author, _ = Author.objects.update_or_create(
        slug=Author.slug_for(seed_author.name),
        defaults={
            "name": seed_author.name,
            "post_nominals": seed_author.post_nominals,
            "bio": "\n\n".join(seed_author.bio),
        },
    )
    return author


@transaction.atomic
def seed_import(*, path, images_dir=None, published_at=None):
    """Create or update the published article of one seed file; all or nothing."""
    seed = seeds.parse(path)
    slug = slugify(seed.title)[:300]
    article = Article.objects.filter(slug=slug).first()
    created = article is None
    if created:
        article = Article(slug=slug)
    existing = list(article.placements.select_related("image")) if not created else []

    images = _seed_images(seed, existing=existing, images_dir=images_dir)
    article.title = seed.title
    article.body = _seed_body(seed, images)
    article.excerpt = Truncator(seed.paragraphs[0]).words(EXCERPT_WORDS)
    article.comments_enabled = seed.comments_enabled
    article.featured_image = images[0] if images else None
    article.status = Article.Status.PUBLISHED
    article.published_at = article.published_at or published_at or timezone.now()
    article.save()
    article_sync_images(article=article)

    warnings = []
    if seed.author:
        author = _seed_author(seed.author)
        article.article_authors.exclude(author=author).delete()
        ArticleAuthor.objects.get_or_create(article=article, author=author, defaults={"position": 0})
    else:
        warnings.append(f"{path}: no author box found; the article has no author")

    revision_record(article=article, by=None)

    orphans = {p.image_id for p in existing} - {image.pk for image in images}
    Image.objects.filter(pk__in=orphans, is_placeholder=True, placements__isnull=True).exclude(
        pk__in=Article.objects.filter(featured_image__isnull=False).values("featured_image")
    ).delete()
    return SeedImportResult(article=article, created=created, warnings=warnings)
