"""The fronts desk in the admin, driven as a browser does (Django's test client, the forms as rendered)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.fronts.models import Front, FrontSlot
from articles.fronts.services import front_save
from articles.models import Article
from tests.articles.article_form import form_as_shown
from tests.articles.factories import ArticleFactory, ImageFactory
from tests.articles.fronts.factories import FrontFactory
from tests.authors.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.PUBLIC_RESPONSE_CACHE = False


@pytest.fixture
def editor():
    return StaffFactory(role="Editor")


@pytest.fixture
def desk(editor):
    client = Client()
    client.force_login(editor)
    return client


def change_url(front):
    return reverse("admin:articles_front_change", args=[front.pk])


def with_slots(front, editor, *articles, **overrides):
    front_save(front=front, by=editor, slots=[FrontSlot(article=article, **overrides) for article in articles])
    return front


def slot_rows(data, rows):
    """``data`` with the slot formset replaced by ``rows`` (dicts of the row's fields, ``id`` for existing ones)."""
    data = {key: value for key, value in data.items() if not key.startswith("slots-")}
    data |= {
        "slots-TOTAL_FORMS": str(len(rows)),
        "slots-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"slots-{index}-{name}": str(value) for name, value in row.items()}
    return data


def shown(front):
    return list(front.slots.order_by("position").values_list("article__title", flat=True))


def test_an_editor_creates_a_front_with_slots_in_the_order_given(desk):
    lead, second = ArticleFactory(published=True, title="Lead"), ArticleFactory(published=True, title="Second")
    page = desk.get(reverse("admin:articles_front_add"))
    assert page.status_code == 200
    fields = {"name": "Home", "slug": "home", "length": "6", "backfill": "latest"}
    rows = [
        {"article": second.pk, "position": 2},
        {"article": lead.pk, "position": 1, "headline": "Sharper", "label": "breaking", "pinned_position": 1},
    ]

    response = desk.post(reverse("admin:articles_front_add"), slot_rows(form_as_shown(page, **fields), rows))

    assert response.status_code == 302, response.context and response.context["errors"]
    front = Front.objects.get(slug="home")
    assert (front.length, front.backfill) == (6, Front.Backfill.LATEST)
    assert shown(front) == ["Lead", "Second"]
    lead_slot = front.slots.get(article=lead)
    assert (lead_slot.headline, lead_slot.label, lead_slot.pinned_position) == ("Sharper", "breaking", 1)


def test_dragging_rows_reorders_the_slots_and_a_deleted_row_leaves(desk, editor):
    a, b, c = (ArticleFactory(published=True, title=t) for t in "ABC")
    front = with_slots(FrontFactory(), editor, a, b, c)
    page = desk.get(change_url(front))
    data = form_as_shown(page)
    ids = {slot.article.title: slot.pk for slot in front.slots.all()}
    position_of = {data[f"slots-{n}-id"]: f"slots-{n}-position" for n in range(3)}
    # What adminsortable2's script writes into the hidden position fields after a drag: C, A, B; B's row deleted.
    data |= {position_of[str(ids["C"])]: "1", position_of[str(ids["A"])]: "2", position_of[str(ids["B"])]: "3"}
    data[position_of[str(ids["B"])].replace("position", "DELETE")] = "on"

    response = desk.post(change_url(front), data)

    assert response.status_code == 302
    assert shown(front) == ["C", "A"]


def test_the_slot_rows_are_sortable_with_autocomplete_for_articles_and_photos(desk, editor):
    front = with_slots(FrontFactory(), editor, ArticleFactory(published=True))

    html = desk.get(change_url(front)).content.decode()

    assert "adminsortable2/js/adminsortable2" in html
    assert 'class="_reorder_"' in html
    assert 'name="slots-0-article"' in html and "admin-autocomplete" in html
    assert 'data-model-name="frontslot"' in html or 'data-field-name="image"' in html


def test_article_autocomplete_offers_every_article_to_an_editor(desk):
    ArticleFactory(published=True, title="Harbour fire")
    ArticleFactory(status=Article.Status.DRAFT, title="Harbour inquiry")
    ArticleFactory(published=True, title="Elsewhere")

    response = desk.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "frontslot", "field_name": "article", "term": "Harbour"},
    )

    assert response.status_code == 200
    assert sorted(result["text"] for result in response.json()["results"]) == ["Harbour fire", "Harbour inquiry"]


def test_an_article_twice_on_a_front_is_an_error_on_its_row_and_nothing_changes(desk, editor):
    article, other = ArticleFactory(published=True, title="Once"), ArticleFactory(published=True, title="Other")
    front = with_slots(FrontFactory(), editor, other)
    page = desk.get(change_url(front))
    slot = front.slots.get()
    rows = [{"id": slot.pk, "front": front.pk, "article": article.pk, "position": 1}, {"article": article.pk}]

    response = desk.post(change_url(front), slot_rows(form_as_shown(page), rows))

    assert response.status_code == 200
    assert "Please correct the duplicate data for article." in response.content.decode()  # the formset's own check
    assert shown(front) == ["Other"]


