"""The image library through the API and the services: checked uploads, stored metadata, renditions around the
focal point, where photos reach readers (image objects, body_html, JSON-LD, Open Graph, feeds), the publish block
without alt text, and media storage that needs no local paths."""

import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import lxml.html
import pytest
from django.conf import settings as django_settings
from django.core.files.storage import InMemoryStorage, default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils._os import safe_join
from PIL import Image as PILImage
from rest_framework.test import APIClient

from articles.images import renditions
from articles.images.services import DuplicateImage, article_sync_images, image_create, image_store
from articles.models import Article, Image, Rendition
from tests.articles.factories import ArticleFactory, figure_html
from tests.articles.photos import (
    colours_of,
    counting,
    encoded,
    noise_bytes,
    photo_bytes,
    picture,
    png_with_declared_size,
    stored_files,
    striped_png,
    truncated_jpeg,
    uploaded,
)
from tests.authors.factories import StaffFactory, token_client

pytestmark = pytest.mark.django_db

RED = (255, 0, 0)
WHITE = (255, 255, 255)
IMAGE_OBJECT_FIELDS = {
    "id",
    "url",
    "width",
    "height",
    "caption",
    "credit",
    "alt_text",
    "renditions",
    "srcset",
    "focal_point",
    "crops",
    "social_url",
}


@pytest.fixture(autouse=True)
def fresh_responses(settings):
    """Every read reaches the view: the shared response cache is tested in tests/newsroom/."""
    settings.PUBLIC_RESPONSE_CACHE = False


# --- Files made here -----------------------------------------------------------------------------------


def animated_gif_bytes(size=(30, 20)):
    frames = [picture(size, colour) for colour in ((200, 30, 30), (30, 200, 30), (30, 30, 200))]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def gps_exif(orientation=None):
    """EXIF with a photographer's name and where the photo was taken."""
    exif = PILImage.Exif()
    if orientation:
        exif[0x0112] = orientation
    exif[0x013B] = "Jane Fieldwork"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (59.0, 55.0, 0.0), "E", (10.0, 45.0, 0.0)
    return exif


def rotated_jpeg_with_gps():
    """60×40 as stored, a red block top left; EXIF orientation 6 says: show it turned 90° clockwise (40×60)."""
    pic = picture((60, 40), (30, 60, 200))
    pic.paste(RED, (0, 0, 12, 12))
    return encoded(pic, "JPEG", quality=95, exif=gps_exif(orientation=6))


EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def library_photo(data=None, *, name=None, **fields):
    """A photo added through the service, renditions and all."""
    data = photo_bytes() if data is None else data
    fields = {"caption": "Ice on the harbour", "credit": "Staff photographer", "alt_text": "Boats in ice"} | fields
    return image_create(upload=uploaded(data, name or "photo.jpg"), **fields)


def decoded(name):
    """(format, (width, height)) of a stored file, read back through the storage."""
    with default_storage.open(name, "rb") as stored:
        pic = PILImage.open(stored)
        pic.load()
        return pic.format, pic.size


def rows(image, prefix=""):
    return {(r.spec, r.format): r for r in Rendition.objects.filter(image=image) if r.spec.startswith(prefix)}


# --- Clients ---------------------------------------------------------------------------------------------


@pytest.fixture
def editor():
    return token_client(StaffFactory(role="Editor"))


@pytest.fixture
def api():
    return APIClient()


def post_image(client, file, **fields):
    data = {"file": file, "caption": "Ice on the harbour", "credit": "Staff photographer", "alt_text": "Boats in ice"}
    return client.post("/api/v1/images/", data | fields, format="multipart")


def public_article(photo=None, body_photos=(), **fields):
    """A public article featuring ``photo``, with ``body_photos`` placed in its body."""
    body = "<p>Opening paragraph.</p>" + "".join(figure_html(p) for p in body_photos) + "<p>Closing.</p>"
    article = ArticleFactory(published=True, featured_image=photo, body=body, **fields)
    article_sync_images(article=article)
    return article


# --- Uploads that are taken ------------------------------------------------------------------------------


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_upload_of_an_accepted_format_records_its_format_dimensions_file_size_and_content_hash(editor, image_format):
    data = photo_bytes(image_format, (72, 40))

    response = post_image(editor, uploaded(data, f"harbour.{EXTENSIONS[image_format].upper()}"))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["width"], body["height"]) == (72, 40)
    image = Image.objects.get(pk=body["id"])
    assert (image.format, image.width, image.height) == (image_format, 72, 40)
    assert image.content_hash == hashlib.sha256(data).hexdigest()
    assert image.file_size == default_storage.size(image.file.name) > 0
    assert image.file.name.startswith("images/") and image.file.name.endswith(f".{EXTENSIONS[image_format]}")
    assert decoded(image.file.name) == (image_format, (72, 40))


