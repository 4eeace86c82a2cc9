"""Photos from inside the editor, in a browser: the library picker with its Upload tab, and drag-and-drop."""

import base64

from playwright.sync_api import expect

from articles.models import Article, Image
from tests.articles.factories import ImageFactory
from tests.articles.photos import photo_bytes
from tests.authors.factories import AuthorFactory
from tests.browser.editing import body_editor, caret_at_end_of


def open_figure_dialog(page):
    page.locator(".field-body .prose-menubar__button[title='figure']").click()
    return page.locator("dialog[open]")


def open_picker(page, dialog):
    """The picker's window, once its script listens: a click before that would be lost."""
    with page.context.expect_page() as opened:
        dialog.get_by_role("button", name="Browse...").click()
    picker = opened.value
    picker.wait_for_load_state()
    return picker


def pick_byline(page, name):
    """Three actions: open the byline's author search, type, choose."""
    page.locator("#article_authors-group .select2-selection").first.click()
    page.keyboard.type(name)
    page.locator(".select2-results__option", has_text=name).click()


def test_an_editor_writes_an_article_with_a_library_photo_its_caption_and_alt_text_in_11_actions(editor_page):
    AuthorFactory(name="Dana Ray")
    ImageFactory(caption="Ferry in fog", alt_text="")
    wanted = ImageFactory(caption="Harbour at dawn", alt_text="")
    editor_page.goto("/admin/articles/article/add/")
    editor_page.locator("#id_title").fill("Harbour reopens")  # 1
    body_editor(editor_page).fill("The harbour reopened today.")  # 2

    dialog = open_figure_dialog(editor_page)  # 3
    picker = open_picker(editor_page, dialog)  # 4
    picker.locator(".picker-photo", has_text="Harbour at dawn").click()  # 5

    expect(dialog.locator("input[name=caption]")).to_have_value("Harbour at dawn")
    dialog.locator("input[name=altText]").fill("Fishing boats moored at sunrise")  # 6
    dialog.get_by_role("button", name="Insert").click()  # 7
    expect(body_editor(editor_page).locator("figure img")).to_have_attribute("src", wanted.file.url)
    pick_byline(editor_page, "Dana Ray")  # 8, 9, 10
    editor_page.get_by_role("button", name="Save", exact=True).click()  # 11

    expect(editor_page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(title="Harbour reopens")
    assert wanted.file.url in article.body and 'alt="Fishing boats moored at sunrise"' in article.body
    assert [(p.image_id, p.effective_caption) for p in article.placements.all()] == [(wanted.pk, "Harbour at dawn")]


def test_the_picker_searches_the_library(editor_page):
    ImageFactory(caption="Ferry in fog")
    ImageFactory(caption="Harbour at dawn")
    editor_page.goto("/admin/articles/image/picker/")
    editor_page.get_by_role("searchbox").fill("harbour")
    editor_page.get_by_role("button", name="Search").click()
    expect(editor_page.locator(".picker-photo")).to_have_count(1)
    expect(editor_page.locator(".picker-photo img")).to_be_visible()


def test_the_picker_s_upload_tab_adds_the_photo_to_the_library_and_places_it(editor_page, tmp_path):
    file = tmp_path / "pier.png"
    file.write_bytes(photo_bytes("PNG", (120, 80)))
    editor_page.goto("/admin/articles/article/add/")
    body_editor(editor_page).click()

    dialog = open_figure_dialog(editor_page)
    picker = open_picker(editor_page, dialog)
    picker.get_by_role("link", name="Upload", exact=True).click()
    picker.get_by_label("Photo file").set_input_files(str(file))
    picker.get_by_label("Caption").fill("The old pier")
    picker.get_by_label("Alt text").fill("A wooden pier in the rain")
    picker.get_by_role("button", name="Upload and place").click()

    image = Image.objects.get(caption="The old pier")
    expect(dialog.locator("input[name=imageUrl]")).to_have_value(image.file.url)
    expect(dialog.locator("input[name=altText]")).to_have_value("A wooden pier in the rain")
    assert image.renditions.exists()


def test_a_photo_dropped_on_the_body_is_uploaded_to_the_library_and_placed(editor_page, editor):
    author = AuthorFactory(name="Dana Ray")
    editor_page.goto("/admin/articles/article/add/")
    editor_page.locator("#id_title").fill("Storm photos")
    body_editor(editor_page).click()
    editor_page.keyboard.type("Before the photo.")

    payload = base64.b64encode(photo_bytes("PNG", (90, 60))).decode()
    transfer = editor_page.evaluate_handle(
        """(data) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "storm.png", { type: "image/png" }));
            return transfer;
        }""",
        payload,
    )
    box = body_editor(editor_page).bounding_box()
    spot = {"clientX": box["x"] + 40, "clientY": box["y"] + box["height"] - 40}  # ProseMirror drops at the pointer
    body_editor(editor_page).dispatch_event("drop", {"dataTransfer": transfer, **spot})

    expect(body_editor(editor_page).locator("figure img")).to_have_count(1)
    image = Image.objects.get()
    assert image.uploaded_by == editor
    expect(body_editor(editor_page).locator("figure img")).to_have_attribute("src", image.file.url)
    assert author.pk


def test_a_photo_pasted_into_the_body_is_uploaded_and_placed(editor_page):
    editor_page.goto("/admin/articles/article/add/")
    body_editor(editor_page).click()
    payload = base64.b64encode(photo_bytes("JPEG", (80, 60))).decode()
    editor_page.evaluate(
        """(data) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "pasted.jpg", { type: "image/jpeg" }));
            const editor = document.querySelector(".field-body [contenteditable=true]");
            const paste = { clipboardData: transfer, bubbles: true, cancelable: true };
            editor.dispatchEvent(new ClipboardEvent("paste", paste));
        }""",
        payload,
    )
    expect(body_editor(editor_page).locator("figure img")).to_have_count(1)
    assert Image.objects.count() == 1


def test_enter_in_a_caption_starts_a_paragraph_after_the_photo(editor_page):
    image = ImageFactory(caption="Harbour at dawn")
    editor_page.goto("/admin/articles/article/add/")
    body_editor(editor_page).click()
    editor_page.keyboard.type("First paragraph.")
    dialog = open_figure_dialog(editor_page)
    dialog.locator("input[name=imageUrl]").fill(image.file.url)
    dialog.locator("input[name=caption]").fill("At dawn")
    dialog.get_by_role("button", name="Insert").click()

    caret_at_end_of(editor_page, body_editor(editor_page).locator("figcaption"))
    editor_page.keyboard.press("Enter")
    editor_page.keyboard.type("After the photo.")

    expect(body_editor(editor_page).locator("figcaption")).to_have_text("At dawn")
    expect(body_editor(editor_page).locator("figure + p")).to_have_text("After the photo.")
