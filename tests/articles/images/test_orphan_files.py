"""``manage.py orphan_files`` lists the stored photo and rendition files no row names, with a count and their total
size, and deletes them with --delete; files a row names, and files outside those folders, are left alone."""

import io
import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils._os import safe_join

from articles.images.services import image_create
from articles.models import Image
from tests.articles.photos import photo_bytes, uploaded

pytestmark = pytest.mark.django_db

STRAYS = {"images/2024/05/left-behind.jpg": b"x" * 1500, "renditions/999/w320.webp": b"y" * 600}


def orphan_files(*args):
    out = io.StringIO()
    call_command("orphan_files", *args, stdout=out)  # returning, not raising CommandError: exit code 0
    return out.getvalue()


@pytest.fixture
def library():
    """A photo with its renditions, a stray file in each upload folder, and a file outside them."""
    image = image_create(upload=uploaded(photo_bytes(), "kept.jpg"), caption="Kept", alt_text="Boats")
    for name, data in STRAYS.items():
        assert default_storage.save(name, ContentFile(data)) == name
    default_storage.save("exports/report.csv", ContentFile(b"not the library's"))
    return image


def named_files(image):
    return [image.file.name, *(r.file.name for r in image.renditions.all())]


def test_lists_each_file_no_row_names_with_the_count_and_total_size_and_deletes_nothing(library):
    output = orphan_files()

    listed = [line.split("\t")[0] for line in output.splitlines()[:-1]]
    assert sorted(listed) == sorted(STRAYS)
    assert "images/2024/05/left-behind.jpg\t1.5\xa0KB" in output
    assert output.splitlines()[-1] == f"2 orphaned files, {filesizeformat(2100)} in all."
    assert all(default_storage.exists(name) for name in [*STRAYS, *named_files(library)])


def test_delete_removes_only_the_files_no_row_names(library):
    output = orphan_files("--delete")

    assert output.splitlines()[-1] == f"Deleted 2 orphaned files, {filesizeformat(2100)} in all."
    assert not any(default_storage.exists(name) for name in STRAYS)
    assert all(default_storage.exists(name) for name in named_files(library))
    assert default_storage.exists("exports/report.csv")
    assert orphan_files().splitlines() == ["0 orphaned files, 0\xa0bytes in all."]


def test_a_library_with_nothing_stored_yet_has_no_orphans():
    assert orphan_files("--delete").splitlines() == ["Deleted 0 orphaned files, 0\xa0bytes in all."]


def test_older_than_leaves_out_files_changed_recently(library, media_root):
    old = (timezone.now() - timedelta(hours=2)).timestamp()
    os.utime(media_root / "renditions/999/w320.webp", (old, old))  # the test's own local storage

    output = orphan_files("--older-than", "60", "--delete")

    assert output.splitlines()[0].startswith("renditions/999/w320.webp\t")
    assert output.splitlines()[-1].startswith("Deleted 1 orphaned file,")
    assert default_storage.exists("images/2024/05/left-behind.jpg")


class PathlessStorage(InMemoryStorage):
    """Files kept in memory with no local path to them, as on object storage."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):  # InMemoryStorage finds its own files through path()
        return os.path.relpath(safe_join(self.location, name), self.location)


def test_works_on_a_storage_without_local_paths(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.PathlessStorage"}}
    assert isinstance(Image._meta.get_field("file").storage, PathlessStorage)
    image = image_create(upload=uploaded(photo_bytes(), "kept.jpg"), caption="Kept", alt_text="Boats")
    default_storage.save("renditions/999/w320.webp", ContentFile(b"y" * 600))

    assert orphan_files("--delete").splitlines() == [
        "renditions/999/w320.webp\t600\xa0bytes",
        "Deleted 1 orphaned file, 600\xa0bytes in all.",
    ]
    assert all(default_storage.exists(name) for name in named_files(Image.objects.get(pk=image.pk)))
