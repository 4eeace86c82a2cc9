"""The stored body: sanitised blocks, and each photo rendered where it stands."""

import pytest

from articles.content import body
from articles.images.services import article_sync_images
from tests.articles.factories import ArticleFactory, ImageFactory, figure_html

pytestmark = pytest.mark.django_db


def test_loose_text_becomes_paragraphs_so_no_word_is_lost():
    stored = body.sanitize("Opening words <strong>bold</strong> end.<h2>Head</h2>Closing words")

    assert stored == "<p>Opening words <strong>bold</strong> end.</p>\n<h2>Head</h2>\n<p>Closing words</p>"
    assert body.word_count(stored) == 7


def test_plain_text_sent_as_a_body_is_served(client):
    from rest_framework.test import APIClient

    article = ArticleFactory(published=True, body=body.sanitize("Just plain text"))

    data = APIClient().get(f"/api/v1/articles/{article.slug}/").json()

    assert data["body"] == [{"type": "paragraph", "text": "Just plain text", "html": "Just plain text"}]
    assert data["reading_time_minutes"] == 1


def test_a_figure_without_a_photo_does_not_shift_the_photos_after_it():
    from rest_framework.test import APIClient

    photo = ImageFactory(caption="The real photo")
    article = ArticleFactory(
        published=True, body=f"<figure><figcaption>No image here</figcaption></figure><p>Text.</p>{figure_html(photo)}"
    )
    article_sync_images(article=article)

    blocks = APIClient().get(f"/api/v1/articles/{article.slug}/").json()["body"]

    assert [block["type"] for block in blocks] == ["paragraph", "image"]
    assert blocks[1]["image"]["id"] == photo.pk and blocks[1]["caption"] == "The real photo"


def test_the_same_photo_placed_twice_keeps_each_caption():
    from rest_framework.test import APIClient

    photo = ImageFactory(caption="Library caption")
    article = ArticleFactory(
        published=True,
        body=f"{figure_html(photo, caption='First use')}<p>Text.</p>{figure_html(photo, caption='Second')}",
    )
    article_sync_images(article=article)

    blocks = APIClient().get(f"/api/v1/articles/{article.slug}/").json()["body"]

    assert [b["caption"] for b in blocks if b["type"] == "image"] == ["First use", "Second"]