def test_stored_file_is_named_after_the_decoded_format_not_the_uploaded_name(editor):
    response = post_image(editor, uploaded(photo_bytes("PNG"), "looks-like.jpg"))

    assert response.status_code == 201, response.json()
    image = Image.objects.get(pk=response.json()["id"])
    assert image.format == "PNG"
    assert image.file.name.endswith("/looks-like.png")


def test_animated_gif_is_stored_with_every_frame(editor):
    response = post_image(editor, uploaded(animated_gif_bytes(), "spinner.gif"))

    assert response.status_code == 201, response.json()
    image = Image.objects.get(pk=response.json()["id"])
    with default_storage.open(image.file.name, "rb") as stored:
        gif = PILImage.open(stored)
        assert (gif.format, gif.n_frames, gif.size) == ("GIF", 3, (30, 20))


def test_exif_rotated_photo_is_stored_upright_with_width_and_height_swapped(editor):
    response = post_image(editor, uploaded(rotated_jpeg_with_gps(), "sideways.jpg"))

    assert response.status_code == 201, response.json()
    assert (response.json()["width"], response.json()["height"]) == (40, 60)
    image = Image.objects.get(pk=response.json()["id"])
    assert (image.width, image.height) == (40, 60)
    with default_storage.open(image.file.name, "rb") as stored:
        upright = PILImage.open(stored).convert("RGB")
    assert upright.size == (40, 60)
    # Turned clockwise: the block from the top left is now top right.
    red, green, blue = upright.getpixel((35, 4))
    assert red > 200 and green < 80 and blue < 80
    assert upright.getpixel((4, 4))[2] > 150


def test_stored_photo_and_its_renditions_carry_no_gps_or_other_exif(editor):
    response = post_image(editor, uploaded(rotated_jpeg_with_gps(), "sideways.jpg"))

    assert response.status_code == 201, response.json()
    image = Image.objects.get(pk=response.json()["id"])
    names = [image.file.name, *(r.file.name for r in image.renditions.all())]
    assert len(names) > 1
    for name in names:
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
        reopened = PILImage.open(io.BytesIO(data))
        assert dict(reopened.getexif()) == {}, name
        assert reopened.getexif().get_ifd(0x8825) == {}, name
        assert "exif" not in reopened.info, name
        assert b"Jane Fieldwork" not in data, name


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_location_in_png_and_webp_exif_is_not_stored(editor, image_format):
    data = encoded(picture((50, 30)), image_format, exif=gps_exif())
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload does carry GPS

    response = post_image(editor, uploaded(data, f"place.{EXTENSIONS[image_format]}"))

    assert response.status_code == 201, response.json()
    with default_storage.open(Image.objects.get().file.name, "rb") as stored:
        data = stored.read()
    assert dict(PILImage.open(io.BytesIO(data)).getexif()) == {}
    assert b"Jane Fieldwork" not in data


@pytest.mark.parametrize(
    "name, data",
    [
        ("note.jpg", encoded(PILImage.new("RGB", (40, 30), "navy"), "JPEG", comment=b"Jane Fieldwork, 59.9N 10.7E")),
        ("note.gif", encoded(PILImage.new("RGB", (40, 30), "navy"), "GIF", comment=b"Jane Fieldwork, 59.9N 10.7E")),
        (
            "note-animated.gif",
            encoded(
                PILImage.new("RGB", (40, 30), "navy"),
                "GIF",
                save_all=True,
                append_images=[PILImage.new("RGB", (40, 30), "teal")],
                comment=b"Jane Fieldwork, 59.9N 10.7E",
            ),
        ),
    ],
    ids=["jpeg", "gif", "animated-gif"],
)
def test_comment_metadata_with_a_name_and_place_is_not_stored(editor, name, data):
    response = post_image(editor, uploaded(data, name))

    assert response.status_code == 201, response.json()
    with default_storage.open(Image.objects.get().file.name, "rb") as stored:
        assert b"Jane Fieldwork" not in stored.read()


def test_caption_credit_alt_text_and_focal_point_are_taken_with_the_upload(editor):
    response = post_image(
        editor,
        uploaded(photo_bytes()),
        caption="Ferry in ice",
        credit="A. Photographer / Agency",
        alt_text="A ferry breaking through sea ice",
        focal_x="0.25",
        focal_y="0.75",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["caption"], body["credit"], body["alt_text"]) == (
        "Ferry in ice",
        "A. Photographer / Agency",
        "A ferry breaking through sea ice",
    )
    assert body["focal_point"] == {"x": 0.25, "y": 0.75}


