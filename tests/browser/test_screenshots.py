"""The README's screenshots, taken in the browser: run with ``SCREENSHOTS_DIR=docs make test-browser
PYTEST_ARGS="-k screenshots"`` (skipped otherwise, so the suite never writes into the repository)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.articles.factories import ArticleFactory, SectionFactory, figure_html
from tests.articles.photos import encoded, picture
from tests.authors.factories import AuthorFactory

OUT = os.environ.get("SCREENSHOTS_DIR")
pytestmark = pytest.mark.skipif(not OUT, reason="set SCREENSHOTS_DIR to take the README's screenshots")


def photo(caption, colour, alt="A photo"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.images.services import image_store
    from articles.models import Image
    from newsroom import uploads

    data = encoded(picture((720, 360), colour), "JPEG")
    upload = SimpleUploadedFile(f"{caption[:12]}.jpg", data, "image/jpeg")
    image = Image(caption=caption, credit="Newsroom Photo", alt_text=alt)
    return image_store(image=image, photo=uploads.clean_photo(upload))


def test_screenshots(editor_page):
    out = Path(OUT)
    harbour = photo("Fishing boats in the harbour at dawn", (60, 110, 160), "Boats moored at sunrise")
    photo("The ferry terminal in fog", (120, 130, 140))
    photo("Council chamber before the vote", (150, 90, 60))
    author = AuthorFactory(name="Jonathan Wade", post_nominals="CD")
    article = ArticleFactory(
        title="Harbour reopens after the winter storms",
        dek="Fishing crews are back at sea a month early, and the ferry runs again.",
        section=SectionFactory(name="Coast"),
        authors=[author],
        body="<p>The harbour reopened on Monday after a month of repairs to the breakwater.</p>"
        + figure_html(harbour, caption="Fishing boats in the harbour at dawn")
        + "<p>Crews said the early start would save the season.</p>" * 6,
    )
    now = timezone.now()
    for days, title in [(-2, "Budget passes"), (-1, "Ferry timetable"), (1, "Election night live"), (3, "Storm week")]:
        ArticleFactory(title=title, status="published", published_at=now + timedelta(days=days, hours=2))

    editor_page.set_viewport_size({"width": 1280, "height": 1100})
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    editor_page.wait_for_timeout(800)
    editor_page.screenshot(path=out / "admin-article-change.png")

    editor_page.goto("/admin/articles/image/picker/?CKEditorFuncNum=1")
    editor_page.screenshot(path=out / "admin-photo-picker.png")

    editor_page.goto(f"/admin/articles/article/{article.pk}/preview/")
    editor_page.screenshot(path=out / "admin-preview.png", full_page=True)

    editor_page.goto("/admin/articles/article/calendar/")
    editor_page.screenshot(path=out / "admin-calendar.png")
