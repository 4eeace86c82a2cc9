import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from rest_framework.test import APIClient

from articles.images.services import article_sync_images
from articles.models import Article
from tests.articles.factories import (
    ArticleFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    figure_html,
    png_file,
)
from tests.authors.factories import AuthorFactory, AuthorLinkFactory

pytestmark = pytest.mark.django_db

# A copy of the IPTC schema (licence beside it), so the suite needs nothing outside the repository.
SCHEMA_PATH = Path(__file__).parent / "standards" / "ninjs-schema_2.2.json"

# jsonschema checks "uri" and "date-time" only with optional packages the project does not install;
# these stdlib checks make the format assertions real.
FORMAT_CHECKER = FormatChecker()
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE)
RFC3986_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def is_rfc3339_date_time(value):
    if not isinstance(value, str):
        return True
    return bool(RFC3339.match(value)) and datetime.fromisoformat(value).tzinfo is not None


@FORMAT_CHECKER.checks("uri")
def is_absolute_uri(value):
    return not isinstance(value, str) or bool(RFC3986_ABSOLUTE.match(value))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMAT_CHECKER)


def schema_errors(validator, item):
    errors = validator.iter_errors(item)
    return sorted(f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in errors)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(autouse=True)
def fresh_responses(settings):
    """Each request reaches the view: the shared response cache is tested in tests/newsroom/."""
    settings.PUBLIC_RESPONSE_CACHE = False


def illustrated_article(*, images=2, authors=2, tags=2, **kwargs):
    """A public article with its photos placed in the body, as editors save it."""
    photos = [ImageFactory(credit=f"Photographer {n}") for n in range(images)]
    body = "".join(f"<p>Paragraph {n}.</p>{figure_html(photo)}" for n, photo in enumerate(photos))
    article = ArticleFactory(
        published=True,
        body=body or "<p>Text only.</p>",
        featured_image=photos[0] if photos else None,
        authors=[AuthorFactory() for _ in range(authors)],
        tags=[TagFactory() for _ in range(tags)],
        **kwargs,
    )
    article_sync_images(article=article)
    return article


def get_ninjs(api, article):
    response = api.get(f"/api/v1/articles/{article.slug}/ninjs/")
    assert response.status_code == 200, response.content
    return response.json()


# --- The validator itself ------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        {"uri": "not a uri"},
        {"uri": "https://news.example/a/", "versioncreated": "yesterday"},
        {"uri": "https://news.example/a/", "firstcreated": "2025-01-01T10:00:00"},
        {"uri": "https://news.example/a/", "associations": [{"uri": "https://news.example/p.jpg", "type": "picture"}]},
        {"uri": "https://news.example/a/", "associations": [{"name": "p", "uri": "https://n.example/p", "alt": "x"}]},
        {"uri": "https://news.example/a/", "renditions": [{"href": "https://news.example/p.jpg"}]},
        {"uri": "https://news.example/a/", "headline": "Not a ninjs property"},
    ],
)
def test_validator_rejects_items_that_break_the_ninjs_2_2_schema(validator, broken):
    assert schema_errors(validator, broken)


# --- The endpoint -------------------------------------------------------------------


def test_ninjs_of_an_illustrated_article_with_two_authors_validates_against_the_iptc_schema(api, validator):
    article = illustrated_article(dek="The standfirst.", excerpt="The summary.")
    AuthorLinkFactory(author=article.authors.first(), url="https://example.org/people/jane")

    item = get_ninjs(api, article)

    assert schema_errors(validator, item) == []
    assert item["type"] == "text"
    assert len(item["people"]) == 2
    assert len(item["associations"]) == 3  # the featured image and the two photos in the body


def test_ninjs_of_an_article_without_images_tags_dek_or_section_validates_and_leaves_empty_parts_out(api, validator):
    article = illustrated_article(images=0, tags=0, section=None, dek="", excerpt="")

    item = get_ninjs(api, article)

    assert schema_errors(validator, item) == []
    for absent in ("associations", "subjects", "descriptions"):
        assert absent not in item
    assert item["headlines"] == [{"role": "main", "value": article.title}]


def test_ninjs_identifies_the_article_by_its_front_end_url_and_dates_it_with_time_zones(api, settings):
    settings.FRONTEND_URL = "https://news.example"
    article = illustrated_article()

    item = get_ninjs(api, article)

    assert item["uri"] == f"https://news.example/articles/{article.slug}/"
    assert datetime.fromisoformat(item["firstcreated"]) == article.published_at
    assert datetime.fromisoformat(item["versioncreated"]) == article.updated_at
    assert item["pubstatus"] == "usable"
    assert item["standard"]["version"] == "2.2"


def test_ninjs_version_is_a_string_that_grows_when_the_article_is_edited(api):
    article = illustrated_article()
    before = get_ninjs(api, article)["version"]

    article.title = "Corrected headline"
    article.save()
    after = get_ninjs(api, article)["version"]

    assert isinstance(before, str)
    assert int(after) > int(before)