def test_focal_point_defaults_to_the_centre(editor):
    response = post_image(editor, uploaded(photo_bytes()))

    assert response.json()["focal_point"] == {"x": 0.5, "y": 0.5}


def test_focal_point_outside_the_photo_is_400(editor):
    response = post_image(editor, uploaded(photo_bytes()), focal_x="1.5")

    assert response.status_code == 400
    assert "focal_x" in response.json()["errors"]
    assert not Image.objects.exists()


# --- Uploads that are refused ----------------------------------------------------------------------------

REFUSED = {
    "corrupt": (lambda: os.urandom(4096), "photo.jpg", {}, "not an image Newsroom can read"),
    "truncated": (truncated_jpeg, "photo.jpg", {}, "damaged or incomplete"),
    "zero-byte": (lambda: b"", "photo.jpg", {}, "empty"),
    "bmp-named-jpg": (lambda: photo_bytes("BMP"), "photo.jpg", {}, "BMP images are not accepted"),
    "tiff-named-jpg": (lambda: photo_bytes("TIFF"), "photo.jpg", {}, "TIFF images are not accepted"),
    "over-the-size-limit": (
        lambda: noise_bytes("PNG", (800, 800)),
        "photo.png",
        {"IMAGE_MAX_UPLOAD_BYTES": 1_000_000},
        "the limit is 976.6\xa0KB",
    ),
    "over-the-pixel-limit": (
        lambda: photo_bytes("PNG", (1500, 1000)),
        "photo.png",
        {"IMAGE_MAX_PIXELS": 1_000_000},
        "1500 × 1000 (1.5 megapixels); the limit is 1 megapixels",
    ),
    "bomb-header-over-50-megapixels": (
        lambda: png_with_declared_size(8000, 8000),
        "photo.png",
        {},
        "8000 × 8000 (64 megapixels); the limit is 50",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_upload_is_400_naming_the_problem_and_writes_nothing(editor, settings, media_root, case):
    make, name, overrides, message = REFUSED[case]
    for setting, value in overrides.items():
        setattr(settings, setting, value)

    response = post_image(editor, uploaded(make(), name))

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]["file"]
    assert any(message in error for error in errors), errors
    assert response.json()["detail"].startswith("file: ")
    assert not Image.objects.exists()
    assert not Rendition.objects.exists()
    assert stored_files(media_root) == []


def test_bomb_header_of_400_megapixels_is_400_naming_the_pixel_limit(editor, media_root):
    response = post_image(editor, uploaded(png_with_declared_size(20000, 20000), "bomb.png"))

    assert response.status_code == 400
    assert "megapixels" in response.json()["errors"]["file"][0]
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_anonymous_client_cannot_upload(api, media_root):
    assert post_image(api, uploaded(photo_bytes())).status_code == 401
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


# --- Duplicates ------------------------------------------------------------------------------------------


def test_same_file_uploaded_twice_is_409_with_the_existing_image_object(editor, media_root):
    data = photo_bytes()
    first = post_image(editor, uploaded(data, "first.jpg"))
    assert first.status_code == 201, first.json()
    files_after_first = stored_files(media_root)

    second = post_image(editor, uploaded(data, "second.jpg"), caption="Another caption")

    assert second.status_code == 409
    body = second.json()
    assert "in the library already" in body["detail"]
    assert body["existing"] == first.json()
    assert IMAGE_OBJECT_FIELDS <= set(body["existing"])
    assert Image.objects.count() == 1
    assert stored_files(media_root) == files_after_first


def test_image_create_refuses_a_duplicate_naming_the_existing_photo():
    data = photo_bytes()
    existing = library_photo(data, caption="Ferry in ice")

    with pytest.raises(DuplicateImage) as refusal:
        library_photo(data, caption="Ferry again")

    assert refusal.value.existing == existing
    assert "Ferry in ice" in str(refusal.value)
    assert Image.objects.count() == 1


def test_same_picture_in_another_file_is_not_a_duplicate():
    pic = picture((64, 48))
    library_photo(encoded(pic, "PNG"), name="a.png")

    library_photo(encoded(pic, "JPEG"), name="a.jpg")

    assert Image.objects.count() == 2


# --- Renditions --------------------------------------------------------------------------------------------


def test_700_px_photo_gets_the_320_and_640_widths_only_in_webp_and_jpeg():
    image = library_photo(photo_bytes("JPEG", (700, 500)))

    widths = rows(image, "w")

    assert sorted((r.width, r.height, r.format) for r in widths.values()) == [
        (320, 229, "JPEG"),
        (320, 229, "WEBP"),
        (640, 457, "JPEG"),
        (640, 457, "WEBP"),
    ]
    for rendition in widths.values():
        assert decoded(rendition.file.name) == (rendition.format, (rendition.width, rendition.height))


def test_rendition_widths_come_from_the_setting(settings):
    settings.IMAGE_RENDITION_WIDTHS = [200, 500, 900]

    image = library_photo(photo_bytes("JPEG", (700, 500)))

    assert sorted({r.width for r in rows(image, "w").values()}) == [200, 500]


def test_photo_narrower_than_every_width_gets_one_width_its_own():
    image = library_photo(photo_bytes("JPEG", (200, 100)))

    assert sorted((r.width, r.height, r.format) for r in rows(image, "w").values()) == [
        (200, 100, "JPEG"),
        (200, 100, "WEBP"),
    ]


@pytest.mark.parametrize(
    "image_format, width_formats, crop_format, card_format",
    [
        ("JPEG", {"WEBP", "JPEG"}, "JPEG", "JPEG"),
        ("PNG", {"WEBP", "PNG"}, "PNG", "PNG"),
        ("WEBP", {"WEBP"}, "WEBP", "PNG"),
        ("GIF", {"WEBP", "PNG"}, "PNG", "PNG"),
    ],
)
def test_renditions_are_webp_and_the_photos_own_format(image_format, width_formats, crop_format, card_format):
    image = library_photo(photo_bytes(image_format, (90, 60)), name=f"p.{EXTENSIONS[image_format]}")

    made = rows(image)

    assert {fmt for (spec, fmt) in made if spec.startswith("w")} == width_formats
    assert {made[key].format for key in made if key[0].startswith("crop-")} == {crop_format}
    assert [fmt for (spec, fmt) in made if spec == "social"] == [card_format]
    for rendition in made.values():
        stored_format, size = decoded(rendition.file.name)
        assert (stored_format, size) == (rendition.format, (rendition.width, rendition.height))
        assert rendition.file.name.endswith(f".{renditions.EXTENSIONS[rendition.format]}")


def has_ratio(width, height, ratio):
    """Within a pixel of rounding of ``ratio``."""
    rw, rh = ratio
    return abs(width * rh - height * rw) <= max(rw, rh)


def test_large_photo_gets_ratio_crops_at_most_1200_wide_and_a_1200x630_social_card(settings):
    settings.IMAGE_RENDITION_WIDTHS = [320]  # the widths are tested above; this test is about crops

    image = library_photo(photo_bytes("JPEG", (1600, 1000)))

    made = {spec: (r.width, r.height) for (spec, _), r in rows(image).items()}
    assert made["crop-16x9"] == (1200, 675)
    assert made["crop-4x3"] == (1200, 900)
    assert made["crop-1x1"] == (1000, 1000)  # as wide as the source allows
    assert made["social"] == (1200, 630)
    for rendition in rows(image).values():
        assert decoded(rendition.file.name)[1] == (rendition.width, rendition.height)


def test_small_photo_crops_and_social_card_are_never_upscaled():
    image = library_photo(photo_bytes("JPEG", (300, 200)))

    made = {spec: r for (spec, _), r in rows(image).items()}
    for spec, ratio in [("crop-16x9", (16, 9)), ("crop-4x3", (4, 3)), ("crop-1x1", (1, 1)), ("social", (1200, 630))]:
        rendition = made[spec]
        assert rendition.width <= 300 and rendition.height <= 200, spec
        assert max(rendition.width / 300, rendition.height / 200) == 1, f"{spec}: the largest box that fits"
        assert has_ratio(rendition.width, rendition.height, ratio), (spec, rendition.width, rendition.height)


@pytest.mark.parametrize(
    "size, ratio, focal, box",
    [
        ((1000, 500), (1, 1), (0.5, 0.5), (250, 0, 750, 500)),
        ((1000, 500), (1, 1), (0.6, 0.5), (350, 0, 850, 500)),
        ((1000, 500), (1, 1), (0.0, 0.0), (0, 0, 500, 500)),
        ((1000, 500), (1, 1), (1.0, 1.0), (500, 0, 1000, 500)),
        ((1600, 1000), (16, 9), (0.5, 0.0), (0, 0, 1600, 900)),
        ((1600, 1000), (16, 9), (0.5, 1.0), (0, 100, 1600, 1000)),
        ((1600, 1000), (16, 9), (0.5, 0.5), (0, 50, 1600, 950)),
        ((800, 800), (4, 3), (0.5, 0.2), (0, 0, 800, 600)),
        ((800, 800), (4, 3), (0.5, 0.75), (0, 200, 800, 800)),
    ],
)
def test_crop_box_is_the_largest_box_of_the_ratio_centred_on_the_focal_point_within_the_edges(size, ratio, focal, box):
    assert renditions.crop_box(size, ratio, focal) == box


@pytest.mark.parametrize("ratio", [(16, 9), (4, 3), (1, 1), (1200, 630)])
@pytest.mark.parametrize("size", [(1000, 500), (500, 1000), (333, 333)])
@pytest.mark.parametrize("focal", [(0, 0), (0.3, 0.8), (1, 1)])
def test_crop_box_always_lies_inside_the_picture_with_the_ratio(size, ratio, focal):
    left, top, right, bottom = renditions.crop_box(size, ratio, focal)

    assert 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]
    assert has_ratio(right - left, bottom - top, ratio)
    assert right - left == size[0] or bottom - top == size[1]


