"""WordPress's sticky posts pinned to the top of a front (``--sticky-front``), through the fronts' own service and
as the editor named (``--editor``): the import writes articles as the system, but a front is an editor's choice."""

from articles.fronts.services import front_save
from articles.models import Front, FrontSlot


def pin_sticky(*, front_slug, articles, by):
    """Pin ``articles`` (newest first, as WordPress lists sticky posts) to the front's top free pinned positions:
    a slot an editor pinned keeps its position, an article pinned already keeps its own. Returns the front and each
    article's position (None: no position was free); the front is saved, through ``front_save``, only when
    something changed. The front is read now, not at the start of a long run: an editor's change to it is kept."""
    front = Front.objects.get(slug=front_slug)
    slots = list(front.slots.all())
    on_front = {slot.article_id: slot for slot in slots}
    taken = {slot.pinned_position for slot in slots if slot.pinned_position}
    free = (position for position in range(1, front.length + 1) if position not in taken)
    positions, added, changed = {}, [], False
    for article in articles:
        slot = on_front.get(article.pk)
        if slot is not None and slot.pinned_position:
            positions[article.pk] = slot.pinned_position
            continue
        positions[article.pk] = position = next(free, None)
        if position is None:
            continue
        changed = True
        if slot is None:
            added.append(FrontSlot(article=article, pinned_position=position))
        else:
            slot.pinned_position = position
    if changed:
        front_save(front=front, by=by, slots=added + slots)
    return front, positions
