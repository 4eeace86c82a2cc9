import re

import pytest
import yaml
from rest_framework.test import APIClient

from articles.editorial.services import preview_link_make
from articles.models import Article, Comment
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.articles.live.factories import live_article
from tests.authors.factories import StaffFactory, token_client

pytestmark = pytest.mark.django_db


def test_openapi_schema_describes_every_endpoint_and_article_parameter():
    response = APIClient().get("/api/v1/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/articles/{slug}/ninjs/",
        "/api/v1/authors/",
        "/api/v1/authors/{slug}/",
        "/api/v1/sections/",
        "/api/v1/sections/{slug}/",
        "/api/v1/tags/",
        "/api/v1/tags/{slug}/",
    ]:
        assert path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert {
        "page",
        "page_size",
        "section",
        "tag",
        "author",
        "q",
        "published_after",
        "published_before",
        "ordering",
        "fields",
    } <= parameters
    detail_get = schema["paths"]["/api/v1/articles/{slug}/"]["get"]
    assert "fields" in {p["name"] for p in detail_get["parameters"]}
    assert "400" in detail_get["responses"]  # a field the shape lacks
    detail = schema["components"]["schemas"]["ArticleDetail"]["properties"]
    assert {"body_html", "body", "images", "json_ld", "seo", "authors"} <= set(detail)
    assert "email" not in schema["components"]["schemas"]["Author"]["properties"]


def test_docs_page_loads_its_assets_locally():
    response = APIClient().get("/api/v1/docs/")

    assert response.status_code == 200
    sources = re.findall(rb'(?:src|href)="([^"]+)"', response.content)
    assert sources
    assert all(not source.startswith((b"http:", b"https:", b"//")) for source in sources)


# --- Conditional GETs (newsroom/openapi.py): every GET answers 304 to its own ETag, and the schema says so ---------

PREVIEW = "/api/v1/preview/{token}/"  # never stored (no-store), so it has no ETag and never answers 304


def served_schema(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200, response.content
    return response.json()


def header_parameters(operation):
    return {p["name"] for p in operation.get("parameters", ()) if p["in"] == "header"}


@pytest.mark.parametrize("staff", [False, True], ids=["anonymous", "staff"])
def test_every_get_operation_declares_if_none_match_and_its_304_with_the_etag(staff):
    client = token_client(StaffFactory(role="Editor")) if staff else APIClient()

    paths = served_schema(client)["paths"]

    gets = {path: operations["get"] for path, operations in paths.items() if "get" in operations}
    assert len(gets) > 20 and PREVIEW in gets
    for path, operation in gets.items():
        if path == PREVIEW:
            continue
        responses = operation["responses"]
        assert "If-None-Match" in header_parameters(operation), path
        assert "304" in responses, path
        assert "content" not in responses["304"], path  # no body
        assert responses["304"]["headers"]["ETag"]["required"], path
        assert responses["200"]["headers"]["ETag"]["required"], path
    assert gets["/api/v1/articles/{slug}/entries/"]["responses"]["304"]["description"] == "Nothing new."


def test_the_preview_declares_no_304_as_it_never_answers_one():
    editor = StaffFactory(role="Editor")
    token, _, _ = preview_link_make(article=ArticleFactory(status=Article.Status.DRAFT), by=editor)
    preview = served_schema(APIClient())["paths"][PREVIEW]["get"]

    response = APIClient().get(f"/api/v1/preview/{token}/", HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert "304" not in preview["responses"]
    assert "If-None-Match" not in header_parameters(preview)
    assert "headers" not in preview["responses"]["200"]


@pytest.fixture
def published():
    article = ArticleFactory(published=True)
    CommentFactory(article=article, status=Comment.Status.APPROVED)
    return article


CONDITIONAL = {
    "list": ("/api/v1/articles/", "/api/v1/articles/"),
    "detail": ("/api/v1/articles/{slug}/", "/api/v1/articles/{a.slug}/"),
    "comments": ("/api/v1/articles/{slug}/comments/", "/api/v1/articles/{a.slug}/comments/"),
    "fronts": ("/api/v1/fronts/", "/api/v1/fronts/"),
    "live-entries": ("/api/v1/articles/{slug}/entries/", "/api/v1/articles/{live.slug}/entries/"),  # its own ETag
}


@pytest.mark.parametrize("staff", [False, True], ids=["anonymous", "staff"])
@pytest.mark.parametrize("name", CONDITIONAL)
def test_a_real_304_is_what_the_schema_declares(published, name, staff):
    client = token_client(StaffFactory(role="Editor")) if staff else APIClient()
    path, url = CONDITIONAL[name]
    url = url.format(a=published, live=live_article())
    operation = served_schema(client)["paths"][path]["get"]
    first = client.get(url)
    assert first.status_code == 200, first.content
    assert first.has_header("ETag") and "ETag" in operation["responses"]["200"]["headers"]

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert "304" in operation["responses"] and "If-None-Match" in header_parameters(operation)
    assert again.content == b"" and not again.has_header("Content-Type")
    assert "content" not in operation["responses"]["304"]
    assert again["ETag"] == first["ETag"]
