"""The image library in the admin: checked uploads, the preview and focal point, renditions kept in step, the list's
thumbnails and filters, where each photo is used, the refusal to delete a photo in use, and the article form's
refusal to publish a photo without alt text."""

import hashlib
import io
import os
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from articles.editorial.roles import EDITOR
from articles.editorial.services import article_transition, revision_record
from articles.images.services import article_sync_images, image_create
from articles.models import Article, Image, Rendition
from tests.articles.article_form import edit_in_admin
from tests.articles.factories import ArticleFactory, ImageFactory, figure_html
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
from tests.authors.factories import UserFactory

pytestmark = pytest.mark.django_db

OK = 200
RED = (255, 0, 0)
WHITE = (255, 255, 255)


# --- Helpers (the approach of tests/articles/test_admin.py and test_admin_workflow.py) ----------------------------


def log_in(client, role=EDITOR):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    return log_in(client)


def errors_of(response):
    """The form and inline errors of a re-rendered admin form, to show why a save did not happen."""
    if response.context is None or "adminform" not in response.context:
        return None
    return {
        "form": response.context["adminform"].form.errors,
        "inlines": [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
        "non_form": [inline.formset.non_form_errors() for inline in response.context["inline_admin_formsets"]],
    }


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def rotated_jpeg_with_gps():
    """60×40 as stored; EXIF orientation 6 (show it turned 90° clockwise), a photographer's name and GPS."""
    exif = PILImage.Exif()
    exif[0x0112] = 6
    exif[0x013B] = "Jane Fieldwork"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (59.0, 55.0, 0.0), "E", (10.0, 45.0, 0.0)
    return encoded(picture((60, 40)), "JPEG", exif=exif)


def library_photo(data=None, *, name="photo.jpg", **fields):
    """A photo added through the service, renditions and all."""
    fields = {"caption": "Ice on the harbour", "credit": "Staff photographer", "alt_text": "Boats in ice"} | fields
    return image_create(upload=uploaded(photo_bytes() if data is None else data, name), **fields)


def image_form_data(image=None, **fields):
    """POST data of the image add or change form (no new file unless ``file`` is given)."""
    data = {
        "caption": image.caption if image else "Ice on the harbour",
        "credit": image.credit if image else "Staff photographer",
        "alt_text": image.alt_text if image else "Boats frozen in at the quay",
        "focal_x": str(image.focal_x) if image else "",
        "focal_y": str(image.focal_y) if image else "",
        "_save": "Save",
    }
    return data | fields


def add_image(client, file, **fields):
    return client.post(reverse("admin:articles_image_add"), image_form_data(file=file, **fields))


def change_image(client, image, **fields):
    return client.post(reverse("admin:articles_image_change", args=[image.pk]), image_form_data(image, **fields))


def crop(image, name="1x1"):
    return next(r for r in image.renditions.all() if r.spec == f"crop-{name}")


# --- Uploads -------------------------------------------------------------------------------------------------


def test_upload_in_the_admin_is_stored_upright_without_gps_with_its_metadata_and_renditions(client, editor):
    data = rotated_jpeg_with_gps()

    response = add_image(client, uploaded(data, "sideways.jpg"))

    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    assert (image.width, image.height, image.format) == (40, 60, "JPEG")
    assert image.content_hash == hashlib.sha256(data).hexdigest()
    assert image.file_size == default_storage.size(image.file.name)
    assert image.uploaded_by == editor
    with default_storage.open(image.file.name, "rb") as stored:
        stored_bytes = stored.read()
    assert PILImage.open(io.BytesIO(stored_bytes)).size == (40, 60)
    assert dict(PILImage.open(io.BytesIO(stored_bytes)).getexif()) == {}
    assert b"Jane Fieldwork" not in stored_bytes
    assert {(r.spec, r.format) for r in image.renditions.all()} == {
        ("w40", "WEBP"),
        ("w40", "JPEG"),
        ("crop-16x9", "JPEG"),
        ("crop-4x3", "JPEG"),
        ("crop-1x1", "JPEG"),
        ("social", "JPEG"),
    }


REFUSED = {
    # Django's own image field or newsroom.uploads may be the one to refuse it: either message is clear.
    "corrupt": (lambda: os.urandom(4096), "photo.jpg", {}, ("Upload a valid image", "not an image Newsroom can read")),
    "truncated": (truncated_jpeg, "photo.jpg", {}, "damaged or incomplete"),
    "zero-byte": (lambda: b"", "photo.jpg", {}, "The submitted file is empty."),
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
        "(64 megapixels); the limit is 50 megapixels",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_upload_is_a_form_error_naming_the_problem_and_writes_nothing(
    client, editor, settings, media_root, case
):
    make, name, overrides, message = REFUSED[case]
    for setting, value in overrides.items():
        setattr(settings, setting, value)

    response = add_image(client, uploaded(make(), name))

    assert response.status_code == OK
    errors = errors_of(response)["form"]["file"]
    messages = message if isinstance(message, tuple) else (message,)
    assert any(text in error for error in errors for text in messages), errors
    assert not Image.objects.exists()
    assert not Rendition.objects.exists()
    assert stored_files(media_root) == []


def test_bomb_header_of_400_megapixels_is_refused_naming_the_pixel_limit(client, editor, media_root):
    response = add_image(client, uploaded(png_with_declared_size(20000, 20000), "bomb.png"))

    assert response.status_code == OK
    assert "megapixels" in errors_of(response)["form"]["file"][0]
    assert not Image.objects.exists()


def test_duplicate_upload_is_refused_with_a_link_to_the_photo_in_the_library(client, editor, media_root):
    data = photo_bytes()
    existing = library_photo(data, caption="Ferry in ice")
    files_before = stored_files(media_root)

    response = add_image(client, uploaded(data, "again.jpg"))

    assert response.status_code == OK
    (error,) = errors_of(response)["form"]["file"]
    assert "in the library already" in error
    assert f'<a href="{reverse("admin:articles_image_change", args=[existing.pk])}">' in error
    assert "Ferry in ice" in error
    assert Image.objects.get() == existing
    assert stored_files(media_root) == files_before


def test_replacing_a_photos_file_with_itself_is_not_called_a_duplicate(client, editor):
    data = photo_bytes()
    image = library_photo(data)

    response = change_image(client, image, file=uploaded(data, "same.jpg"))

    assert response.status_code == 302, errors_of(response)


# --- Focal point and renditions ----------------------------------------------------------------------------------


def test_focal_point_entered_as_numbers_at_upload_places_the_crops(client, editor):
    response = add_image(client, uploaded(striped_png(), "strip.png"), focal_x="0.95", focal_y="0.4")

    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    assert (image.focal_x, image.focal_y) == (0.95, 0.4)
    assert RED in colours_of(crop(image).file.name)


def test_focal_point_left_empty_is_the_centre(client, editor):
    response = add_image(client, uploaded(photo_bytes()), focal_x="", focal_y="")

    assert response.status_code == 302, errors_of(response)
    assert Image.objects.get().focal_point == (0.5, 0.5)


def test_focal_point_outside_the_photo_is_refused(client, editor):
    response = add_image(client, uploaded(photo_bytes()), focal_x="1.2")

    assert response.status_code == OK
    assert "focal_x" in errors_of(response)["form"]
    assert not Image.objects.exists()


def test_moving_the_focal_point_in_the_admin_remakes_the_renditions_and_removes_the_old_files(
    client, editor, monkeypatch, django_capture_on_commit_callbacks
):
    image = library_photo(striped_png(), name="strip.png", focal_x=0.05)
    old = {r.file.name for r in image.renditions.all()}
    assert RED not in colours_of(crop(image).file.name)
    calls = counting(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        response = change_image(client, image, focal_x="0.95")

    assert response.status_code == 302, errors_of(response)
    image.refresh_from_db()
    new = {r.file.name for r in image.renditions.all()}
    assert calls == [1]
    assert len(new) == len(old) and not new & old
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in new)
    assert RED in colours_of(crop(image).file.name)


def test_saving_the_admin_form_without_moving_the_focal_point_keeps_the_renditions(
    client, editor, monkeypatch, django_capture_on_commit_callbacks
):
    image = library_photo()
    before = {r.pk: r.file.name for r in image.renditions.all()}
    calls = counting(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        response = change_image(client, image, caption="A better caption", credit="Another photographer")

    assert response.status_code == 302, errors_of(response)
    assert calls == []
    assert {r.pk: r.file.name for r in image.renditions.all()} == before
    assert all(default_storage.exists(name) for name in before.values())
    image.refresh_from_db()
    assert (image.caption, image.credit) == ("A better caption", "Another photographer")


def test_replacing_the_file_remakes_the_renditions_from_the_new_file(
    client, editor, django_capture_on_commit_callbacks
):
    image = library_photo(photo_bytes("JPEG", (64, 48)))
    old = {r.file.name for r in image.renditions.all()}
    new_data = photo_bytes("PNG", (700, 500))

    with django_capture_on_commit_callbacks(execute=True):
        response = change_image(client, image, file=uploaded(new_data, "wider.png"))

    assert response.status_code == 302, errors_of(response)
    image.refresh_from_db()
    assert (image.width, image.height, image.format) == (700, 500, "PNG")
    assert image.content_hash == hashlib.sha256(new_data).hexdigest()
    assert sorted({r.width for r in image.renditions.all() if r.spec.startswith("w")}) == [320, 640]
    assert {r.format for r in image.renditions.all() if r.spec.startswith("crop-")} == {"PNG"}
    assert not any(default_storage.exists(name) for name in old)


def test_replacing_the_file_removes_the_old_file_once_committed(client, editor, django_capture_on_commit_callbacks):
    image = library_photo()
    old_original = image.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = change_image(client, image, file=uploaded(photo_bytes("PNG"), "replacement.png"))

    assert response.status_code == 302, errors_of(response)
    image.refresh_from_db()
    assert image.file.name != old_original
    assert default_storage.exists(image.file.name)
    assert not default_storage.exists(old_original)


# --- The change page -------------------------------------------------------------------------------------------


def test_change_page_shows_the_preview_with_the_focal_point_marked_and_the_picker(client, editor):
    image = library_photo(focal_x=0.25, focal_y=0.75)

    page = client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()

    assert re.search(rf'<div class="focal-picker"[^>]*>\s*<img src="{re.escape(image.file.url)}"', page)
    assert "left:25.0%;top:75.0%" in page
    assert "Click the photo where crops should centre" in page
    assert '<script src="/static/articles/image_form.js"></script>' in page  # a click sets the numbers
    assert re.search(r'<input[^>]*name="focal_x"[^>]*step="0.01"', page)
    assert re.search(r'<input[^>]*name="focal_y"[^>]*value="0.75"', page)


def test_add_page_offers_a_preview_of_the_chosen_file(client, editor):
    page = client.get(reverse("admin:articles_image_add")).content.decode()

    assert "Choose a file: its preview appears here" in page
    assert '<script src="/static/articles/image_form.js"></script>' in page  # previews it, reads its dimensions
    assert "<script>" not in page  # no inline copy of it (nor of the size formatter)
    assert 'type="file" name="file"' in page


def test_change_page_lists_each_article_using_the_photo_with_a_link_and_its_status(client, editor):
    image = library_photo()
    featuring = ArticleFactory(
        title="Harbour freezes over",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        featured_image=image,
    )
    placing = ArticleFactory(title="Ferries stop for the winter", body=figure_html(image))
    article_sync_images(article=placing)
    ArticleFactory(title="Unrelated story")

    page = client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()

    used_in = page[page.index("Used in") :]
    for article, status in [(featuring, "Published"), (placing, "Draft")]:
        link = reverse("admin:articles_article_change", args=[article.pk])
        assert f'<a href="{link}">{article.title}</a> ({status})' in used_in
    assert "Unrelated story" not in page


def test_change_page_of_an_unused_photo_says_no_article_uses_it(client, editor):
    image = library_photo()

    page = client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()

    assert "No article uses this photo." in page


# --- The list -----------------------------------------------------------------------------------------------------


def changelist(client, **query):
    response = client.get(reverse("admin:articles_image_changelist"), query)
    assert response.status_code == OK
    return response


def test_list_shows_a_thumbnail_and_the_size_of_each_photo(client, editor):
    photos = [library_photo(photo_bytes("JPEG", (700, 500))), library_photo(alt_text="Second photo")]

    page = changelist(client).content.decode()

    for image in photos:  # the smallest rendition, so the list stays light
        thumbnail = image.renditions.filter(spec__startswith="w", format="WEBP").order_by("width").first().file.url
        assert re.search(rf'<img src="{re.escape(thumbnail)}" alt="{image.alt_text}" style="max-height:60px', page)
    assert "700 × 500 px · JPEG · " in page


@pytest.fixture
def photos_to_filter():
    no_alt = library_photo(caption="No alt text", alt_text="")
    no_credit = library_photo(caption="No credit", credit="")
    featured = library_photo(caption="Featured")
    placed = library_photo(caption="Placed")
    ArticleFactory(featured_image=featured)
    article_sync_images(article=ArticleFactory(body=figure_html(placed)))
    return {"no_alt": no_alt, "no_credit": no_credit, "featured": featured, "placed": placed}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"alt_text": "missing"}, {"no_alt"}),
        ({"alt_text": "present"}, {"no_credit", "featured", "placed"}),
        ({"credit": "missing"}, {"no_credit"}),
        ({"use": "unused"}, {"no_alt", "no_credit"}),
        ({"use": "used"}, {"featured", "placed"}),
        ({"use": "unused", "credit": "missing"}, {"no_credit"}),
        ({}, {"no_alt", "no_credit", "featured", "placed"}),
    ],
)
def test_list_filters_photos_missing_alt_text_missing_credit_or_unused(
    client, editor, photos_to_filter, query, expected
):
    shown = set(changelist(client, **query).context["cl"].result_list)

    assert shown == {photos_to_filter[key] for key in expected}


