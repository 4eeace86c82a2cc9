"""The live coverage write path: the admin's posting screen, the API and commands all call these.

Each service asks the editorial policy itself. Every entry write locks the article's coverage row (never the article
row), recomputes the stream's summary on it, and so orders two reporters posting at the same moment without losing
either entry or asking either for an ``If-Match``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from articles.content import body
from articles.editorial import policy
from articles.editorial.policy import LiveAction
from articles.integrations import events
from articles.live.models import LiveCoverage, LiveEntry, LiveEntryAuthor, LiveEntryCorrection, LiveEntryImage
from articles.models import Article, Image
from authors.models import Author
from newsroom.text import xml_safe

Status = LiveEntry.Status
CORRECTION_MAX_LENGTH = 10_000  # characters of an entry's correction: a note, not a second entry


def _locked(article):
    """The article's coverage under a row lock held until the transaction ends; the policy's refusal without one."""
    coverage = LiveCoverage.objects.select_for_update().filter(pk=article.pk).first()
    if coverage is None:
        raise policy.InvalidState("This article is not live coverage; an editor makes it so first.")
    article.live_coverage = coverage
    return coverage


def _refresh_summary(coverage):
    """The stream's count and last entry time, recomputed (not incremented): right whatever the writes were."""
    summary = coverage.entries.published().aggregate(count=Count("pk"), last=Max("published_at"))
    coverage.entry_count, coverage.last_entry_at = summary["count"], summary["last"]
    coverage.save(update_fields=["entry_count", "last_entry_at", "updated_at"])


def _text(value, field, *, limit=None):
    value = (value or "").strip()
    try:
        xml_safe(value)
    except ValidationError as refusal:
        raise policy.Invalid(refusal.messages[0], field=field) from None
    if limit and len(value) > limit:
        raise policy.Invalid(f"At most {limit:,} characters; this has {len(value):,}.", field=field)
    return value


def _body(html):
    """Sanitised exactly as an article body is, placing only photos of the library."""
    html = _text(html, "body")
    if problem := body.refusal(html):
        raise policy.Invalid(problem, field="body")
    clean = body.sanitize(html)
    if not body.plain_text(clean).strip() and not body.placed_figures(clean):
        raise policy.Invalid("Write the entry first.", field="body")
    if unknown := Article.figures_outside_library(clean):
        raise policy.Invalid(
            f"Place only photos from the image library; not found there: {', '.join(unknown)}", field="body"
        )
    return clean


def _sync_images(entry):
    figures = body.placed_figures(entry.body)
    images = {image.file.name: image for image in Image.objects.by_names(f.image_name for f in figures)}
    entry.placements.all().delete()
    LiveEntryImage.objects.bulk_create(
        LiveEntryImage(
            entry=entry,
            image=images[figure.image_name],
            position=position,
            caption="" if figure.caption == images[figure.image_name].caption else figure.caption,
        )
        for position, figure in enumerate(f for f in figures if f.image_name in images)
    )


def _byline(by, author_ids, article):
    """The entry's authors: those named, else the poster's own profile (an editor without one: the article's
    byline); a writer stays in the byline of what they post, as in an article's."""
    own = Author.objects.filter(user=by).values_list("pk", flat=True).first()
    if not author_ids:
        author_ids = [own] if own else list(article.article_authors.values_list("author_id", flat=True))
    author_ids = list(author_ids)
    if not author_ids:
        raise policy.Invalid("Name the entry's author: your account has no author profile.", field="authors")
    policy.check_byline(by, author_ids, own_author_id=own)
    if Author.objects.filter(pk__in=author_ids).count() != len(author_ids):
        raise policy.Invalid("No such author.", field="authors")
    return author_ids


def _set_byline(entry, author_ids):
    entry.entry_authors.all().delete()
    LiveEntryAuthor.objects.bulk_create(
        LiveEntryAuthor(entry=entry, author_id=author_id, position=position)
        for position, author_id in enumerate(author_ids)
    )


