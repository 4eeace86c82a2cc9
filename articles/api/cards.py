"""Each article's list card, stored on its row, so that a public list page is one query and no model graph.

The card is the list item exactly as ``ArticleListSerializer`` builds it, but with its addresses relative to the
API's host and without the comment count, which changes too often to store: a list puts both in. It is made again
after every change of what it shows (``CARD_SHOWS``), on commit; a card older than its article's last save is not
used, so a change that bypassed signals costs speed, never correctness.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_delete

from articles.api.serializers.articles import ArticleListSerializer, iso
from articles.models import Article
from newsroom.links import Links, links_for
from newsroom.public_cache import shows

HOST = "\ufffe"  # stands for the host in a stored card: a noncharacter, which no stored text may hold (xml_safe)


def card_of(article):
    """The stored form of an article's card (``article`` read with ``for_listing()``)."""
    card = ArticleListSerializer(article, context={"links": Links.at(HOST)}).data
    card.pop("comment_count")
    return {"of": iso(article.updated_at), "card": card}


def cards_refresh(article_ids):
    """Make the cards of these articles again."""
    articles = list(Article.objects.filter(pk__in=article_ids).for_listing())
    for article in articles:
        article.public_card = card_of(article)
    Article.objects.bulk_update(articles, ["public_card"], batch_size=500)


def cards_make_missing(batch=1000):
    """Make the cards no article has yet (after a bulk import, or once after the migration adding them)."""
    missing = list(Article.objects.filter(public_card__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(missing), batch):
        cards_refresh(missing[start : start + batch])
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


def _stored_card(article, base):
    stored = article.public_card
    if stored is None or stored["of"] != iso(article.updated_at):
        return None
    return _at(stored["card"], base) | {"comment_count": article.approved_comment_count}


def _at(value, base):
    if isinstance(value, str):
        return value.replace(HOST, base) if HOST in value else value
    if isinstance(value, dict):
        return {name: _at(item, base) for name, item in value.items()}
    if isinstance(value, list):
        return [_at(item, base) for item in value]
    return value


# What each card shows, by model: the articles whose cards a change of one makes stale.
CARD_SHOWS = {
    "articles.Article": lambda article: Q(pk=article.pk),
    "articles.Article_tags": None,  # m2m_changed: its articles
    "articles.ArticleAuthor": lambda byline: Q(pk=byline.article_id),
    "articles.Image": lambda image: Q(featured_image=image.pk),
    "articles.Section": lambda section: Q(section=section.pk),
    "articles.Tag": lambda tag: Q(tags=tag.pk),
    "authors.Author": lambda author: Q(article_authors__author=author.pk),
}


def _changed(sender, instance, signal, **kwargs):
    if signal is m2m_changed:
        if not kwargs["action"].startswith("post_"):
            return
        shown = Q(pk__in=kwargs["pk_set"] or ()) if kwargs["reverse"] else Q(pk=instance.pk)
        if kwargs["reverse"] and kwargs["action"] == "post_clear":
            return  # clearing a tag's articles: their own saves follow, and a stale card is never used
    else:
        shown = CARD_SHOWS[sender._meta.label](instance)
    article_ids = list(Article.objects.filter(shown).values_list("pk", flat=True))  # before a delete unlinks them
    if article_ids:
        transaction.on_commit(lambda: cards_refresh(article_ids))


def connect_cards():
    from django.apps import apps

    for label in CARD_SHOWS:
        model = apps.get_model(label)
        if model._meta.auto_created:
            m2m_changed.connect(_changed, sender=model, dispatch_uid=f"cards-m2m-{label}")
            continue
        post_save.connect(_changed, sender=model, dispatch_uid=f"cards-save-{label}")
        if label != "articles.Article":  # a deleted article's card goes with its row
            pre_delete.connect(_changed, sender=model, dispatch_uid=f"cards-delete-{label}")
