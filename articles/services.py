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

from . import body, moderation, roles, seeds, workflow
from .models import Article, ArticleAuthor, ArticleImage, Comment, Correction, Image, Revision, SlugRedirect, StateChange
from .placeholders import placeholder_jpeg
from .seeds import Photo


def placements_from_body(article):
    """Unsaved placements for the figures in the article's body, in order; a caption is kept only if it differs."""
    figures = body.placed_figures(article.body)
    images = {image.file.name: image for image in Image.objects.by_names(f.image_name for f in figures)}
    return [
        ArticleImage(
            article=article,
            image=images[figure.image_name],
            position=position,
            caption="" if figure.caption == images[figure.image_name].caption else figure.caption,
        )
        for position, figure in enumerate(f for f in figures if f.image_name in images)
    ]


@transaction.atomic
def article_sync_images(*, article):
    """Make the article's image placements match the figures in its body, in order."""
    article.placements.all().delete()
    return ArticleImage.objects.bulk_create(placements_from_body(article))


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

    revision_record(article=article, by=None)

    orphans = {p.image_id for p in existing} - {image.pk for image in images}
    Image.objects.filter(pk__in=orphans, is_placeholder=True, placements__isnull=True).exclude(
        pk__in=Article.objects.filter(featured_image__isnull=False).values("featured_image")
    ).delete()
    return SeedImportResult(article=article, created=created, warnings=warnings)


# --- Editorial workflow ---------------------------------------------------------------------


def revision_record(*, article, by, content=None):
    """Keep the article's content (or ``content``, for an edit that waits) as a new revision."""
    return Revision.objects.create(article=article, content=content or Revision.content_of(article), created_by=by)


def _set_byline(article, author_ids):
    article.article_authors.exclude(author_id__in=author_ids).delete()
    for position, author_id in enumerate(author_ids):
        ArticleAuthor.objects.update_or_create(article=article, author_id=author_id, defaults={"position": position})


@transaction.atomic
def article_after_save(*, article, by, previous_slug=None, previous_status=None):
    """Bookkeeping of every live save: publish time, photo placements, slug redirect, status log, revision."""
    if article.status == Article.Status.PUBLISHED and not article.published_at:
        article.published_at = timezone.now()  # publishing sets the publish time when none was given
        article.save(update_fields=["published_at", "updated_at"])
    article_sync_images(article=article)
    if previous_slug and previous_slug != article.slug and article.published_at:
        SlugRedirect.objects.update_or_create(old_slug=previous_slug, defaults={"article": article})
    SlugRedirect.objects.filter(old_slug=article.slug).delete()
    if previous_status and previous_status != article.status:
        StateChange.objects.create(article=article, from_status=previous_status, to_status=article.status, by=by)
    return revision_record(article=article, by=by)


@transaction.atomic
def article_save(*, article, by, tag_ids=None, author_ids=None, previous_slug=None, previous_status=None):
    """Save an edit that goes live at once (the API's and restores' path; the admin saves through its forms)."""
    article.save()
    if tag_ids is not None:
        article.tags.set(tag_ids)
    if author_ids is not None:
        _set_byline(article, author_ids)
    return article_after_save(article=article, by=by, previous_slug=previous_slug, previous_status=previous_status)


@transaction.atomic
def article_save_pending(*, article, by, content):
    """Keep an edit of a live article aside: the public goes on seeing the published version."""
    revision = revision_record(article=article, by=by, content=content)
    Article.objects.filter(pk=article.pk).update(pending_revision=revision)
    article.pending_revision = revision
    return revision


@transaction.atomic
def article_publish_revision(*, article, by):
    """Make the pending (or a restored) revision the live article."""
    revision = article.pending_revision
    previous_slug = article.slug
    revision.apply_fields(article)
    article.status = Article.Status.PUBLISHED
    article.pending_revision = None
    article_save(
        article=article, by=by, previous_slug=previous_slug,
        tag_ids=revision.content["tags"], author_ids=revision.content["authors"],
    )
    return article


