"""Uploads that break Pillow somewhere along the way — cut short, degenerate in shape, or failing while being
transposed, re-encoded or rendered — are refused as 400s (form errors in the admin) naming the problem, with no row
and no file left behind; very long or very tall photos are taken and get renditions with no zero side."""

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageOps

from articles.images import renditions
from articles.images.services import image_create
from articles.models import Image, Rendition
from tests.articles.photos import encoded, photo_bytes, picture, stored_files, uploaded
from tests.authors.factories import StaffFactory, UserFactory, token_client

pytestmark = pytest.mark.django_db

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "MPO": "jpg"}
DAMAGED = ("damaged or incomplete", "not an image Newsroom can read")

# One small valid file per format, made once so that the offsets below are fixed. A GIF cut between frames and a
# camera's MPO cut in its second picture still decode their first picture: they are there for that.
WHOLE = {image_format: photo_bytes(image_format, (64, 48)) for image_format in ("JPEG", "PNG", "WEBP")} | {
    "GIF": encoded(picture((16, 12)), "GIF", save_all=True, append_images=[picture((16, 12)), picture((16, 12))]),
    "MPO": encoded(picture((32, 24)), "MPO", save_all=True, append_images=[picture((32, 24))]),
}
# Where each format's header ends: JPEG's (and MPO's) start-of-image and JFIF segment, PNG's signature and IHDR
# chunk, WebP's RIFF header and its VP8 chunk header, GIF's signature and screen descriptor.
HEADER_ENDS = {"JPEG": (2, 4, 20), "PNG": (8, 16, 33), "WEBP": (12, 20, 30), "GIF": (6, 13), "MPO": (2, 4, 20)}


def cuts(image_format):
    """Every 7th byte of the file, just after each header part, and one byte short of the whole file."""
    data = WHOLE[image_format]
    return sorted({*range(1, len(data), 7), *HEADER_ENDS[image_format], len(data) - 1})


def test_the_mpo_and_gif_are_what_the_cut_tests_need():
    assert [PILImage.open(io.BytesIO(WHOLE[f])).n_frames for f in ("GIF", "MPO")] == [3, 2]


def snapshot(media_root):
    return Image.objects.count(), Rendition.objects.count(), stored_files(media_root)


@pytest.fixture
def editor():
    return token_client(StaffFactory(role="Editor"))


@pytest.fixture
def library(media_root):
    """A photo already in the library, so that "nothing written" is checked against more than an empty folder."""
    return image_create(upload=uploaded(photo_bytes(), "existing.jpg"), caption="Already here", alt_text="Boats")


def post_image(client, data, name):
    fields = {"caption": "Ice on the harbour", "credit": "Staff", "alt_text": "Boats in ice"}
    return client.post("/api/v1/images/", {"file": uploaded(data, name), **fields}, format="multipart")


def file_errors(response):
    assert response.status_code == 400, response.content
    return response.json()["errors"]["file"]


# --- Cut short ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("image_format", WHOLE)
def test_file_cut_short_anywhere_is_400_naming_the_damage_and_writes_nothing(editor, library, media_root, image_format):
    before = snapshot(media_root)
    wrong = {}

    for offset in cuts(image_format):
        response = post_image(editor, WHOLE[image_format][:offset], f"cut.{EXTENSIONS[image_format]}")
        errors = response.json().get("errors", {}).get("file", []) if response.status_code == 400 else []
        if not any(text in error for error in errors for text in DAMAGED) or snapshot(media_root) != before:
            wrong[offset] = (response.status_code, errors)

    assert wrong == {}, f"offsets out of {len(WHOLE[image_format])} bytes"


@pytest.mark.parametrize("image_format", WHOLE)
def test_the_whole_file_of_each_cut_test_is_taken(editor, image_format):
    response = post_image(editor, WHOLE[image_format], f"whole.{EXTENSIONS[image_format]}")

    assert response.status_code == 201, response.json()


@pytest.fixture
def admin_editor(client):
    from django.contrib.auth.models import Group

    from articles.editorial.roles import EDITOR

    user = UserFactory()
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    return client


def add_in_admin(client, data, name):
    fields = {"caption": "Ice", "credit": "Staff", "alt_text": "Boats", "focal_x": "", "focal_y": "", "_save": "Save"}
    return client.post(reverse("admin:articles_image_add"), {"file": uploaded(data, name), **fields})


@pytest.mark.parametrize(
    "image_format, offset",
    [(f, o) for f, ends in HEADER_ENDS.items() for o in ends] + [(f, len(d) - 1) for f, d in WHOLE.items()],
)
def test_file_cut_short_is_an_admin_form_error_naming_the_damage_and_writes_nothing(
    admin_editor, library, media_root, image_format, offset
):
    before = snapshot(media_root)

    response = add_in_admin(admin_editor, WHOLE[image_format][:offset], f"cut.{EXTENSIONS[image_format]}")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert any(text in error for error in errors for text in DAMAGED), errors
    assert snapshot(media_root) == before


# --- Extreme shapes ---------------------------------------------------------------------------------------------


