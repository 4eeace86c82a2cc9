"""One import run: two streamed passes over the export (the channel's authors and terms with every attachment,
then the posts), each item in its own transaction, and the report of what happened."""

import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from tqdm import tqdm

from articles.api import stored
from articles.editorial import policy
from articles.images.services import atomic_with_files
from articles.importing import wxr
from articles.importing.services import Importer, ItemFailed
from articles.importing.sticky import pin_sticky
from articles.models import Article, Front
from newsroom import invalidation

logger = logging.getLogger(__name__)


class _DryRun(Exception):
    """Raised at the end of a dry run so that everything it did is rolled back, files included."""


NOTE_KINDS = 50  # the summary's kinds of note: a run with more counts the rest together, in bounded memory
_VARYING = [  # what differs between two notes of one kind, in the order it is looked for
    (re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE), "…"),  # an address
    (re.compile(r"“[^”]*”"), "“…”"),  # a title, slug or name
    (re.compile(r"(?<!\S)/\S*"), "…"),  # a path
    (re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[A-Za-z][A-Za-z0-9]{1,4}\b"), "…"),  # a file's name
    (re.compile(r"(?<![\w-])\d+(?:[.,]\d+)*(?![\w-])"), "N"),  # a number (not one in a name: contact-form-7)
]


def note_kind(message):
    """The note with what varies from one item to the next left out: what the summary counts notes by."""
    for pattern, stand_in in _VARYING:
        message = pattern.sub(stand_in, message)
    return message[:200]


@dataclass
class Report:
    """What a run did, in memory that does not grow with the export: each note is written as it comes (``write``,
    one line naming its item), and only counted here, by kind, for the summary at the end."""

    write: Callable = lambda line: None
    counts: Counter = field(default_factory=Counter)  # (kind, outcome) → n
    note_kinds: Counter = field(default_factory=Counter)  # note_kind(message) → n, at most NOTE_KINDS of them
    other_notes: int = 0  # the notes of kinds past the first NOTE_KINDS
    note_count: int = 0
    failures: int = 0

    def count(self, kind, outcome):
        self.counts[kind, outcome] += 1

    def note(self, item, message):
        self.note_count += 1
        kind = note_kind(message)
        if kind in self.note_kinds or len(self.note_kinds) < NOTE_KINDS:
            self.note_kinds[kind] += 1
        else:
            self.other_notes += 1
        with tqdm.external_write_mode(file=sys.stdout):  # the progress bar steps aside for the line
            self.write(f"{_label(item)}: {message}")

    def lines(self):
        """The summary: the counts by kind of item, then the notes by kind, most frequent first."""
        outcomes = ["created", "updated", "unchanged", "skipped", "failed"]
        lines = []
        for kind in sorted({kind for kind, _ in self.counts}):
            parts = [f"{self.counts[kind, outcome]} {outcome}" for outcome in outcomes if self.counts[kind, outcome]]
            lines.append(f"{kind}: " + ", ".join(parts))
        if self.note_count:
            lines.append("Notes by kind:")
            lines += [f"  {count} × {kind}" for kind, count in self.note_kinds.most_common()]
            if self.other_notes:
                lines.append(f"  {self.other_notes} × other kinds")
        lines.append(f"{self.note_count} note(s), {self.failures} item(s) failed")
        return lines


def _label(item):
    if item is None:
        return "export"
    title = wxr.decode_title(item.title)[:60]
    return f"{item.post_type or 'item'} {item.post_id}" + (f" “{title}”" if title else "")


def _pass(path, *, description, progress):
    """The export's entries, read once more from the start, with a progress bar over the file's bytes."""
    handle = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is done with it
    size = os.path.getsize(path)
    bar = tqdm(total=size, unit="B", unit_scale=True, desc=description, disable=not progress, leave=False)
    try:
        last = 0
        for entry in wxr.read(handle):
            position = handle.tell()
            bar.update(position - last)
            last = position
            yield entry
    finally:
        bar.close()
        handle.close()


STORED_BATCH = 500


