"""A writer's article in review, in the browser: its body reads as text and photos, and one click withdraws it."""

from playwright.sync_api import expect

from tests.articles.factories import ArticleFactory, ImageFactory, figure_html
from tests.browser.people import make_writer


def test_a_writer_withdraws_her_article_from_review_in_one_click_and_may_edit_it_again(new_context):
    user, author = make_writer("wanda")
    photo = ImageFactory(caption="The harbour at dawn")
    article = ArticleFactory(
        title="Harbour story",
        status="in_review",
        authors=[author],
        body=f"<p>Boats came in <strong>early</strong>.</p>{figure_html(photo)}",
    )
    page = new_context(user).new_page()

    page.goto(f"/admin/articles/article/{article.pk}/change/")
    body = page.locator(".body-as-read")
    expect(body).to_contain_text("Boats came in early.")
    expect(body).not_to_contain_text("<p>")
    expect(body.locator("img")).to_have_attribute("src", photo.file.url)
    expect(body.locator("figcaption")).to_have_text("The harbour at dawn")

    page.get_by_role("button", name="Withdraw from review").click()

    expect(page.locator(".messagelist")).to_contain_text("Withdrawn from review")
    article.refresh_from_db()
    assert article.status == "draft"
    expect(page.locator(".field-body [contenteditable=true]")).to_be_visible()  # hers to edit again
    expect(page.get_by_role("button", name="Submit for review")).to_be_visible()


def test_the_byline_sits_under_the_title_and_dek_before_the_body_and_an_empty_one_is_refused_in_plain_words(
    editor_page,
):
    editor_page.goto("/admin/articles/article/add/")
    byline = editor_page.locator("#article_authors-group")
    dek = editor_page.locator("#id_dek").bounding_box()
    body = editor_page.locator(".field-body [contenteditable=true]").bounding_box()
    assert dek["y"] + dek["height"] <= byline.bounding_box()["y"] < body["y"]
    assert byline.bounding_box()["y"] + byline.bounding_box()["height"] < 900  # in view on opening, on a laptop
    assert body["height"] >= 400

    editor_page.locator("#id_title").fill("No byline yet")
    editor_page.get_by_role("button", name="Save", exact=True).click()

    expect(byline).to_contain_text("Add at least one author to the byline")
    expect(editor_page.get_by_text("Please submit at least 1 form")).to_have_count(0)