@pytest.mark.parametrize("focal_x, shows_the_strip", [(0.95, True), (0.05, False)])
def test_square_crop_follows_the_focal_point(focal_x, shows_the_strip):
    image = library_photo(striped_png(), name="strip.png", focal_x=focal_x)

    crop = rows(image)[("crop-1x1", "PNG")]

    assert (crop.width, crop.height) == (200, 200)
    assert (RED in colours_of(crop.file.name)) is shows_the_strip


def test_moving_the_focal_point_remakes_the_renditions_and_removes_the_old_files(
    django_capture_on_commit_callbacks, monkeypatch
):
    image = library_photo(striped_png(), name="strip.png", focal_x=0.05)
    old = {r.file.name for r in image.renditions.all()}
    assert RED not in colours_of(rows(image)[("crop-1x1", "PNG")].file.name)
    calls = counting(monkeypatch)

    image.focal_x = 0.95
    with django_capture_on_commit_callbacks(execute=True):
        image_store(image=image)

    new = {r.file.name for r in image.renditions.all()}
    assert calls == [1]
    assert len(new) == len(old) and not new & old
    assert all(default_storage.exists(name) for name in new)
    assert not any(default_storage.exists(name) for name in old)
    assert RED in colours_of(rows(image)[("crop-1x1", "PNG")].file.name)