@transaction.atomic
def coverage_start(*, article, by, starts_at=None, ends_at=None):
    """Make the article live coverage (or change its times): it starts at ``starts_at`` (now by default)."""
    policy.check_live(by, LiveAction.MANAGE_COVERAGE, article)
    Article.objects.select_for_update().filter(pk=article.pk).exists()  # one coverage per article, even at once
    coverage = LiveCoverage.objects.filter(pk=article.pk).first()
    coverage = coverage or LiveCoverage(article=article, starts_at=starts_at or timezone.now())
    coverage.starts_at = starts_at or coverage.starts_at
    _set_end(coverage, ends_at)
    coverage.save()
    article.live_coverage = coverage  # the caller's article is live coverage from now on
    return coverage


def _check_moment(moment, field):
    """A time a coverage can hold and count hours from: no overflow at either end of the calendar."""
    if moment is not None and not 1900 <= moment.year <= 9000:
        raise policy.Invalid("Give a time between the years 1900 and 9000.", field=field)


def _set_end(coverage, ends_at):
    _check_moment(coverage.starts_at, "starts_at")
    _check_moment(ends_at, "ends_at")
    if ends_at is not None and ends_at < coverage.starts_at:
        raise policy.Invalid("The coverage cannot end before it starts.", field="ends_at")
    if coverage.ends_at and ends_at is None:
        coverage.resumed_at = timezone.now()  # reopened: the quiet period before an end by itself starts again
    coverage.ends_at = ends_at


@transaction.atomic
def coverage_update(*, article, by, changes):
    """Change the coverage's ``starts_at`` and ``ends_at`` (None reopens ended coverage)."""
    policy.check_live(by, LiveAction.MANAGE_COVERAGE, article)
    coverage = _locked(article)
    if "starts_at" in changes:
        if changes["starts_at"] is None:
            raise policy.Invalid("The coverage needs a start time.", field="starts_at")
        coverage.starts_at = changes["starts_at"]
    _set_end(coverage, changes.get("ends_at", coverage.ends_at))
    coverage.save()
    return coverage


@transaction.atomic
def coverage_end(*, article, by, at=None):
    """End the coverage now (or at ``at``)."""
    policy.check_live(by, LiveAction.MANAGE_COVERAGE, article)
    coverage = _locked(article)
    _set_end(coverage, at or max(timezone.now(), coverage.starts_at))
    coverage.save()
    return coverage


@transaction.atomic
def coverage_end_quiet(*, now=None):
    """Write down the end of every coverage past its quiet period (LIVE_COVERAGE_AUTO_END_HOURS): reads already
    treat it as ended; this keeps the row saying so. Run by the system; returns how many ended."""
    ended = 0
    for coverage in LiveCoverage.objects.running_past_auto_end(now).select_for_update():
        coverage.ends_at = coverage.auto_end_at
        coverage.save(update_fields=["ends_at", "updated_at"])
        ended += 1
    return ended


@transaction.atomic
def entry_post(*, article, by, body_html, headline="", status=Status.PUBLISHED, key_event=False, author_ids=None):
    """A new entry: into the stream at once, or a draft."""
    policy.check_live(by, LiveAction.POST_ENTRY, article)  # fail fast, before waiting for a lock
    coverage = _locked(article)
    article = _as_now(article, coverage)
    policy.check_live(by, LiveAction.POST_ENTRY, article)
    if status == Status.PUBLISHED:
        policy.check_live_publish(coverage)
    entry = LiveEntry.objects.create(
        coverage=coverage,
        headline=_text(headline, "headline", limit=300),
        body=_body(body_html),
        status=Status(status),
        is_key_event=bool(key_event),
        created_by=by,
        published_at=timezone.now(),
    )
    _set_byline(entry, _byline(by, author_ids, article))
    if key_event:
        policy.check_live(by, LiveAction.MARK_KEY_EVENT, article, entry)
    _sync_images(entry)
    _refresh_summary(coverage)
    if entry.is_published:
        events.live_entry_changed(article, entry.pk, change="posted")
    return entry


def _as_now(article, coverage):
    """The article read again under its coverage's lock, so the policy asked now sees its byline and state as they
    are now: not as the caller read them (a screen's byline, prefetched before the lock for its buttons)."""
    fresh = Article.objects.defer("body", "public_card", "public_detail").get(pk=article.pk)
    fresh.live_coverage = coverage
    return fresh


