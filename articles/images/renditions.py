"""Responsive renditions of a library photo, made once when the file or focal point changes.

Widths (IMAGE_RENDITION_WIDTHS) in WebP and in the photo's own format, never upscaled;
crops of 16:9, 4:3 and 1:1 around the focal point, as wide as the source allows up to
1200 px (the ratios Google asks for in article structured data); a 1200×630 social card.
"""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageOps

CROPS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
WEBP_MAX_SIDE = 16383  # libwebp's limit on either side; every width rendition has a WebP version (srcset)
CROP_MAX_WIDTH = 1200
SOCIAL_SIZE = (1200, 630)
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def own_format(image_format):
    """The format renditions keep for a photo: a GIF's still renditions are PNG."""
    return "PNG" if image_format == "GIF" else (image_format or "JPEG")


def crop_box(size, ratio, focal):
    """The largest box of ``ratio`` inside ``size``, centred on the focal point as far as the edges allow.

    Sides are whole pixels and at least one each: in a picture a pixel or two thin the ratio rounds to nothing.
    """
    width, height = size
    (rw, rh), (fx, fy) = ratio, focal
    box_width, box_height = (width, width * rh / rw) if width * rh / rw <= height else (height * rw / rh, height)
    box_width, box_height = max(1, round(box_width)), max(1, round(box_height))
    left = min(max(round(fx * width - box_width / 2), 0), width - box_width)
    top = min(max(round(fy * height - box_height / 2), 0), height - box_height)
    return left, top, left + box_width, top + box_height


def _encoded(picture, image_format):
    buffer = io.BytesIO()
    if image_format == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    picture.save(buffer, format=image_format, quality=82 if image_format != "PNG" else None, optimize=True)
    return buffer.getvalue()


def _resized(picture, width):
    height = round(picture.height * width / picture.width)
    return picture.resize((width, max(1, height)), PILImage.Resampling.LANCZOS)


def plan(width, height, widths=None):
    """The (spec, target width) pairs to make for a source of this size: the widths it can fill whose height WebP
    can hold, else the widest that fits both ways; none for a picture over WEBP_MAX_SIDE times as tall as wide."""
    widths = widths or settings.IMAGE_RENDITION_WIDTHS
    widest = min(width, WEBP_MAX_SIDE, width * WEBP_MAX_SIDE // height)
    fitting = [w for w in widths if w <= widest] or ([widest] if widest else [])
    return [(f"w{w}", w) for w in fitting]


def make(picture, *, image_format, focal):
    """Every rendition of a decoded picture: ``(spec, format, width, height, bytes)``."""
    picture = ImageOps.exif_transpose(picture)
    if picture.mode == "P":
        picture = picture.convert("RGBA")
    formats = ["WEBP", own_format(image_format)]
    made = []
    for spec, width in plan(picture.width, picture.height):
        resized = _resized(picture, width) if width < picture.width else picture
        for fmt in dict.fromkeys(formats):
            made.append((spec, fmt, resized.width, resized.height, _encoded(resized, fmt)))
    for name, ratio in CROPS.items():
        cropped = picture.crop(crop_box(picture.size, ratio, focal))
        if cropped.width > CROP_MAX_WIDTH:
            cropped = _resized(cropped, CROP_MAX_WIDTH)
        made.append(
            (
                f"crop-{name}",
                own_format(image_format),
                cropped.width,
                cropped.height,
                _encoded(cropped, own_format(image_format)),
            )
        )
    social = picture.crop(crop_box(picture.size, SOCIAL_SIZE, focal))
    if social.width > SOCIAL_SIZE[0]:
        social = social.resize(SOCIAL_SIZE, PILImage.Resampling.LANCZOS)
    card_format = "JPEG" if own_format(image_format) == "JPEG" else "PNG"
    made.append(("social", card_format, social.width, social.height, _encoded(social, card_format)))
    return made


def as_file(image_pk, spec, image_format, data):
    return ContentFile(data, name=f"{image_pk}/{spec}.{EXTENSIONS[image_format]}")  # under Rendition's upload_to
