"""The posting screen, through Django's test client: post, edit, pin, key event, delete, end; the policy's roles."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.live.models import LiveCoverage, LiveEntry
from tests.articles.factories import ArticleFactory
from tests.articles.live.factories import editor, live_article, post, reporter
from tests.authors.factories import StaffFactory

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def live_url(article):
    return reverse("admin:articles_livecoverage_live", args=[article.pk])


def action_url(article, entry, op):
    return reverse("admin:articles_livecoverage_entry", args=[article.pk, entry.pk, op])


def test_the_article_page_links_to_its_posting_screen():
    article, desk = live_article(), editor()

    page = signed_in(desk).get(reverse("admin:articles_article_change", args=[article.pk]))

    assert live_url(article) in page.content.decode()


def test_an_article_that_is_not_live_offers_editors_to_start_coverage():
    article, desk = ArticleFactory(published=True), editor()
    client = signed_in(desk)

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    response = client.post(
        reverse("admin:articles_livecoverage_add"),
        {"article": article.pk, "starts_at_0": "2026-12-01", "starts_at_1": "09:00:00"},
    )

    assert f"{reverse('admin:articles_livecoverage_add')}?article={article.pk}" in page
    assert response.status_code == 302 and response["Location"] == live_url(article)
    assert LiveCoverage.objects.get(pk=article.pk).starts_at.hour == 9


def test_a_reporter_posts_from_the_one_box_and_the_stream_shows_newest_first():
    article = live_article()
    writer = reporter(article)
    client = signed_in(writer)
    page = client.get(live_url(article))
    assert page.status_code == 200
    assert 'name="body"' in page.content.decode() and ">Post<" in page.content.decode()

    client.post(live_url(article), {"body": "<p>First from the hall</p>", "headline": ""})
    response = client.post(live_url(article), {"body": "<p>Second <script>x</script></p>", "headline": "Vote"})

    assert response.status_code == 302
    assert list(LiveEntry.objects.newest_first().values_list("body", "status")) == [
        ("<p>Second </p>", "published"),
        ("<p>First from the hall</p>", "published"),
    ]
    html = client.get(live_url(article)).content.decode()
    assert html.index("Second") < html.index("First from the hall")


def test_save_as_draft_keeps_it_out_of_the_stream_until_published():
    article, desk = live_article(), editor()
    client = signed_in(desk)

    client.post(live_url(article), {"body": "<p>Unchecked</p>", "draft": "1"})
    entry = LiveEntry.objects.get()
    assert entry.status == "draft"
    client.post(action_url(article, entry, "publish"))

    entry.refresh_from_db()
    assert entry.status == "published"
    assert LiveCoverage.objects.get(pk=article.pk).entry_count == 1


def test_inline_pin_key_event_edit_and_delete():
    article, desk = live_article(), editor()
    first, second = post(article, desk, "First"), post(article, desk, "Second")
    client = signed_in(desk)

    client.post(action_url(article, first, "pin"))
    client.post(action_url(article, second, "pin"))
    client.post(action_url(article, first, "key"))
    client.post(f"{live_url(article)}?edit={second.pk}", {"body": "<p>Second, mended</p>", "headline": "H"})
    client.post(action_url(article, first, "delete"))

    second.refresh_from_db()
    assert list(LiveEntry.objects.values_list("pk", flat=True)) == [second.pk]
    assert second.is_pinned and second.body == "<p>Second, mended</p>" and second.edited_at


def test_a_refusal_of_the_content_is_a_form_error_and_nothing_is_posted():
    article, desk = live_article(), editor()

    page = signed_in(desk).post(live_url(article), {"body": '<figure><img src="/media/nowhere.png"></figure>'})

    assert page.status_code == 200
    assert "Place only photos from the image library" in page.content.decode()
    assert not LiveEntry.objects.exists()


def test_a_writer_may_not_pin_nor_touch_a_colleagues_entry_and_is_not_offered_to():
    article = live_article()
    writer, colleague = reporter(article), reporter(article)
    theirs = post(article, colleague, "Theirs")
    client = signed_in(writer)

    html = client.get(live_url(article)).content.decode()

    assert action_url(article, theirs, "pin") not in html
    assert action_url(article, theirs, "delete") not in html
    assert client.post(action_url(article, theirs, "pin")).status_code == 403
    assert client.post(action_url(article, theirs, "delete")).status_code == 403
    assert client.post(f"{live_url(article)}?edit={theirs.pk}", {"body": "<p>Mine now</p>"}).status_code == 403
    theirs.refresh_from_db()
    assert not theirs.is_pinned and theirs.body == "<p>Theirs</p>"


@pytest.mark.parametrize("role", ["Moderator", "writer not in the byline"])
def test_others_cannot_post(role):
    article = live_article()
    user = reporter() if role.startswith("writer") else StaffFactory(role=role)
    client = signed_in(user)

    assert client.get(live_url(article)).status_code in (403, 404)
    assert client.post(live_url(article), {"body": "<p>Hi</p>"}).status_code in (403, 404)
    assert not LiveEntry.objects.exists()


def test_editors_end_and_reopen_coverage_and_writers_cannot():
    article, desk = live_article(), editor()
    writer = reporter(article)
    end = reverse("admin:articles_livecoverage_end", args=[article.pk])

    assert signed_in(writer).post(end).status_code == 403
    signed_in(desk).post(end)
    assert LiveCoverage.objects.get(pk=article.pk).state() == "ended"
    refused = signed_in(writer).post(live_url(article), {"body": "<p>Late</p>"})
    assert "has ended" in refused.content.decode()
    signed_in(desk).post(end, {"reopen": "1"})

    assert LiveCoverage.objects.get(pk=article.pk).state() == "live"


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_the_posting_screen_costs_the_same_whatever_the_length_of_the_stream(role):
    article = live_article()
    user = editor() if role == "editor" else reporter(article)
    colleague = reporter(article)
    client = signed_in(user)

    def queries_with(entries):
        while LiveEntry.objects.count() < entries:
            n = LiveEntry.objects.count()
            post(article, user if n % 2 else colleague, f"Entry {n}", key_event=n % 3 == 0)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(live_url(article)).status_code == 200
        return len(captured)

    assert queries_with(2) == queries_with(12)


def test_the_posting_screen_shows_the_newest_50_and_links_to_older_ones():
    article, desk = live_article(), editor()
    entries = [post(article, desk, f"Entry number {n}.") for n in range(52)]
    client = signed_in(desk)

    first = client.get(live_url(article)).content.decode()
    older = client.get(live_url(article), {"page": "2"}).content.decode()

    assert "Entry number 51." in first and "Entry number 2." in first and "Entry number 1." not in first
    assert "?page=2" in first
    assert "Entry number 1." in older and "Entry number 0." in older and "Entry number 2." not in older
    assert f"entry-{entries[0].pk}" in older
    assert client.get(live_url(article), {"page": "x"}).status_code == 200
    assert client.get(live_url(article), {"page": "999"}).status_code == 200


def correction_url(article, entry):
    return reverse("admin:articles_livecoverage_correction", args=[article.pk, entry.pk])


def test_an_editor_adds_a_correction_to_a_published_entry_from_the_stream():
    article, desk = live_article(), editor()
    entry = post(article, desk, "The count starts at 9pm.")
    client = signed_in(desk)
    assert correction_url(article, entry) in client.get(live_url(article)).content.decode()

    response = client.post(correction_url(article, entry), {"text": "The count starts at 10pm."})

    assert response.status_code == 302 and response["Location"].endswith(f"#entry-{entry.pk}")
    assert list(entry.corrections.values_list("text", "created_by")) == [("The count starts at 10pm.", desk.pk)]
    assert "The count starts at 10pm." in client.get(live_url(article)).content.decode()


def test_a_correction_is_not_offered_on_a_draft_nor_to_a_writer_and_is_refused_if_sent():
    article, desk = live_article(), editor()
    writer = reporter(article)
    own = post(article, writer, "Mine")
    draft = post(article, desk, "Unchecked", status=LiveEntry.Status.DRAFT)

    editor_page = signed_in(desk).get(live_url(article)).content.decode()
    writer_page = signed_in(writer).get(live_url(article)).content.decode()
    refused = signed_in(writer).post(correction_url(article, own), {"text": "Wrong"})
    on_draft = signed_in(desk).post(correction_url(article, draft), {"text": "Wrong"}, follow=True)
    empty = signed_in(desk).post(correction_url(article, own), {"text": "  "}, follow=True)

    assert correction_url(article, draft) not in editor_page
    assert correction_url(article, own) in editor_page
    assert "Add a correction" not in writer_page
    assert refused.status_code == 403
    assert "Corrections go on published entries" in on_draft.content.decode()
    assert "This field is required." in empty.content.decode()
    assert not own.corrections.exists() and not draft.corrections.exists()