def _entry_locked(article, entry, by, action):
    """The coverage, the article and the entry, read again under the coverage's lock, and the policy asked about
    ``action`` of what they are now."""
    policy.check_live(by, action, article, entry)  # fail fast, before waiting for a lock
    coverage = _locked(article)
    entry = LiveEntry.objects.select_for_update().filter(pk=entry.pk, coverage=coverage).first()
    if entry is None:
        raise policy.Invalid("That entry is not in this article's stream.", field="entry")
    article = _as_now(article, coverage)
    policy.check_live(by, action, article, entry)
    return coverage, article, entry


@transaction.atomic
def entry_edit(*, article, entry, by, changes):
    """Change an entry: ``body_html``, ``headline``, ``authors``, ``status`` (publish a draft, or take an entry back
    to draft), ``key_event``, ``pinned`` (one pinned entry an article: pinning one unpins the other)."""
    flags_only = bool(changes) and not ({"body_html", "headline", "authors", "status"} & set(changes))
    # Flags alone are asked about below, one by one; anything else is an edit.
    action = LiveAction.VIEW_ENTRY_DRAFTS if flags_only else LiveAction.EDIT_ENTRY
    coverage, article, entry = _entry_locked(article, entry, by, action)
    was_published, changed = entry.is_published, False
    if "key_event" in changes and bool(changes["key_event"]) != entry.is_key_event:
        policy.check_live(by, LiveAction.MARK_KEY_EVENT, article, entry)
        entry.is_key_event, changed = bool(changes["key_event"]), True
    text_changed = False
    if "headline" in changes:
        headline = _text(changes["headline"], "headline", limit=300)
        text_changed |= headline != entry.headline
        entry.headline = headline
    if "body_html" in changes:
        html = _body(changes["body_html"])
        text_changed |= html != entry.body
        entry.body = html
    if "authors" in changes:
        author_ids = _byline(by, changes["authors"], article)
        changed |= author_ids != list(entry.entry_authors.values_list("author_id", flat=True))
        _set_byline(entry, author_ids)
    changed |= text_changed
    if "status" in changes and changes["status"] != entry.status:
        changed = True
        if changes["status"] == Status.PUBLISHED:
            policy.check_live_publish(coverage)
            entry.published_at, entry.edited_at = timezone.now(), None  # into the stream now, as a new entry
        else:
            entry.is_pinned = False
        entry.status = Status(changes["status"])
    elif text_changed and entry.is_published:
        entry.edited_at = timezone.now()
    if "pinned" in changes and bool(changes["pinned"]) != entry.is_pinned:
        policy.check_live(by, LiveAction.PIN_ENTRY, article, entry)
        if changes["pinned"]:
            coverage.entries.filter(is_pinned=True).exclude(pk=entry.pk).update(is_pinned=False)
        entry.is_pinned, changed = bool(changes["pinned"]), True
    entry.save()
    if "body_html" in changes:
        _sync_images(entry)
    _refresh_summary(coverage)
    if changed and (was_published or entry.is_published):
        change = "posted" if not was_published else "edited" if entry.is_published else "withdrawn"
        events.live_entry_changed(article, entry.pk, change=change)
    return entry


@transaction.atomic
def entry_delete(*, article, entry, by):
    """Remove an entry for good; one with corrections is kept (take it back to draft instead)."""
    coverage, article, entry = _entry_locked(article, entry, by, LiveAction.DELETE_ENTRY)
    if entry.corrections.exists():
        raise policy.InvalidState("An entry with corrections is kept; take it back to draft instead.")
    entry_id, was_published = entry.pk, entry.is_published
    entry.delete()
    _refresh_summary(coverage)
    if was_published:
        events.live_entry_changed(article, entry_id, change="deleted")


@transaction.atomic
def entry_correction_add(*, article, entry, by, text):
    """A dated correction on a published entry; the stream changes with it."""
    coverage, article, entry = _entry_locked(article, entry, by, LiveAction.CORRECT_ENTRY)
    text = _text(text, "text", limit=CORRECTION_MAX_LENGTH)
    if not text:
        raise policy.Invalid("Write the correction's text.", field="text")
    correction = LiveEntryCorrection.objects.create(entry=entry, text=text, created_by=by)
    entry.save(update_fields=["updated_at"])
    _refresh_summary(coverage)
    if entry.is_published:
        events.live_entry_changed(article, entry.pk, change="corrected")
    return correction