def test_a_pin_past_the_fronts_length_is_an_error_on_its_row(desk, editor):
    front = FrontFactory(length=3)
    page = desk.get(change_url(front))
    rows = [{"article": ArticleFactory(published=True).pk, "pinned_position": 4}]

    response = desk.post(change_url(front), slot_rows(form_as_shown(page), rows))

    assert response.status_code == 200
    assert "Pin it within the front&#x27;s 3 positions." in response.content.decode()
    assert front.slots.count() == 0


def test_a_photo_without_alt_text_cannot_be_a_slots_photo(desk):
    front = FrontFactory()
    page = desk.get(change_url(front))
    rows = [{"article": ArticleFactory(published=True).pk, "image": ImageFactory(alt_text="").pk}]

    response = desk.post(change_url(front), slot_rows(form_as_shown(page), rows))

    assert response.status_code == 200
    assert "Give the photo alt text first" in response.content.decode()
    assert front.slots.count() == 0


def test_a_section_backfill_needs_its_section(desk):
    page = desk.get(reverse("admin:articles_front_add"))
    fields = {"name": "World", "slug": "world", "length": "5", "backfill": "section"}

    response = desk.post(reverse("admin:articles_front_add"), form_as_shown(page, **fields))

    assert response.status_code == 200
    assert "Choose the section the front backfills from." in response.content.decode()
    assert not Front.objects.exists()


def test_the_change_page_previews_the_front_as_the_api_serves_it(desk, editor):
    now = timezone.now()
    lead = ArticleFactory(published=True, title="Lead story")
    ended = ArticleFactory(published=True, title="Was breaking")
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Not yet written")
    backfilled = ArticleFactory(published=True, title="Newest of all")
    front = FrontFactory(length=3, backfill=Front.Backfill.LATEST)
    front_save(
        front=front,
        by=editor,
        slots=[
            FrontSlot(article=lead, headline="Lead, sharpened", label=FrontSlot.Label.ANALYSIS),
            FrontSlot(article=ended, show_until=now + timedelta(minutes=5)),
            FrontSlot(article=draft),
        ],
    )

    preview = desk.get(change_url(front)).context["front_preview"]
    later = desk.get(
        change_url(front), {"preview_at": f"{timezone.localtime(now + timedelta(hours=1)):%Y-%m-%dT%H:%M}"}
    )

    assert [(c["title"], c["source"], c["label_text"]) for c in preview["cards"]] == [
        ("Lead, sharpened", "curated", "Analysis"),
        ("Was breaking", "curated", ""),
        ("Newest of all", "backfill", ""),
    ]
    assert [(slot.article.title, reason) for slot, reason in preview["left_out"]] == [
        ("Not yet written", "The article is not public: draft.")
    ]
    assert '"title": "Lead, sharpened"' in preview["json"]
    html = later.content.decode()
    assert "Was breaking</strong>: Ended" in html
    assert [c["title"] for c in later.context["front_preview"]["cards"]][:2] == ["Lead, sharpened", "Newest of all"]
    assert backfilled.slug in html  # the JSON as served


def test_a_preview_time_that_is_not_one_shows_the_front_now(desk):
    front = FrontFactory()

    response = desk.get(change_url(front), {"preview_at": "yesterday-ish"})

    assert response.status_code == 200
    assert "is not a date and time" in response.content.decode()


@pytest.mark.parametrize(
    "zone, moment",
    [("Asia/Tokyo", "0001-01-01T00:00"), ("America/New_York", "9999-12-31T23:59"), ("UTC", "2026-02-30T10:00")],
)
def test_a_preview_time_past_the_calendar_is_not_one_either(desk, settings, zone, moment):
    settings.TIME_ZONE = zone  # year 1 in Tokyo is before year 1 in UTC; the last minute of 9999 in New York after
    front = FrontFactory()

    response = desk.get(change_url(front), {"preview_at": moment})

    assert response.status_code == 200
    assert "is not a date and time" in response.content.decode()


def test_a_preview_time_with_its_own_offset_is_taken_as_given(desk):
    front = FrontFactory()

    response = desk.get(change_url(front), {"preview_at": "2026-06-01T12:00+02:00"})

    preview = response.context["front_preview"]
    assert preview["problem"] is None
    assert preview["at"] == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def test_an_editor_deletes_a_front(desk):
    front = FrontFactory()

    response = desk.post(reverse("admin:articles_front_delete", args=[front.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Front.objects.exists()
