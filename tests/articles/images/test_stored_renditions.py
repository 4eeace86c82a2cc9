"""The image row keeps a copy of its renditions, so reading a photo needs no second table."""

import pytest

from articles.images.services import image_store, renditions_generate
from tests.articles.factories import ImageFactory
from tests.articles.photos import photo_bytes, uploaded

pytestmark = pytest.mark.django_db


def rows_of(image):
    return [[r.spec, r.format, r.width, r.height, r.file.name] for r in image.renditions.order_by("spec", "format")]


def test_the_row_copy_matches_the_renditions_when_made_and_remade():
    image = ImageFactory(file=uploaded(photo_bytes(size=(700, 500)), "scene.jpg"))
    renditions_generate(image=image)
    image.refresh_from_db()
    first = image.stored_renditions
    assert first == rows_of(image) and len(first) > 4

    image.focal_x = 0.1
    image_store(image=image)
    image.refresh_from_db()

    assert image.stored_renditions == rows_of(image) != first
    social = next(row for row in rows_of(image) if row[0] == "social")
    assert image.rendition("social").name == social[4] and image.rendition("social").url.endswith(social[4])


def test_a_photo_list_reads_no_rendition_table(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.articles.factories import ArticleFactory

    image = ImageFactory(file=uploaded(photo_bytes(size=(700, 500)), "scene.jpg"))
    renditions_generate(image=image)
    ArticleFactory.create_batch(3, published=True, featured_image=image)

    with CaptureQueriesContext(connection) as queries:
        card = client.get("/api/v1/articles/").json()["results"][0]["featured_image"]

    assert card["srcset"]
    assert not any("articles_rendition" in query["sql"] for query in queries.captured_queries)
