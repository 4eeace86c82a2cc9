import io
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


def notes(output):
    """The run's closing notes as the command printed them: each item's label → its notes, in order."""
    grouped, label = {}, None
    lines = output.splitlines()
    start = (
        lines.index("What was not mapped as it was, by item:") + 1 if "What was not mapped" in output else len(lines)
    )
    for line in lines[start:]:
        if line.startswith("  - ") and label:
            grouped[label].append(line[4:])
        elif line.endswith(":"):
            label = line[:-1]
            grouped[label] = []
        else:
            break
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
