"""The events webhooks tell of, their payloads (public data only), and ``emit``: the outbox row of a change.

The write services call ``article_event`` and the like inside their transaction: the row commits or rolls back
with the change, and only a committed row is handed to the worker (``transaction.on_commit``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsroom.frontend import frontend_url
from newsroom.links import Links

EVENT_TYPES = {
    "article.published": "An article went public (a scheduled one at its publish time).",
    "article.updated": "A change to a live article went live.",
    "article.unpublished": "A public article was taken off (back to draft).",
    "article.archived": "A public article was archived.",
    "article.deleted": "A public article was deleted.",
    "correction.added": "A correction was added to a public article.",
    "comment.approved": "A reader's comment was approved.",
    "author.updated": "An active author's public profile changed.",
    "image.updated": "A photo public content shows: its file, caption, credit, alt text or focal point changed.",
}
PING = "ping"


def now_iso():
    return timezone.now().isoformat().replace("+00:00", "Z")


def article_data(article):
    """What any receiver may know of an article: nothing an anonymous reader of the API could not."""
    return {
        "id": article.pk,
        "slug": article.slug,
        "title": article.title,
        "url": frontend_url("article", slug=article.slug),
        "api_url": f"{settings.API_PUBLIC_URL.rstrip('/')}/articles/{article.slug}/",
        "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else None,
    }


def payload(event_type, data):
    return {"type": event_type, "timestamp": now_iso(), "data": data}


def wanted(event_type):
    from articles.integrations.models import WebhookEndpoint

    # JSON containment is not on every database: the few active endpoints are read and asked.
    return any(endpoint.wants(event_type) for endpoint in WebhookEndpoint.objects.filter(is_active=True))


def emit(event_type, data, *, article_id=None):
    """Write the event to the outbox now, hand it to the worker once the transaction commits."""
    if not wanted(event_type):
        return None
    from articles.integrations.models import WebhookEvent

    event = WebhookEvent.objects.create(type=event_type, payload=payload(event_type, data), article_id=article_id)
    _dispatch_on_commit(event)
    return event


def schedule_publication(article):
    """``article.published`` for an article scheduled later: its payload is made when it is due, as it then reads."""
    from articles.integrations.models import WebhookEvent

    event = WebhookEvent.objects.create(type="article.published", article_id=article.pk, due_at=article.published_at)
    _dispatch_on_commit(event)
    return event


def _dispatch_on_commit(event):
    from articles.integrations import tasks

    due_at = event.due_at
    transaction.on_commit(lambda: tasks.dispatch_event.using(run_after=due_at).enqueue(event.pk))


# --- What the write services call ------------------------------------------------------------------------------


def article_published(article):
    """Published now, or scheduled: then told at its publish time."""
    if article.is_public:
        emit("article.published", article_data(article), article_id=article.pk)
    elif article.published_at and article.published_at > timezone.now():
        schedule_publication(article)


def article_changed(article, *, was_public):
    """After a change of the article's state or live content; ``was_public`` is whether it was public before."""
    if article.is_public and was_public:
        emit("article.updated", article_data(article), article_id=article.pk)


def live_entry_changed(article, entry_id, *, change):
    """``article.updated`` of a public article whose live stream changed: an entry ``posted``, ``edited``,
    ``withdrawn`` (back to draft), ``deleted`` or ``corrected``. The caller tells only of published entries."""
    from articles.live.models import entry_permalink

    if article.is_public:
        entry = {"id": entry_id, "permalink": entry_permalink(article, entry_id), "change": change}
        emit("article.updated", {**article_data(article), "live_entry": entry}, article_id=article.pk)


def article_left(article, *, was_public, event_type):
    """``article.unpublished``, ``article.archived`` or ``article.deleted``, of an article that was public."""
    if was_public:
        emit(event_type, article_data(article), article_id=article.pk)


def correction_added(correction):
    article = correction.article
    if article.is_public:
        data = {
            "article": article_data(article),
            "correction": {
                "id": correction.pk,
                "text": correction.text,
                "created_at": correction.created_at.isoformat(),
            },
        }
        emit("correction.added", data, article_id=article.pk)


def comments_approved(comments):
    """Of each approved comment on a public article: its id, thread, public name and text, never the email."""
    if not wanted("comment.approved"):
        return
    for comment in comments.select_related("article"):
        if comment.article.is_public:
            data = {
                "article": article_data(comment.article),
                "comment": {
                    "id": comment.pk,
                    "parent": comment.parent_id,
                    "author_name": comment.author_name,
                    "body": comment.body,
                    "created_at": comment.created_at.isoformat(),
                },
            }
            emit("comment.approved", data, article_id=comment.article_id)


def author_updated(author):
    if author.is_active:
        data = {
            "id": author.pk,
            "slug": author.slug,
            "name": author.display_name,
            "url": frontend_url("author", slug=author.slug),
            "api_url": f"{settings.API_PUBLIC_URL.rstrip('/')}/authors/{author.slug}/",
        }
        emit("author.updated", data)


# What ``image.updated`` carries of a photo, each as the public API shows it; a save that changes none is not told.
IMAGE_FIELDS = ("file", "caption", "credit", "alt_text", "width", "height", "focal_x", "focal_y")


def image_data(image):
    """A photo as public content shows it: absolute URL (local storage gives a path), texts, size, focal point."""
    origin = urlsplit(settings.API_PUBLIC_URL)
    return {
        "id": image.pk,
        "url": Links.at(f"{origin.scheme}://{origin.netloc}").absolute(image.file.url) if image.file else None,
        "caption": image.caption,
        "credit": image.credit,
        "alt_text": image.alt_text,
        "width": image.width,
        "height": image.height,
        "focal_point": {"x": image.focal_x, "y": image.focal_y},
    }


def image_updated(image, *, before):
    """A library photo changed (``before``: its ``IMAGE_FIELDS`` as they were): told only if a field the payload
    carries changed and public content shows the photo."""
    if all(before[name] == getattr(image, name) for name in IMAGE_FIELDS):
        return
    if wanted("image.updated") and type(image).objects.shown_in_public().filter(pk=image.pk).exists():
        emit("image.updated", image_data(image))
