"""What a change makes stale: the cache tags each committed change bumps, answered once for every surface.

The admin, the API, commands and tasks all write through models, so the answer hangs on their signals. Tags a
response carries (named where each representation is built, ``newsroom.public_cache.shows``):

- ``article:<id>`` — anything showing that article (its detail, ninjs, comments, the list pages holding it);
- ``author:<id>``, ``image:<id>``, ``section:<id>``, ``tag:<id>`` — anything showing that author, photo…;
- ``articles``, ``authors``, ``sections``, ``tags``, ``comments:<article id>``, ``feed``, ``sitemap`` —
  the lists, whose membership and order a change can move (an article list names ``articles`` in place of its
  authors, photos, sections and tags, whose changes bump it too);
- ``front:<id>``, ``fronts``, ``redirects`` — a front, the list of fronts, the redirect lookups;
- ``embed:<id>`` — anything showing that embed (the details of the articles it is placed in);
- ``site`` — everything.
"""

import contextlib
import contextvars
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from newsroom.public_cache import bump, schedule_changed

# Lists that show what is in an article, whatever pages they hold: a feed's items, a sitemap's dates, search results
# (an edit can make an article match a query). Other lists, as each page names its articles, follow an edit through
# them, and only a move (the article going out or in, a new publish time or section, tags or byline) bumps them all.
SHOWING_CONTENT = {"feed", "sitemap", "search"}
ARTICLE_LISTS = {"articles", "sections", "tags", *SHOWING_CONTENT}  # section and tag pages count public articles


def article_tags(article_id, *, counted_by=None, moved=True):
    """A public article changed: what shows it, and — when it went public or stopped being, or its byline
    changed — what counts it (``counted_by``: its authors' pages and every byline of theirs, as an author's profile
    carries their article count). ``moved=False``: an edit that leaves it where it stood in every list."""
    tags = {f"article:{article_id}", *(ARTICLE_LISTS if moved else SHOWING_CONTENT)}
    if counted_by is not None:
        tags |= {"authors", *(f"author:{author_id}" for author_id in counted_by)}
    return tags


def _byline_ids(article_ids):
    from articles.models import ArticleAuthor

    return list(ArticleAuthor.objects.filter(article_id__in=article_ids).values_list("author_id", flat=True))


def _public_article_ids(article_ids):
    from articles.models import Article

    return set(Article.objects.published().filter(pk__in=article_ids).values_list("pk", flat=True))


def _of_public_article(article_id, tags):
    return tags if _public_article_ids([article_id]) else set()


def went_public_between(since, until):
    """Tags of the articles whose scheduled time fell in (since, until]: they are public now without a save."""
    from articles.models import Article

    due = Article.objects.published().filter(published_at__gt=_moment(since), published_at__lte=_moment(until))
    return went_public_tags(list(due.values_list("pk", flat=True)))


def went_public_tags(article_ids):
    """Tags of these articles, which went public by the clock: what shows them and what counts them."""
    authors = _byline_ids(article_ids) if article_ids else []
    return set().union(*(article_tags(article_id, counted_by=authors) for article_id in article_ids))


def fronts_turned_between(since, until):
    """Tags of the fronts a slot of which began or ended its show window in (since, until]."""
    from articles.models import FrontSlot

    turned = FrontSlot.objects.turning_between(_moment(since), _moment(until)).values_list("front_id", flat=True)
    return {f"front:{front_id}" for front_id in turned}


def coverage_turned_between(since, until):
    """Tags of the live coverage that started or ended by the clock in (since, until]."""
    from articles.models import LiveCoverage

    since, until = _moment(since), _moment(until)
    turned = LiveCoverage.objects.with_auto_end().filter(
        Q(starts_at__gt=since, starts_at__lte=until)
        | Q(ends_at__gt=since, ends_at__lte=until)
        | Q(ends_at__isnull=True, auto_end_at__gt=since, auto_end_at__lte=until)
    )
    ids = _public_article_ids(turned.values_list("article_id", flat=True))
    return set().union(*(article_tags(article_id, moved=False) for article_id in ids))


def changed_by_itself_between(since, until):
    """What public content changed with no write to say so: articles going out on time, fronts' slot windows, live
    coverage starting or ending."""
    return (
        went_public_between(since, until) | fronts_turned_between(since, until) | coverage_turned_between(since, until)
    )