def test_list_query_count_does_not_grow_with_the_number_of_photos(client, editor):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            changelist(client)
        return len(captured)

    for _ in range(2):
        library_photo()
    two = queries()
    for _ in range(6):
        library_photo()

    assert queries() == two


# --- Deleting ------------------------------------------------------------------------------------------------------


def published_article_using(image, **fields):
    article = ArticleFactory(
        published=True, body=f"<p>Text.</p>{figure_html(image)}", title="Harbour freezes over", **fields
    )
    article_sync_images(article=article)
    return article


def test_delete_page_of_a_photo_in_a_published_article_names_the_article_and_offers_no_confirmation(client, editor):
    image = library_photo()
    published_article_using(image)

    response = client.get(reverse("admin:articles_image_delete", args=[image.pk]))

    page = response.content.decode()
    assert response.status_code == OK
    assert "would require deleting the following protected related objects" in page
    assert "the article “Harbour freezes over (Published)”" in page
    assert 'name="post"' not in page


def test_confirming_the_delete_of_a_photo_in_use_deletes_nothing(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    image = library_photo()
    published_article_using(image)
    files_before = stored_files(media_root)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == OK
    assert "the article “Harbour freezes over (Published)”" in response.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()
    assert image.renditions.count() == 6
    assert stored_files(media_root) == files_before


def test_featured_photo_of_an_article_is_protected_too(client, editor):
    image = library_photo()
    ArticleFactory(title="Ice roads close early", featured_image=image)

    response = client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})

    assert "the article “Ice roads close early (Draft)”" in response.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()