def _make_stored(article_ids, bumped):
    """The cards and details of the articles the run saved, STORED_BATCH at a time, as after any bulk write, rather
    than several times a post (its save, byline and tags each ask): a third of the run's time before. One not made
    yet is never served (it is older than its article): until its batch, a list or detail builds it. Then the
    batch's cache tags are bumped, once (a post's own bump wrote the shared cache a dozen times: half the run)."""
    ids = list(article_ids)
    for start in range(0, len(ids), STORED_BATCH):
        with transaction.atomic():
            stored.stored_refresh(ids[start : start + STORED_BATCH])
    article_ids.clear()
    bumped.flush()


def _sticky(importer, items, note, *, front_slug, editor):
    """Once every post is in: the sticky ones that were published pinned to ``front_slug`` as ``editor`` (newest
    first, as WordPress lists them), or noted for an editor to pin by hand."""
    imported = [(item, article) for item in items if (article := importer.imported_article(item)) is not None]
    published = [(item, article) for item, article in imported if article.status == Article.Status.PUBLISHED]
    for item, article in imported:
        if article.status != Article.Status.PUBLISHED:
            note(item, "sticky in WordPress, but not published: not pinned")
        elif not front_slug:
            note(item, "sticky in WordPress: pin it on a front by hand (or import with --sticky-front)")
    if not front_slug or not published:
        return
    published.sort(key=lambda pair: pair[1].published_at, reverse=True)
    try:
        front, positions = pin_sticky(front_slug=front_slug, articles=[article for _, article in published], by=editor)
    except (policy.Refusal, Front.DoesNotExist) as refusal:
        for item, _ in published:
            note(item, f"sticky in WordPress: not pinned to the front “{front_slug}” ({refusal or 'it is gone'})")
        return
    for item, article in published:
        if position := positions[article.pk]:
            note(item, f"sticky in WordPress: pinned to position {position} of the front “{front.name}”")
        else:
            note(item, f"sticky in WordPress: not pinned, the front “{front.name}” has no pinned position left")


def import_wordpress(
    path, *, report=None, uploads_dir=None, dry_run=False, progress=False, sticky_front=None, editor=None
):
    """Import the export at ``path`` into ``report`` (which writes each note as it comes) and return it.
    ``sticky_front`` is the slug of a front to pin the sticky posts to, as ``editor`` (a user who may change fronts).
    A run that stops (an export cut short, an interruption) keeps what it imported, each item in its transaction,
    and ``report`` holds the counts so far: the caller prints them either way."""
    report = report if report is not None else Report()
    importer = None
    note = report.note

    def one(kind, work, item):
        importer._current = item
        try:
            with atomic_with_files():
                outcome = work(item)
        except (ItemFailed, wxr.WxrError) as failure:
            outcome = "failed"
            note(item, f"not imported: {failure}")
        except Exception as error:  # a bad post is reported, never fatal: the next one is imported
            logger.exception("WordPress import of %s failed", _label(item))
            outcome = "failed"
            note(item, f"not imported: {type(error).__name__}: {error}")
        if outcome == "failed":
            importer.forget()
        report.count(kind, outcome)
        report.failures += outcome == "failed"

    def run():
        nonlocal importer
        for entry in _pass(path, description="attachments", progress=progress):
            if isinstance(entry, wxr.Site):
                importer = Importer(site=entry, uploads_dir=uploads_dir, note=note)
            elif isinstance(entry, wxr.Author):
                importer.channel_author(entry)
            elif isinstance(entry, wxr.Term):
                importer.channel_term(entry)
            elif entry.post_type == "attachment":
                one("attachments", importer.attachment, entry)
        sticky = []  # the sticky posts' items (a handful), pinned once every post is in
        try:
            for entry in _pass(path, description="posts", progress=progress):
                if not isinstance(entry, wxr.Item) or entry.post_type == "attachment":
                    continue
                if entry.post_type != "post":
                    report.count(f"{entry.post_type or 'other'} items", "skipped")
                    continue
                one("posts", importer.post, entry)
                if entry.is_sticky:
                    sticky.append(entry)
                if len(saved) >= STORED_BATCH:
                    _make_stored(saved, bumped)
        except wxr.WxrError:
            _make_stored(saved, bumped)  # the posts imported before the export broke off are served as any other
            raise
        _make_stored(saved, bumped)
        _sticky(importer, sticky, note, front_slug=sticky_front, editor=editor)

    with stored.deferred() as saved, invalidation.gathered() as bumped:
        if not dry_run:
            run()
            return report
        try:
            with atomic_with_files():
                run()
                raise _DryRun
        except _DryRun:
            pass
    return report
