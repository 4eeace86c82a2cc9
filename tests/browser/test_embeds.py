"""Embeds in the editor, in a browser: a URL pasted on its own line becomes an embed, previewed, and reaches the
public API as an embed block and a sanitised frame in body_html."""

from playwright.sync_api import expect
from rest_framework.test import APIClient

from articles.editorial.services import article_transition
from articles.models import Article
from tests.articles.embeds.provider import YOUTUBE_URL, closed_port, oembed_provider, youtube_answer  # noqa: F401
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory
from tests.browser.editing import body_editor, caret_at_end_of, settle


def paste(page, text):
    page.evaluate(
        """(text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const target = document.querySelector(".field-body [contenteditable=true]");
            target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
        }""",
        text,
    )


def test_a_url_pasted_on_its_own_line_is_previewed_saved_and_served_as_an_embed(
    editor_page,
    editor,
    oembed_provider,  # noqa: F811
):
    oembed_provider.answer(YOUTUBE_URL, youtube_answer(title="Harbour timelapse"))
    article = ArticleFactory(
        title="Harbour reopens", body="<p>The harbour reopened today.</p>", authors=[AuthorFactory()]
    )
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    caret_at_end_of(editor_page, body_editor(editor_page).locator("p").first)
    editor_page.keyboard.press("Enter")
    settle(editor_page)
    paste(editor_page, YOUTUBE_URL)

    preview = body_editor(editor_page).locator("figure.embed-preview")
    expect(preview).to_have_attribute("data-previewed", "ok")
    expect(preview).to_contain_text("Harbour timelapse")
    expect(preview.locator("iframe")).to_have_attribute(
        "src", "https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed"
    )
    editor_page.get_by_role("button", name="Save", exact=True).click()
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")

    article.refresh_from_db()
    assert f'<figure data-embed="{YOUTUBE_URL}"></figure>' in article.body
    article_transition(article=article, by=editor, name="publish")
    data = APIClient().get(f"/api/v1/articles/{article.slug}/").json()
    embed = next(block for block in data["body"] if block["type"] == "embed")
    assert (embed["provider"], embed["url"], embed["title"]) == ("youtube", YOUTUBE_URL, "Harbour timelapse")
    assert 'src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed"' in data["body_html"]
    assert 'sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"' in data["body_html"]
    assert oembed_provider.asked == [YOUTUBE_URL]  # asked once, for the preview; the save and the API read the cache


def test_an_unreachable_provider_keeps_the_embed_with_the_reason_and_the_edit_saves(
    editor_page,
    settings,
    closed_port,  # noqa: F811
):
    settings.EMBEDS_ENDPOINTS = {"vimeo": f"http://127.0.0.1:{closed_port}/oembed"}
    article = ArticleFactory(title="Ferry", body="<p>The ferry left.</p>", authors=[AuthorFactory()])
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    editor_page.locator(".field-body .prose-menubar__button[title^='Embed']").click()
    dialog = editor_page.locator("dialog[open]")
    dialog.locator("input").first.fill("https://vimeo.com/76979871")
    dialog.get_by_role("button", name="Embed").click()

    preview = body_editor(editor_page).locator("figure.embed-preview")
    expect(preview).to_have_attribute("data-previewed", "error")
    expect(preview).to_contain_text("Vimeo could not be reached")
    editor_page.get_by_role("button", name="Save", exact=True).click()
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert '<figure data-embed="https://vimeo.com/76979871"></figure>' in Article.objects.get(pk=article.pk).body