def test_ninjs_carries_title_dek_summary_language_and_the_html_body_of_the_detail_endpoint(api, settings):
    settings.PUBLICATION_LANGUAGE = "en-CA"
    article = illustrated_article(title="Jets over Syria", dek="What happened.", excerpt="In short.")

    item = get_ninjs(api, article)
    detail = api.get(f"/api/v1/articles/{article.slug}/").json()

    assert item["headlines"] == [
        {"role": "main", "value": "Jets over Syria"},
        {"role": "subheadline", "value": "What happened."},
    ]
    assert item["descriptions"] == [{"role": "summary", "contenttype": "text/plain", "value": "In short."}]
    assert item["bodies"] == [{"role": "main", "contenttype": "text/html", "value": detail["body_html"]}]
    assert "<figure>" in item["bodies"][0]["value"]
    assert item["language"] == "en-CA"


def test_ninjs_summary_falls_back_to_the_dek_without_an_excerpt(api):
    article = illustrated_article(dek="What happened.", excerpt="")

    item = get_ninjs(api, article)

    assert item["descriptions"] == [{"role": "summary", "contenttype": "text/plain", "value": "What happened."}]


def test_ninjs_names_the_authors_in_byline_order_with_display_names_in_by(api, settings):
    settings.FRONTEND_URL = "https://news.example"
    wade = AuthorFactory(name="Jonathan Wade", post_nominals="CD", slug="jonathan-wade")
    roe = AuthorFactory(name="Jane Roe", slug="jane-roe")
    AuthorLinkFactory(author=roe, label="Mastodon", url="https://social.example/@jane")
    article = illustrated_article(authors=0)
    article.article_authors.create(author=wade, position=0)
    article.article_authors.create(author=roe, position=1)

    item = get_ninjs(api, article)

    assert item["by"] == "Jonathan Wade, CD and Jane Roe"
    assert item["people"] == [
        {
            "name": "Jonathan Wade",
            "rel": "author",
            "uri": "https://news.example/authors/jonathan-wade/",
            "literal": "jonathan-wade",
        },
        {
            "name": "Jane Roe",
            "rel": "author",
            "uri": "https://news.example/authors/jane-roe/",
            "literal": "jane-roe",
            "contactinfo": [{"type": "web", "name": "Mastodon", "value": "https://social.example/@jane"}],
        },
    ]


def test_ninjs_subjects_are_the_section_and_the_tags(api, settings):
    settings.FRONTEND_URL = "https://news.example"
    section = SectionFactory(name="World", slug="world")
    article = illustrated_article(section=section, tags=0)
    article.tags.set([TagFactory(name="Syria", slug="syria"), TagFactory(name="Air power", slug="air-power")])

    item = get_ninjs(api, article)

    assert item["subjects"] == [
        {"name": "World", "rel": "section", "uri": "https://news.example/sections/world/", "literal": "world"},
        {"name": "Air power", "rel": "tag", "uri": "https://news.example/tags/air-power/", "literal": "air-power"},
        {"name": "Syria", "rel": "tag", "uri": "https://news.example/tags/syria/", "literal": "syria"},
    ]


def test_ninjs_associates_each_placed_photo_as_a_picture_with_credit_caption_alt_and_original_rendition(api):
    first = ImageFactory(file=png_file(800, 600), caption="Library caption", credit="Reuters", alt_text="Two jets")
    second = ImageFactory(file=png_file(400, 300), caption="Second", credit="", alt_text="")
    article = ArticleFactory(published=True, body=figure_html(first, caption="Placed caption") + figure_html(second))
    article_sync_images(article=article)

    associations = get_ninjs(api, article)["associations"]

    assert [a["name"] for a in associations] == ["image-1", "image-2"]
    assert associations[0] == {
        "name": "image-1",
        "uri": f"http://testserver{first.file.url}",
        "type": "picture",
        "by": "Reuters",
        "descriptions": [{"role": "caption", "value": "Placed caption"}, {"role": "alt", "value": "Two jets"}],
        "renditions": [
            {
                "name": "original",
                "href": f"http://testserver{first.file.url}",
                "contenttype": "image/png",
                "width": 800,
                "height": 600,
            }
        ],
    }
    assert "by" not in associations[1]
    assert associations[1]["descriptions"] == [{"role": "caption", "value": "Second"}]


def test_ninjs_associates_the_featured_image_first_as_featuremedia(api):
    article = illustrated_article(images=2)

    associations = get_ninjs(api, article)["associations"]

    assert [a["name"] for a in associations] == ["featuremedia", "image-1", "image-2"]
    assert associations[0]["uri"] == associations[1]["uri"]  # the featured photo is also the first in the body


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"scheduled": True},
        {"status": Article.Status.ARCHIVED, "published_at": timezone.now() - timedelta(days=3)},
    ],
    ids=["draft", "in-review", "scheduled", "archived"],
)
def test_ninjs_of_an_article_that_is_not_public_is_404(api, state):
    article = ArticleFactory(**state)

    response = api.get(f"/api/v1/articles/{article.slug}/ninjs/")

    assert response.status_code == 404


def test_ninjs_of_an_unknown_slug_is_404(api):
    assert api.get("/api/v1/articles/no-such-article/ninjs/").status_code == 404


def test_ninjs_query_count_does_not_grow_with_images_authors_or_tags(api):
    small = illustrated_article(images=1, authors=1, tags=1)
    large = illustrated_article(images=4, authors=4, tags=4)

    with CaptureQueriesContext(connection) as one:
        get_ninjs(api, small)
    with CaptureQueriesContext(connection) as many:
        get_ninjs(api, large)

    assert len(many) == len(one)
    assert len(many) <= 8