def test_storing_an_image_with_the_focal_point_unchanged_keeps_its_renditions(
    django_capture_on_commit_callbacks, monkeypatch
):
    image = library_photo()
    before = {r.pk: r.file.name for r in image.renditions.all()}
    calls = counting(monkeypatch)

    image.caption = "A better caption"
    with django_capture_on_commit_callbacks(execute=True):
        image_store(image=image)

    assert calls == []
    assert {r.pk: r.file.name for r in image.renditions.all()} == before
    assert all(default_storage.exists(name) for name in before.values())


def test_deleting_an_image_removes_its_file_and_every_rendition_file_once_committed(
    django_capture_on_commit_callbacks, media_root
):
    image = library_photo()
    names = [image.file.name, *(r.file.name for r in image.renditions.all())]
    assert len(names) == 7

    with django_capture_on_commit_callbacks() as callbacks:
        image.delete()
    assert all(default_storage.exists(name) for name in names)  # not before the delete commits
    for callback in callbacks:
        callback()

    assert not any(default_storage.exists(name) for name in names)
    assert not Rendition.objects.exists()
    assert stored_files(media_root) == []


def test_deleting_one_of_two_library_rows_on_the_same_file_keeps_the_file(django_capture_on_commit_callbacks):
    image = library_photo()
    twin = Image.objects.create(file=image.file.name, caption="Same file, second row")

    with django_capture_on_commit_callbacks(execute=True):
        twin.delete()

    assert default_storage.exists(image.file.name)


# --- Renditions are made once, not on reads -------------------------------------------------------------------


def test_upload_makes_the_renditions_once(editor, monkeypatch):
    calls = counting(monkeypatch)

    response = post_image(editor, uploaded(photo_bytes()))

    assert response.status_code == 201, response.json()
    assert calls == [1]
    assert Rendition.objects.filter(image_id=response.json()["id"]).count() == 6


def test_reading_articles_images_and_feeds_never_makes_renditions(api, editor, monkeypatch, media_root):
    featured, placed = library_photo(), library_photo()
    article = public_article(featured, [placed])
    renditions_before, files_before = Rendition.objects.count(), stored_files(media_root)
    calls = counting(monkeypatch)

    for _ in range(3):
        assert api.get("/api/v1/articles/").status_code == 200
        assert api.get(f"/api/v1/articles/{article.slug}/").status_code == 200
        assert editor.get(f"/api/v1/images/{featured.pk}/").status_code == 200
        assert api.get("/feeds/rss/").status_code == 200
        assert api.get("/feeds/atom/").status_code == 200

    assert calls == []
    assert Rendition.objects.count() == renditions_before
    assert stored_files(media_root) == files_before


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_article_list_query_count_is_the_same_for_one_and_five_articles_with_renditions(api):
    public_article(library_photo(), [library_photo()])
    one = queries_of(api, "/api/v1/articles/")
    for _ in range(4):
        public_article(library_photo(), [library_photo()])

    five = queries_of(api, "/api/v1/articles/")

    assert len(api.get("/api/v1/articles/").json()["results"]) == 5
    assert all(a["featured_image"]["srcset"] for a in api.get("/api/v1/articles/").json()["results"])
    assert one == five


