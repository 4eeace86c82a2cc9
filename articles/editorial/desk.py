"""The change form's working state: private autosaves, who has an article open, and the edit lock.

Keyword-only services taking ``by=`` that ask the policy themselves: keeping an autosave or holding the lock is
for whoever may edit the article (or create one, for a new article); seeing who else is there, for whoever may
view it. The lock is advisory: the form's conflict refusal (someone saved since you opened it) stays the last guard.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.editorial import policy
from articles.editorial.policy import Action
from articles.models import Autosave, Presence

GONE_AFTER = timedelta(seconds=45)  # no heartbeat for this long: the tab is closed
IDLE_AFTER = timedelta(minutes=5)  # no keystroke or click for this long: the lock is free for the next editor
MAX_FIELDS = 100


def _check_may_write(by, article):
    policy.check(by, Action.EDIT if article is not None else Action.CREATE, article)


def _clean(data):
    """The form's fields as sent: names to strings (or lists of strings, for multiple choices)."""
    if not isinstance(data, dict) or len(data) > MAX_FIELDS:
        raise policy.Invalid("An autosave is the form's fields, by name.")
    clean = {}
    for name, value in data.items():
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            clean[str(name)] = value
        elif isinstance(value, str):
            clean[str(name)] = value
        else:
            raise policy.Invalid(f"The field {name!r} of an autosave is not text.")
    return clean


@transaction.atomic
def autosave_keep(*, article, by, data):
    """Keep the user's unsaved work on ``article`` (None: a new article), replacing their previous autosave."""
    _check_may_write(by, article)
    autosave, _ = Autosave.objects.update_or_create(
        user=by, article=article, defaults={"data": _clean(data), "saved_at": timezone.now()}
    )
    return autosave


def autosave_discard(*, article, by):
    """Drop the user's autosave of ``article`` (after a save, or when they decline to restore it)."""
    Autosave.objects.filter(user=by, article=article).delete()


def autosave_to_offer(*, article, by):
    """The user's autosave of ``article`` worth restoring: kept after the article's last save, else None."""
    autosave = Autosave.objects.filter(user=by, article=article).first()
    if autosave is None or article is None:
        return autosave
    latest = article.revisions.values_list("created_at", flat=True).first()
    return autosave if latest is None or autosave.saved_at > latest else None


@transaction.atomic
def presence_beat(*, article, by, active, unsaved):
    """Record that ``by`` has the article open (``active``: typed or clicked since the last beat); the first one
    who may edit holds the lock until they close it or go idle. Returns what the form shows (``presence_state``)."""
    policy.check(by, Action.VIEW, article)
    now = timezone.now()
    mine, created = Presence.objects.select_for_update().get_or_create(
        article=article, user=by, defaults={"opened_at": now, "seen_at": now, "active_at": now}
    )
    mine.seen_at = now
    mine.has_unsaved_changes = bool(unsaved)
    if active or created:
        mine.active_at = now
    if mine.holds_lock_since is None and policy.allows(by, Action.EDIT, article) and _holder(article, now) is None:
        mine.holds_lock_since, mine.taken_over_by = now, None
    mine.save()
    return presence_state(article=article, user=by, now=now)


@transaction.atomic
def lock_take_over(*, article, by):
    """Take the edit lock from whoever holds it; they are told at their next heartbeat."""
    policy.check(by, Action.EDIT, article)
    now = timezone.now()
    Presence.objects.filter(article=article, holds_lock_since__isnull=False).exclude(user=by).update(
        holds_lock_since=None, taken_over_by=by
    )
    Presence.objects.update_or_create(
        article=article,
        user=by,
        defaults={"seen_at": now, "active_at": now, "holds_lock_since": now, "taken_over_by": None},
        create_defaults={"opened_at": now, "seen_at": now, "active_at": now, "holds_lock_since": now},
    )
    return presence_state(article=article, user=by, now=now)


def presence_leave(*, article, by):
    """The user closed the form: they no longer count as there, and their lock is free."""
    Presence.objects.filter(article=article, user=by).delete()


def _holder(article, now):
    """The presence holding the lock now: open, and active within IDLE_AFTER."""
    return (
        Presence.objects.filter(
            article=article,
            holds_lock_since__isnull=False,
            seen_at__gte=now - GONE_AFTER,
            active_at__gte=now - IDLE_AFTER,
        )
        .select_related("user")
        .first()
    )


def _name(user):
    return user.get_full_name() or user.get_username()


def presence_state(*, article, user, now=None):
    """Who else has the article open, whether they have unsaved changes, and who holds the lock since when."""
    now = now or timezone.now()
    here = list(
        Presence.objects.filter(article=article, seen_at__gte=now - GONE_AFTER)
        .select_related("user", "taken_over_by")
        .order_by("opened_at")
    )
    holder = _holder(article, now)
    mine = next((p for p in here if p.user_id == user.pk), None)
    return {
        "others": [
            {
                "name": _name(p.user),
                "unsaved": p.has_unsaved_changes,
                "since": p.opened_at.isoformat(),
                "editing": holder is not None and holder.pk == p.pk,
            }
            for p in here
            if p.user_id != user.pk
        ],
        "lock": None
        if holder is None
        else {
            "holder": _name(holder.user),
            "since": holder.holds_lock_since.isoformat(),
            "mine": holder.user_id == user.pk,
        },
        "taken_over_by": _name(mine.taken_over_by) if mine and mine.taken_over_by else None,
        "may_edit": policy.allows(user, Action.EDIT, article),
    }
