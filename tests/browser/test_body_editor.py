"""The body editor's layout and caret, in a browser: the toolbar stays in view on a long article, and a photo that
ends the body can be left by clicking below it."""

from playwright.sync_api import expect

from tests.articles.factories import ArticleFactory, ImageFactory, figure_html
from tests.authors.factories import AuthorFactory
from tests.browser.editing import body_editor, settle


def toolbar(page):
    return page.locator(".field-body .prose-menubar").first


def test_the_toolbar_stays_in_view_while_a_long_article_scrolls(editor_page):
    paragraphs = "".join(f"<p>Paragraph {n} of a long article about the harbour.</p>" for n in range(1, 81))
    article = ArticleFactory(body=paragraphs, authors=[AuthorFactory()])
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    body_editor(editor_page).locator("p", has_text="Paragraph 60 ").scroll_into_view_if_needed()
    settle(editor_page)

    assert body_editor(editor_page).bounding_box()["y"] < -500  # the editor's top is far above the window
    bar = toolbar(editor_page).bounding_box()
    assert 0 <= bar["y"] <= 10 and bar["height"] > 20  # pinned to the window's top edge
    toolbar(editor_page).locator("button[title='bold']").click()  # and usable there
    expect(toolbar(editor_page).locator("button[title='bold']")).to_be_visible()


def test_a_photo_that_ends_the_body_is_left_by_clicking_below_it(editor_page):
    photo = ImageFactory(caption="Harbour at dawn")
    article = ArticleFactory(body=f"<p>Before the photo.</p>{figure_html(photo)}", authors=[AuthorFactory()])
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    figure = body_editor(editor_page).locator("figure")
    editor_page.mouse.wheel(0, 400)  # the editor's empty space under the photo in the window
    settle(editor_page)
    below = figure.bounding_box()
    editor = body_editor(editor_page).bounding_box()
    assert editor["y"] + editor["height"] - (below["y"] + below["height"]) > 60  # the tall editor's empty space

    editor_page.mouse.click(below["x"] + 40, below["y"] + below["height"] + 40)
    settle(editor_page)
    editor_page.keyboard.type("After the photo.")

    expect(body_editor(editor_page).locator("figure + p")).to_have_text("After the photo.")
    expect(body_editor(editor_page).locator("figcaption")).to_have_text("Harbour at dawn")


def test_the_block_type_menu_s_arrow_needs_no_font(editor_page):
    editor_page.goto("/admin/articles/article/add/")
    selected = editor_page.locator(".field-body .prose-menubar__selected").first
    arrow = selected.evaluate(
        "(e) => { const s = getComputedStyle(e, '::after'); return [s.content, s.borderTopStyle, s.borderTopWidth]; }"
    )
    assert arrow == ['""', "solid", "5px"]  # drawn, not the character U+23F7 the package's style asks a font for
