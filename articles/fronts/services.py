"""The write path of fronts, for the admin, commands and tasks alike: each service asks the editorial policy.

A front's slots are saved as a whole, in order: what an editor arranges is one list, and saving it whole lets two
slots swap articles or pinned positions without tripping over each other's constraints.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.editorial import policy
from articles.editorial.policy import Action, Problem
from articles.fronts.models import Front, FrontSlot

SLOT_FIELDS = ["article_id", "headline", "dek", "image_id", "label", "pinned_position", "show_from", "show_until"]


def front_problems(front, slots):
    """Everything that keeps ``front`` with ``slots`` (in order) from being saved, each with its field; a slot's
    problem names its field as ``slots.<index>.<field>``."""
    problems = _field_problems(front, exclude=["id"], constraints=False)
    if front.backfill == Front.Backfill.SECTION and front.backfill_section_id is None:
        problems.append(Problem("backfill_section", "Choose the section the front backfills from."))
    if front.backfill == Front.Backfill.TAG and front.backfill_tag_id is None:
        problems.append(Problem("backfill_tag", "Choose the tag the front backfills from."))
    articles, pins = {}, {}
    for index, slot in enumerate(slots):
        where = f"slots.{index}"
        problems += [
            Problem(f"{where}.{p.field}", p.message)
            for p in _field_problems(slot, exclude=["id", "front", "position"], constraints=False, unique=False)
        ]
        if slot.article_id is None:
            continue
        if slot.show_from and slot.show_until and slot.show_until <= slot.show_from:
            problems.append(Problem(f"{where}.show_until", "“Show until” must come after “show from”."))
        if slot.article_id in articles:
            problems.append(Problem(f"{where}.article", f"“{slot.article}” is on this front already."))
        articles.setdefault(slot.article_id, index)
        if slot.pinned_position:
            if slot.pinned_position > (front.length or 0):
                message = f"Pin it within the front's {front.length} positions."
                problems.append(Problem(f"{where}.pinned_position", message))
            elif slot.pinned_position in pins:
                message = f"Another slot is pinned to position {slot.pinned_position}."
                problems.append(Problem(f"{where}.pinned_position", message))
            pins.setdefault(slot.pinned_position, index)
        if slot.image_id and not slot.image.alt_text:
            problems.append(Problem(f"{where}.image", f"Give the photo alt text first: {slot.image.label}."))
    return problems


def _field_problems(instance, *, exclude, constraints, unique=True):
    """The model's own validation: each field's validators, and its unique fields (a slug, say)."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=unique, validate_constraints=constraints)
    except ValidationError as error:
        return [Problem(field, message) for field, messages in error.message_dict.items() for message in messages]
    return []


class FrontRefused(policy.Invalid):
    """The front cannot be saved as it is; ``problems`` lists each, with its field."""

    def __init__(self, problems):
        super().__init__(" ".join(problem.message for problem in problems), field=problems[0].field)
        self.problems = problems


@transaction.atomic
def front_save(*, front, by, slots=None):
    """Save ``front`` and, when ``slots`` is given, make them its slots in that order (the others are removed)."""
    policy.check(by, Action.CHANGE_FRONTS)
    if front.pk is not None:
        Front.objects.select_for_update().filter(pk=front.pk).first()  # one editor's save at a time
    if slots is None:
        slots = list(front.slots.all()) if front.pk else []
    if problems := front_problems(front, slots):
        raise FrontRefused(problems)
    if front.backfill != Front.Backfill.SECTION:
        front.backfill_section = None
    if front.backfill != Front.Backfill.TAG:
        front.backfill_tag = None
    front.save()
    front.slots.all().delete()
    FrontSlot.objects.bulk_create(
        FrontSlot(front=front, position=position, **{name: getattr(slot, name) for name in SLOT_FIELDS})
        for position, slot in enumerate(slots)
    )
    return front


@transaction.atomic
def front_pin_articles(*, front, articles, by):
    """Pin ``articles`` (in order) to the front's top free pinned positions: a slot an editor pinned keeps its
    position, an article pinned already keeps its own. The slots are read under the front's lock, so an editor's save
    is never overwritten with an older list. Returns the front and each article's position (None: none was free);
    the front is saved only when something changed."""
    policy.check(by, Action.CHANGE_FRONTS)
    front = Front.objects.select_for_update().get(pk=front.pk)  # Front.DoesNotExist: it was deleted meanwhile
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


def slot_place(*, front, by, article, at=None, **overrides):
    """Put ``article`` on ``front``: at index ``at`` of the editors' order (the end by default), with overrides."""
    slots = list(front.slots.all())
    slots.insert(len(slots) if at is None else at, FrontSlot(article=article, **overrides))
    return front_save(front=front, by=by, slots=slots)


@transaction.atomic
def front_delete(*, front, by):
    """Remove the front and its slots; front ends asking for its slug get a 404 from then on."""
    policy.check(by, Action.CHANGE_FRONTS)
    front.delete()
