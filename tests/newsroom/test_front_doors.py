import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_site_root_says_what_this_server_is_and_links_every_way_in(client):
    page = client.get("/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "editorial content server" in html
    for name in ("admin:index", "api-index", "docs", "schema", "feed-rss", "feed-atom", "sitemap"):
        assert f'href="{reverse(name)}"' in html, name


def test_the_admin_view_site_link_leads_to_a_page_not_a_404(admin_client):
    admin_page = admin_client.get(reverse("admin:index")).content.decode()
    assert 'href="/"' in admin_page  # "View site"
    assert admin_client.get("/").status_code == 200


def test_the_api_root_lists_each_resource_by_its_absolute_address(client):
    index = client.get("/api/v1/", HTTP_ACCEPT="application/json")

    assert index.status_code == 200
    body = index.json()
    assert body["articles"] == "http://testserver/api/v1/articles/"
    assert body["docs"] == "http://testserver/api/v1/docs/"
    for url in (body["articles"], body["authors"], body["sections"], body["tags"]):
        assert client.get(url).status_code == 200


def test_the_api_root_is_in_the_served_schema(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert "get" in schema["paths"]["/api/v1/"]
