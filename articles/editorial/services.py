"""The editorial write path: every change to an article, from the admin, the API, commands and tasks alike.

Each service asks the editorial policy itself, so no caller can skip a rule. An edit of a *live* article
(public now) waits as a pending revision; an article not yet public takes edits directly.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from articles.content import body
from articles.editorial import policy, previews
from articles.editorial.policy import Action
from articles.embeds.services import article_sync_embeds, embeds_prepare
from articles.images.services import article_sync_images
from articles.integrations import events
from articles.models import Article, ArticleAuthor, Correction, Image, Revision, Section, SlugRedirect, StateChange, Tag
from authors.models import Author
from newsroom.text import xml_safe


def revision_record(*, article, by, content=None):
    """Keep the article's content (or ``content``, for an edit that waits) as a new revision."""
    return Revision.objects.create(article=article, content=content or Revision.content_of(article), created_by=by)


def _set_byline(article, author_ids):
    """Write only what differs: an unchanged byline is no change for caches and stored representations."""
    article.article_authors.exclude(author_id__in=author_ids).delete()
    positions = dict(article.article_authors.values_list("author_id", "position"))
    for position, author_id in enumerate(author_ids):
        if positions.get(author_id) != position:
            ArticleAuthor.objects.update_or_create(
                article=article, author_id=author_id, defaults={"position": position}
            )


def _bookkeeping(*, article, by, previous_slug, previous_status):
    """The bookkeeping of every live save: publish time, photo and embed placements, slug redirect, status log,
    revision."""
    if article.pending_revision_id:
        # A live save supersedes the waiting edit: publishing it later would undo this save (it stays in history).
        article.pending_revision = None
        Article.objects.filter(pk=article.pk).update(pending_revision=None)
    if article.status == Article.Status.PUBLISHED and not article.published_at:
        article.published_at = timezone.now()  # publishing sets the publish time when none was given
        article.save(update_fields=["published_at", "updated_at"])
    article_sync_images(article=article)
    article_sync_embeds(article=article)
    has_been_public = article.published_at and article.published_at <= timezone.now()
    if previous_slug and previous_slug != article.slug and has_been_public:
        SlugRedirect.objects.update_or_create(old_slug=previous_slug, defaults={"article": article})
    SlugRedirect.objects.filter(old_slug=article.slug, article=article).delete()  # an old address taken back
    if previous_status and previous_status != article.status:
        StateChange.objects.create(article=article, from_status=previous_status, to_status=article.status, by=by)
    return revision_record(article=article, by=by)


@transaction.atomic
def article_save(*, article, by, tag_ids=None, author_ids=None, previous_slug=None, previous_status=None):
    """Save the article as it stands, live at once, with its bookkeeping (callers have asked the policy)."""
    article.save()
    if tag_ids is not None:
        article.tags.set(tag_ids)
    if author_ids is not None:
        _set_byline(article, author_ids)
    return _bookkeeping(article=article, by=by, previous_slug=previous_slug, previous_status=previous_status)


def _save_pending(*, article, by, content):
    revision = revision_record(article=article, by=by, content=content)
    embeds_prepare(html=content.get("body") or "")  # fetched by the time the edit is published or previewed
    Article.objects.filter(pk=article.pk).update(pending_revision=revision)
    article.pending_revision = revision
    return revision


def _as_content(changes):
    """Validated fields (model values) in the shape of a revision's content; a body is sanitised, and may place
    only photos of the library."""
    content = {}
    for name, value in changes.items():
        if isinstance(value, str):
            try:
                xml_safe(value)
            except ValidationError as refusal:
                raise policy.Invalid(refusal.messages[0], field=name) from None
        if name == "body":
            if problem := body.refusal(value):
                raise policy.Invalid(problem, field="body")
            content["body"] = body.sanitize(value)
            if unknown := Article.figures_outside_library(content["body"]):
                raise policy.Invalid(
                    f"Place only photos from the image library; not found there: {', '.join(unknown)}", field="body"
                )
        elif name in ("section", "featured_image"):
            content[f"{name}_id"] = value.pk if value else None
        elif name in ("tags", "authors"):
            content[name] = [getattr(item, "pk", item) for item in value]
        else:
            content[name] = value
    return content


def _own_author_id(user):
    return Author.objects.filter(user=user).values_list("pk", flat=True).first() if user.is_authenticated else None


def _check_slug(slug, *, article=None):
    if Article.objects.slug_taken(slug, by_other_than=article.pk if article else None):
        raise policy.Invalid(
            f"The slug “{slug}” is taken by another article, its waiting edit, or one of its old addresses.",
            field="slug",
        )


@transaction.atomic
def article_create(*, by, changes):
    """A new draft; without a byline, the writer's own author profile is put in it."""
    policy.check(by, Action.CREATE)
    content = _as_content(changes)
    own = _own_author_id(by)
    author_ids = content.pop("authors", None)
    if author_ids is not None or not policy.is_editor(by):
        author_ids = [own] if author_ids is None and own else author_ids or []
        policy.check_byline(by, author_ids, own_author_id=own)
    if content.get("slug"):
        _check_slug(content["slug"])
    tag_ids = content.pop("tags", [])
    article = Article(status=Article.Status.DRAFT, **content)
    article.slug = article.slug or Article.unique_slug(article.title)
    article_save(article=article, by=by, tag_ids=tag_ids, author_ids=author_ids)
    return article


