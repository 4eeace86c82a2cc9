"""The live stream over the API: newest first with cursors, polling with since and 304, key events, the writes."""

import base64
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from articles.live import services
from articles.live.models import LiveEntry
from articles.models import Article
from authors.models import Author
from tests.articles.factories import ArticleFactory
from tests.articles.live.factories import editor, live_article, post, reporter
from tests.authors.factories import StaffFactory, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.PUBLIC_RESPONSE_CACHE = False


@pytest.fixture
def desk():
    return editor()


def entries_url(article, suffix=""):
    return f"/api/v1/articles/{article.slug}/entries/{suffix}"


def test_the_stream_is_newest_first_and_pages_by_cursor(desk):
    article = live_article()
    posted = [post(article, desk, f"Update {n}") for n in range(5)]

    first = APIClient().get(entries_url(article), {"page_size": 2}).json()
    second = APIClient().get(first["next"]).json()

    assert [e["id"] for e in first["results"]] == [posted[4].pk, posted[3].pk]
    assert [e["id"] for e in second["results"]] == [posted[2].pk, posted[1].pk]
    assert first["results"][0]["permalink"].endswith(f"/{article.slug}/#entry-{posted[4].pk}")
    assert first["results"][0]["body_html"] == "<p>Update 4</p>"


@pytest.mark.parametrize("canonical_url", ["", "https://wire.example.org/story"])
def test_an_entrys_permalink_is_on_the_address_the_json_ld_gives_the_article(desk, canonical_url):
    article = live_article(canonical_url=canonical_url)
    entry = post(article, desk, "Polls close", key_event=True)
    token_client(desk).patch(entries_url(article, f"{entry.pk}/"), {"pinned": True}, format="json")

    detail = APIClient().get(f"/api/v1/articles/{article.slug}/").json()
    listed = APIClient().get(entries_url(article)).json()["results"][0]

    address = detail["json_ld"]["url"]
    assert address == (canonical_url or f"{settings.FRONTEND_URL.rstrip('/')}/articles/{article.slug}/")
    permalink = f"{address}#entry-{entry.pk}"
    assert listed["permalink"] == permalink
    assert APIClient().get(entries_url(article, f"{entry.pk}/")).json()["permalink"] == permalink
    assert detail["coverage"]["pinned_entry"]["permalink"] == permalink
    assert detail["coverage"]["key_events"][0]["permalink"] == permalink
    assert detail["json_ld"]["liveBlogUpdate"][0]["url"] == permalink


def test_drafts_never_reach_the_public(desk):
    article = live_article()
    draft = post(article, desk, "Not yet checked", status=LiveEntry.Status.DRAFT)
    published = post(article, desk, "Checked")

    public = APIClient().get(entries_url(article)).json()["results"]
    staff = token_client(desk).get(entries_url(article)).json()["results"]

    assert [e["id"] for e in public] == [published.pk]
    assert "Not yet checked" not in str(APIClient().get(f"/api/v1/articles/{article.slug}/").json())
    assert APIClient().get(entries_url(article, f"{draft.pk}/")).status_code == 404
    assert {e["id"] for e in staff} == {draft.pk, published.pk}
    assert {e["status"] for e in staff} == {"draft", "published"}


def test_entries_of_an_article_that_is_not_public_are_not_public(desk):
    article = live_article()
    post(article, desk)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert APIClient().get(entries_url(article)).status_code == 404
    assert token_client(desk).get(entries_url(article)).status_code == 200


def test_polling_since_an_entry_gives_only_newer_ones(desk):
    article = live_article()
    seen = post(article, desk, "Seen")
    newer = post(article, desk, "Newer")

    by_id = APIClient().get(entries_url(article), {"since": seen.pk}).json()["results"]
    by_time = APIClient().get(entries_url(article), {"since": seen.published_at.isoformat()}).json()["results"]

    assert [e["id"] for e in by_id] == [newer.pk]
    assert [e["id"] for e in by_time] == [newer.pk]


