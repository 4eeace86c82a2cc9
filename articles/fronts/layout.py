"""A front as it is served at a moment: the slots showing then in their places, the gaps backfilled.

Composed at read time, so a slot whose show window ends, or whose article stops being public, is gone from the
next read without anyone saving anything (the public cache ends with the window: ``FrontSlot.objects.next_boundary``
is one of the moments ``newsroom.invalidation.next_change`` answers, and the first request after it bumps the front).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from articles.fronts.models import Front, FrontSlot
from articles.models import Article, ArticleAuthor

CURATED, BACKFILL = "curated", "backfill"


@dataclass(frozen=True)
class Card:
    """One position of the front: a slot's article with the slot's overrides, or an article of the backfill."""

    position: int
    source: str
    article: Article
    slot: FrontSlot | None = None

    @property
    def headline(self):
        return (self.slot and self.slot.headline) or self.article.title

    @property
    def dek(self):
        return (self.slot and self.slot.dek) or self.article.dek

    @property
    def image(self):
        return (self.slot and self.slot.image) or self.article.featured_image

    @property
    def label(self):
        return (self.slot and self.slot.label) or None


@dataclass(frozen=True)
class Composition:
    front: Front
    at: datetime
    cards: list
    next_change: datetime | None  # when a slot of a public article begins or ends its show window


def compose(front, at=None):
    """The front's cards at ``at`` (now): five queries whatever the number of slots."""
    at = at or timezone.now()
    slots = list(front.slots.with_public_articles(at))
    places = place(front, [slot for slot in slots if slot.shows_at(at)])
    gaps = places.count(None)
    if gaps:
        on_front = [slot.article_id for slot in places if slot is not None]
        backfill = iter(backfill_candidates(front, at).exclude(pk__in=on_front)[:gaps])
        places = [slot or next(backfill, None) for slot in places]
    cards = [
        Card(position, CURATED, item.article, item) if isinstance(item, FrontSlot) else Card(position, BACKFILL, item)
        for position, item in enumerate(filter(None, places), start=1)
    ]
    _prefetch(cards)
    return Composition(front=front, at=at, cards=cards, next_change=_next_change(slots, at))


def place(front, slots):
    """The front's positions: pinned slots at their own, the others in the editors' order in the rest; None where
    no slot is (an article shows once, in its first slot; slots past the front's length wait)."""
    places, flowing, seen = [None] * front.length, [], set()
    for slot in slots:
        if slot.article_id in seen:
            continue
        seen.add(slot.article_id)
        pin = slot.pinned_position
        if pin and pin <= front.length and places[pin - 1] is None:
            places[pin - 1] = slot
        else:
            flowing.append(slot)
    flowing = iter(flowing)
    return [slot or next(flowing, None) for slot in places]


def backfill_candidates(front, at=None):
    """The articles the front's backfill rule offers at ``at``, newest first."""
    articles = Article.objects.published(at)
    if front.backfill == Front.Backfill.SECTION:
        articles = articles.filter(section_id=front.backfill_section_id)
    elif front.backfill == Front.Backfill.TAG:
        articles = articles.filter(tags=front.backfill_tag_id)
    elif front.backfill != Front.Backfill.LATEST:
        articles = articles.none()
    return articles.select_related("section", "featured_image").defer("body").order_by("-published_at", "-pk")


def _prefetch(cards):
    bylines = ArticleAuthor.objects.select_related("author").order_by("position")
    prefetch_related_objects([card.article for card in cards], Prefetch("article_authors", queryset=bylines))


def _next_change(slots, at):
    bounds = [moment for slot in slots for moment in (slot.show_from, slot.show_until) if moment and moment > at]
    return min(bounds, default=None)


def left_out(front, composition):
    """The front's slots that are not on it at the composition's moment, each with the reason (for editors)."""
    at, on_front = composition.at, {card.article.pk for card in composition.cards}
    shown = {card.slot.pk for card in composition.cards if card.slot}
    public = set(Article.objects.published(at).filter(front_slots__front=front).values_list("pk", flat=True))
    reasons = []
    for slot in front.slots.select_related("article").order_by("position", "pk"):
        if slot.pk in shown:
            continue
        if slot.article_id not in public:
            reason = _not_public(slot.article)
        elif not slot.shows_at(at):
            begins = slot.show_from and slot.show_from > at
            reason = f"Shows from {_local(slot.show_from)}." if begins else f"Ended {_local(slot.show_until)}."
        elif slot.article_id in on_front:
            reason = "The article is on the front in an earlier slot."
        else:
            reason = f"Waits for a position: the front's {front.length} are taken."
        reasons.append((slot, reason))
    return reasons


def _not_public(article):
    if article.status == Article.Status.PUBLISHED and article.published_at:
        return f"The article is scheduled for {_local(article.published_at)}."
    return f"The article is not public: {Article.Status(article.status).label.lower()}."


def _local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