def test_article_detail_query_count_does_not_grow_with_photos_and_their_renditions(api):
    small = public_article(library_photo(), [library_photo()])
    large = public_article(library_photo(photo_bytes("JPEG", (700, 500))), [library_photo() for _ in range(4)])

    assert queries_of(api, f"/api/v1/articles/{small.slug}/") == queries_of(api, f"/api/v1/articles/{large.slug}/")


def test_image_detail_query_count_does_not_grow_with_the_renditions(editor):
    few, many = library_photo(), library_photo(photo_bytes("JPEG", (700, 500)))
    assert few.renditions.count() < many.renditions.count()

    counts = [queries_of(editor, f"/api/v1/images/{image.pk}/") for image in (few, many)]

    assert counts[0] == counts[1] <= 3  # the token's user, the image, its renditions in one prefetch


# --- The image object ---------------------------------------------------------------------------------------------


def absolute(name):
    return f"http://testserver{default_storage.url(name)}"


def test_image_object_lists_renditions_srcset_focal_point_crops_and_social_card_with_absolute_urls(editor):
    image = library_photo(photo_bytes("JPEG", (700, 500)), focal_x=0.3, focal_y=0.7)
    made = rows(image)

    body = editor.get(f"/api/v1/images/{image.pk}/").json()

    assert set(body) == IMAGE_OBJECT_FIELDS
    assert sorted(body["renditions"], key=lambda r: (r["width"], r["format"])) == [
        {"width": 320, "height": 229, "format": "jpeg", "url": absolute(made[("w320", "JPEG")].file.name)},
        {"width": 320, "height": 229, "format": "webp", "url": absolute(made[("w320", "WEBP")].file.name)},
        {"width": 640, "height": 457, "format": "jpeg", "url": absolute(made[("w640", "JPEG")].file.name)},
        {"width": 640, "height": 457, "format": "webp", "url": absolute(made[("w640", "WEBP")].file.name)},
    ]
    assert body["srcset"] == (
        f"{absolute(made[('w320', 'WEBP')].file.name)} 320w, {absolute(made[('w640', 'WEBP')].file.name)} 640w"
    )
    assert body["focal_point"] == {"x": 0.3, "y": 0.7}
    assert body["crops"] == {
        name: absolute(made[(f"crop-{name}", "JPEG")].file.name) for name in ("16x9", "4x3", "1x1")
    }
    assert body["social_url"] == absolute(made[("social", "JPEG")].file.name)
    assert body["url"] == absolute(image.file.name)


def test_article_list_and_detail_image_objects_carry_the_renditions(api):
    featured, placed = library_photo(), library_photo()
    article = public_article(featured, [placed])

    listed = api.get("/api/v1/articles/").json()["results"][0]["featured_image"]
    detail = api.get(f"/api/v1/articles/{article.slug}/").json()

    assert listed == {name: detail["featured_image"][name] for name in ("id", "url", "width", "height", "alt_text")} | {
        "srcset": f"{absolute(featured.rendition('w64', 'WEBP').name)} 64w"
    }
    for image_object, image in [
        (detail["featured_image"], featured),
        (detail["images"][0], placed),
    ]:
        assert set(image_object) == IMAGE_OBJECT_FIELDS
        assert image_object["id"] == image.pk
        assert image_object["social_url"] == absolute(image.rendition("social").name)
        assert image_object["crops"]["1x1"] == absolute(image.rendition("crop-1x1").name)
        assert image_object["srcset"] == f"{absolute(image.rendition('w64', 'WEBP').name)} 64w"


# --- Where photos reach readers ------------------------------------------------------------------------------------


def test_body_html_images_have_srcset_sizes_width_height_and_lazy_loading(api, settings):
    settings.IMAGE_SIZES = "(min-width: 800px) 720px, 100vw"
    first, second = library_photo(photo_bytes("JPEG", (700, 500))), library_photo(alt_text="A second photo")
    article = public_article(None, [first, second])

    detail = api.get(f"/api/v1/articles/{article.slug}/").json()

    images = lxml.html.fragment_fromstring(detail["body_html"], create_parent="div").findall(".//img")
    assert len(images) == 2
    for img, image_object in zip(images, detail["images"], strict=True):
        assert img.get("srcset") == image_object["srcset"] != ""
        assert img.get("sizes") == "(min-width: 800px) 720px, 100vw"
        assert (img.get("width"), img.get("height")) == (str(image_object["width"]), str(image_object["height"]))
        assert img.get("loading") == "lazy"
        assert img.get("alt") == image_object["alt_text"] != ""
    assert "320w" in images[0].get("srcset") and "640w" in images[0].get("srcset")