@transaction.atomic
def article_discard_revision(*, article, by):
    """Drop the pending edit; the live article stays as it is."""
    Article.objects.filter(pk=article.pk).update(pending_revision=None)
    article.pending_revision = None


@transaction.atomic
def article_restore(*, article, revision, by):
    """Bring back an earlier revision as a new one: live at once for an unpublished article, pending for a live one."""
    content = {**revision.content, "status": article.status, "published_at": article.published_at}
    if article.status == Article.Status.PUBLISHED:
        return article_save_pending(article=article, by=by, content=content)
    previous_slug = article.slug
    Revision(content=content).apply_fields(article)
    return article_save(
        article=article, by=by, previous_slug=previous_slug, tag_ids=content["tags"], author_ids=content["authors"]
    )


@transaction.atomic
def article_transition(*, article, by, name, publish_at=None):
    """Apply a workflow step (submit, withdraw, publish, unpublish, archive), logged and kept as a revision."""
    step = workflow.transition(name)
    if name == "publish" and article.status == Article.Status.PUBLISHED and article.pending_revision_id:
        workflow.check(by, article, workflow.transition("unpublish"))  # same right: editors only
        return article_publish_revision(article=article, by=by)
    workflow.check(by, article, step)
    if name == "publish":
        _check_publishable(article)
        article.published_at = publish_at or article.published_at
    source, article.status = article.status, step.target
    article_save(article=article, by=by, previous_status=source)
    return article


def _check_publishable(article):
    if not article.article_authors.exists():
        raise workflow.InvalidTransition("An article needs at least one author before it is published.")


@transaction.atomic
def correction_add(*, article, text, by):
    """Attach a dated correction to a published article; its modified time moves with it."""
    correction = Correction.objects.create(article=article, text=text, created_by=by)
    article.save(update_fields=["updated_at"])
    return correction


def _as_content(changes):
    """Validated API fields in the shape of a revision's content."""
    content = {}
    for name, value in changes.items():
        if name in ("section", "featured_image"):
            content[f"{name}_id"] = value.pk if value else None
        elif name in ("tags", "authors"):
            content[name] = [item.pk for item in value]
        else:
            content[name] = value
    return content


@transaction.atomic
def article_create(*, by, changes):
    """A new draft from the API; a writer is put in the byline so the draft stays theirs."""
    if not workflow.may_create(by):
        raise workflow.NotAllowed("Your account may not create articles.")
    content = _as_content(changes)
    author_ids = content.pop("authors", [])
    if not workflow.is_editor(by):
        own = Author.objects.filter(user=by).values_list("pk", flat=True).first()
        if own is None:
            raise workflow.NotAllowed("Your account has no author profile; ask an editor to link one.")
        author_ids = [own, *[pk for pk in author_ids if pk != own]]
    tag_ids = content.pop("tags", [])
    article = Article(status=Article.Status.DRAFT, **content)
    article.slug = article.slug or Article.unique_slug(article.title)
    article_save(article=article, by=by, tag_ids=tag_ids, author_ids=author_ids)
    return article


@transaction.atomic
def article_edit(*, article, by, changes):
    """An API edit: live at once for an unpublished article; a pending revision for a live one."""
    if not workflow.may_edit(by, article):
        raise workflow.NotAllowed("You may not change this article.")
    content = _as_content(changes)
    if article.status == Article.Status.PUBLISHED:
        base = article.pending_revision.content if article.pending_revision_id else Revision.content_of(article)
        return article_save_pending(article=article, by=by, content={**base, **content})
    tag_ids, author_ids = content.pop("tags", None), content.pop("authors", None)
    previous_slug = article.slug
    for name, value in content.items():
        setattr(article, name, value)
    return article_save(article=article, by=by, tag_ids=tag_ids, author_ids=author_ids, previous_slug=previous_slug)
