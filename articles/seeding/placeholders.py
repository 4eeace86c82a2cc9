"""Generated stand-in photos for seed articles whose pixels were not supplied."""

import io
import textwrap
import zlib

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

SIZE = (1200, 800)


def placeholder_jpeg(caption, *, name):
    """A 1200×800 JPEG in a muted colour derived from the caption, with the caption written on it."""
    hue = zlib.crc32(caption.encode()) % 360
    picture = PILImage.new("RGB", SIZE, f"hsl({hue}, 25%, 40%)")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=44)
    text = "\n".join(textwrap.wrap(caption, width=40)) + "\n\n[placeholder image]"
    draw.multiline_text((SIZE[0] / 2, SIZE[1] / 2), text, font=font, fill="white", anchor="mm", align="center")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=name)
