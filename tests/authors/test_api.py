import pytest
from rest_framework.test import APIClient

from articles.models import Article
from tests.articles.factories import ArticleFactory, png_file
from tests.authors.factories import AuthorFactory, AuthorLinkFactory

pytestmark = pytest.mark.django_db

PROFILE_FIELDS = {
    "slug",
    "name",
    "post_nominals",
    "display_name",
    "job_title",
    "bio",
    "expertise",
    "beats",
    "avatar",
    "links",
    "article_count",
    "url",
}


@pytest.fixture
def api():
    return APIClient()


def test_authors_list_shows_active_authors_with_public_profiles(api):
    active = AuthorFactory(name="Jonathan Wade", post_nominals="CD", email="private@newsroom.example")
    AuthorFactory(name="Gone Away", is_active=False)

    body = api.get("/api/v1/authors/").json()

    assert [a["slug"] for a in body["results"]] == [active.slug]
    profile = body["results"][0]
    assert set(profile) == PROFILE_FIELDS
    assert profile["display_name"] == "Jonathan Wade, CD"
    assert profile["expertise"] == ["Defence", "Arctic"] and profile["beats"] == ["Canada"]
    assert "private@newsroom.example" not in str(body)


def test_author_detail_counts_only_public_articles(api):
    author = AuthorFactory()
    ArticleFactory.create_batch(2, published=True, authors=[author])
    ArticleFactory(status=Article.Status.DRAFT, authors=[author])
    ArticleFactory(scheduled=True, authors=[author])

    profile = api.get(f"/api/v1/authors/{author.slug}/").json()

    assert profile["article_count"] == 2
    assert profile["url"] == f"http://testserver/api/v1/authors/{author.slug}/"


def test_author_avatar_is_an_image_object(api):
    author = AuthorFactory(avatar=png_file(40, 50, name="face.png"))

    avatar = api.get(f"/api/v1/authors/{author.slug}/").json()["avatar"]

    assert avatar["url"].startswith("http://testserver/media/avatars/")
    assert (avatar["width"], avatar["height"], avatar["alt_text"]) == (40, 50, author.display_name)


def test_author_without_avatar_has_null(api):
    author = AuthorFactory()

    assert api.get(f"/api/v1/authors/{author.slug}/").json()["avatar"] is None


def test_inactive_or_unknown_author_is_404(api):
    inactive = AuthorFactory(is_active=False)

    assert api.get(f"/api/v1/authors/{inactive.slug}/").status_code == 404
    assert api.get("/api/v1/authors/nobody/").status_code == 404


def test_authors_list_query_count_does_not_grow(api, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PUBLIC_RESPONSE_CACHE = False
    for _ in range(20):
        AuthorLinkFactory.create_batch(2, author=AuthorFactory())

    counts = []
    for size in (1, 20):
        with CaptureQueriesContext(connection) as captured:
            assert len(api.get(f"/api/v1/authors/?page_size={size}").json()["results"]) == size
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_the_schema_says_writes_answer_with_the_public_profile():
    paths = APIClient().get("/api/v1/schema/?format=json").json()["paths"]

    created = paths["/api/v1/authors/"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    changed = paths["/api/v1/authors/{slug}/"]["patch"]["responses"]["200"]["content"]["application/json"]["schema"]

    assert created == changed == {"$ref": "#/components/schemas/Author"}
