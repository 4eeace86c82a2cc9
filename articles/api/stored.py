"""Each article's list card and public detail, stored on its row, so that a public list page or detail is a query
or two and no model graph.

Each is the representation exactly as its serializer builds it, but with its addresses relative to the API's host
and without what changes too often to store: the comment count, and on the detail the byline's article counts
(another article going public moves them); a read puts them in. They are made again after every change of what
they show (``SHOWS``), on commit; one older than its article's last save is not used, so a change that bypassed
signals costs speed, never correctness. Live coverage stores no detail: its state moves with the clock and its
stream.
"""

import contextlib
import contextvars

import orjson
from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_delete

from articles.api.serializers.articles import ArticleDetailSerializer, ArticleListSerializer, iso
from articles.models import Article
from newsroom.links import Links, links_for
from newsroom.public_cache import collecting, shows

HOST = "\ufffe"  # stands for the host in a stored card: a noncharacter, which no stored text may hold (xml_safe)
HOST_IN_JSON = orjson.dumps(HOST)[1:-1]
STORED_LINKS = {"links": Links.at(HOST)}
# Whose representations are stored: the published, public or scheduled (which goes out without a save). Nothing
# else is served; publishing makes them.
SERVED = Q(status=Article.Status.PUBLISHED)


def card_of(article):
    """The stored form of an article's card (``article`` read with ``for_listing()``)."""
    card = ArticleListSerializer(article, context=STORED_LINKS).data
    card.pop("comment_count")
    return {"of": iso(article.updated_at), "card": card}


def detail_of(article):
    """The stored form of an article's public detail (read with ``for_detail()``), or None for live coverage."""
    with collecting() as tags:
        detail = ArticleDetailSerializer(article, context=STORED_LINKS).data
    if detail["coverage"] is not None:
        return None
    detail.pop("comment_count")
    counted = [byline.author_id if byline.author.is_active else None for byline in article.article_authors.all()]
    return {"of": iso(article.updated_at), "detail": detail, "counted": counted, "tags": sorted(tags)}


def stored_refresh(article_ids):
    """Make the cards and details of these articles again."""
    articles = list(Article.objects.filter(pk__in=article_ids).for_listing())
    for article in articles:
        article.public_card = card_of(article)
    Article.objects.bulk_update(articles, ["public_card"], batch_size=500)
    articles = list(Article.objects.filter(pk__in=article_ids).for_detail(byline_counts=False))
    for article in articles:
        article.public_detail = detail_of(article)
    Article.objects.bulk_update(articles, ["public_detail"], batch_size=500)


def stored_make_missing(batch=500, *, every=False):
    """Make the cards and details no served article has yet (after a bulk import, or once after the migrations
    adding them); live coverage, which stores no detail, is made again each time. ``every``: all of them (after a
    setting that shapes them changed, e.g. EMBEDS_CONSENT_PLACEHOLDER)."""
    articles = Article.objects.filter(SERVED)
    if not every:
        articles = articles.filter(Q(public_card__isnull=True) | Q(public_detail__isnull=True))
    missing = list(articles.values_list("pk", flat=True))
    for start in range(0, len(missing), batch):
        stored_refresh(missing[start : start + batch])
    return len(missing)


def public_cards(articles, context):
    """The list items of ``articles`` (read with ``for_cards()``): their stored cards, and those not stored as of
    their last save made now, together (one query more, whatever their number)."""
    base = links_for(context).base
    cards = {article.pk: _stored_card(article, base) for article in articles}
    stale = [pk for pk, card in cards.items() if card is None]
    if stale:
        made = Article.objects.filter(pk__in=stale).for_listing()
        cards |= {article.pk: ArticleListSerializer(article, context=context).data for article in made}
    shows(*(f"article:{article.pk}" for article in articles))
    return [cards[article.pk] for article in articles]


def public_detail(article, context):
    """The public detail of ``article`` (read with ``for_stored_detail()``) from its stored form with the counts put
    in (one query more), or None when none is stored as of its last save."""
    stored = article.public_detail
    if stored is None or stored["of"] != iso(article.updated_at):
        return None
    Author = apps.get_model("authors", "Author")
    counts = Author.objects.article_counts_of([pk for pk in stored["counted"] if pk])
    detail = _at(stored["detail"], links_for(context).base) | {"comment_count": article.approved_comment_count}
    for profile, author_id in zip(detail["authors"], stored["counted"], strict=True):
        if author_id:
            profile["article_count"] = counts.get(author_id, 0)
    shows(*stored["tags"])
    return detail


