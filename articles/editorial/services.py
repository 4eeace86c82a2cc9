"""The editorial workflow: live saves, pending revisions, transitions, corrections, API edits."""

from django.db import transaction
from django.utils import timezone

from articles.editorial import workflow
from articles.images.services import article_sync_images
from articles.models import Article, ArticleAuthor, Correction, Image, Revision, Section, SlugRedirect, StateChange, Tag
from authors.models import Author


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
    if article.pending_revision_id:
        # A live save supersedes the waiting edit: publishing it later would undo this save (it stays in history).
        article.pending_revision = None
        Article.objects.filter(pk=article.pk).update(pending_revision=None)
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
    _check_references(revision.content)
    previous_slug = article.slug
    revision.apply_fields(article)
    if article.slug != previous_slug and Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
        raise workflow.InvalidTransition(f"Another article took the slug “{article.slug}”; change it, then publish.")
    _check_publishable(article)
    article.status = Article.Status.PUBLISHED
    article.pending_revision = None
    article_save(
        article=article,
        by=by,
        previous_slug=previous_slug,
        tag_ids=revision.content["tags"],
        author_ids=revision.content["authors"],
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
    _check_references(revision.content)
    # The address and the workflow state stay as they are: a restore brings back content, not a state.
    content = {**revision.content, "slug": article.slug, "status": article.status, "published_at": article.published_at}
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
    if name == "publish" and article.status == Article.Status.PUBLISHED:
        return _publish_again(article=article, by=by, publish_at=publish_at)
    workflow.check(by, article, step)
    if name == "publish":
        _check_publishable(article)
        article.published_at = publish_at or article.published_at
    source, article.status = article.status, step.target
    article_save(article=article, by=by, previous_status=source)
    return article


def _check_references(content):
    """Refuse content naming a section, photo or author deleted since; tags deleted since are simply left out."""
    gone = []
    if content.get("section_id") and not Section.objects.filter(pk=content["section_id"]).exists():
        gone.append("its section")
    if content.get("featured_image_id") and not Image.objects.filter(pk=content["featured_image_id"]).exists():
        gone.append("its featured photo")
    if len(Author.objects.filter(pk__in=content["authors"])) != len(content["authors"]):
        gone.append("an author in its byline")
    if gone:
        raise workflow.InvalidTransition(f"This revision names {' and '.join(gone)}, deleted since; edit it instead.")
    content["tags"] = list(Tag.objects.filter(pk__in=content["tags"]).values_list("pk", flat=True))


def _publish_again(*, article, by, publish_at):
    """Publish on a published article: put its waiting edit live, or move its publish time (reschedule)."""
    workflow.check(by, article, workflow.transition("unpublish"))  # the same right: editors only
    if article.pending_revision_id:
        article_publish_revision(article=article, by=by)
    elif article.is_public and not publish_at:
        raise workflow.InvalidTransition("The article is published already and has no pending revision.")
    if publish_at or not article.is_public:
        article.published_at = publish_at or timezone.now()  # a scheduled one goes out now unless given a time
        article_save(article=article, by=by)
    return article


def _check_publishable(article):
    if not article.article_authors.exists():
        raise workflow.InvalidTransition("An article needs at least one author before it is published.")
    if missing := Article.images_missing_alt_text(article.body, article.featured_image):
        raise workflow.InvalidTransition(missing_alt_text_message(missing))


def missing_alt_text_message(images):
    names = ", ".join(image.label for image in images)
    return f"Every photo needs alt text before the article is published; add it to: {names}."


@transaction.atomic
def correction_add(*, article, text, by):
    """Attach a dated correction to a published article; its modified time moves with it."""
    if not article.published_at:
        raise workflow.InvalidTransition("Corrections go on articles that have been published.")
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


def _keep_writer_in_byline(by, author_ids):
    """A writer stays in the byline of what they write, or the draft would no longer be theirs."""
    if workflow.is_editor(by):
        return author_ids
    own = Author.objects.filter(user=by).values_list("pk", flat=True).first()
    if own is None:
        raise workflow.NotAllowed("Your account has no author profile; ask an editor to link one.")
    return author_ids if own in author_ids else [own, *author_ids]


@transaction.atomic
def article_create(*, by, changes):
    """A new draft from the API; a writer is put in the byline so the draft stays theirs."""
    if not workflow.may_create(by):
        raise workflow.NotAllowed("Your account may not create articles.")
    content = _as_content(changes)
    author_ids = _keep_writer_in_byline(by, content.pop("authors", []))
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
    if "authors" in content:
        content["authors"] = _keep_writer_in_byline(by, content["authors"])
    if article.status == Article.Status.PUBLISHED:
        base = article.pending_revision.content if article.pending_revision_id else Revision.content_of(article)
        return article_save_pending(article=article, by=by, content={**base, **content})
    tag_ids, author_ids = content.pop("tags", None), content.pop("authors", None)
    previous_slug = article.slug
    for name, value in content.items():
        setattr(article, name, value)
    return article_save(article=article, by=by, tag_ids=tag_ids, author_ids=author_ids, previous_slug=previous_slug)
