"""PostgreSQL search reads its stored vector in the configuration it was built with; a new language rebuilds it."""

import pytest
from django.db import connection

from articles.content import search
from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's"),
]


def found(text):
    return list(Article.objects.search(text).values_list("title", flat=True))


def test_changing_the_publication_language_rebuilds_the_vector_and_search_follows(settings):
    ArticleFactory(title="Ferries cross the strait")
    assert search.stored_config(connection) == "english"
    assert found("ferry") == ["Ferries cross the strait"]  # English stemming

    settings.PUBLICATION_LANGUAGE = "fr"
    search.follow_publication_language(using="default")

    assert search.stored_config(connection) == "simple"
    assert found("ferry") == []  # no English stemming any more: query and vector agree
    assert found("ferries") == ["Ferries cross the strait"]

    settings.PUBLICATION_LANGUAGE = "en"
    search.follow_publication_language(using="default")
    assert found("ferry") == ["Ferries cross the strait"]


def test_search_uses_the_stored_configuration_even_before_a_migrate(settings):
    ArticleFactory(title="Ferries cross the strait")
    settings.PUBLICATION_LANGUAGE = "fr"  # changed, not migrated yet: the stored vector is still English

    assert found("ferry") == ["Ferries cross the strait"]
