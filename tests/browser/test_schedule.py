"""An honest schedule, in the browser: a scheduled article says so, and when, in the list, the form and the calendar."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.articles.factories import ArticleFactory
from tests.browser.editing import body_editor, caret_at_end_of


def test_a_scheduled_article_shows_a_badge_and_its_time_in_the_list_and_the_form(editor_page):
    when = timezone.now().replace(second=0, microsecond=0) + timedelta(days=2)
    ArticleFactory(title="Budget day", status="published", published_at=when)
    local = timezone.localtime(when)

    editor_page.goto("/admin/articles/article/")
    row = editor_page.get_by_role("row").filter(has_text="Budget day")
    expect(row.locator(".status-badge")).to_have_text("Scheduled")
    expect(row).to_contain_text(f"goes live at {local:%-d %B %Y, %H:%M} (UTC)")

    row.get_by_role("link", name="Budget day").click()
    expect(editor_page.locator(".scheduled-banner")).to_contain_text(f"Goes live at {local:%-d %B %Y, %H:%M} (UTC)")
    expect(editor_page.locator(".field-goes_live")).to_contain_text("Goes live at")


def test_the_calendar_shows_scheduled_and_recently_published_articles_on_their_days(editor_page):
    now = timezone.now()
    ArticleFactory(title="Out yesterday", status="published", published_at=now - timedelta(days=1))
    ArticleFactory(title="Out tomorrow", status="published", published_at=now + timedelta(days=1))
    ArticleFactory(title="Still a draft")

    editor_page.goto("/admin/articles/article/")
    editor_page.get_by_role("link", name="Calendar").click()

    tomorrow = timezone.localdate(now + timedelta(days=1)).isoformat()
    yesterday = timezone.localdate(now - timedelta(days=1)).isoformat()
    expect(editor_page.locator(f'td[data-day="{tomorrow}"] a.calendar-entry.scheduled')).to_contain_text("Out tomorrow")
    expect(editor_page.locator(f'td[data-day="{yesterday}"] a.calendar-entry.published')).to_contain_text(
        "Out yesterday"
    )
    expect(editor_page.get_by_text("Still a draft")).to_have_count(0)


def test_an_edit_of_a_scheduled_article_made_in_the_form_is_what_goes_live_at_its_time(
    new_context, editor, browser_errors
):
    browser_errors.expect("status of 404")
    goes_live = timezone.now() + timedelta(hours=1)
    article = ArticleFactory(
        title="Embargoed", status="published", published_at=goes_live, body="<p>The budget is out.</p>"
    )
    page = new_context(editor).new_page()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".scheduled-banner")).to_contain_text("Goes live at")
    page.locator("#id_title").fill("Embargoed, corrected")
    caret_at_end_of(page, body_editor(page).locator("p").last)
    page.keyboard.type(" Taxes rise.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    reader = new_context().new_page()
    address = f"/api/v1/articles/{article.slug}/?format=json"
    assert reader.goto(address).status == 404  # not public before its time
    with time_machine.travel(goes_live + timedelta(minutes=1)):
        assert reader.goto(address).status == 200
        served = reader.evaluate("() => JSON.parse(document.body.innerText)")
    assert served["title"] == "Embargoed, corrected"
    assert "The budget is out. Taxes rise." in served["body_html"]
