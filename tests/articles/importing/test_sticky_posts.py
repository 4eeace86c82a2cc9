"""WordPress's sticky posts: pinned to a front's top free positions with --sticky-front, as the editor named, through
the fronts' own service; listed by name in the report either way."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, FrontSlot, WordPressItem
from tests.articles.factories import ArticleFactory
from tests.articles.fronts.factories import FrontFactory, FrontSlotFactory
from tests.articles.importing.conftest import EXPORT, notes
from tests.authors.factories import StaffFactory

pytestmark = pytest.mark.django_db
POST_10 = "post 10 “Cafés & bars on the quay – a guide”"  # the export's sticky post


def import_wordpress(*args):
    out = io.StringIO()
    call_command("import_wordpress", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def sticky_article():
    return Article.objects.get(pk=WordPressItem.objects.get(kind="post", wp_id="10").object_id)


def test_without_a_front_the_report_lists_each_sticky_post_to_pin_by_hand(uploads):
    output = import_wordpress(EXPORT, "--uploads", uploads)

    assert "sticky in WordPress: pin it on a front by hand (or import with --sticky-front)" in notes(output)[POST_10]
    assert not FrontSlot.objects.exists()


def test_sticky_posts_are_pinned_to_the_fronts_top_free_position_and_an_editors_pin_is_kept(uploads):
    front = FrontFactory(slug="home", name="Home", length=5)
    editors_pick = FrontSlotFactory(front=front, article=ArticleFactory(published=True), pinned_position=1)
    editor = StaffFactory(role="Editor")

    output = import_wordpress(EXPORT, "--uploads", uploads, "--sticky-front", "home", "--editor", editor.username)

    assert "sticky in WordPress: pinned to position 2 of the front “Home”" in notes(output)[POST_10]
    pinned = {slot.article_id: slot.pinned_position for slot in front.slots.all()}
    assert pinned == {editors_pick.article_id: 1, sticky_article().pk: 2}

    slots = list(front.slots.order_by("pk").values())
    again = import_wordpress(EXPORT, "--uploads", uploads, "--sticky-front", "home", "--editor", editor.username)

    assert list(front.slots.order_by("pk").values()) == slots  # pinned once: a second run changes nothing
    assert "sticky in WordPress: pinned to position 2 of the front “Home”" in notes(again)[POST_10]


def test_a_front_with_no_pinned_position_left_is_noted(uploads):
    front = FrontFactory(slug="home", name="Home", length=1)
    FrontSlotFactory(front=front, pinned_position=1)

    output = import_wordpress(
        EXPORT, "--uploads", uploads, "--sticky-front", "home", "--editor", StaffFactory(role="Editor").username
    )

    assert "sticky in WordPress: not pinned, the front “Home” has no pinned position left" in notes(output)[POST_10]
    assert front.slots.count() == 1


@pytest.mark.parametrize(
    "options, message",
    [
        (["--sticky-front", "home"], "--sticky-front needs --editor USERNAME"),
        (["--sticky-front", "nowhere", "--editor", "{editor}"], "there is no front “nowhere”"),
        (["--sticky-front", "home", "--editor", "nobody"], "there is no user “nobody”"),
        (["--sticky-front", "home", "--editor", "{writer}"], "Only editors change fronts."),
    ],
    ids=["no-editor", "no-front", "no-user", "not-an-editor"],
)
def test_pinning_is_refused_before_the_run_when_it_could_not_be_done(uploads, options, message):
    FrontFactory(slug="home")
    names = {"editor": StaffFactory(role="Editor").username, "writer": StaffFactory(role="Writer").username}

    with pytest.raises(CommandError, match=message):
        import_wordpress(EXPORT, "--uploads", uploads, *[option.format(**names) for option in options])
    assert not Article.objects.exists()