def test_bulk_delete_of_photos_one_of_them_in_use_deletes_none(client, editor):
    used, unused = library_photo(), library_photo()
    published_article_using(used)

    response = client.post(
        reverse("admin:articles_image_changelist"),
        {"action": "delete_selected", "_selected_action": [str(used.pk), str(unused.pk)], "post": "yes"},
    )

    assert response.status_code == OK
    assert "the article “Harbour freezes over (Published)”" in response.content.decode()
    assert Image.objects.count() == 2


def test_deleting_an_unused_photo_in_the_admin_removes_its_files(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    image = library_photo()
    keep = library_photo()
    kept_files = [keep.file.name, *(r.file.name for r in keep.renditions.all())]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert stored_files(media_root) == sorted(kept_files)


# --- The article form refuses to publish a photo without alt text -----------------------------------------------


def draft_with(*, featured=None, placed=()):
    article = ArticleFactory(featured_image=featured, body="<p>Text.</p>" + "".join(figure_html(p) for p in placed))
    article_sync_images(article=article)
    revision_record(article=article, by=None)
    return article


def test_publishing_in_the_admin_with_a_body_photo_lacking_alt_text_is_refused_naming_the_photo(client, editor):
    described = library_photo(caption="Described photo")
    bare = library_photo(name="quay.jpg", caption="Ferry at the quay", alt_text="")
    article = draft_with(placed=[described, bare])

    response = edit_in_admin(client, article, status=Article.Status.PUBLISHED)

    assert response.status_code == OK
    (error,) = errors_of(response)["form"]["body"]
    assert "alt text" in error
    assert "Ferry at the quay" in error and "quay.jpg" in error
    assert "Described photo" not in error
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)


