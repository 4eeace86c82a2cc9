"""A front as it is served at a moment: the slots showing then in their places, the gaps backfilled.

Composed at read time, so a slot whose show window ends, or whose article stops being public, is gone from the
next read without anyone saving anything (the public cache ends with the window: ``querysets.next_slot_boundary``).
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
    prefetch_related_objects([card.image for card in cards if card.image], "renditions")


def _next_change(slots, at):
    bounds = [moment for slot in slots for moment in (slot.show_from, slot.show_until) if moment and moment > at]
    return min(bounds, default=None)
