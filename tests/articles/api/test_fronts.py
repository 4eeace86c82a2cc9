"""GET /api/v1/fronts/ and /fronts/{slug}/: cards in order with the overrides applied, pins, show windows,
backfill without duplicates, only public articles, through the public cache as readers get them."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from articles.editorial.services import article_transition
from articles.fronts.models import Front, FrontSlot
from articles.fronts.services import front_save
from articles.images.services import renditions_generate
from articles.models import Article
from tests.articles.factories import ArticleFactory, ImageFactory, SectionFactory, TagFactory
from tests.articles.fronts.factories import FrontFactory
from tests.authors.factories import StaffFactory, token_client

pytestmark = pytest.mark.django_db

LATEST = Front.Backfill.LATEST


@pytest.fixture
def editor():
    return StaffFactory(role="Editor")


@pytest.fixture
def api():
    return APIClient()


def arrange(front, editor, *slots):
    """Give ``front`` these slots, in order: each an article or ``(article, {overrides})``."""
    built = [FrontSlot(article=s[0], **s[1]) if isinstance(s, tuple) else FrontSlot(article=s) for s in slots]
    front_save(front=front, by=editor, slots=built)
    return front


def cards(api, front):
    response = api.get(f"/api/v1/fronts/{front.slug}/")
    assert response.status_code == 200, response.content
    return response.json()["cards"]


def titles(api, front):
    return [card["title"] for card in cards(api, front)]


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_cards_come_in_the_editors_order_with_their_source(api, editor):
    first, second = ArticleFactory(published=True, title="First"), ArticleFactory(published=True, title="Second")
    front = arrange(FrontFactory(length=3), editor, second, first)

    served = cards(api, front)

    assert [(c["position"], c["title"], c["source"]) for c in served] == [
        (1, "Second", "curated"),
        (2, "First", "curated"),
    ]


def test_a_slot_overrides_headline_dek_photo_and_label_on_its_front_only(api, editor):
    photo = ImageFactory(alt_text="Rescuers at the quay")
    renditions_generate(image=photo)
    article = ArticleFactory(published=True, title="Own title", dek="Own dek", featured_image=ImageFactory())
    overrides = {"headline": "Front title", "dek": "Front dek", "image": photo, "label": FrontSlot.Label.BREAKING}
    home = arrange(FrontFactory(slug="home"), editor, (article, overrides))
    world = arrange(FrontFactory(slug="world"), editor, article)

    [on_home], [on_world] = cards(api, home), cards(api, world)

    assert (on_home["title"], on_home["dek"], on_home["label"], on_home["label_text"]) == (
        "Front title",
        "Front dek",
        "breaking",
        "Breaking",
    )
    assert on_home["image"]["id"] == photo.pk and on_home["image"]["alt_text"] == "Rescuers at the quay"
    assert on_home["image"]["srcset"]  # the whole image object, renditions included
    assert (on_world["title"], on_world["dek"], on_world["label"], on_world["label_text"]) == (
        "Own title",
        "Own dek",
        None,
        "",
    )
    assert on_world["image"]["id"] == article.featured_image_id
    assert on_home["slug"] == on_world["slug"] == article.slug


def test_a_pinned_slot_keeps_its_position_when_others_come_and_go(api, editor):
    a, b, c = (ArticleFactory(published=True, title=t, published_at=hours_ago(9)) for t in "ABC")
    fresh = [ArticleFactory(published=True, title=f"Latest {n}", published_at=hours_ago(n)) for n in (1, 2, 3)]
    soon_gone = {"show_until": timezone.now() + timedelta(minutes=30)}
    front = arrange(
        FrontFactory(length=5, backfill=LATEST),
        editor,
        (a, soon_gone),
        b,
        (c, {"pinned_position": 4}),
    )

    assert titles(api, front) == ["A", "B", fresh[0].title, "C", fresh[1].title]
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert titles(api, front) == ["B", fresh[0].title, fresh[1].title, "C", fresh[2].title]


def test_a_pinned_slot_moves_up_only_when_nothing_fills_the_positions_above(api, editor):
    a, b = ArticleFactory(published=True, title="A"), ArticleFactory(published=True, title="B")
    front = arrange(FrontFactory(length=5), editor, (b, {"pinned_position": 4}), a)

    assert titles(api, front) == ["A", "B"]
    assert [c["position"] for c in cards(api, front)] == [1, 2]


def test_a_slot_shows_in_its_window_only_by_itself(api, editor):
    now = timezone.now()
    article = ArticleFactory(published=True, title="Breaking")
    window = {"show_from": now + timedelta(minutes=10), "show_until": now + timedelta(minutes=40)}
    front = arrange(FrontFactory(), editor, (article, window))

    assert titles(api, front) == []
    with time_machine.travel(now + timedelta(minutes=11)):
        assert titles(api, front) == ["Breaking"]
    with time_machine.travel(now + timedelta(minutes=41)):
        assert titles(api, front) == []


def test_the_shared_cache_never_serves_a_slot_past_its_end(api, editor, settings, django_assert_num_queries):
    settings.PUBLIC_RESPONSE_CACHE, settings.PUBLIC_CACHE_MAX_AGE = True, 600
    now = timezone.now()
    breaking, steady = ArticleFactory(published=True, title="Breaking"), ArticleFactory(published=True, title="Steady")
    front = arrange(FrontFactory(), editor, (breaking, {"show_until": now + timedelta(seconds=90)}), steady)
    first = api.get(f"/api/v1/fronts/{front.slug}/")
    with django_assert_num_queries(0):  # stored: the next read is a hit
        assert api.get(f"/api/v1/fronts/{front.slug}/").content == first.content
    max_age = int(first["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 90  # nor may a CDN keep it past the slot's end

    with time_machine.travel(now + timedelta(seconds=91)):
        assert titles(api, front) == ["Steady"]


@pytest.mark.parametrize(
    "stops_being_public",
    [
        pytest.param(
            lambda article, editor: article_transition(article=article, by=editor, name="unpublish"), id="unpublished"
        ),
        pytest.param(
            lambda article, editor: article_transition(article=article, by=editor, name="archive"), id="archived"
        ),
        pytest.param(
            lambda article, editor: article_transition(
                article=article, by=editor, name="publish", publish_at=timezone.now() + timedelta(days=1)
            ),
            id="scheduled-for-later",
        ),
    ],
)
def test_an_article_that_stops_being_public_leaves_every_front_at_once(
    api, editor, settings, django_capture_on_commit_callbacks, stops_being_public
):
    settings.PUBLIC_RESPONSE_CACHE = True
    leaving = ArticleFactory(published=True, title="Leaving", published_at=hours_ago(1))
    others = [ArticleFactory(published=True, title=f"Other {n}", published_at=hours_ago(n + 2)) for n in range(3)]
    curated = arrange(FrontFactory(slug="home", length=3, backfill=LATEST), editor, others[2], leaving)
    backfilled = FrontFactory(slug="latest", length=3, backfill=LATEST)  # "Leaving" is its newest
    assert titles(api, curated) == ["Other 2", "Leaving", "Other 0"]
    assert titles(api, backfilled) == ["Leaving", "Other 0", "Other 1"]  # both now in the shared cache

    with django_capture_on_commit_callbacks(execute=True):
        stops_being_public(Article.objects.get(pk=leaving.pk), editor)

    assert titles(api, curated) == ["Other 2", "Other 0", "Other 1"]  # the backfill closes the gap
    assert titles(api, backfilled) == ["Other 0", "Other 1", "Other 2"]


def test_a_slot_of_an_article_not_yet_public_waits_for_it(api, editor):
    publish_at = timezone.now() + timedelta(minutes=5)
    scheduled = ArticleFactory(status=Article.Status.PUBLISHED, published_at=publish_at, title="Scheduled")
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Draft")
    front = arrange(FrontFactory(), editor, draft, scheduled)

    assert titles(api, front) == []
    with time_machine.travel(publish_at + timedelta(seconds=1)):
        assert titles(api, front) == ["Scheduled"]


def test_backfill_skips_the_articles_on_the_front_already(api, editor):
    newest, older = (
        ArticleFactory(published=True, published_at=hours_ago(1)),
        ArticleFactory(published=True, published_at=hours_ago(2)),
    )
    oldest = ArticleFactory(published=True, published_at=hours_ago(3))
    front = arrange(FrontFactory(length=4, backfill=LATEST), editor, older)

    served = cards(api, front)

    assert [c["id"] for c in served] == [older.pk, newest.pk, oldest.pk]
    assert [c["source"] for c in served] == ["curated", "backfill", "backfill"]
    assert len({c["id"] for c in served}) == len(served)


def test_backfill_of_a_section_or_a_tag_takes_only_theirs(api, editor):
    world, climate = SectionFactory(slug="world"), TagFactory(slug="climate")
    in_world = ArticleFactory(published=True, section=world)
    tagged = ArticleFactory(published=True, tags=[climate])
    ArticleFactory(published=True)  # neither
    ArticleFactory(status=Article.Status.DRAFT, section=world, tags=[climate])  # not public
    by_section = FrontFactory(backfill=Front.Backfill.SECTION, backfill_section=world)
    by_tag = FrontFactory(backfill=Front.Backfill.TAG, backfill_tag=climate)

    assert [c["id"] for c in cards(api, by_section)] == [in_world.pk]
    assert [c["id"] for c in cards(api, by_tag)] == [tagged.pk]


def test_a_front_serves_its_length_at_most(api, editor):
    articles = ArticleFactory.create_batch(4, published=True)
    front = arrange(FrontFactory(length=2, backfill=LATEST), editor, *articles)

    assert [c["id"] for c in cards(api, front)] == [articles[0].pk, articles[1].pk]


def test_a_signed_in_editor_sees_the_public_front_and_may_not_write_over_the_api(editor):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    public = ArticleFactory(published=True)
    front = arrange(FrontFactory(), editor, draft, public)
    client = token_client(editor)

    assert [c["id"] for c in cards(client, front)] == [public.pk]
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(f"/api/v1/fronts/{front.slug}/", {}, format="json").status_code == 405
    assert client.post("/api/v1/fronts/", {"slug": "x"}, format="json").status_code == 405
    assert APIClient().post("/api/v1/fronts/", {"slug": "x"}, format="json").status_code == 401
    assert Front.objects.count() == 1 and front.slots.count() == 2


def test_an_unknown_front_is_a_json_404(api):
    response = api.get("/api/v1/fronts/nowhere/")

    assert response.status_code == 404
    assert "nowhere" in response.json()["detail"]


def test_the_list_names_every_front_with_its_address(api, editor):
    FrontFactory(name="World", slug="world", length=6)
    FrontFactory(name="Home", slug="home")

    results = api.get("/api/v1/fronts/").json()["results"]

    assert [(f["slug"], f["name"]) for f in results] == [("home", "Home"), ("world", "World")]
    assert results[1]["length"] == 6 and results[1]["url"].endswith("/api/v1/fronts/world/")


def test_a_front_carries_an_etag_and_answers_304(api, editor, settings):
    front = arrange(FrontFactory(), editor, ArticleFactory(published=True))
    etag = api.get(f"/api/v1/fronts/{front.slug}/")["ETag"]

    for cache_on in (False, True):
        settings.PUBLIC_RESPONSE_CACHE = cache_on
        response = api.get(f"/api/v1/fronts/{front.slug}/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304 and response.content == b""


def test_the_schema_documents_the_304_a_front_answers(api):
    document = api.get("/api/v1/schema/", {"format": "json"}).json()

    for path in ("/api/v1/fronts/", "/api/v1/fronts/{slug}/"):
        operation = document["paths"][path]["get"]
        assert "304" in operation["responses"], path
        assert ("header", "If-None-Match") in {(p["in"], p["name"]) for p in operation["parameters"]}, path


def test_changing_a_slot_changes_the_etag_and_reaches_readers_at_once(api, editor, django_capture_on_commit_callbacks):
    article = ArticleFactory(published=True, title="Own title")
    front = arrange(FrontFactory(), editor, article)
    before = api.get(f"/api/v1/fronts/{front.slug}/")

    with django_capture_on_commit_callbacks(execute=True):
        arrange(front, editor, (article, {"headline": "Sharper title"}))
    after = api.get(f"/api/v1/fronts/{front.slug}/")

    assert after.json()["cards"][0]["title"] == "Sharper title"
    assert after["ETag"] != before["ETag"]


def test_editing_an_article_on_a_front_reaches_its_card_at_once(api, editor, django_capture_on_commit_callbacks):
    article = ArticleFactory(published=True, title="Before")
    front = arrange(FrontFactory(), editor, article)
    assert titles(api, front) == ["Before"]

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "After"
        article.save()

    assert titles(api, front) == ["After"]


@pytest.mark.parametrize("backfill, queries", [(Front.Backfill.NONE, 3), (LATEST, 4)], ids=["curated", "backfilled"])
@pytest.mark.parametrize("slot_count", [1, 10])
def test_query_count_does_not_grow_with_the_slots(
    api, editor, settings, django_assert_num_queries, backfill, queries, slot_count
):
    """The front, its slots with their articles, the backfill, the bylines (photos keep their renditions)."""
    settings.PUBLIC_RESPONSE_CACHE = False
    ArticleFactory.create_batch(12, published=True, published_at=hours_ago(5))  # enough to backfill
    photo = ImageFactory()
    renditions_generate(image=photo)
    slots = [
        (ArticleFactory(published=True, featured_image=ImageFactory()), {"image": photo if n % 2 else None})
        for n in range(slot_count)
    ]
    front = arrange(FrontFactory(length=12, backfill=backfill), editor, *slots)

    with django_assert_num_queries(queries):
        served = cards(api, front)

    assert len(served) == (12 if backfill else slot_count)
