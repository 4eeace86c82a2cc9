"""front_save: the one write path of fronts, its rules, and what composing a front makes of its slots."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editorial import policy
from articles.fronts.layout import compose
from articles.fronts.models import Front, FrontSlot
from articles.fronts.services import FrontRefused, front_delete, front_pin_articles, front_save, slot_place
from articles.models import Article
from newsroom.invalidation import next_change
from tests.articles.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.articles.fronts.factories import FrontFactory, FrontSlotFactory
from tests.authors.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return StaffFactory(role="Editor")


def refusal_fields(front, editor, slots):
    with pytest.raises(FrontRefused) as refused:
        front_save(front=front, by=editor, slots=slots)
    return [problem.field for problem in refused.value.problems]


def test_slots_are_saved_whole_in_the_order_given(editor):
    a, b, c = ArticleFactory.create_batch(3, published=True)
    front = FrontFactory()
    front_save(front=front, by=editor, slots=[FrontSlot(article=a), FrontSlot(article=b)])

    front_save(front=front, by=editor, slots=[FrontSlot(article=c), FrontSlot(article=a)])

    assert list(front.slots.values_list("article", "position")) == [(c.pk, 0), (a.pk, 1)]


def test_two_slots_swap_articles_and_pins_in_one_save(editor):
    a, b = ArticleFactory.create_batch(2, published=True)
    front = FrontFactory(length=3)
    front_save(
        front=front,
        by=editor,
        slots=[FrontSlot(article=a, pinned_position=1), FrontSlot(article=b, pinned_position=2)],
    )

    front_save(
        front=front,
        by=editor,
        slots=[FrontSlot(article=b, pinned_position=1), FrontSlot(article=a, pinned_position=2)],
    )

    assert list(front.slots.values_list("article", "pinned_position")) == [(b.pk, 1), (a.pk, 2)]


def test_every_problem_is_named_with_its_slot_and_field_and_nothing_is_saved(editor):
    article, other = ArticleFactory.create_batch(2, published=True)
    front = FrontFactory(length=3)
    now = timezone.now()
    slots = [
        FrontSlot(article=article, pinned_position=2),
        FrontSlot(article=article),
        FrontSlot(article=other, pinned_position=2, show_from=now, show_until=now - timedelta(minutes=1)),
        FrontSlot(article=ArticleFactory(), pinned_position=4, image=ImageFactory(alt_text="")),
        FrontSlot(headline="No article"),
    ]

    fields = refusal_fields(front, editor, slots)

    assert fields == [
        "slots.1.article",
        "slots.2.show_until",
        "slots.2.pinned_position",
        "slots.3.pinned_position",
        "slots.3.image",
        "slots.4.article",
    ]
    assert front.slots.count() == 0


def test_a_control_character_in_an_override_is_refused(editor):
    fields = refusal_fields(FrontFactory(), editor, [FrontSlot(article=ArticleFactory(), headline="Bell\x07")])

    assert fields == ["slots.0.headline"]


def test_a_backfill_rule_names_what_it_fills_from_and_keeps_nothing_else(editor):
    section = SectionFactory()
    assert refusal_fields(Front(name="W", slug="w", length=5, backfill=Front.Backfill.SECTION), editor, []) == [
        "backfill_section"
    ]

    front = front_save(
        front=Front(name="W", slug="w", length=5, backfill=Front.Backfill.LATEST, backfill_section=section), by=editor
    )

    assert Front.objects.get(pk=front.pk).backfill_section is None


def test_a_front_slug_is_taken_once(editor):
    FrontFactory(slug="home")

    assert refusal_fields(Front(name="Home again", slug="home", length=5), editor, []) == ["slug"]


@pytest.mark.parametrize("role", ["Writer", "Moderator", None])
def test_only_editors_change_or_delete_fronts(role):
    front = FrontFactory()
    user = StaffFactory(role=role)

    with pytest.raises(policy.NotAllowed):
        slot_place(front=front, by=user, article=ArticleFactory(published=True))
    with pytest.raises(policy.NotAllowed):
        front_pin_articles(front=front, by=user, articles=[ArticleFactory(published=True)])
    with pytest.raises(policy.NotAllowed):
        front_delete(front=front, by=user)

    assert Front.objects.filter(pk=front.pk).exists() and front.slots.count() == 0


def test_slot_place_puts_an_article_where_it_is_asked(editor):
    first, second, inserted = ArticleFactory.create_batch(3, published=True)
    front = FrontFactory()
    slot_place(front=front, by=editor, article=first)
    slot_place(front=front, by=editor, article=second)

    slot_place(front=front, by=editor, article=inserted, at=0, label=FrontSlot.Label.LIVE)

    assert list(front.slots.values_list("article", flat=True)) == [inserted.pk, first.pk, second.pk]
    assert front.slots.get(article=inserted).label == "live"


def test_pinning_takes_the_top_free_positions_and_keeps_every_pin_already_there(editor):
    front = FrontFactory(length=4)
    editors_pick = FrontSlotFactory(front=front, pinned_position=1, headline="The editor's headline")
    on_front = FrontSlotFactory(front=front, headline="Kept")
    already_pinned = FrontSlotFactory(front=front, pinned_position=4)
    new, too_many = ArticleFactory.create_batch(2, published=True)

    _, positions = front_pin_articles(
        front=front, by=editor, articles=[already_pinned.article, on_front.article, new, too_many]
    )

    assert positions == {already_pinned.article_id: 4, on_front.article_id: 2, new.pk: 3, too_many.pk: None}
    assert set(front.slots.values_list("article", "pinned_position", "headline")) == {
        (editors_pick.article_id, 1, "The editor's headline"),
        (on_front.article_id, 2, "Kept"),
        (already_pinned.article_id, 4, ""),
        (new.pk, 3, ""),
    }


def test_pinning_what_is_pinned_already_saves_nothing(editor):
    front = FrontFactory()
    slot = FrontSlotFactory(front=front, pinned_position=2)

    _, positions = front_pin_articles(front=front, by=editor, articles=[slot.article])

    assert positions == {slot.article_id: 2}
    assert list(front.slots.values_list("pk", flat=True)) == [slot.pk]  # not written again


def test_an_article_deleted_for_good_leaves_its_slots(editor):
    article = ArticleFactory(published=True)
    front = FrontFactory()
    slot_place(front=front, by=editor, article=article)

    Article.objects.filter(pk=article.pk).delete()

    assert front.slots.count() == 0


def test_composing_at_a_moment_shows_what_is_public_and_in_its_window_then():
    now = timezone.now()
    front = FrontFactory(length=3)
    live = FrontSlotFactory(front=front, show_until=now + timedelta(hours=1))
    later = FrontSlotFactory(front=front, show_from=now + timedelta(hours=2))
    scheduled = FrontSlotFactory(
        front=front, article=ArticleFactory(status=Article.Status.PUBLISHED, published_at=now + timedelta(hours=3))
    )

    def at(hours):
        return [card.slot.pk for card in compose(front, now + timedelta(hours=hours)).cards]

    assert at(0) == [live.pk]
    assert at(2.5) == [later.pk]
    assert at(3.5) == [later.pk, scheduled.pk]
    assert compose(front, now).next_change == now + timedelta(hours=1)


def test_the_public_cache_learns_the_next_slot_boundary():
    now = timezone.now()
    FrontSlotFactory(show_from=now - timedelta(hours=1), show_until=now + timedelta(hours=2))
    FrontSlotFactory(show_from=now + timedelta(minutes=30))
    ArticleFactory(status=Article.Status.PUBLISHED, published_at=now + timedelta(hours=1))

    assert next_change() == (now + timedelta(minutes=30)).timestamp()
