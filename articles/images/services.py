"""The image library: uploads, renditions, stored files, and where photos sit in article bodies."""

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PILImage

from articles.content import body
from articles.images import renditions
from articles.models import ArticleImage, Image, Rendition
from newsroom import uploads


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
    """Make the article's image placements match the figures in its body, in order."""
    article.placements.all().delete()
    return ArticleImage.objects.bulk_create(placements_from_body(article))


class DuplicateImage(Exception):
    """The same file is in the library already."""

    def __init__(self, existing):
        self.existing = existing
        super().__init__(f"This photo is in the library already: {existing.label}.")


def renditions_generate(*, image):
    """(Re)make every rendition of the photo from its stored file; the old files go once this commits."""
    with image.file.open("rb") as stored:
        picture = PILImage.open(stored)
        picture.load()
    made = renditions.make(picture, image_format=image.format or picture.format, focal=image.focal_point)
    image.renditions.all().delete()
    rows = []
    for spec, image_format, width, height, data in made:
        rendition = Rendition(image=image, spec=spec, format=image_format, width=width, height=height)
        rendition.file.save(renditions.as_file(image.pk, spec, image_format, data).name, ContentFile(data), save=False)
        rows.append(rendition)
    return Rendition.objects.bulk_create(rows)


@transaction.atomic
def image_store(*, image, photo=None, by=None):
    """Save a library photo; a new file (cleaned by newsroom.uploads) or a moved focal point remakes its renditions."""
    before = Image.objects.filter(pk=image.pk).values("file", "focal_x", "focal_y").first() if image.pk else None
    if photo is not None:
        if before:
            _remove_on_commit(Image, before["file"], image.file.storage)  # the replaced file is not served any more
        image.file.save(photo.file.name, photo.file, save=False)
        image.format, image.content_hash, image.file_size = photo.format, photo.content_hash, photo.file.size
    if image.pk is None:
        image.uploaded_by = by
    image.save()
    moved = before is None or (before["focal_x"], before["focal_y"]) != image.focal_point
    if photo is not None or moved:
        renditions_generate(image=image)
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
