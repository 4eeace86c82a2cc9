"""Photos from inside the editor, in a browser: the library picker with its Upload tab, drag-and-drop and paste,
each from an empty add page to a saved article, its actions counted."""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from articles.content import body
from articles.editorial import policy
from articles.images.services import image_create
from articles.models import Article, Image, Revision
from tests.articles.factories import ImageFactory
from tests.articles.photos import photo_bytes
from tests.authors.factories import AuthorFactory
from tests.browser.editing import body_editor, caret_at_end_of
from tests.browser.people import make_writer


class Actions:
    """Counts what the user does: each click, fill, typed text, chosen file or drop is one action."""

    def __init__(self):
        self.count = 0

    def __call__(self, result=None):
        self.count += 1
        return result


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


def pick_byline(page, name, act):
    """Three actions: open the byline's author search, type, choose."""
    act(page.locator("#article_authors-group .select2-selection").first.click())
    act(page.keyboard.type(name))
    act(page.locator(".select2-results__option", has_text=name).click())


def test_an_editor_writes_an_article_with_a_library_photo_its_caption_and_alt_text_in_11_actions(editor_page):
    AuthorFactory(name="Dana Ray")
    ImageFactory(caption="Ferry in fog", alt_text="")
    wanted = ImageFactory(caption="Harbour at dawn", alt_text="")
    editor_page.goto("/admin/articles/article/add/")
    act = Actions()
    act(editor_page.locator("#id_title").fill("Harbour reopens"))
    act(body_editor(editor_page).fill("The harbour reopened today."))

    dialog = act(open_figure_dialog(editor_page))
    picker = act(open_picker(editor_page, dialog))
    act(picker.locator(".picker-photo", has_text="Harbour at dawn").click())

    expect(dialog.locator("input[name=caption]")).to_have_value("Harbour at dawn")
    act(dialog.locator("input[name=altText]").fill("Fishing boats moored at sunrise"))
    act(dialog.get_by_role("button", name="Insert").click())
    expect(body_editor(editor_page).locator("figure img")).to_have_attribute("src", wanted.file.url)
    pick_byline(editor_page, "Dana Ray", act)  # an editor without an author profile names the author
    act(editor_page.get_by_role("button", name="Save", exact=True).click())

    expect(editor_page.locator(".messagelist")).to_contain_text("was added successfully")
    assert act.count == 11
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


def drop_photo(page, name, data=None):
    """One action: a PNG file (new unless ``data`` is given) dragged from the desktop, dropped near the body's end."""
    payload = base64.b64encode(data or photo_bytes("PNG", (90, 60))).decode()
    transfer = page.evaluate_handle(
        """([data, name]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: "image/png" }));
            return transfer;
        }""",
        [payload, name],
    )
    box = body_editor(page).bounding_box()
    spot = {"clientX": box["x"] + 40, "clientY": box["y"] + box["height"] - 40}  # ProseMirror drops at the pointer
    body_editor(page).dispatch_event("drop", {"dataTransfer": transfer, **spot})


def assert_saved_with_its_photo(title, *, by, caption, alt):
    """The saved article holds the one uploaded photo, in place with the placement's caption and alt text, and the
    publish check asks for nothing more (that alt text is the photo's)."""
    article = Article.objects.get(title=title)
    image = Image.objects.get()
    assert image.uploaded_by == by and not image.alt_text  # the alt text is the placement's, not the library's
    assert [(f.src, f.alt, f.caption) for f in body.placed_figures(article.body)] == [(image.file.url, alt, caption)]
    assert [(p.image_id, p.effective_caption) for p in article.placements.all()] == [(image.pk, caption)]
    assert [a.user for a in article.authors.all()] == [by]
    assert policy.publish_problems(Revision.content_of(article)) == []