def _stored_card(article, base):
    stored = article.public_card
    if stored is None or stored["of"] != iso(article.updated_at):
        return None
    return _at(stored["card"], base) | {"comment_count": article.approved_comment_count}


def _at(value, base):
    """``value`` with the host put in: one pass over its JSON, far quicker than a walk of its thousand nodes."""
    return orjson.loads(orjson.dumps(value).replace(HOST_IN_JSON, orjson.dumps(base)[1:-1]))


# What the stored representations show, by model: the articles whose card or detail a change of one makes stale.
SHOWS = {
    "articles.Article": lambda article: Q(pk=article.pk),
    "articles.Article_tags": None,  # m2m_changed: its articles
    "articles.ArticleAuthor": lambda byline: Q(pk=byline.article_id),
    "articles.ArticleImage": lambda placement: Q(pk=placement.article_id),
    "articles.ArticleEmbed": lambda placement: Q(pk=placement.article_id),
    "articles.Embed": lambda embed: Q(embed_placements__embed=embed.pk),  # a refresh: what the provider says now
    "articles.Correction": lambda correction: Q(pk=correction.article_id),
    "articles.LiveCoverage": lambda coverage: Q(pk=coverage.article_id),
    "articles.Image": lambda image: Q(featured_image=image.pk) | Q(placements__image=image.pk),
    "articles.Section": lambda section: Q(section=section.pk),
    "articles.Tag": lambda tag: Q(tags=tag.pk),
    "authors.Author": lambda author: Q(article_authors__author=author.pk),
    "authors.AuthorLink": lambda link: Q(article_authors__author=link.author_id),
}


# Rows whose being there changes what is stored, not what they hold: an article that is live coverage stores no
# detail, and no card shows its coverage, so its entries (which save the coverage row) remake nothing.
SHOWN_WHEN_MADE_OR_GONE = {"articles.LiveCoverage"}

# An article's own writes: its row, tags, byline, placements.
ARTICLE_OWN = {"articles.Article", "articles.Article_tags", "articles.ArticleAuthor", "articles.ArticleImage"}
_deferred = contextvars.ContextVar("stored_deferred", default=None)


@contextlib.contextmanager
def deferred():
    """Inside the block, an article's own writes leave its card and detail to the caller, who makes them in
    batches with ``stored_refresh`` from the set yielded (filled as they write): a bulk import writes each
    article several times. Changes of what articles show (a photo, an author…) still make theirs at once."""
    pending = set()
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)


def _changed(sender, instance, signal, **kwargs):
    if signal is m2m_changed:
        if not kwargs["action"].startswith("post_") or (kwargs["action"] != "post_clear" and not kwargs["pk_set"]):
            return
        shown = Q(pk__in=kwargs["pk_set"] or ()) if kwargs["reverse"] else Q(pk=instance.pk)
        if kwargs["reverse"] and kwargs["action"] == "post_clear":
            return  # clearing a tag's articles: their own saves follow, and a stale card is never used
    elif signal is post_save and not kwargs["created"] and sender._meta.label in SHOWN_WHEN_MADE_OR_GONE:
        return
    else:
        shown = SHOWS[sender._meta.label](instance)
    published = Article.objects.filter(shown, SERVED)  # read now, before a delete unlinks them
    article_ids = list(published.values_list("pk", flat=True).distinct())
    pending = _deferred.get()
    if article_ids and pending is not None and sender._meta.label in ARTICLE_OWN:
        pending.update(article_ids)  # made from what is in the database then, whether this write commits or not
    elif article_ids:
        transaction.on_commit(lambda: stored_refresh(article_ids))


def connect_stored():
    for label in SHOWS:
        model = apps.get_model(label)
        if model._meta.auto_created:
            m2m_changed.connect(_changed, sender=model, dispatch_uid=f"stored-m2m-{label}")
            continue
        post_save.connect(_changed, sender=model, dispatch_uid=f"stored-save-{label}")
        if label != "articles.Article":  # a deleted article's representations go with its row
            pre_delete.connect(_changed, sender=model, dispatch_uid=f"stored-delete-{label}")
