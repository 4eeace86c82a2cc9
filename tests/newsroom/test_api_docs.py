import re

import pytest
import yaml
from rest_framework.test import APIClient

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
