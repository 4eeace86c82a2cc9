from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from articles.images.services import article_sync_images
from articles.models import Article, Comment
from tests.articles.factories import (
    ArticleFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    figure_html,
)
from tests.authors.factories import AuthorFactory, AuthorLinkFactory

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id",
    "slug",
    "title",
    "dek",
    "excerpt",
    "url",
    "published_at",
    "updated_at",
    "section",
    "tags",
    "authors",
    "featured_image",
    "reading_time_minutes",
    "comment_count",
}
IMAGE_FIELDS = {
    "id",
    "url",
    "width",
    "height",
    "caption",
    "credit",
    "alt_text",
    "renditions",
    "srcset",
    "focal_point",
    "crops",
    "social_url",
}


@pytest.fixture
def api():
    return APIClient()


def illustrated_article(**kwargs):
    """A public article with two photos in its body, the second with an overridden caption."""
    first, second = ImageFactory(), ImageFactory(caption="Library caption")
    article = ArticleFactory(
        published=True,
        body=(
            "<p>Opening paragraph.</p>"
            + figure_html(first)
            + "<h2>A heading</h2><blockquote><p>A quote.</p></blockquote>"
            + figure_html(second, caption="Caption written for this story")
            + "<ul><li>one</li><li>two</li></ul><p>Closing paragraph.</p>"
        ),
        featured_image=first,
        **kwargs,
    )
    article_sync_images(article=article)
    return article, first, second


def test_list_shows_only_articles_public_now_newest_first(api):
    older = ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(published=True)
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(status=Article.Status.IN_REVIEW)
    ArticleFactory(status=Article.Status.ARCHIVED, published_at=timezone.now() - timedelta(days=3))
    ArticleFactory(scheduled=True)

    response = api.get("/api/v1/articles/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [a["slug"] for a in body["results"]] == [newer.slug, older.slug]
    assert set(body) == {"count", "next", "previous", "results"}


def test_list_item_has_the_documented_fields_and_nothing_private(api):
    author = AuthorFactory(name="Jonathan Wade", post_nominals="CD", email="private@newsroom.example")
    article = ArticleFactory(published=True, authors=[author], tags=[TagFactory(name="Arctic", slug="arctic")])

    item = api.get("/api/v1/articles/").json()["results"][0]

    assert set(item) == LIST_FIELDS
    assert item["url"] == f"http://testserver/api/v1/articles/{article.slug}/"
    assert item["section"] == {"slug": article.section.slug, "name": article.section.name}
    assert item["tags"] == [{"slug": "arctic", "name": "Arctic"}]
    assert item["authors"] == [
        {
            "slug": author.slug,
            "name": "Jonathan Wade",
            "display_name": "Jonathan Wade, CD",
            "url": f"http://testserver/api/v1/authors/{author.slug}/",
        }
    ]
    assert "private@newsroom.example" not in str(item)
    assert item["published_at"].endswith("Z") or "+" in item["published_at"]


def test_authors_are_listed_in_byline_order(api):
    first, second, third = AuthorFactory(name="Zed"), AuthorFactory(name="Amy"), AuthorFactory(name="Mo")
    ArticleFactory(published=True, authors=[first, second, third])

    item = api.get("/api/v1/articles/").json()["results"][0]

    assert [a["name"] for a in item["authors"]] == ["Zed", "Amy", "Mo"]


def test_comment_count_counts_approved_comments_only(api):
    article = ArticleFactory(published=True)
    CommentFactory.create_batch(2, article=article, status=Comment.Status.APPROVED)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    CommentFactory(article=article, status=Comment.Status.SPAM)

    assert api.get("/api/v1/articles/").json()["results"][0]["comment_count"] == 2


def test_featured_image_is_a_compact_image_object_with_absolute_url_on_lists_and_whole_on_the_detail(api):
    image = ImageFactory(caption="Jets over Syria", credit="Agency", alt_text="Two jets")
    article = ArticleFactory(published=True, featured_image=image)

    card = api.get("/api/v1/articles/").json()["results"][0]["featured_image"]
    featured = api.get(f"/api/v1/articles/{article.slug}/").json()["featured_image"]

    assert set(card) == {"id", "url", "width", "height", "alt_text", "srcset"}
    assert set(featured) == IMAGE_FIELDS
    assert card["url"] == featured["url"] and card["url"].startswith("http://testserver/media/images/")
    assert (featured["width"], featured["height"], featured["caption"], featured["credit"], featured["alt_text"]) == (
        80,
        60,
        "Jets over Syria",
        "Agency",
        "Two jets",
    )


def test_reading_time_is_derived_from_the_body(api):
    ArticleFactory(published=True, body="<p>" + "word " * 1000 + "</p>")

    assert api.get("/api/v1/articles/").json()["results"][0]["reading_time_minutes"] == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("page_size=2", 2),
        ("page_size=1000", 100),
        ("", 20),
    ],
)
def test_page_size_defaults_to_20_and_is_capped_at_100(api, query, expected):
    ArticleFactory.create_batch(101, published=True)

    body = api.get(f"/api/v1/articles/?{query}").json()

    assert len(body["results"]) == expected
    assert body["count"] == 101