def written_ago(entry, minutes):
    moment = timezone.now() - timedelta(minutes=minutes)
    LiveEntry.objects.filter(pk=entry.pk).update(created_at=moment, published_at=moment)


def test_polling_since_a_deleted_entry_gives_what_came_after_it(desk):
    article = live_article()
    seen = post(article, desk, "Seen")
    checked_later = post(article, desk, "Checked later", status=LiveEntry.Status.DRAFT)
    last_seen = post(article, desk, "Then deleted")
    for entry, minutes in ((seen, 30), (checked_later, 20), (last_seen, 10)):
        written_ago(entry, minutes)
    services.entry_delete(article=article, entry=last_seen, by=desk)
    token_client(desk).patch(entries_url(article, f"{checked_later.pk}/"), {"status": "published"}, format="json")
    newer = post(article, desk, "Newer")

    response = APIClient().get(entries_url(article), {"since": last_seen.pk})

    assert response.status_code == 200, response.content
    assert [e["id"] for e in response.json()["results"]] == [newer.pk, checked_later.pk]


def test_polling_since_an_entry_taken_back_to_draft_gives_what_came_after_it(desk):
    article = live_article()
    long_ago, just_before, last_seen = (post(article, desk, text) for text in ("Long ago", "Before", "Withdrawn"))
    for entry, minutes in ((long_ago, 60), (just_before, 30), (last_seen, 10)):
        written_ago(entry, minutes)
    token_client(desk).patch(entries_url(article, f"{last_seen.pk}/"), {"status": "draft"}, format="json")
    newer = post(article, desk, "Newer")

    public = APIClient().get(entries_url(article), {"since": last_seen.pk})
    staff = token_client(desk).get(entries_url(article), {"since": last_seen.pk})

    assert public.status_code == 200, public.content
    # The entry written just before comes again: it might have been published after the withdrawn one.
    assert [e["id"] for e in public.json()["results"]] == [newer.pk, just_before.pk]
    assert [e["id"] for e in staff.json()["results"]] == [newer.pk]  # the draft is still in their stream


def test_polling_since_the_first_entry_after_it_was_deleted_gives_every_later_one(desk):
    article = live_article()
    first = post(article, desk, "First")
    written_ago(first, 10)
    services.entry_delete(article=article, entry=first, by=desk)
    later = post(article, desk, "Later")

    response = APIClient().get(entries_url(article), {"since": first.pk})

    assert [e["id"] for e in response.json()["results"]] == [later.pk]


def test_polling_with_if_none_match_is_304_until_a_new_entry_arrives(desk, django_assert_max_num_queries):
    article = live_article()
    post(article, desk, "First")
    client = APIClient()
    first = client.get(entries_url(article), {"since": "2000-01-01T00:00:00Z"})
    etag = first["ETag"]

    with django_assert_max_num_queries(1):  # the article and its coverage, in one query: nothing counted
        unchanged = client.get(entries_url(article), {"since": "2000-01-01T00:00:00Z"}, HTTP_IF_NONE_MATCH=etag)
    post(article, desk, "Second")
    changed = client.get(entries_url(article), {"since": "2000-01-01T00:00:00Z"}, HTTP_IF_NONE_MATCH=etag)

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert len(changed.json()["results"]) == 2


