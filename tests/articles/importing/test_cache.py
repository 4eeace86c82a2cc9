"""An import reaches the public cache in batches: its committed posts' cache tags are bumped together, once a
batch, not a dozen times a post, and what it imported is served at once after it."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from newsroom.public_cache import tags_bumped
from tests.articles.importing.conftest import EXPORT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cached(settings):
    settings.PUBLIC_RESPONSE_CACHE = True
    return APIClient()


def test_an_import_bumps_the_shared_cache_once_a_batch_and_its_posts_are_served_after_it(cached, uploads):
    assert cached.get("/api/v1/articles/").json()["count"] == 0  # cached, before the import
    bumps = []
    tags_bumped.connect(lambda sender, tags, **kwargs: bumps.append(tags), weak=False, dispatch_uid="test-bumps")
    try:
        call_command("import_wordpress", str(EXPORT), "--uploads", str(uploads), stdout=StringIO())
    finally:
        tags_bumped.disconnect(dispatch_uid="test-bumps")

    assert len(bumps) == 1  # the fixture's posts are one batch
    assert {"articles", "feed"} <= bumps[0]
    listed = cached.get("/api/v1/articles/")
    assert listed["X-Cache"] == "miss" and listed.json()["count"] > 0