def assert_renditions_fit(image):
    """Every rendition has both sides, within WebP's limit, and is stored at the size its row says."""
    made = list(image.renditions.all())
    assert {r.spec for r in made} >= {"crop-16x9", "crop-4x3", "crop-1x1", "social"}
    assert any(r.spec.startswith("w") and r.format == "WEBP" for r in made)
    for rendition in made:
        assert 1 <= rendition.width <= renditions.WEBP_MAX_SIDE and 1 <= rendition.height <= renditions.WEBP_MAX_SIDE
        with default_storage.open(rendition.file.name, "rb") as stored:
            assert PILImage.open(stored).size == (rendition.width, rendition.height), rendition


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
@pytest.mark.parametrize("size", [(1, 10000), (10000, 1)], ids=["1x10000", "10000x1"])
def test_a_one_pixel_line_is_taken_with_renditions_that_have_no_zero_side(editor, image_format, size):
    response = post_image(editor, encoded(picture(size), image_format), f"line.{EXTENSIONS[image_format]}")

    assert response.status_code == 201, response.json()
    assert response.json()["srcset"]
    image = Image.objects.get()
    assert (image.width, image.height) == size
    assert_renditions_fit(image)


def test_a_long_panorama_is_taken_with_every_width_and_full_height_crops(editor, settings):
    settings.IMAGE_RENDITION_WIDTHS = [320, 640]

    response = post_image(editor, photo_bytes("JPEG", (6000, 400)), "panorama.jpg")

    assert response.status_code == 201, response.json()
    image = Image.objects.get()
    widths = sorted((r.width, r.height) for r in image.renditions.all() if r.format == "WEBP")
    assert widths == [(320, 21), (640, 43)]
    crops = {r.spec: (r.width, r.height) for r in image.renditions.all() if not r.spec.startswith("w")}
    assert crops == {"crop-16x9": (711, 400), "crop-4x3": (533, 400), "crop-1x1": (400, 400), "social": (762, 400)}
    assert_renditions_fit(image)


def test_a_very_tall_photo_gets_only_the_widths_whose_height_webp_can_hold(editor, settings):
    settings.IMAGE_RENDITION_WIDTHS = [100, 300]

    response = post_image(editor, photo_bytes("PNG", (300, 20000)), "infographic.png")

    assert response.status_code == 201, response.json()
    image = Image.objects.get()
    assert sorted({r.spec for r in image.renditions.all() if r.spec.startswith("w")}) == ["w100"]  # 300 is 20000 tall
    assert_renditions_fit(image)


def test_a_photo_too_tall_for_any_width_rendition_is_400_saying_so_and_writes_nothing(editor, library, media_root):
    before = snapshot(media_root)

    response = post_image(editor, photo_bytes("PNG", (1, 20000)), "thread.png")

    errors = file_errors(response)
    assert any("1 × 20000" in error and "at most 16383 times as tall as it is wide" in error for error in errors), (
        errors
    )
    assert snapshot(media_root) == before


def test_a_photo_too_tall_for_any_width_rendition_is_an_admin_form_error(admin_editor, library, media_root):
    before = snapshot(media_root)

    response = add_in_admin(admin_editor, photo_bytes("PNG", (1, 20000)), "thread.png")

    assert response.status_code == 200
    assert "16383 times as tall" in response.context["adminform"].form.errors["file"][0]
    assert snapshot(media_root) == before


@pytest.mark.parametrize("size", [(1, 10000), (10000, 1)], ids=["1x10000", "10000x1"])
def test_a_one_pixel_line_is_taken_in_the_admin(admin_editor, size):
    response = add_in_admin(admin_editor, encoded(picture(size), "PNG"), "line.png")

    assert response.status_code == 302
    assert_renditions_fit(Image.objects.get())


@pytest.mark.parametrize(
    "size, ratio, focal",
    [((1, 10000), (16, 9), (0.5, 0.5)), ((10000, 1), (1, 1), (0.5, 0.5)), ((3, 1), (1200, 630), (1, 1))],
)
def test_crop_box_of_a_thin_picture_is_at_least_a_pixel_each_way_and_inside_it(size, ratio, focal):
    left, top, right, bottom = renditions.crop_box(size, ratio, focal)

    assert 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]


# --- Pillow failing later on -----------------------------------------------------------------------------------


def failing(error):
    def fail(*args, **kwargs):
        raise error

    return fail


LATER_FAILURES = {
    "exif-transpose-syntax-error": (ImageOps, "exif_transpose", SyntaxError("not a TIFF file")),
    "exif-transpose-zero-division": (ImageOps, "exif_transpose", ZeroDivisionError("division by zero")),
    "re-encoding-os-error": (PILImage.Image, "save", OSError("encoder error -2")),
    "re-encoding-value-error": (PILImage.Image, "save", ValueError("cannot write empty image")),
    "rendition-zero-division": (renditions, "make", ZeroDivisionError("division by zero")),
    "rendition-bomb": (renditions, "make", PILImage.DecompressionBombError("too many pixels")),
    "rendition-os-error": (renditions, "make", OSError("broken data stream")),
}


@pytest.mark.parametrize("case", LATER_FAILURES)
def test_pillow_failing_after_decoding_is_400_naming_the_error_and_writes_nothing(
    editor, library, media_root, monkeypatch, case
):
    owner, name, error = LATER_FAILURES[case]
    data, before = photo_bytes("JPEG", (90, 60)), snapshot(media_root)
    monkeypatch.setattr(owner, name, failing(error))

    response = post_image(editor, data, "photo.jpg")

    errors = file_errors(response)
    assert any(str(error) in message for message in errors), errors
    assert snapshot(media_root) == before
