"""A battery of bad input through the HTTP surface: every answer a 4xx JSON message, and nothing written."""

import json

import pytest
from django.apps import apps

from tests.articles.factories import ArticleFactory
from tests.authors.factories import StaffFactory, token_client

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


def stored_files(media_root):
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("articles").get_models()}


@pytest.fixture
def editor():
    return token_client(StaffFactory(role="Editor"))


@pytest.fixture
def article():
    return ArticleFactory(published=True, slug="target")


def raw(client, method, path, body, content_type="application/json"):
    return getattr(client, method)(path, data=body, content_type=content_type)


CASES = {
    "control character in a title": ("post", "/api/v1/articles/", {"title": "Vertical\x0btab"}, 400),
    "form feed in an excerpt": ("patch", "/api/v1/articles/target/", {"excerpt": "Page\x0cbreak"}, 400),
    "NUL in a title": ("post", "/api/v1/articles/", {"title": "Null\x00byte"}, 400),
    "lone surrogate in a title": ("post", "/api/v1/articles/", '{"title": "Half \\ud800 a pair"}', 400),
    "control character in a comment": (
        "post",
        "/api/v1/articles/target/comments/",
        {"author_name": "Reader", "author_email": "r@example.net", "body": "Bell\x07"},
        400,
    ),
    "deeply nested JSON": ("post", "/api/v1/articles/", DEEP, 400),
    "deeply nested JSON to comments": ("post", "/api/v1/articles/target/comments/", DEEP, 400),
    "a JSON body over the limit": ("post", "/api/v1/articles/", {"title": "x" * 1_100_000}, 413),
    "broken JSON": ("post", "/api/v1/articles/", '{"title": ', 400),
    "a list for an object": ("post", "/api/v1/articles/", "[1, 2, 3]", 400),
    "a number for a title": ("post", "/api/v1/articles/", {"title": 42, "dek": ["a"]}, 400),
    "XML instead of JSON": ("post", "/api/v1/articles/", "<title>Hi</title>", 415, "application/xml"),
    "an unknown author in the byline": ("post", "/api/v1/articles/", {"title": "T", "authors": ["nobody"]}, 400),
    "a slug of punctuation": ("patch", "/api/v1/articles/target/", {"slug": "../../etc"}, 400),
    "a publish time that is not a time": ("post", "/api/v1/articles/target/publish/", {"publish_at": "soon"}, 400),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_a_4xx_json_message_and_writes_nothing(editor, article, media_root, name):
    method, path, body, expected, *content_type = CASES[name]
    body = body if isinstance(body, str) else json.dumps(body)
    before = (row_counts(), stored_files(media_root))

    response = raw(editor, method, path, body, *content_type)

    assert response.status_code == expected, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert (row_counts(), stored_files(media_root)) == before


@pytest.mark.parametrize(
    "query",
    [
        {"q": " ".join(["many"] * 1100)},
        {"q": "x" * 5000},
        {"section": "\x00"},
        {"published_after": "yesterday"},
        {"page": "-1"},
        {"ordering": "password"},
    ],
    ids=["1100 words", "5000 characters", "NUL", "not a date", "negative page", "unknown ordering"],
)
def test_bad_query_parameters_are_a_400_json_message(editor, query):
    response = editor.get("/api/v1/articles/", query)

    assert response.status_code in (400, 404)
    assert response.json()["detail"]


@pytest.mark.parametrize("version", ["\x00", 'x";evil=1'])
def test_a_bad_schema_version_is_refused_and_never_reaches_a_header(client, version):
    response = client.get("/api/v1/schema/", {"version": version})

    assert response.status_code in (400, 404)
    assert "evil" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/articles/", {"title": "T", "authors": ["slug\x00"]}),
        ("post", "/api/v1/articles/", {"title": "T", "section": "\x00"}),
        ("post", "/api/v1/articles/", {"title": "T", "tags": [{"nested": "not a slug"}]}),
    ],
    ids=["NUL in a looked-up slug", "NUL in a section", "an object for a slug"],
)
def test_values_the_database_cannot_look_up_are_a_400(editor, article, method, path, body):
    response = getattr(editor, method)(path, body, format="json")

    assert response.status_code == 400, response.content[:300]
    assert response.json()["detail"]


def test_a_date_filter_with_an_offset_no_place_uses_is_a_400(editor):
    response = editor.get("/api/v1/articles/", {"published_after": "0410-02-05T18:15:40.3+21:18"})

    assert response.status_code == 400


def test_options_of_the_comments_endpoint_describes_it(client, article):
    response = client.options("/api/v1/articles/target/comments/")

    assert response.status_code == 200
    assert "POST" in response.json()["actions"]


def test_a_form_field_over_django_s_limit_is_a_json_413(editor):
    response = editor.post("/api/v1/images/", {"caption": "x" * 3_000_000}, format="multipart")

    assert response.status_code == 413
    assert response.json()["detail"]


def test_json_ld_can_go_into_a_script_element_as_it_is_served(client):
    ArticleFactory(published=True, slug="script", title="</script><script>alert(1)</script>")

    response = client.get("/api/v1/articles/script/")

    assert b"</script>" not in response.content
    assert b"\\u003c/script\\u003e" in response.content
    assert response.json()["json_ld"]["headline"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/articles/a%00b/", "/api/v1/authors/a%00b/", "/api/v1/tags/a%00b/", "/api/v1/articles/a%00b/comments/"],
)
def test_a_nul_in_the_address_is_a_400(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
