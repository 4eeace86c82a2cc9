"""Autosave, the leave-page warning, the word count, and two editors on one article, in real browsers."""

from playwright.sync_api import expect

from articles.models import Autosave
from tests.articles.factories import ArticleFactory
from tests.browser.editing import body_editor, caret_at_end_of
from tests.browser.people import make_editor


def type_in_body(page, text):
    caret_at_end_of(page, body_editor(page).locator("p").last)
    page.keyboard.type(text)


def test_work_autosaved_before_the_tab_closed_is_offered_back_and_restored(new_context, editor):
    article = ArticleFactory(title="Council vote", body="<p>The council met.</p>")
    first = new_context(editor).new_page()
    first.goto(f"/admin/articles/article/{article.pk}/change/")
    first.locator("#id_title").fill("Council vote delayed")
    type_in_body(first, " It voted late.")
    expect(first.locator(".desk-autosaved")).to_contain_text("Autosaved", timeout=10_000)
    first.close()  # the tab is gone, nothing saved

    assert Autosave.objects.filter(user=editor, article=article).count() == 1
    second = new_context(editor).new_page()
    second.goto(f"/admin/articles/article/{article.pk}/change/")
    offer = second.locator("#desk-autosave-offer")
    expect(offer).to_contain_text("You have unsaved work on this article")
    offer.get_by_role("button", name="Restore it").click()

    expect(second.locator("#id_title")).to_have_value("Council vote delayed")
    expect(second.locator(".field-body [contenteditable=true]")).to_contain_text("The council met. It voted late.")
    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.title == "Council vote delayed" and "It voted late." in article.body
    assert not Autosave.objects.filter(user=editor, article=article).exists()  # saved: nothing left to offer


def test_leaving_with_unsaved_changes_asks_first(editor_page):
    article = ArticleFactory(title="Quiet day")
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    editor_page.locator("#id_dek").fill("Changed, not saved")
    dialogs = []
    editor_page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    editor_page.get_by_role("link", name="Articles").first.click()
    editor_page.wait_for_timeout(500)

    assert dialogs == ["beforeunload"]
    expect(editor_page.locator("#id_dek")).to_have_value("Changed, not saved")  # still here


def test_the_word_count_and_reading_time_follow_the_typing(editor_page):
    article = ArticleFactory(body="<p>One two three.</p>")
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(editor_page.locator(".desk-words")).to_have_text("3 words · 1 min read")
    type_in_body(editor_page, " Four five")
    expect(editor_page.locator(".desk-words")).to_have_text("5 words · 1 min read")


def test_two_editors_see_each_other_and_the_second_takes_over_with_confirmation(new_context, editor):
    other = make_editor("bo")
    article = ArticleFactory(title="Shared story")
    ana = new_context(editor).new_page()
    ana.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(ana.locator("#desk-presence")).to_be_hidden()
    ana.locator("#id_dek").fill("Ana's unsaved dek")

    bo = new_context(other).new_page()
    bo.goto(f"/admin/articles/article/{article.pk}/change/")
    presence = bo.locator("#desk-presence")
    expect(presence).to_contain_text("editor is editing since")
    expect(presence).to_contain_text("editor has unsaved changes", timeout=15_000)
    expect(bo.get_by_role("button", name="Save", exact=True)).to_be_disabled()
    expect(ana.locator("#desk-presence")).to_contain_text("bo has it open since", timeout=15_000)

    bo.once("dialog", lambda dialog: dialog.accept())
    presence.get_by_role("button", name="Take over").click()
    expect(bo.get_by_role("button", name="Save", exact=True)).to_be_enabled()
    expect(ana.locator("#desk-presence")).to_contain_text("bo took over editing this article", timeout=15_000)
    expect(ana.get_by_role("button", name="Save", exact=True)).to_be_disabled()