def test_an_edit_also_ends_the_304s(desk):
    article = live_article()
    entry = post(article, desk, "First")
    etag = APIClient().get(entries_url(article))["ETag"]

    token_client(desk).patch(entries_url(article, f"{entry.pk}/"), {"body_html": "<p>Mended</p>"}, format="json")

    assert APIClient().get(entries_url(article), HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("since", ["yesterday", "2147483648", "2026-13-01T00:00:00Z", "9" * 40, ""])
def test_a_since_that_names_nothing_is_a_400(desk, since):
    article = live_article()
    post(article, desk)

    response = APIClient().get(entries_url(article), {"since": since})

    assert response.status_code == 400
    assert "since" in response.json()["errors"]


@pytest.mark.parametrize("query", [{"key_events": "maybe"}, {"page_size": "0"}, {"page_size": "x"}])
def test_other_bad_parameters_are_400(desk, query):
    article = live_article()

    assert APIClient().get(entries_url(article), query).status_code == 400


def test_a_bad_cursor_is_a_404(desk):
    article = live_article()

    assert APIClient().get(entries_url(article), {"cursor": "not-a-cursor"}).status_code == 404


@pytest.mark.parametrize(
    "position",
    [
        "garbage",
        "2026-99-99",
        "2026-02-30 10:00:00+00:00",
        "\x00",
        "2026-01-01 10:00:00\x00",
        "0001-01-01 00:00:00+14:00",
        "9999-12-31 23:59:59-14:00",
        "0001-01-01 00:00:00",
        "99999-01-01 00:00:00+00:00",
        "",
    ],
)
def test_a_forged_cursor_whose_position_is_not_a_time_is_a_404(desk, settings, position):
    settings.TIME_ZONE = "Asia/Tokyo"  # ahead of UTC: a naive year-1 position would fall before the calendar
    article = live_article()
    post(article, desk)
    cursor = base64.b64encode(urlencode({"p": position}).encode("ascii")).decode("ascii")

    response = APIClient().get(entries_url(article), {"cursor": cursor})

    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid cursor"


def test_a_cursor_at_a_real_time_still_pages(desk):
    article = live_article()
    entry = post(article, desk)
    later = post(article, desk)
    position = str(later.published_at)
    cursor = base64.b64encode(urlencode({"p": position}).encode("ascii")).decode("ascii")

    response = APIClient().get(entries_url(article), {"cursor": cursor})

    assert response.status_code == 200
    assert [e["id"] for e in response.json()["results"]] == [entry.pk]


def test_key_events_only(desk):
    article = live_article()
    key = post(article, desk, "Polls close", key_event=True)
    post(article, desk, "Colour from the count")

    results = APIClient().get(entries_url(article), {"key_events": "true"}).json()["results"]

    assert [e["id"] for e in results] == [key.pk]
    assert results[0]["key_event"] is True


def test_an_article_that_is_not_live_coverage_has_no_stream():
    article = ArticleFactory(published=True)

    assert APIClient().get(entries_url(article)).status_code == 404
    assert APIClient().get(f"/api/v1/articles/{article.slug}/").json()["coverage"] is None


def test_the_list_query_count_does_not_grow_with_the_page(desk, django_assert_max_num_queries):
    from tests.articles.factories import ImageFactory, figure_html

    article = live_article()
    photo = ImageFactory()
    services.entry_post(article=article, by=desk, body_html=f"<p>One</p>{figure_html(photo)}")
    with CaptureQueriesContext(connection) as one:
        APIClient().get(entries_url(article))
    one = len(one)  # now: every request empties the connection's query log
    for n in range(6):
        entry = post(article, desk, f"More {n}", key_event=bool(n % 2))
        token_client(desk).patch(
            entries_url(article, f"{entry.pk}/"),
            {"body_html": f"<p>More {n}</p>{figure_html(photo)}"},
            format="json",
        )
    with django_assert_max_num_queries(one):
        response = APIClient().get(entries_url(article))
    assert len(response.json()["results"]) == 7


def test_the_article_detail_query_count_is_the_same_live_or_not(desk, django_assert_num_queries):
    plain = ArticleFactory(published=True)
    with CaptureQueriesContext(connection) as captured_plain:
        APIClient().get(f"/api/v1/articles/{plain.slug}/")
    plain_count = len(captured_plain)  # now: every request empties the connection's query log
    article = live_article()
    for n in range(4):
        post(article, desk, f"Key {n}", key_event=True)
    pinned = post(article, desk, "Pinned")
    token_client(desk).patch(entries_url(article, f"{pinned.pk}/"), {"pinned": True}, format="json")

    with django_assert_num_queries(plain_count + 7):  # pinned (with byline, photos, corrections), keys, latest
        response = APIClient().get(f"/api/v1/articles/{article.slug}/")

    coverage = response.json()["coverage"]
    assert coverage["entry_count"] == 5
    assert coverage["pinned_entry"]["id"] == pinned.pk
    assert len(coverage["key_events"]) == 4


# --- Writes ---------------------------------------------------------------------------------------------------------


def test_a_writer_in_the_byline_posts_and_the_entry_is_theirs():
    article = live_article()
    writer = reporter(article)

    response = token_client(writer).post(
        entries_url(article), {"body_html": "<p>Live from <b>the hall</b><script>x()</script></p>"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["body_html"] == "<p>Live from <b>the hall</b></p>"
    assert [a["slug"] for a in response.json()["authors"]] == [Author.objects.get(user=writer).slug]
    assert response["Location"].endswith(f"entries/{response.json()['id']}/")


@pytest.mark.parametrize("role", ["Moderator", "writer not in the byline"])
def test_others_may_not_post(role):
    article = live_article()
    user = reporter() if role.startswith("writer") else StaffFactory(role=role)

    response = token_client(user).post(entries_url(article), {"body_html": "<p>Hi</p>"}, format="json")

    assert response.status_code in (403, 404)
    assert not LiveEntry.objects.exists()


def test_anonymous_writes_are_401():
    article = live_article()

    assert APIClient().post(entries_url(article), {"body_html": "<p>Hi</p>"}, format="json").status_code == 401


def test_a_writer_changes_only_their_own_entries_and_never_pins(desk):
    article = live_article()
    writer, colleague = reporter(article), reporter(article)
    own, theirs = post(article, writer, "Mine"), post(article, colleague, "Theirs")
    client = token_client(writer)

    assert client.patch(entries_url(article, f"{own.pk}/"), {"key_event": True}, format="json").status_code == 200
    edit = {"body_html": "<p>x</p>"}
    assert client.patch(entries_url(article, f"{theirs.pk}/"), edit, format="json").status_code == 403
    assert client.delete(entries_url(article, f"{theirs.pk}/")).status_code == 403
    assert client.patch(entries_url(article, f"{own.pk}/"), {"pinned": True}, format="json").status_code == 403
    assert client.delete(entries_url(article, f"{own.pk}/")).status_code == 204
    assert list(LiveEntry.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_one_pinned_entry_at_a_time(desk):
    article = live_article()
    first, second = post(article, desk, "First"), post(article, desk, "Second")
    client = token_client(desk)

    client.patch(entries_url(article, f"{first.pk}/"), {"pinned": True}, format="json")
    response = client.patch(entries_url(article, f"{second.pk}/"), {"pinned": True}, format="json")

    assert response.json()["pinned"] is True
    assert list(LiveEntry.objects.filter(is_pinned=True).values_list("pk", flat=True)) == [second.pk]
    coverage = APIClient().get(f"/api/v1/articles/{article.slug}/").json()["coverage"]
    assert coverage["pinned_entry"]["id"] == second.pk


def test_a_draft_cannot_be_pinned(desk):
    article = live_article()
    draft = post(article, desk, status=LiveEntry.Status.DRAFT)

    response = token_client(desk).patch(entries_url(article, f"{draft.pk}/"), {"pinned": True}, format="json")

    assert response.status_code == 409


def test_publishing_a_draft_puts_it_at_the_top_and_editing_a_published_entry_marks_it_edited(desk):
    article = live_article()
    draft = post(article, desk, "Draft", status=LiveEntry.Status.DRAFT)
    later = post(article, desk, "Later")
    client = token_client(desk)

    client.patch(entries_url(article, f"{draft.pk}/"), {"status": "published"}, format="json")
    edited = client.patch(entries_url(article, f"{later.pk}/"), {"headline": "A headline"}, format="json").json()

    assert [e["id"] for e in APIClient().get(entries_url(article)).json()["results"]] == [draft.pk, later.pk]
    assert edited["edited_at"] is not None
    assert edited["headline"] == "A headline"


def test_corrections_are_for_editors_and_keep_the_entry(desk):
    article = live_article()
    writer = reporter(article)
    entry = post(article, writer)
    url = entries_url(article, f"{entry.pk}/corrections/")

    assert token_client(writer).post(url, {"text": "Wrong"}, format="json").status_code == 403
    assert token_client(desk).post(url, {"text": "The time was 3pm."}, format="json").status_code == 201
    assert token_client(desk).delete(entries_url(article, f"{entry.pk}/")).status_code == 409
    assert APIClient().get(entries_url(article, f"{entry.pk}/")).json()["corrections"][0]["text"] == "The time was 3pm."


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"body_html": ""}, "body_html"),
        ({"body_html": "<p>x</p><img src='http://evil.example/a.png'>"}, "body_html"),
        ({"body_html": '<figure><img src="/media/nowhere.png"></figure>'}, "body_html"),
        ({"body_html": "<p>\x07</p>"}, "body_html"),
        ({"body_html": "<p>x</p>", "authors": [999999]}, "authors"),
        ({"body_html": "<p>x</p>", "status": "scheduled"}, "status"),
        ({"body_html": ["<p>x</p>"]}, "body_html"),
        ({}, "body_html"),
    ],
)
def test_bad_entries_are_400_and_nothing_is_written(desk, payload, field):
    article = live_article()

    response = token_client(desk).post(entries_url(article), payload, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not LiveEntry.objects.exists()


def test_posting_to_ended_coverage_is_a_409_but_drafts_may_wait(desk):
    article = live_article()
    client = token_client(desk)
    assert client.post(f"/api/v1/articles/{article.slug}/coverage/end/").json()["state"] == "ended"

    refused = client.post(entries_url(article), {"body_html": "<p>Late</p>"}, format="json")
    drafted = client.post(entries_url(article), {"body_html": "<p>Late</p>", "status": "draft"}, format="json")
    reopened = client.post(f"/api/v1/articles/{article.slug}/coverage/", {"ends_at": None}, format="json")

    assert refused.status_code == 409
    assert drafted.status_code == 201
    assert reopened.json()["state"] == "live"


def test_only_editors_start_coverage(desk):
    article = ArticleFactory(published=True)
    writer = reporter(article)
    url = f"/api/v1/articles/{article.slug}/coverage/"

    assert token_client(writer).post(url, {}, format="json").status_code == 403
    response = token_client(desk).post(url, {"starts_at": "2026-01-01T10:00:00Z"}, format="json")

    assert response.status_code == 200
    assert response.json()["state"] == "live"
    assert response.json()["start"] == "2026-01-01T10:00:00Z"


@pytest.mark.parametrize("since", ["²", "٣", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00"])
def test_odd_sinces_are_answered_never_a_500(desk, since):
    article = live_article()
    post(article, desk)

    assert APIClient().get(entries_url(article), {"since": since}).status_code in (200, 400)


def test_a_photo_placed_in_an_entry_is_in_use(desk):
    from articles.models import Image
    from tests.articles.factories import ImageFactory, figure_html

    article, photo = live_article(), ImageFactory()
    services.entry_post(article=article, by=desk, body_html=f"<p>Scene</p>{figure_html(photo)}")

    assert photo.used_by() == [article]
    assert not Image.objects.unused().filter(pk=photo.pk).exists()


@pytest.mark.parametrize("times", [{"starts_at": "9999-12-31T23:00:00Z"}, {"ends_at": "0001-01-02T00:00:00Z"}])
def test_coverage_times_past_the_calendar_are_400(desk, times, settings):
    settings.LIVE_COVERAGE_AUTO_END_HOURS = 6
    article = live_article()

    response = token_client(desk).post(f"/api/v1/articles/{article.slug}/coverage/", times, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(times)