def test_a_writer_writes_an_article_with_a_dropped_photo_its_caption_and_alt_text_in_7_actions(new_context):
    writer, _ = make_writer("wanda")
    page = new_context(writer).new_page()
    page.goto("/admin/articles/article/add/")
    act = Actions()

    act(page.locator("#id_title").fill("Storm photos"))
    act(body_editor(page).fill("The storm came in at night."))
    act(drop_photo(page, "storm.png"))
    dialog = page.locator("dialog[open]")  # opens on the photo, once uploaded and placed
    expect(dialog.locator("input[name=imageUrl]")).not_to_have_value("")
    assert dialog.locator("input[name=imageUrl]").input_value() == Image.objects.get().file.url
    act(dialog.locator("input[name=caption]").fill("Waves over the pier"))
    act(dialog.locator("input[name=altText]").fill("Grey waves breaking over a wooden pier"))
    act(dialog.get_by_role("button", name="Update").click())
    expect(body_editor(page).locator("figure figcaption")).to_have_text("Waves over the pier")
    act(page.get_by_role("button", name="Save", exact=True).click())

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert act.count == 7 <= 11
    assert_saved_with_its_photo(
        "Storm photos", by=writer, caption="Waves over the pier", alt="Grey waves breaking over a wooden pier"
    )


def test_a_writer_writes_an_article_with_a_photo_uploaded_in_the_picker_its_caption_and_alt_text_in_10_actions(
    new_context, tmp_path
):
    file = tmp_path / "pier.png"
    file.write_bytes(photo_bytes("PNG", (120, 80)))
    writer, _ = make_writer("wanda")
    page = new_context(writer).new_page()
    page.goto("/admin/articles/article/add/")
    act = Actions()

    act(page.locator("#id_title").fill("The old pier"))
    act(body_editor(page).fill("The pier is a hundred years old."))
    dialog = act(open_figure_dialog(page))
    picker = act(open_picker(page, dialog))
    act(picker.get_by_role("link", name="Upload", exact=True).click())
    with picker.expect_event("close"):  # uploaded at once, handed to the dialog, and the picker closes itself
        act(picker.get_by_label("Photo file").set_input_files(str(file)))
    expect(dialog.locator("input[name=imageUrl]")).to_have_value(Image.objects.get().file.url)
    act(dialog.locator("input[name=caption]").fill("The old pier"))
    act(dialog.locator("input[name=altText]").fill("A wooden pier in the rain"))
    act(dialog.get_by_role("button", name="Insert").click())
    act(page.get_by_role("button", name="Save", exact=True).click())

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert act.count == 10 <= 11
    assert_saved_with_its_photo("The old pier", by=writer, caption="The old pier", alt="A wooden pier in the rain")
    assert Image.objects.get().renditions.exists()


def test_a_photo_pasted_into_the_body_is_uploaded_placed_and_its_dialog_opened(editor_page):
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
    dialog = editor_page.locator("dialog[open]")
    expect(dialog.locator("input[name=altText]")).to_be_focused()  # the first thing it still needs
    editor_page.keyboard.type("A pasted photo")
    dialog.get_by_role("button", name="Update").click()
    expect(body_editor(editor_page).locator("figure img")).to_have_attribute("alt", "A pasted photo")
    assert Image.objects.count() == 1


def test_a_dropped_photo_the_library_knows_with_its_text_opens_no_dialog(editor_page):
    data = photo_bytes("PNG", (90, 60))
    known = image_create(
        upload=SimpleUploadedFile("storm.png", data), caption="Storm at sea", alt_text="Waves at night"
    )
    editor_page.goto("/admin/articles/article/add/")
    body_editor(editor_page).fill("Text.")
    drop_photo(editor_page, "storm.png", data)  # the same bytes: the library's photo is placed, with its text

    expect(body_editor(editor_page).locator("figure img")).to_have_attribute("src", known.file.url)
    expect(body_editor(editor_page).locator("figure figcaption")).to_have_text("Storm at sea")
    expect(editor_page.locator("dialog[open]")).to_have_count(0)


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