def test_next_and_previous_link_the_pages(api):
    ArticleFactory.create_batch(3, published=True)

    first = api.get("/api/v1/articles/?page_size=2").json()
    second = api.get(first["next"]).json()

    assert first["previous"] is None
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("page_size=abc", "page_size"),
        ("page_size=0", "page_size"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("published_after=yesterday", "published_after"),
        ("published_before=2025-13-40", "published_before"),
        ("ordering=title", "ordering"),
    ],
)
def test_bad_parameters_are_400_with_a_message_naming_them(api, query, names):
    ArticleFactory(published=True)

    response = api.get(f"/api/v1/articles/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert names in response.json()["detail"]
    assert names in response.json()["errors"]


def test_a_page_past_the_end_is_404_json(api):
    ArticleFactory(published=True)

    response = api.get("/api/v1/articles/?page=2")

    assert response.status_code == 404
    assert "page" in response.json()["detail"].lower()


def test_filter_by_section_tag_and_author(api):
    politics, arctic, author = SectionFactory(slug="politics"), TagFactory(slug="arctic"), AuthorFactory(slug="wade")
    in_section = ArticleFactory(published=True, section=politics)
    tagged = ArticleFactory(published=True, tags=[arctic, TagFactory()])
    by_author = ArticleFactory(published=True, authors=[author, AuthorFactory()])
    ArticleFactory(published=True)

    def slugs(query):
        return [a["slug"] for a in api.get(f"/api/v1/articles/?{query}").json()["results"]]

    assert slugs("section=politics") == [in_section.slug]
    assert slugs("tag=arctic") == [tagged.slug]
    assert slugs("author=wade") == [by_author.slug]
    assert slugs("section=unknown") == []


def test_filter_by_publish_window_and_ascending_order(api):
    now = timezone.now()
    old = ArticleFactory(published=True, published_at=now - timedelta(days=10))
    mid = ArticleFactory(published=True, published_at=now - timedelta(days=5))
    new = ArticleFactory(published=True, published_at=now - timedelta(days=1))

    def slugs(query):
        return [a["slug"] for a in api.get("/api/v1/articles/", query).json()["results"]]

    assert slugs({"published_after": (now - timedelta(days=6)).isoformat()}) == [new.slug, mid.slug]
    assert slugs({"published_before": (now - timedelta(days=6)).isoformat()}) == [old.slug]
    assert slugs({"ordering": "published_at"}) == [old.slug, mid.slug, new.slug]
    assert slugs({"ordering": "-published_at"}) == [new.slug, mid.slug, old.slug]


def test_search_matches_title_dek_and_body_of_public_articles_only(api):
    by_title = ArticleFactory(published=True, title="Arctic sovereignty patrols")
    by_dek = ArticleFactory(published=True, dek="Patrols across the Arctic")
    by_body = ArticleFactory(published=True, body="<p>The arctic convoy sailed.</p>")
    ArticleFactory(published=True, title="Budget debate")
    ArticleFactory(status=Article.Status.DRAFT, title="Arctic draft")

    found = {a["slug"] for a in api.get("/api/v1/articles/?q=arctic").json()["results"]}

    assert found == {by_title.slug, by_dek.slug, by_body.slug}


def test_search_with_several_words_needs_all_of_them(api):
    both = ArticleFactory(published=True, title="Taliban near Kunduz")
    ArticleFactory(published=True, title="Taliban statement")

    found = [a["slug"] for a in api.get("/api/v1/articles/?q=taliban kunduz").json()["results"]]

    assert found == [both.slug]


def test_search_combines_with_filters(api):
    politics = SectionFactory(slug="politics")
    wanted = ArticleFactory(published=True, title="Arctic vote", section=politics)
    ArticleFactory(published=True, title="Arctic weather")

    found = [a["slug"] for a in api.get("/api/v1/articles/?q=arctic&section=politics").json()["results"]]

    assert found == [wanted.slug]


def test_detail_adds_body_images_profiles_seo_and_json_ld(api):
    article, first, second = illustrated_article()

    data = api.get(f"/api/v1/articles/{article.slug}/").json()

    assert LIST_FIELDS | {
        "body_html",
        "body",
        "images",
        "comments_enabled",
        "canonical_url",
        "seo",
        "json_ld",
        "corrections",
        "coverage",
    } == set(data)
    assert [block["type"] for block in data["body"]] == [
        "paragraph",
        "image",
        "heading",
        "quote",
        "image",
        "list",
        "paragraph",
    ]
    assert data["body"][1]["image"]["id"] == first.pk
    assert data["body"][4]["image"]["id"] == second.pk
    assert data["body"][4]["caption"] == "Caption written for this story"
    assert data["body"][2] == {"type": "heading", "level": 2, "text": "A heading", "html": "A heading"}
    assert data["body"][5]["items"] == ["one", "two"] and data["body"][5]["ordered"] is False
    assert [image["id"] for image in data["images"]] == [first.pk, second.pk]
    assert data["images"][1]["caption"] == "Caption written for this story"
    assert data["seo"] == {
        "title": article.title,
        "description": article.excerpt,
        "image": f"http://testserver{first.file.url}",
    }


def test_body_html_gives_each_photo_a_figure_with_size_alt_caption_and_credit(api):
    article, first, _ = illustrated_article()

    html = api.get(f"/api/v1/articles/{article.slug}/").json()["body_html"]

    assert html.count("<figure>") == 2
    assert f'<img src="http://testserver{first.file.url}" width="80" height="60" alt="{first.alt_text}"' in html
    assert f'<figcaption>{first.caption} <span class="credit">Agency Photo</span></figcaption>' in html
    assert "Caption written for this story" in html
    assert html.index("Opening paragraph") < html.index(first.file.url) < html.index("A heading")


def test_detail_authors_carry_public_profiles_without_email(api):
    author = AuthorFactory(name="Jonathan Wade", post_nominals="CD", job_title="Director", email="secret@x.example")
    AuthorLinkFactory(author=author, label="Website", url="https://sentinel.example")
    article = ArticleFactory(published=True, authors=[author])
    ArticleFactory(status=Article.Status.DRAFT, authors=[author])

    profile = api.get(f"/api/v1/articles/{article.slug}/").json()["authors"][0]

    assert profile["display_name"] == "Jonathan Wade, CD"
    assert profile["job_title"] == "Director"
    assert profile["links"] == [{"label": "Website", "url": "https://sentinel.example"}]
    assert profile["article_count"] == 1
    assert "email" not in profile and "secret@x.example" not in str(profile)


def test_seo_fields_override_title_and_excerpt(api):
    article = ArticleFactory(published=True, seo_title="Search title", seo_description="Search description")

    assert api.get(f"/api/v1/articles/{article.slug}/").json()["seo"] == {
        "title": "Search title",
        "description": "Search description",
        "image": None,
    }


def test_json_ld_is_a_news_article_with_each_author_a_person(api, settings):
    settings.PUBLICATION_NAME = "The Sentinel"
    settings.PUBLICATION_LOGO_URL = "https://sentinel.example/logo.png"
    author = AuthorFactory(name="Jonathan Wade", post_nominals="CD", job_title="Director")
    AuthorLinkFactory(author=author, url="https://social.example/@wade")
    article, first, second = illustrated_article(
        authors=[author, AuthorFactory(name="Ann Lee", post_nominals="")], tags=[TagFactory(name="Arctic")]
    )

    ld = api.get(f"/api/v1/articles/{article.slug}/").json()["json_ld"]

    assert ld["@context"] == "https://schema.org" and ld["@type"] == "NewsArticle"
    assert ld["headline"] == article.title
    assert ld["datePublished"].endswith("Z") and ld["dateModified"].endswith("Z")
    assert ld["author"][0] == {
        "@type": "Person",
        "name": "Jonathan Wade",
        "honorificSuffix": "CD",
        "jobTitle": "Director",
        "url": f"http://localhost:3000/authors/{author.slug}/",
        "sameAs": ["https://social.example/@wade"],
    }
    assert ld["author"][1]["name"] == "Ann Lee" and "honorificSuffix" not in ld["author"][1]
    assert ld["publisher"]["name"] == "The Sentinel"
    assert ld["publisher"]["logo"]["url"] == "https://sentinel.example/logo.png"
    assert ld["mainEntityOfPage"]["@id"] == f"http://localhost:3000/articles/{article.slug}/"
    assert [image["url"] for image in ld["image"]] == [f"http://testserver{first.file.url}"]  # no crops made
    assert ld["articleSection"] == article.section.name
    assert ld["keywords"] == ["Arctic"]
    assert ld["inLanguage"] == "en"
    assert ld["description"]


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.ARCHIVED},
        {"scheduled": True},
    ],
)
def test_non_public_article_is_404(api, state):
    article = ArticleFactory(**state)

    response = api.get(f"/api/v1/articles/{article.slug}/")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_unknown_slug_is_404_json(api):
    response = api.get("/api/v1/articles/no-such-story/")

    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_are_refused_with_json(api, method):
    article = ArticleFactory(published=True)
    url = "/api/v1/articles/" if method == "post" else f"/api/v1/articles/{article.slug}/"

    response = getattr(api, method)(url, {"title": "Hacked"}, format="json")

    assert response.status_code in (401, 403, 405)
    assert response.json()["detail"]
    article.refresh_from_db()
    assert article.title != "Hacked"