def test_publishing_in_the_admin_with_a_featured_photo_lacking_alt_text_is_refused_naming_it(client, editor):
    article = draft_with(featured=library_photo(caption="Harbour from above", alt_text=""))

    response = edit_in_admin(client, article, status=Article.Status.PUBLISHED)

    assert response.status_code == OK
    assert "Harbour from above" in errors_of(response)["form"]["featured_image"][0]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_adding_a_photo_without_alt_text_to_a_published_article_is_refused(client, editor):
    bare = library_photo(caption="Ferry at the quay", alt_text="")
    article = draft_with(placed=[library_photo()])
    article_transition(article=article, by=editor, name="publish")
    article.refresh_from_db()

    response = edit_in_admin(client, article, body=article.body + figure_html(bare), publish_changes="on")

    assert response.status_code == OK
    assert "Ferry at the quay" in errors_of(response)["form"]["body"][0]
    article.refresh_from_db()
    assert "Ferry at the quay" not in article.body


def test_article_whose_photos_all_have_alt_text_is_published_in_the_admin(client, editor):
    article = draft_with(featured=library_photo(), placed=[library_photo()])

    response = edit_in_admin(client, article, status=Article.Status.PUBLISHED)

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_photo_saved_before_renditions_existed_still_lists_and_opens(client, editor):
    legacy = ImageFactory()

    assert legacy in changelist(client).context["cl"].result_list
    assert client.get(reverse("admin:articles_image_change", args=[legacy.pk])).status_code == OK


