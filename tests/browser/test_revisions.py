"""Revisions in the browser: a side-by-side compare that fits the screen, and a restore that asks first."""

from playwright.sync_api import expect

from articles.editorial.services import article_edit
from articles.models import Revision
from tests.articles.factories import ArticleFactory


def test_compare_marks_words_side_by_side_within_the_screen_and_restore_asks_first(editor_page, editor):
    long_word = "Supercalifragilistic" * 8
    body = f"<p>First {long_word}.</p><ul><li>One</li><li>Two</li></ul>"
    article = ArticleFactory(title="Ferry sails at noon", body=body)
    older = article.revisions.create(content=Revision.content_of(article))
    article_edit(article=article, by=editor, changes={"title": "Ferry sails at dusk"})
    newer = article.revisions.first()

    editor_page.goto(f"/admin/articles/article/{article.pk}/revisions/compare/?a={older.pk}&b={newer.pk}")
    title = editor_page.get_by_role("row").filter(has_text="Title")
    expect(title.locator("del")).to_have_text("noon")
    expect(title.locator("ins")).to_have_text("dusk")
    width = editor_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= editor_page.viewport_size["width"]

    editor_page.once("dialog", lambda dialog: dialog.dismiss())
    editor_page.locator("table.revision-compare thead th").nth(1).get_by_role("button", name="Restore this").click()
    article.refresh_from_db()
    assert article.title == "Ferry sails at dusk"  # declined: nothing restored

    editor_page.once("dialog", lambda dialog: dialog.accept())
    editor_page.locator("table.revision-compare thead th").nth(1).get_by_role("button", name="Restore this").click()
    expect(editor_page.locator(".messagelist")).to_contain_text(f"Revision {older.pk} is restored")
    article.refresh_from_db()
    assert article.title == "Ferry sails at noon"