def test_list_query_count_does_not_grow_with_the_page(api, django_assert_max_num_queries, settings):
    settings.PUBLIC_RESPONSE_CACHE = False

    def queries_for_page(size):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = api.get(f"/api/v1/articles/?page_size={size}")
        assert len(response.json()["results"]) == size
        return len(captured)

    for _ in range(50):
        ArticleFactory(
            published=True,
            tags=[TagFactory(), TagFactory()],
            authors=[AuthorFactory(), AuthorFactory()],
            featured_image=ImageFactory(),
        )
    CommentFactory(article=Article.objects.first(), status=Comment.Status.APPROVED)

    one, fifty = queries_for_page(1), queries_for_page(50)

    assert one == fifty
    assert fifty <= 6


def test_detail_query_count_does_not_grow_with_images_tags_and_authors(api, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PUBLIC_RESPONSE_CACHE = False
    photo = ImageFactory()
    small = ArticleFactory(published=True, body=figure_html(photo), featured_image=photo, tags=[TagFactory()])
    article_sync_images(article=small)
    AuthorLinkFactory(author=small.article_authors.get().author)
    big, _, _ = illustrated_article(tags=[TagFactory() for _ in range(5)], authors=[AuthorFactory() for _ in range(4)])
    for byline in big.article_authors.all():
        AuthorLinkFactory.create_batch(2, author=byline.author)

    counts = []
    for article in (small, big):
        with CaptureQueriesContext(connection) as captured:
            assert api.get(f"/api/v1/articles/{article.slug}/").status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]
    assert counts[1] <= 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL full-text search")