def test_the_file_of_a_photo_an_article_places_cannot_be_replaced(client, editor):
    photo = library_photo()
    article = ArticleFactory(published=True, featured_image=photo)
    before = photo.file.name

    response = change_image(client, photo, file=uploaded(photo_bytes("PNG", (90, 60)), "new.png"))

    assert response.status_code == OK
    assert article.title in response.content.decode() and "as a new photo" in response.content.decode()
    photo.refresh_from_db()
    assert photo.file.name == before


@pytest.mark.parametrize(
    ("size", "shown"), [(600, "600 bytes"), (60_000, "60 KB"), (999_499, "999 KB"), (2_400_000, "2.4 MB")]
)
def test_file_sizes_read_in_kb_or_mb_never_0_0_mb(size, shown):
    from articles.images.admin import human_size

    assert human_size(size) == shown


def test_the_photo_page_shows_every_rendition_and_crop_made_from_it(client, editor):
    image = library_photo(photo_bytes("JPEG", (700, 500)))

    page = client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()

    for rendition in image.renditions.all():
        assert f'<img src="{rendition.file.url}"' in page
    assert "crop-16x9 · " in page and "social · " in page


def test_the_add_page_does_not_claim_a_photo_of_0_by_0(client, editor):
    page = client.get(reverse("admin:articles_image_add")).content.decode()
    assert "0 × 0" not in page
    assert "Read from the file once it is chosen." in page


# --- The picker the editor opens, and uploads from inside the editor --------------------------------------------


def picker_url(**query):
    return reverse("admin:articles_image_picker") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_the_picker_s_upload_tab_is_one_file_field_chosen_uploads_at_once(client, editor):
    page = client.get(picker_url(CKEditorFuncNum=-1, tab="upload")).content.decode()

    assert re.search(r'<form method="post" enctype="multipart/form-data" class="picker-upload"', page)
    assert 'type="file" name="file"' in page
    assert 'type="submit"' not in page.split('class="picker-upload"')[1].split("</form>")[0]  # no second click
    assert "then type its caption and alt text in the editor's dialog" in page


def test_a_file_posted_in_the_picker_is_added_to_the_library_and_handed_to_the_editor(client, editor):
    response = client.post(
        picker_url(CKEditorFuncNum=-1), {"file": uploaded(photo_bytes("PNG", (120, 80)), "pier.png")}
    )

    image = Image.objects.get()
    assert image.uploaded_by == editor and image.renditions.exists()
    chosen = response.context["chosen"]
    assert (chosen["id"], chosen["url"], chosen["alternative_text"], chosen["caption"]) == (
        image.pk,
        image.file.url,
        "",
        "",
    )
    assert 'id="picker-chosen"' in response.content.decode()


def test_a_refused_file_in_the_picker_says_why_on_the_upload_tab(client, editor):
    response = client.post(picker_url(CKEditorFuncNum=-1), {"file": uploaded(b"not a photo", "notes.png")})

    assert response.context["tab"] == "upload" and response.context["chosen"] is None
    assert 'class="errornote"' in response.content.decode()
    assert not Image.objects.exists()


def test_a_file_dropped_in_the_editor_is_answered_with_what_places_it_and_a_known_one_is_reused(client, editor):
    data = photo_bytes("PNG", (90, 60))
    upload = reverse("admin:articles_image_upload")

    first = client.post(upload, {"file": uploaded(data, "storm.png")})
    again = client.post(upload, {"file": uploaded(data, "storm-copy.png")})

    image = Image.objects.get()
    assert (first.status_code, first.json()["id"], first.json()["existing"]) == (201, image.pk, False)
    assert (again.status_code, again.json()["id"], again.json()["existing"]) == (200, image.pk, True)
    assert client.post(upload, {}).json() == {"detail": "Choose a photo file (JPEG, PNG, WebP or GIF)."}