def test_json_ld_image_lists_the_three_ratio_crops_of_the_featured_photo(api):
    featured = library_photo(caption="Ferry in ice", credit="A. Photographer")
    article = public_article(featured, [library_photo()])

    detail = api.get(f"/api/v1/articles/{article.slug}/").json()

    crops = detail["featured_image"]["crops"]
    assert detail["json_ld"]["image"] == [
        {"@type": "ImageObject", "url": crops[ratio], "caption": "Ferry in ice", "creditText": "A. Photographer"}
        for ratio in ("16x9", "4x3", "1x1")
    ]
    assert [crops[ratio] for ratio in ("16x9", "4x3", "1x1")] == [
        absolute(featured.rendition(f"crop-{ratio}").name) for ratio in ("16x9", "4x3", "1x1")
    ]


def test_json_ld_takes_the_crops_of_the_first_body_photo_without_a_featured_one(api):
    first, second = library_photo(), library_photo()
    article = public_article(None, [first, second])

    detail = api.get(f"/api/v1/articles/{article.slug}/").json()

    assert [entry["url"] for entry in detail["json_ld"]["image"]] == [
        absolute(first.rendition(f"crop-{ratio}").name) for ratio in ("16x9", "4x3", "1x1")
    ]


def test_open_graph_image_is_the_social_card_of_the_featured_photo(api):
    featured = library_photo()
    article = public_article(featured)

    detail = api.get(f"/api/v1/articles/{article.slug}/").json()

    assert (
        detail["seo"]["image"] == detail["featured_image"]["social_url"] == absolute(featured.rendition("social").name)
    )


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_feed_enclosure_is_the_featured_photos_social_card(api, settings, url):
    settings.IMAGE_RENDITION_WIDTHS = [320]  # only the card matters here
    featured = library_photo(photo_bytes("JPEG", (1300, 800)))
    public_article(featured)
    card = featured.rendition("social")
    assert (card.width, card.height) == (1200, 630)

    feed = feedparser.parse(api.get(url).content)

    (enclosure,) = feed.entries[0].enclosures
    assert enclosure.href == absolute(card.name)
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == default_storage.size(card.name) > 0


# --- No publishing without alt text -----------------------------------------------------------------------------


def draft_with(*, featured=None, placed=()):
    body = "<p>Text.</p>" + "".join(figure_html(p) for p in placed)
    article = ArticleFactory(status=Article.Status.DRAFT, featured_image=featured, body=body)
    article_sync_images(article=article)
    return article


def test_publishing_an_article_with_a_body_photo_lacking_alt_text_is_409_naming_the_photo(editor):
    described = library_photo(caption="Described photo")
    bare = library_photo(name="quay.jpg", caption="Ferry at the quay", alt_text="")
    article = draft_with(placed=[described, bare])

    response = editor.post(f"/api/v1/articles/{article.slug}/publish/")

    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "alt text" in detail
    assert "Ferry at the quay" in detail and bare.file.name.rsplit("/", 1)[-1] in detail
    assert "Described photo" not in detail
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)


def test_publishing_an_article_whose_featured_photo_lacks_alt_text_is_409_naming_it(editor):
    article = draft_with(featured=library_photo(caption="Harbour from above", alt_text=""))

    response = editor.post(f"/api/v1/articles/{article.slug}/publish/")

    assert response.status_code == 409
    assert "Harbour from above" in response.json()["detail"]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_article_whose_photos_all_have_alt_text_is_published(editor):
    article = draft_with(featured=library_photo(), placed=[library_photo()])

    response = editor.post(f"/api/v1/articles/{article.slug}/publish/")

    assert response.status_code == 200, response.json()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_article_publishes_once_the_missing_alt_text_is_added(editor):
    bare = library_photo(alt_text="")
    article = draft_with(placed=[bare])
    assert editor.post(f"/api/v1/articles/{article.slug}/publish/").status_code == 409

    bare.alt_text = "Boats frozen in at the quay"
    image_store(image=bare)

    assert editor.post(f"/api/v1/articles/{article.slug}/publish/").status_code == 200


# --- Storage ------------------------------------------------------------------------------------------------------

STORAGE_VARIABLES = [
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "MEDIA_ROOT",
    "MEDIA_URL",
]
PRINT_STORAGE = """
import json
import django
from django.conf import settings
django.setup()
from articles.models import Image
storage = Image._meta.get_field("file").storage
try:
    storage.path("images/a.jpg")
    has_paths = True
except NotImplementedError:
    has_paths = False
print(json.dumps({
    "default": settings.STORAGES["default"],
    "class": type(storage._wrapped).__module__ + "." + type(storage._wrapped).__name__,
    "url": storage.url("images/a.jpg"),
    "has_paths": has_paths,
}))
"""