def test_search_ranks_title_matches_above_body_matches_on_postgresql(api):
    in_body = ArticleFactory(published=True, body="<p>The icebreaker left port.</p>")
    in_title = ArticleFactory(
        published=True, title="Icebreaker fleet grows", published_at=timezone.now() - timedelta(days=3)
    )

    found = [a["slug"] for a in api.get("/api/v1/articles/?q=icebreaker").json()["results"]]

    assert found == [in_title.slug, in_body.slug]  # rank first, even though the body match is newer


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL full-text search")
def test_search_matches_word_forms_on_postgresql(api):
    article = ArticleFactory(published=True, title="Patrols sail north")

    assert [a["slug"] for a in api.get("/api/v1/articles/?q=patrolling").json()["results"]] == [article.slug]


def test_an_inactive_author_is_named_in_the_byline_without_a_profile(api):
    gone = AuthorFactory(name="Former Staffer", is_active=False, bio="Private now", job_title="Reporter")
    AuthorLinkFactory(author=gone)
    article = ArticleFactory(published=True, authors=[gone])

    listed = api.get("/api/v1/articles/").json()["results"][0]["authors"][0]
    detail = api.get(f"/api/v1/articles/{article.slug}/").json()

    assert listed["name"] == "Former Staffer" and listed["url"] is None
    profile = detail["authors"][0]
    assert (profile["bio"], profile["links"], profile["url"]) == ("", [], None)
    assert "url" not in detail["json_ld"]["author"][0] and "sameAs" not in detail["json_ld"]["author"][0]


def test_a_search_of_too_many_words_is_a_400_naming_the_limit():
    response = APIClient().get("/api/v1/articles/", {"q": " ".join(["word"] * 1100)})

    assert response.status_code == 400
    assert "at most" in response.json()["detail"]


@pytest.mark.parametrize("character", ["\x00", "\x0b"])
def test_a_search_with_a_control_character_is_a_400(character):
    response = APIClient().get("/api/v1/articles/", {"q": f"har{character}bour"})

    assert response.status_code == 400
