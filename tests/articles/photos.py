"""Image files made in tests: real pictures (each one different), damaged and tricky ones, and storage checks."""

import io
import itertools
import os
import struct
import zlib
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles.images import renditions

RED = (255, 0, 0)
WHITE = (255, 255, 255)
_serial = itertools.count(1)


def picture(size=(64, 48), colour=(40, 110, 170)):
    """A plain RGB picture with a serial number drawn in its top-left corner (4×4 black or white squares, one per
    bit, that survive JPEG compression), so that no two files made here are identical."""
    n = next(_serial)
    pic = PILImage.new("RGB", size, colour)
    for bit in range(12):
        x, y = bit % 4 * 4, bit // 4 * 4
        pic.paste((0, 0, 0) if n >> bit & 1 else WHITE, (x, y, x + 4, y + 4))
    return pic


def encoded(pic, image_format, **options):
    buffer = io.BytesIO()
    pic.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def photo_bytes(image_format="JPEG", size=(64, 48)):
    return encoded(picture(size), image_format)


def noise_bytes(image_format, size):
    """Random pixels: a file that compresses badly, as large as its pixels."""
    return encoded(PILImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)), image_format)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_declared_size(width, height):
    """A tiny PNG whose header declares ``width × height`` pixels: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def truncated_jpeg():
    data = noise_bytes("JPEG", (120, 90))
    return data[: len(data) // 2]


def striped_png(size=(400, 200)):
    """White, with a red strip along the right edge: a 1:1 crop shows it only when centred to the right."""
    pic = picture(size, WHITE)
    pic.paste(RED, (size[0] - 40, 0, size[0], size[1]))
    return encoded(pic, "PNG")


def uploaded(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def stored_files(media_root):
    return sorted(str(p.relative_to(media_root)) for p in Path(media_root).rglob("*") if p.is_file())


def colours_of(name):
    with default_storage.open(name, "rb") as stored:
        return {colour for _, colour in PILImage.open(stored).convert("RGB").getcolors(1 << 20)}


def counting(monkeypatch):
    """Count calls of articles.renditions.make (every rendition is made by it)."""
    calls = []
    real = renditions.make

    def make(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(renditions, "make", make)
    return calls
