import io
import re
from pathlib import Path

import pytest
from PIL import Image as PILImage

EXPORT = Path(__file__).parent / "export.xml"
PHOTOS = {  # the export's attachments, by file: (colour, format)
    "quay.jpg": ("navy", "JPEG"),
    "wall.png": ("olive", "PNG"),
    "nets.jpg": ("maroon", "JPEG"),
    "crates.jpg": ("teal", "JPEG"),
    "lighthouse.jpg": ("purple", "JPEG"),
}


HEADLINES = ("Import finished.", "Dry run: nothing was written.", "Import stopped (", "Dry run stopped (")
NOTE_LINE = re.compile(r"^((?:[\w-]+ \S+(?: “[^”]*”)?)|export): (.+)$")


def streamed(output):
    """The lines the command wrote as the run went, before its closing summary."""
    lines = output.splitlines()
    end = next((index for index, line in enumerate(lines) if line.startswith(HEADLINES)), len(lines))
    return lines[:end]


def summary(output):
    """The closing summary: its headline, the counts and the notes by kind."""
    return output.splitlines()[len(streamed(output)) :]


def notes(output):
    """The run's notes as the command wrote them, one line each as they came: each item's label → its notes."""
    grouped = {}
    for line in streamed(output):
        label, message = NOTE_LINE.match(line).groups()
        grouped.setdefault(label, []).append(message)
    return grouped


def photo_bytes(colour, image_format, size=(120, 80)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads as the site's export refers to it (2024/03/<file>), plus a PDF."""
    folder = tmp_path / "uploads"
    (folder / "2024" / "03").mkdir(parents=True)
    for name, (colour, image_format) in PHOTOS.items():
        (folder / "2024" / "03" / name).write_bytes(photo_bytes(colour, image_format))
    (folder / "2024" / "03" / "timetable.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return folder


@pytest.fixture(autouse=True)
def small_renditions(settings):
    settings.IMAGE_RENDITION_WIDTHS = [40]
    settings.PUBLIC_RESPONSE_CACHE = False
