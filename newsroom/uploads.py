"""Checking and cleaning an uploaded photo before it enters the library.

The file is judged by decoding it with Pillow, never by its name or declared type.
What is stored is re-encoded: EXIF orientation applied, GPS and every other
metadata block dropped (the colour profile is kept).
"""

import hashlib
import io
import struct
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence, UnidentifiedImageError

from articles.images import renditions

ACCEPTED = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
AS_JPEG = {"MPO"}  # cameras' multi-picture JPEGs: the first picture is kept
# What Pillow raises on a damaged, truncated or hostile file, wherever it notices: short reads (OSError, EOFError,
# struct.error), malformed chunks, segments and EXIF (SyntaxError, KeyError, IndexError), pictures it cannot encode or
# crop (ValueError, ZeroDivisionError), and a bomb met at any step (DecompressionBombError, not an OSError).
PILLOW_ERRORS = (
    OSError,
    EOFError,
    struct.error,
    SyntaxError,
    KeyError,
    IndexError,
    ValueError,
    ZeroDivisionError,
    PILImage.DecompressionBombError,
)


class UploadRejected(ValueError):
    """The file is not a photo the library takes; the message says why."""


@contextmanager
def pillow_refusals(problem="The image is damaged or incomplete"):
    """Turn Pillow failing on the file, wherever it notices, into an UploadRejected that says ``problem`` and why."""
    try:
        yield
    except UploadRejected:
        raise
    except PILLOW_ERRORS as error:
        raise UploadRejected(f"{problem} ({str(error) or type(error).__name__}).") from None


@dataclass
class CleanPhoto:
    file: ContentFile
    format: str
    width: int
    height: int
    content_hash: str


def _read(upload):
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    if (getattr(upload, "size", None) or 0) > limit:  # refused before the file is read into memory
        raise UploadRejected(f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}.")
    upload.seek(0)
    data = upload.read()
    if not data:
        raise UploadRejected("The file is empty.")
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise UploadRejected(f"The file is {filesizeformat(len(data))}; the limit is {filesizeformat(limit)}.")
    return data


def _open(data):
    """Decode the header, refuse bombs before any pixel is decoded, then decode every frame to catch truncation.

    Pillow's other errors (a header cut short, say) are left to the caller's ``pillow_refusals()``.
    """
    try:
        picture = PILImage.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise UploadRejected("The file is not an image Newsroom can read (JPEG, PNG, WebP or GIF).") from None
    except PILImage.DecompressionBombError:  # Pillow's own ceiling, far above ours, hit while reading the header
        raise UploadRejected(_too_many_pixels_message()) from None
    if picture.format not in ACCEPTED and picture.format not in AS_JPEG:
        raise UploadRejected(f"{picture.format} images are not accepted; upload JPEG, PNG, WebP or GIF.")
    frames = getattr(picture, "n_frames", 1)  # every frame is decoded, even those not kept (an MPO's second)
    if frames * picture.width * picture.height > settings.IMAGE_MAX_PIXELS:
        raise UploadRejected(_too_many_pixels_message(picture.size, frames))
    if _stops_short(picture.format, data):
        raise UploadRejected(f"The image is damaged or incomplete (the {picture.format} file stops before its end).")
    for frame in ImageSequence.Iterator(picture):
        frame.load()
    picture.seek(0)
    return picture


def _stops_short(image_format, data):
    """Whether the file lacks the end its format requires, which decoding misses when the pixels are all there: a
    PNG cut after its image data, a GIF cut between frames. (A PNG's IEND chunk holds no data: always these bytes.)"""
    if image_format == "PNG":
        return b"\0\0\0\0IEND\xaeB`\x82" not in data
    return image_format == "GIF" and not data.endswith(b";")


def _too_many_pixels_message(size=None, frames=1):
    limit = f"the limit is {settings.IMAGE_MAX_PIXELS / 1e6:g} megapixels"
    if size is None:
        return f"The image has far too many pixels; {limit}."
    width, height = size
    of_frames = f" in {frames} frames" if frames > 1 else ""
    return f"The image is {width} × {height}{of_frames} ({frames * width * height / 1e6:g} megapixels); {limit}."


def _encode(picture, image_format):
    """The picture upright and without metadata, in its own format."""
    animated = image_format == "GIF" and getattr(picture, "is_animated", False)
    buffer = io.BytesIO()
    if animated:
        picture.save(buffer, format="GIF", save_all=True, loop=picture.info.get("loop", 0), comment=b"")
        return buffer.getvalue(), picture.size
    upright = ImageOps.exif_transpose(picture)
    upright.info = {}  # no comment, EXIF, XMP or other block is written back
    options = {"icc_profile": picture.info["icc_profile"]} if picture.info.get("icc_profile") else {}
    if image_format == "JPEG":
        upright = upright.convert("RGB") if upright.mode not in ("RGB", "L") else upright
        options |= {"quality": 90, "optimize": True}
    elif image_format == "WEBP":
        options |= {"quality": 90}
    upright.save(buffer, format=image_format, **options)
    return buffer.getvalue(), upright.size


def clean_photo(upload, *, name=None):
    """Check an uploaded file and return it cleaned for storage, or raise UploadRejected."""
    data = _read(upload)
    with pillow_refusals():
        picture = _open(data)
        image_format = "JPEG" if picture.format in AS_JPEG else picture.format
        encoded, (width, height) = _encode(picture, image_format)
    if not renditions.plan(width, height):  # a photo reaches readers through its width renditions (srcset)
        raise UploadRejected(
            f"The image is {width} × {height}; a photo can be at most {renditions.WEBP_MAX_SIDE} times as tall as "
            "it is wide, or no rendition of it can be made."
        )
    stem = PurePath(name or getattr(upload, "name", "") or "photo").stem[:80] or "photo"
    return CleanPhoto(
        file=ContentFile(encoded, name=f"{stem}.{ACCEPTED[image_format]}"),
        format=image_format,
        width=width,
        height=height,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
