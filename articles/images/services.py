"""The image library: uploads, renditions, stored files, and where photos sit in article bodies."""

import logging
import posixpath
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PILImage

from articles.content import body
from articles.images import renditions
from articles.models import ArticleImage, Image, Rendition
from newsroom import uploads

logger = logging.getLogger(__name__)


def placements_from_body(article):
    """Unsaved placements for the figures in the article's body, in order; a caption is kept only if it differs."""
    figures = body.placed_figures(article.body)
    images = {image.file.name: image for image in Image.objects.by_names(f.image_name for f in figures)}
    return [
        ArticleImage(
            article=article,
            image=images[figure.image_name],
            position=position,
            caption="" if figure.caption == images[figure.image_name].caption else figure.caption,
        )
        for position, figure in enumerate(f for f in figures if f.image_name in images)
    ]


@transaction.atomic
def article_sync_images(*, article):
    """Make the article's image placements match the figures in its body, in order; placements that already do
    are left as they are (no change for caches and stored representations)."""
    wanted = placements_from_body(article)
    kept = list(article.placements.order_by("position"))
    if [(p.image_id, p.position, p.caption) for p in kept] == [(p.image_id, p.position, p.caption) for p in wanted]:
        return kept
    article.placements.all().delete()
    return ArticleImage.objects.bulk_create(wanted)


_stored_in_block = ContextVar("stored_in_block", default=None)  # [(storage, name)] of the innermost atomic_with_files


@contextmanager
def atomic_with_files():
    """transaction.atomic() that also deletes the files stored in it (by _store) if it rolls back.

    Django has no on-rollback hook, so the block is its own savepoint and an exception leaving it is the rollback.
    A block inside another hands its files on when it succeeds, as the outer one may still roll back. A rollback
    further out, beyond every such block, is not seen: ``manage.py orphan_files`` finds what it leaves.
    """
    stored, outer = [], _stored_in_block.get()
    token = _stored_in_block.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in stored:
            try:
                storage.delete(name)
            except Exception:  # the error that rolled back is the one to report; orphan_files finds this file
                logger.exception("Could not delete %s after a rollback", name)
        raise
    else:
        if outer is not None:
            outer.extend(stored)
    finally:
        _stored_in_block.reset(token)


def _store(field_file, name, content):
    """Write a file through its field without saving the row, noted for the enclosing atomic_with_files()."""
    field_file.save(name, content, save=False)
    if (stored := _stored_in_block.get()) is not None:
        stored.append((field_file.storage, field_file.name))


class DuplicateImage(Exception):
    """The same file is in the library already."""

    def __init__(self, existing):
        self.existing = existing
        super().__init__(f"This photo is in the library already: {existing.label}.")


@atomic_with_files()
def renditions_generate(*, image):
    """(Re)make every rendition of the photo from its stored file; the old files go once this commits.

    Pillow failing on the photo here is an UploadRejected too, so an upload it breaks is refused like any other.
    """
    with uploads.pillow_refusals("Newsroom could not make the renditions of this image"):
        with image.file.open("rb") as stored:
            picture = PILImage.open(stored)
            picture.load()
        made = renditions.make(picture, image_format=image.format or picture.format, focal=image.focal_point)
    image.renditions.all().delete()
    rows = []
    for spec, image_format, width, height, data in made:
        rendition = Rendition(image=image, spec=spec, format=image_format, width=width, height=height)
        _store(rendition.file, renditions.as_file(image.pk, spec, image_format, data).name, ContentFile(data))
        rows.append(rendition)
    made = Rendition.objects.bulk_create(rows)
    image.stored_renditions = [[r.spec, r.format, r.width, r.height, r.file.name] for r in sorted_renditions(made)]
    image.save(update_fields=["stored_renditions"])
    return made


def sorted_renditions(rows):
    return sorted(rows, key=lambda r: (r.spec, r.format))  # Rendition's ordering


@atomic_with_files()
def image_store(*, image, photo=None, by=None):
    """Save a library photo; a new file (cleaned by newsroom.uploads) or a moved focal point remakes its renditions."""
    from articles.integrations import events  # images are below the integrations in the import order

    before = Image.objects.filter(pk=image.pk).values(*events.IMAGE_FIELDS).first() if image.pk else None
    if photo is not None:
        if before:
            _remove_on_commit(Image, before["file"], image.file.storage)  # the replaced file is not served any more
        _store(image.file, photo.file.name, photo.file)
        image.format, image.content_hash, image.file_size = photo.format, photo.content_hash, photo.file.size
    if image.pk is None:
        image.uploaded_by = by
    image.save()
    moved = before is None or (before["focal_x"], before["focal_y"]) != image.focal_point
    if photo is not None or moved:
        renditions_generate(image=image)
    if before is not None:
        events.image_updated(image, before=before)
    return image


def image_create(*, upload, by=None, **fields):
    """A new library photo from an uploaded file; refused if unreadable, too large, or already there."""
    photo = uploads.clean_photo(upload)
    if existing := Image.objects.filter(content_hash=photo.content_hash).first():
        raise DuplicateImage(existing)
    return image_store(image=Image(**fields), photo=photo, by=by)


def remove_stored_file(sender, instance, **kwargs):
    """After a delete commits, the file goes too, unless another library row still points at it."""
    _remove_on_commit(sender, instance.file.name, instance.file.storage)


def _remove_on_commit(model, name, storage):
    if not name:
        return

    def remove():
        if not model.objects.filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(remove)


def orphaned_files():
    """The stored files under the photo and rendition folders that no Image or Rendition row names: (storage, name)."""
    found = []
    for model in (Image, Rendition):
        field = model._meta.get_field("file")
        folder = posixpath.dirname(field.upload_to.split("%", 1)[0])  # "images/%Y/%m/" is stored under "images"
        found += [(field.storage, name) for name in _stored_names(field.storage, folder)]
    # Rows are read after the listing: a file stored and committed meanwhile is seen as named, not as an orphan.
    named = {*Image.objects.values_list("file", flat=True), *Rendition.objects.values_list("file", flat=True)}
    return [(storage, name) for storage, name in found if name not in named]


def _stored_names(storage, folder):
    """Every file under ``folder``, walked with listdir(), which object storage has too (local paths it has not)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever stored there
        return
    yield from (f"{folder}/{name}" for name in files)
    for name in folders:
        yield from _stored_names(storage, f"{folder}/{name}")