@transaction.atomic
def article_edit(*, article, by, changes):
    """Change the article's content: live at once for an article not yet public, a pending revision for a live one."""
    policy.check(by, Action.EDIT, article)
    content = _as_content(changes)
    if "authors" in content:
        policy.check_byline(by, content["authors"], own_author_id=_own_author_id(by))
    if content.get("slug") and content["slug"] != article.slug:
        _check_slug(content["slug"], article=article)
    if article.is_public:
        base = article.pending_revision.content if article.pending_revision_id else Revision.content_of(article)
        return _save_pending(article=article, by=by, content={**base, **content})
    tag_ids, author_ids = content.pop("tags", None), content.pop("authors", None)
    previous_slug = article.slug
    for name, value in content.items():
        setattr(article, name, value)
    return article_save(article=article, by=by, tag_ids=tag_ids, author_ids=author_ids, previous_slug=previous_slug)


@transaction.atomic
def article_transition(*, article, by, name, publish_at=None):
    """A workflow step (submit, withdraw, publish — a future ``publish_at`` schedules —, unpublish, archive)."""
    action = Action(name)
    if action == Action.PUBLISH and publish_at and publish_at > timezone.now():
        action = Action.SCHEDULE
    policy.check(by, action, article)
    if action in (Action.PUBLISH, Action.SCHEDULE) and article.status == Article.Status.PUBLISHED:
        return _publish_again(article=article, by=by, publish_at=publish_at)
    if action in (Action.PUBLISH, Action.SCHEDULE):
        policy.check_publishable(Revision.content_of(article))
        article.published_at = publish_at or article.published_at
    target = policy.TRANSITIONS[Action.PUBLISH if action == Action.SCHEDULE else action].target
    source, article.status, was_public = article.status, target, article.is_public
    article_save(article=article, by=by, previous_status=source)
    if action in (Action.PUBLISH, Action.SCHEDULE):
        events.article_published(article)
    elif action in (Action.UNPUBLISH, Action.ARCHIVE):
        left = "article.unpublished" if action == Action.UNPUBLISH else "article.archived"
        events.article_left(article, was_public=was_public, event_type=left)
    return article


def _publish_again(*, article, by, publish_at):
    """Publish on a published article: put its waiting edit live, or move its publish time (reschedule)."""
    was_public = article.is_public
    if article.pending_revision_id:
        _publish_revision(article=article, by=by)
        events.article_changed(article, was_public=was_public)
    if publish_at or not article.is_public:
        article.published_at = publish_at or timezone.now()  # a scheduled one goes out now unless given a time
        article_save(article=article, by=by)
        if not was_public:
            events.article_published(article)  # a scheduled one's earlier event finds its time moved, and lets go
    return article


def _publish_revision(*, article, by):
    revision = article.pending_revision
    _check_references(revision.content)
    policy.check_publishable(revision.content)
    if revision.content["slug"] != article.slug:
        _check_slug(revision.content["slug"], article=article)
    previous_slug = article.slug
    revision.apply_fields(article)
    article.status = Article.Status.PUBLISHED
    article.pending_revision = None
    article_save(
        article=article,
        by=by,
        previous_slug=previous_slug,
        tag_ids=revision.content["tags"],
        author_ids=revision.content["authors"],
    )


@transaction.atomic
def article_discard_revision(*, article, by):
    """Drop the pending edit; the live article stays as it is."""
    policy.check(by, Action.DISCARD_PENDING, article)
    Article.objects.filter(pk=article.pk).update(pending_revision=None)
    article.pending_revision = None


@transaction.atomic
def article_restore(*, article, revision, by):
    """Bring back an earlier revision as a new one: live at once for an article not yet public, else pending."""
    policy.check(by, Action.RESTORE_REVISION, article)
    if revision.article_id != article.pk:
        raise policy.Invalid("That revision belongs to another article.", field="revision")
    _check_references(revision.content)
    # The address and the workflow state stay as they are: a restore brings back content, not a state.
    content = {**revision.content, "slug": article.slug, "status": article.status, "published_at": article.published_at}
    if article.is_public:
        return _save_pending(article=article, by=by, content=content)
    Revision(content=content).apply_fields(article)
    return article_save(article=article, by=by, tag_ids=content["tags"], author_ids=content["authors"])


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
        raise policy.InvalidState(f"This revision names {' and '.join(gone)}, deleted since; edit it instead.")
    content["tags"] = list(Tag.objects.filter(pk__in=content["tags"]).values_list("pk", flat=True))


@transaction.atomic
def correction_add(*, article, text, by):
    """Attach a dated correction to an article that has been public; its modified time moves with it."""
    policy.check(by, Action.ADD_CORRECTION, article)
    if not text.strip():
        raise policy.Invalid("Write the correction's text.", field="text")
    correction = Correction.objects.create(article=article, text=text.strip(), created_by=by)
    article.save(update_fields=["updated_at"])
    events.correction_added(correction)
    return correction


@transaction.atomic
def article_delete(*, article, by):
    """Remove the article for good (superusers); one with corrections is kept, as corrections are."""
    policy.check(by, Action.DELETE, article)
    events.article_left(article, was_public=article.is_public, event_type="article.deleted")  # undone with a refusal
    try:
        with transaction.atomic():
            article.delete()
    except ProtectedError:
        raise policy.InvalidState("An article with corrections is kept; archive it instead.") from None


def preview_link_make(*, article, by):
    """``(token, front-end url, expires_at)`` of a signed link showing the article as it will read."""
    policy.check(by, Action.MAKE_PREVIEW, article)
    return previews.preview_link(article)