def next_change():
    """The timestamp of the next moment public content changes by itself, or None."""
    from articles.models import Article, FrontSlot, LiveCoverage

    moments = [
        Article.objects.next_publication_time(),
        FrontSlot.objects.next_boundary(),
        LiveCoverage.objects.next_change_time(),
    ]
    return min((moment.timestamp() for moment in moments if moment), default=None)


def _moment(timestamp):
    return datetime.fromtimestamp(timestamp, tz=UTC)


def _article(article, *, deleted=False, **_):
    public = not deleted and article.is_public
    was_public, article._was_public = article._was_public, public
    was_placed, article._was_placed = getattr(article, "_was_placed", None), article.list_place
    if not deleted and article.status == article.Status.PUBLISHED and not public:
        _turns_at(article.published_at)
    if not public and was_public is False:
        return set()  # a draft, an article in review, a scheduled one: nothing public shows it yet
    if public and was_public and was_placed == article.list_place:
        return article_tags(article.pk, moved=False)
    return article_tags(article.pk, counted_by=_byline_ids([article.pk]) if public is not was_public else None)


def _turns_at(*moments):
    """Have the cache look again by the first of these moments still to come; no tag changes now."""
    upcoming = [moment for moment in moments if moment and moment > timezone.now()]
    if upcoming:
        transaction.on_commit(lambda: schedule_changed(min(upcoming)))
    return set()


def _byline(byline, *, created=False, deleted=False):
    if not (created or deleted):  # a new position: no count moves, no author's list gains or loses it
        return _of_public_article(byline.article_id, article_tags(byline.article_id, moved=False))
    return _of_public_article(byline.article_id, article_tags(byline.article_id, counted_by=[byline.author_id]))


def _comment(comment, *, created=False, deleted=False, **_):
    approved = not deleted and comment.status == comment.Status.APPROVED
    was_approved, comment._was_approved = comment._was_approved, approved
    if not approved and was_approved is False:
        return set()  # waiting for moderation, or rejected all along
    return comments_changed([comment.article_id])


def comments_changed(article_ids):
    """Approved comments of these articles changed: their threads and counts."""
    tags = set()
    for article_id in _public_article_ids(article_ids):
        tags |= {f"comments:{article_id}", f"article:{article_id}"}
    return tags


def _article_tags_m2m(instance, *, action, pk_set=None, reverse=False, **_):
    if not action.startswith("post_") or (action != "post_clear" and not pk_set):
        return set()  # before the change, or (a tags.set() that kept them all) no change
    article_ids = (pk_set or ()) if reverse else [instance.pk]
    tags = {"tags"} if reverse else set()
    for article_id in _public_article_ids(article_ids):
        tags |= article_tags(article_id)
    return tags


def _placed(row, **_):
    return _of_public_article(row.article_id, {f"article:{row.article_id}"})


def _shown_row(own, shown, *, in_public):
    """A row articles show (a photo, an author, a section, a tag): a change of it is stale on its own pages
    (``own``); on the lists, which name ``articles`` in its place, and on what else shows it (``shown``) only while
    public content shows it (``in_public``, asked of a saved row). A new row is on no article yet; a deleted one is
    judged at its widest, its links to articles being gone by then."""

    def stale(row, *, created=False, deleted=False, **_):
        if deleted or (not created and in_public(row.pk)):
            return own(row) | shown
        return own(row)

    return stale


def _photo_in_public(image_id):
    from articles.models import Image

    return Image.objects.shown_in_public().filter(pk=image_id).exists()


def _author_in_public(author_id):
    from articles.models import Article, LiveEntry

    in_bylines = Article.objects.published().filter(article_authors__author=author_id)
    return in_bylines.exists() or LiveEntry.objects.public().filter(entry_authors__author=author_id).exists()


def _in_public_articles(lookup):
    def in_public(pk):
        from articles.models import Article

        return Article.objects.published().filter(**{lookup: pk}).exists()

    return in_public


