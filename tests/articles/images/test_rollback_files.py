"""Files written by an image save that then rolls back are deleted with it: an upload through the API or the admin,
a replaced file, remade renditions, and any write inside an enclosing atomic_with_files() block."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.urls import reverse

from articles.editorial.roles import EDITOR
from articles.images.services import atomic_with_files, image_create, image_store
from articles.models import Image, Rendition
from newsroom import uploads
from tests.articles.photos import photo_bytes, stored_files, uploaded
from tests.authors.factories import StaffFactory, UserFactory, token_client

pytestmark = pytest.mark.django_db


class Boom(Exception):
    """A step after the files were written failing."""


@pytest.fixture
def existing(media_root):
    """A photo in the library before anything fails, so that "nothing left" means "as it was"."""
    return library_photo()


@pytest.fixture
def arm_failure(monkeypatch, media_root):
    """``arm_failure()`` makes the last step of an image save (inserting the rendition rows) fail, and returns the
    files stored at that moment, so that a test can show there were some to remove."""
    stored_by_then = []

    def fail(*args, **kwargs):
        stored_by_then.extend(stored_files(media_root))
        raise Boom("the database went away")

    def arm():
        monkeypatch.setattr(Rendition.objects, "bulk_create", fail)
        return stored_by_then

    return arm


def state(media_root):
    """Every image and rendition row, and every stored file."""
    images = sorted(Image.objects.values_list("pk", "file", "focal_x"))
    return images, sorted(Rendition.objects.values_list("file", flat=True)), stored_files(media_root)


def library_photo(data=None, **fields):
    upload = uploaded(data or photo_bytes(), "photo.jpg")
    return image_create(upload=upload, caption="Ice", alt_text="Boats", **fields)


def test_an_api_upload_failing_after_its_files_are_written_leaves_none(existing, media_root, arm_failure):
    editor = token_client(StaffFactory(role="Editor"))
    before = state(media_root)
    stored_by_then = arm_failure()

    with pytest.raises(Boom):  # the test client re-raises what would be a 500
        editor.post(
            "/api/v1/images/", {"file": uploaded(photo_bytes(), "new.jpg"), "alt_text": "Boats"}, format="multipart"
        )

    assert len(stored_by_then) > len(before[2])
    assert state(media_root) == before


def test_an_admin_upload_failing_after_its_files_are_written_leaves_none(client, existing, media_root, arm_failure):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    before = state(media_root)
    stored_by_then = arm_failure()

    with pytest.raises(Boom):
        client.post(
            reverse("admin:articles_image_add"),
            {"file": uploaded(photo_bytes(), "new.jpg"), "alt_text": "Boats", "focal_x": "", "focal_y": ""},
        )

    assert len(stored_by_then) > len(before[2])
    assert state(media_root) == before


def test_replacing_the_file_failing_after_writing_keeps_the_old_files_and_leaves_no_new_one(
    existing, media_root, arm_failure, django_capture_on_commit_callbacks
):
    before = state(media_root)
    photo = uploads.clean_photo(uploaded(photo_bytes("PNG"), "replacement.png"))
    stored_by_then = arm_failure()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Boom):
        image_store(image=Image.objects.get(pk=existing.pk), photo=photo)

    assert any(name.endswith("replacement.png") for name in stored_by_then)
    assert state(media_root) == before  # and the old file, due to go on commit, stays: nothing committed
    assert default_storage.exists(existing.file.name)


def test_moving_the_focal_point_failing_after_the_new_renditions_are_written_keeps_the_old_ones(
    existing, media_root, arm_failure
):
    before = state(media_root)
    stored_by_then = arm_failure()
    existing.focal_x = 0.1

    with pytest.raises(Boom):
        image_store(image=existing)

    assert len(stored_by_then) > len(before[2])  # Rendition file names are taken afresh: the new ones were extra
    assert state(media_root) == before


def test_a_block_failing_after_an_image_was_saved_in_it_leaves_none_of_its_files(existing, media_root):
    before = state(media_root)

    with pytest.raises(Boom), atomic_with_files():
        library_photo()
        assert len(stored_files(media_root)) > len(before[2])
        raise Boom("a later step of the same import")

    assert state(media_root) == before


def test_a_nested_block_that_succeeded_hands_its_files_to_the_failing_outer_one(existing, media_root):
    before = state(media_root)

    with pytest.raises(Boom), atomic_with_files():
        with atomic_with_files():
            library_photo()
        raise Boom("after the inner block committed its savepoint")

    assert state(media_root) == before


def test_a_file_that_cannot_be_deleted_after_a_rollback_does_not_hide_the_error(existing, media_root, monkeypatch):
    def refuse(name):
        raise OSError("permission denied")

    monkeypatch.setattr(default_storage, "delete", refuse)

    with pytest.raises(Boom), atomic_with_files():
        library_photo()
        raise Boom("the error to report")

    assert Image.objects.count() == 1  # the rows rolled back; orphan_files finds the files
