"""The README's screenshots, taken in the browser: run with ``SCREENSHOTS_DIR=docs make test-browser
PYTEST_ARGS="-k screenshots"`` (skipped otherwise, so the suite never writes into the repository). Every
``docs/*.png`` the README links to is made here; a test checks that none is missing from the list."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.editorial.services import article_edit
from articles.fronts.models import Front
from articles.images.services import article_sync_images
from articles.live.services import entry_correction_add, entry_edit
from articles.management.commands.generate_content import photo_jpeg
from tests.articles.factories import ArticleFactory, SectionFactory, figure_html
from tests.articles.fronts.factories import FrontFactory, FrontSlotFactory
from tests.articles.live.factories import LiveCoverageFactory, post
from tests.authors.factories import AuthorFactory

OUT = os.environ.get("SCREENSHOTS_DIR")
REPOSITORY = Path(__file__).resolve().parents[2]
TAKEN = {
    "admin-article-change.png",
    "admin-photo-picker.png",
    "admin-preview.png",
    "admin-calendar.png",
    "admin-pending-revision.png",
    "admin-image-change.png",
    "admin-front-change.png",
    "admin-live-posting.png",
}


def test_every_screenshot_the_readme_links_to_is_taken_here():
    linked = set(re.findall(r"docs/([\w.-]+\.png)", (REPOSITORY / "README.md").read_text()))
    assert linked <= TAKEN, f"not taken by test_screenshots: {sorted(linked - TAKEN)}"


def photo(caption, number, alt="A photo", size=(960, 540), by=None):
    """A library photo of a generated skyline (the demo content's), its renditions made."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.images.services import image_store
    from articles.models import Image
    from newsroom import uploads

    upload = SimpleUploadedFile(f"{caption[:16].lower().replace(' ', '-')}.jpg", photo_jpeg(number, size), "image/jpeg")
    image = Image(caption=caption, credit="Newsroom Photo", alt_text=alt)
    return image_store(image=image, photo=uploads.clean_photo(upload), by=by)


@pytest.mark.skipif(not OUT, reason="set SCREENSHOTS_DIR to take the README's screenshots")
def test_screenshots(editor_page, editor):
    out = Path(OUT)
    shot = editor_page.screenshot
    harbour = photo("Fishing boats in the harbour at dawn", 3, "Boats moored at sunrise", by=editor)
    ferry = photo("The ferry terminal in fog", 7)
    council = photo("Council chamber before the vote", 11)
    author = AuthorFactory(name="Jonathan Wade", post_nominals="CD")
    article = ArticleFactory(
        title="Harbour reopens after the winter storms",
        slug="harbour-reopens-after-the-winter-storms",
        dek="Fishing crews are back at sea a month early, and the ferry runs again.",
        section=SectionFactory(name="Coast"),
        authors=[author],
        body="<p>The harbour reopened on Monday after a month of repairs to the breakwater.</p>"
        + figure_html(harbour, caption="Fishing boats in the harbour at dawn")
        + "<p>Crews said the early start would save the season.</p>" * 6,
    )
    article_sync_images(article=article)  # as a save does: the photo's page names the article
    now = timezone.now()
    for days, title in [(-2, "Budget passes"), (-1, "Ferry timetable"), (1, "Election night live"), (3, "Storm week")]:
        ArticleFactory(title=title, status="published", published_at=now + timedelta(days=days, hours=2))

    editor_page.set_viewport_size({"width": 1280, "height": 1100})
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    editor_page.locator(".field-body .prose-menubar").wait_for()
    editor_page.wait_for_load_state("networkidle")
    shot(path=out / "admin-article-change.png")

    editor_page.set_viewport_size({"width": 800, "height": 600})  # the window the figure dialog's Browse… opens
    editor_page.goto("/admin/articles/image/picker/?CKEditorFuncNum=1")
    shot(path=out / "admin-photo-picker.png")
    editor_page.set_viewport_size({"width": 1280, "height": 1100})

    editor_page.goto(f"/admin/articles/article/{article.pk}/preview/")
    shot(path=out / "admin-preview.png", full_page=True)

    editor_page.goto("/admin/articles/article/calendar/")
    shot(path=out / "admin-calendar.png")

    live = ArticleFactory(
        title="Council votes on the harbour budget",
        slug="council-votes-on-the-harbour-budget",
        dek="The harbour gets its new breakwater; the fish market waits a year.",
        status="published",
        published_at=now - timedelta(days=1),
        authors=[author],
        body=f"<p>The council voted on Tuesday night.</p>{figure_html(council)}",
    )
    article_sync_images(article=live)
    article_edit(article=live, by=editor, changes={"title": "Council approves the harbour budget, 7 votes to 4"})
    editor_page.goto(f"/admin/articles/article/{live.pk}/change/")
    shot(path=out / "admin-pending-revision.png")

    editor_page.goto(f"/admin/articles/image/{harbour.pk}/change/")
    editor_page.locator("details").evaluate_all("(all) => all.forEach((d) => (d.open = true))")  # the renditions
    shot(path=out / "admin-image-change.png", full_page=True)

    front = _front(harbour, ferry, council, now)
    editor_page.set_viewport_size({"width": 1920, "height": 1100})
    editor_page.goto(f"/admin/articles/front/{front.pk}/change/")
    shot(path=out / "admin-front-change.png", full_page=True)

    coverage = _live_coverage(editor, author, now)
    editor_page.set_viewport_size({"width": 1280, "height": 1150})
    editor_page.goto(f"/admin/articles/livecoverage/{coverage.pk}/live/")
    editor_page.locator(".prose-editor [contenteditable=true]").wait_for()
    shot(path=out / "admin-live-posting.png")


def _front(harbour, ferry, council, now):
    front = FrontFactory(
        name="Home",
        slug="home",
        length=6,
        backfill=Front.Backfill.LATEST,
        description="The home page of the web site and the app's first tab.",
    )
    coast, city = SectionFactory(name="Coast"), SectionFactory(name="City")
    stories = [
        ("Storm closes every port on the coast", "Ferries stay docked until Friday.", harbour, "breaking", None),
        ("Ferry timetable returns to summer hours", "Two more crossings a day from May.", ferry, "", 2),
        ("What the harbour budget pays for", "Dredging first, then the fish market.", council, "analysis", None),
        ("Crews count the cost of the winter", "Three boats lost, none of their crews.", None, "", None),
    ]
    for position, (title, dek, image, label, pinned) in enumerate(stories):
        story = ArticleFactory(
            title=title,
            dek=dek,
            section=coast if position % 2 else city,
            status="published",
            published_at=now - timedelta(hours=position + 1),
            featured_image=image,
        )
        FrontSlotFactory(front=front, article=story, position=position, label=label, pinned_position=pinned)
    for hours, title in [(8, "Lifeboat crew honoured"), (9, "Fish prices fall at the quay")]:
        ArticleFactory(
            title=title,
            dek="From the coast desk.",
            section=coast,
            status="published",
            published_at=now - timedelta(hours=hours),
        )
    return front


def _live_coverage(editor, author, now):
    coverage = LiveCoverageFactory(
        article=ArticleFactory(title="Election night: results as they come in", published=True, authors=[author]),
        starts_at=now - timedelta(hours=3),
    )
    article = coverage.article
    first = post(article, editor, "Polls have closed across the region. Counting starts within the hour.")
    entry_edit(article=article, entry=first, by=editor, changes={"headline": "Polls close", "key_event": True})
    pinned = post(article, editor, "Turnout is running at <strong>68%</strong>, the highest in two decades.")
    entry_edit(article=article, entry=pinned, by=editor, changes={"pinned": True})
    entry_correction_add(article=article, entry=pinned, by=editor, text="An earlier version gave turnout as 86%.")
    post(article, editor, "First declaration expected shortly after midnight.")
    post(article, editor, "Unconfirmed: a recount may be asked for in the north ward.", status="draft")
    return coverage
