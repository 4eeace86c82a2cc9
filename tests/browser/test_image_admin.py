"""The photo library's add page in a browser: a chosen file is previewed and its dimensions read before upload,
a click on the preview sets the focal point, and the saved photo's size is in the one formatter's words."""

from playwright.sync_api import expect

from articles.models import Image
from tests.articles.photos import photo_bytes


def test_the_add_page_reads_the_chosen_file_s_dimensions_and_the_saved_photo_shows_its_size(editor_page, tmp_path):
    file = tmp_path / "pier.png"
    file.write_bytes(photo_bytes("PNG", (120, 80)))
    editor_page.goto("/admin/articles/image/add/")
    dimensions = editor_page.locator(".upload-dimensions")
    expect(dimensions).to_have_text("Read from the file once it is chosen.")

    editor_page.locator("#id_file").set_input_files(str(file))

    expect(dimensions).to_have_text("120 × 80 px · PNG, read from the chosen file")
    preview = editor_page.locator(".field-preview .focal-picker img")
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    expect(editor_page.locator("#id_focal_x")).to_have_value("0.250")
    expect(editor_page.locator("#id_focal_y")).to_have_value("0.750")
    editor_page.locator("#id_caption").fill("The old pier")
    editor_page.get_by_role("button", name="Save and continue editing").click()

    expect(editor_page.locator(".messagelist")).to_contain_text("was added successfully")
    image = Image.objects.get()
    assert (image.width, image.height, image.focal_point) == (120, 80, (0.25, 0.75))
    assert image.file_size < 1000  # the case the old inline copy showed as "0 KB"
    expect(dimensions).to_have_text(f"120 × 80 px · PNG · {image.file_size} bytes")
