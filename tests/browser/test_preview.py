"""The built-in preview in a browser: unsaved edits as a reader sees them, in a new tab, the form kept."""

from playwright.sync_api import expect

from tests.articles.factories import ArticleFactory, ImageFactory, figure_html
from tests.authors.factories import AuthorFactory
from tests.browser.editing import body_editor, caret_at_end_of


def test_preview_shows_unsaved_edits_in_a_new_tab_and_the_form_keeps_them(editor_page):
    photo = ImageFactory(caption="Dawn over the harbour", credit="Agency Photo")
    author = AuthorFactory(name="Jonathan Wade", post_nominals="CD")
    article = ArticleFactory(
        title="Harbour opens", dek="Saved dek.", authors=[author], body=f"<p>Saved text.</p>{figure_html(photo)}"
    )
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    editor_page.locator("#id_title").fill("Harbour opens at last")
    caret_at_end_of(editor_page, body_editor(editor_page).locator("p").first)
    editor_page.keyboard.type(" Typed, not saved.")

    with editor_page.context.expect_page() as opened:
        editor_page.get_by_role("button", name="Preview").click()
    preview = opened.value
    preview.wait_for_load_state()

    expect(preview.locator("h1.reader-headline")).to_have_text("Harbour opens at last")
    expect(preview.locator(".reader-byline")).to_contain_text("By Jonathan Wade, CD")
    expect(preview.locator(".reader-body")).to_contain_text("Saved text. Typed, not saved.")
    expect(preview.locator(".reader-body figcaption")).to_contain_text("Dawn over the harbour Agency Photo")
    expect(preview.get_by_text("Unsaved edits")).to_be_visible()
    expect(preview.get_by_text("The front end shows the saved version")).to_be_visible()
    preview.get_by_role("button", name="Phone").click()
    expect(preview.locator("#preview-frame")).to_have_css("max-width", "375px")

    expect(editor_page.locator("#id_title")).to_have_value("Harbour opens at last")  # nothing dropped
    article.refresh_from_db()
    assert article.title == "Harbour opens"  # nor saved


def test_preview_of_a_new_article_before_its_first_save(editor_page):
    editor_page.goto("/admin/articles/article/add/")
    editor_page.locator("#id_title").fill("Not saved yet")
    with editor_page.context.expect_page() as opened:
        editor_page.get_by_role("button", name="Preview").click()
    expect(opened.value.locator("h1.reader-headline")).to_have_text("Not saved yet")