# Every model a public response reads (API, feeds, sitemaps), by label, and what a committed change of one makes
# stale. tests/newsroom/test_public_content.py fails when a public response reads a model not listed here.
PUBLIC_CONTENT = {
    "articles.Article": _article,
    "articles.Article_tags": _article_tags_m2m,
    "articles.ArticleAuthor": _byline,
    "articles.ArticleImage": _placed,
    "articles.ArticleEmbed": _placed,
    "articles.Embed": lambda embed, **_: {f"embed:{embed.pk}"},
    "articles.Correction": _placed,
    "articles.SlugRedirect": _placed,
    # A list names "articles" instead of these (newsroom.public_cache.SUBSUMED): their changes bump it while a public
    # article (or a front) shows them.
    "articles.Image": _shown_row(lambda image: {f"image:{image.pk}"}, {"articles", "feed"}, in_public=_photo_in_public),
    "articles.Section": _shown_row(
        lambda section: {f"section:{section.pk}", "sections"},
        {"articles", "feed", "sitemap"},  # the sitemap lists the sections that have public articles
        in_public=_in_public_articles("section"),
    ),
    "articles.Tag": _shown_row(
        lambda tag: {f"tag:{tag.pk}", "tags"}, {"articles", "feed"}, in_public=_in_public_articles("tags")
    ),  # the feeds name their items' tags
    "articles.Comment": _comment,
    "authors.Author": _shown_row(
        lambda author: {f"author:{author.pk}", "authors"},
        {"articles", "feed", "sitemap"},  # the sitemap lists the authors of public articles
        in_public=_author_in_public,
    ),
    "authors.AuthorLink": lambda link, **_: {f"author:{link.author_id}"},
    "articles.Redirect": lambda redirect, **_: {"redirects"},
    # Live coverage: every entry write also saves the article's LiveCoverage row (articles.live.services), which
    # stands for the entries: an entry changes its article for caches without a write to the article row.
    # Its state and entries show on the article's own responses only: the lists' cards carry no coverage.
    "articles.LiveCoverage": lambda coverage, **_: (
        _of_public_article(coverage.article_id, article_tags(coverage.article_id, moved=False))
        | _turns_at(coverage.starts_at, coverage.ends_at)
    ),
    "articles.LiveEntry": lambda entry, **_: set(),
    "articles.LiveEntryAuthor": lambda row, **_: set(),
    "articles.LiveEntryImage": lambda row, **_: set(),
    "articles.LiveEntryCorrection": lambda row, **_: set(),
    "articles.Front": lambda front, **_: {f"front:{front.pk}", "fronts"},
    "articles.FrontSlot": lambda slot, **_: _turns_at(slot.show_from, slot.show_until) | {f"front:{slot.front_id}"},
}


def invalidate_on_commit(tags):
    """Bump ``tags`` once the transaction commits; never for a write that rolled back. Inside ``gathered()``, they
    are gathered at the commit instead, for the block to bump together."""
    if tags:
        transaction.on_commit(lambda: _bump_or_gather(tags))


_gathered = contextvars.ContextVar("invalidation_gathered", default=None)


def _bump_or_gather(tags):
    pending = _gathered.get()
    if pending is None:
        bump(tags)
    else:
        pending.update(tags)


class _Gathered(set):
    def flush(self):
        """Bump what the committed changes gathered so far touched."""
        bump(set(self))
        self.clear()


@contextlib.contextmanager
def gathered():
    """Inside the block, committed changes' tags are gathered, and bumped together by ``flush()`` and when the block
    ends (however it ends): a bulk write (an import) writes the shared cache once a batch, not once a row."""
    pending = _Gathered()
    token = _gathered.set(pending)
    try:
        yield pending
    finally:
        _gathered.reset(token)
        pending.flush()


def _changed(sender, signal, instance=None, created=False, **kwargs):
    stale = PUBLIC_CONTENT[sender._meta.label]
    if signal is m2m_changed:
        invalidate_on_commit(stale(instance, **kwargs))
    else:
        invalidate_on_commit(stale(instance, created=created, deleted=signal is post_delete))


def connect_public_content():
    """Wire saves, deletes and many-to-many changes of every model in PUBLIC_CONTENT to the purge."""
    from django.apps import apps

    for label in PUBLIC_CONTENT:
        model = apps.get_model(label)
        if model._meta.auto_created:  # a many-to-many table: its changes come as m2m_changed
            m2m_changed.connect(_changed, sender=model, dispatch_uid=f"public-cache-m2m-{label}")
            continue
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-cache-delete-{label}")
