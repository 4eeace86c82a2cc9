"""Writes that touch several rows: transactional, shared by the admin, the API and commands."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, slugify

from authors.models import Author
from newsroom.public_cache import content_changed

from . import body, moderation, roles, seeds
from .models import Article, ArticleAuthor, ArticleImage, Comment, Image
from .placeholders import placeholder_jpeg
from .seeds import Photo


@transaction.atomic
def article_sync_images(*, article):
    """Make the article's image placements match the figures in its body, in order."""
    figures = body.placed_figures(article.body)
    images = {image.file.name: image for image in Image.objects.by_names(f.image_name for f in figures)}
    article.placements.all().delete()
    placements = [
        ArticleImage(
            article=article,
            image=images[figure.image_name],
            position=position,
            caption="" if figure.caption == images[figure.image_name].caption else figure.caption,
        )
        for position, figure in enumerate(f for f in figures if f.image_name in images)
    ]
    ArticleImage.objects.bulk_create(placements)
    return placements


class CommentRefused(Exception):
    """The article takes no comments now."""


class DuplicateComment(Exception):
    """The same client posted the same text on the same article a moment ago."""


def _initial_status(*, body, author_email, user, honeypot):
    if moderation.spam_reasons(body=body, honeypot=honeypot):
        return Comment.Status.SPAM
    if user is not None and user.is_staff:
        return Comment.Status.APPROVED
    if settings.COMMENTS_TRUST_RETURNING and Comment.objects.approved().filter(author_email__iexact=author_email).exists():
        return Comment.Status.APPROVED
    return Comment.Status.PENDING


@transaction.atomic
def comment_submit(*, article, author_name, author_email, body, parent=None, user=None, client_ip="", honeypot=""):
    """A reader's new comment: refused on a closed article, spam-checked, pending unless trusted."""
    if refusal := article.comments_refusal():
        raise CommentRefused(refusal)
    fingerprint = moderation.client_hash(client_ip)
    duplicates = Comment.objects.recent_duplicates(
        article=article, body=body, client_hash=fingerprint, minutes=settings.COMMENTS_DUPLICATE_MINUTES
    )
    if fingerprint and duplicates.exists():
        raise DuplicateComment("You have already posted this comment.")
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        thread_id=parent.thread_root_id if parent else None,
        author_name=author_name,
        author_email=author_email,
        user=user,
        body=body,
        status=_initial_status(body=body, author_email=author_email, user=user, honeypot=honeypot),
        ip_hash=fingerprint,
    )
    if comment.status == Comment.Status.PENDING and settings.COMMENTS_NOTIFY_MODERATORS:
        transaction.on_commit(lambda: _notify_moderators(comment))
    return comment


def _notify_moderators(comment):
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.MODERATOR, roles.EDITOR])
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        send_mail(
            subject=f"Comment waiting on “{comment.article.title}”",
            message=f"{comment.author_name} wrote:\n\n{comment.body}\n\nModerate it in the admin's comment queue.",
            from_email=None,
            recipient_list=recipients,
        )


@transaction.atomic
def comment_moderate(*, comments, status, by):
    """Set the comments' status, recording who moderated them and when."""
    count = comments.update(status=status, moderated_by=by, moderated_at=timezone.now())
    transaction.on_commit(content_changed)  # update() sends no signals; comment counts are public
    return count


def comment_approve(*, comments, by):
    return comment_moderate(comments=comments, status=Comment.Status.APPROVED, by=by)


def comment_reject(*, comments, by):
    return comment_moderate(comments=comments, status=Comment.Status.REJECTED, by=by)


def comment_mark_spam(*, comments, by):
    return comment_moderate(comments=comments, status=Comment.Status.SPAM, by=by)


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
                image = Image.objects.create(
                    file=file, caption=photo.caption, alt_text=photo.caption, is_placeholder=is_placeholder
                )
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
                    image.file.url, image.alt_text, image.width, image.height, image.caption,
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

    orphans = {p.image_id for p in existing} - {image.pk for image in images}
    Image.objects.filter(pk__in=orphans, is_placeholder=True, placements__isnull=True).exclude(
        pk__in=Article.objects.filter(featured_image__isnull=False).values("featured_image")
    ).delete()
    return SeedImportResult(article=article, created=created, warnings=warnings)
