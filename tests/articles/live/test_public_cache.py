"""An entry is a change of its article for the public cache, though the article row is never written."""

import pytest
from rest_framework.test import APIClient

from articles.models import Article
from tests.articles.live.factories import editor, live_article, post

pytestmark = pytest.mark.django_db


def test_a_new_entry_reaches_cached_readers_of_the_article_and_its_stream(django_capture_on_commit_callbacks):
    article, desk = live_article(), editor()
    readers = APIClient()
    detail, stream = f"/api/v1/articles/{article.slug}/", f"/api/v1/articles/{article.slug}/entries/"
    assert readers.get(detail).json()["coverage"]["entry_count"] == 0  # now in the shared cache
    assert readers.get(stream).json()["results"] == []
    updated_at = Article.objects.get(pk=article.pk).updated_at

    with django_capture_on_commit_callbacks(execute=True):
        entry = post(article, desk, "Breaking")

    assert readers.get(detail).json()["coverage"]["entry_count"] == 1
    assert [e["id"] for e in readers.get(stream).json()["results"]] == [entry.pk]
    assert Article.objects.get(pk=article.pk).updated_at == updated_at  # the article row was left alone


def test_a_cached_stream_still_answers_304_to_its_etag(django_capture_on_commit_callbacks):
    article = live_article()
    post(article, editor())
    readers = APIClient()
    stream = f"/api/v1/articles/{article.slug}/entries/"
    etag = readers.get(stream)["ETag"]

    assert readers.get(stream, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_every_model_the_live_responses_read_is_declared_public(settings):
    from articles.live import services
    from newsroom.invalidation import PUBLIC_CONTENT
    from tests.articles.factories import ImageFactory, figure_html
    from tests.newsroom.test_public_content import models_read

    settings.PUBLIC_RESPONSE_CACHE = False
    article, desk, photo = live_article(), editor(), ImageFactory()
    entry = services.entry_post(article=article, by=desk, body_html=f"<p>Text</p>{figure_html(photo)}", key_event=True)
    services.entry_edit(article=article, entry=entry, by=desk, changes={"pinned": True})
    services.entry_correction_add(article=article, entry=entry, by=desk, text="Fixed.")
    base = f"/api/v1/articles/{article.slug}/"
    client = APIClient()

    read = set().union(*(models_read(client, path) for path in (base, f"{base}entries/", f"{base}entries/{entry.pk}/")))

    assert read - set(PUBLIC_CONTENT) == set()
    assert {"articles.LiveEntry", "articles.LiveEntryImage", "articles.LiveEntryCorrection"} <= read