def python_under(code, **environment):
    """What ``code`` prints as JSON, run against the settings read fresh from ``environment`` (DEBUG on unless told)."""
    env = {name: value for name, value in os.environ.items() if name not in STORAGE_VARIABLES}
    env |= {"DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "on", "SECRET_KEY": "tests-only"} | environment
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def storage_under(**environment):
    return python_under(PRINT_STORAGE, **environment)


def test_media_storage_is_s3_compatible_object_storage_when_a_bucket_is_named():
    loaded = storage_under(
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://objects.example",
        AWS_S3_CUSTOM_DOMAIN="media.news.example",
    )

    assert loaded["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert loaded["default"]["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert loaded["default"]["OPTIONS"]["endpoint_url"] == "https://objects.example"
    assert loaded["class"] == "storages.backends.s3.S3Storage"
    assert loaded["url"] == "https://media.news.example/images/a.jpg"
    assert loaded["has_paths"] is False


def test_media_storage_is_local_files_under_media_root_without_a_bucket():
    loaded = storage_under(MEDIA_ROOT="/srv/newsroom-media")

    assert loaded["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert loaded["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert loaded["url"] == "/media/images/a.jpg"


PRINT_MEDIA_ROUTES = """
import json
import django
django.setup()
from newsroom.urls import urlpatterns
print(json.dumps([str(route.pattern) for route in urlpatterns if str(route.pattern).startswith("^media/")]))
"""


@pytest.mark.parametrize("debug, routes", [("on", ["^media/(?P<path>.*)$"]), ("off", [])])
def test_django_serves_media_only_in_debug_mode(debug, routes):
    assert python_under(PRINT_MEDIA_ROUTES, DEBUG=debug) == routes


def test_image_code_uses_no_local_file_paths():
    source = Path(django_settings.BASE_DIR) / "articles"
    local_path = re.compile(r"\.path\(|\.(file|image|storage|avatar)\.path\b|\bMEDIA_ROOT\b")

    uses = [
        f"{path.relative_to(source)}:{number}: {line.strip()}"
        for path in sorted(source.rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if local_path.search(line)
    ]

    assert uses == []


class PathlessStorage(InMemoryStorage):
    """Files kept in memory with no local path to them, as on object storage."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):  # InMemoryStorage finds its own files through path()
        return os.path.relpath(safe_join(self.location, name), self.location)


def test_upload_renditions_reads_feeds_and_delete_work_on_a_storage_without_local_paths(
    settings, editor, api, django_capture_on_commit_callbacks, media_root
):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.PathlessStorage"}}
    assert isinstance(Image._meta.get_field("file").storage, PathlessStorage)

    response = post_image(editor, uploaded(rotated_jpeg_with_gps(), "sideways.jpg"))
    assert response.status_code == 201, response.json()
    image = Image.objects.get(pk=response.json()["id"])
    assert (image.width, image.height, image.file_size) == (40, 60, default_storage.size(image.file.name))
    image.focal_x = 0.9
    image_store(image=image)
    article = public_article(image, [image])
    detail = api.get(f"/api/v1/articles/{article.slug}/").json()
    feed = feedparser.parse(api.get("/feeds/rss/").content)
    names = [image.file.name, *(r.file.name for r in image.renditions.all())]

    assert detail["featured_image"]["social_url"] == absolute(image.rendition("social").name)
    assert feed.entries[0].enclosures[0].href == detail["featured_image"]["social_url"]
    assert all(default_storage.exists(name) for name in names)
    assert stored_files(media_root) == []  # nothing went to the local disk
    article.delete()
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_a_cameras_multi_picture_jpeg_is_taken_as_a_jpeg(editor):
    data = encoded(picture((80, 60)), "MPO", save_all=True, append_images=[picture((80, 60))])
    assert PILImage.open(io.BytesIO(data)).format == "MPO"

    response = post_image(editor, uploaded(data, "camera.jpg"))

    assert response.status_code == 201
    image = Image.objects.get()
    assert (image.format, image.width, image.height) == ("JPEG", 80, 60)


def test_an_animated_gif_counts_the_pixels_of_every_frame(editor, settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    frames = [picture((50, 50)) for _ in range(5)]  # 2,500 pixels a frame, 12,500 in all
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])

    response = post_image(editor, uploaded(data, "anim.gif"))

    assert response.status_code == 400
    assert "5 frames" in response.json()["errors"]["file"][0]
    assert not Image.objects.exists()
