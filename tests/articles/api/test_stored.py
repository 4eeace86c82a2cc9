"""Stored list cards: a public list page reads each article's card from its row, made again on every change of
what it shows, and never serves one older than its article's last save."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from articles.api.stored import HOST
from articles.images.services import renditions_generate
from articles.models import Article
from tests.articles.factories import ArticleFactory, ImageFactory, TagFactory
from tests.articles.photos import photo_bytes, uploaded
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(settings):
    settings.PUBLIC_RESPONSE_CACHE = False  # every request reads the database
    return APIClient()


@pytest.fixture
def front(django_capture_on_commit_callbacks):
    """Articles with photos, several authors (one inactive, one with post-nominals) and tags, cards made."""
    with django_capture_on_commit_callbacks(execute=True):
        photo = ImageFactory(file=uploaded(photo_bytes(size=(700, 500)), "lead.jpg"))
        renditions_generate(image=photo)
        authors = [AuthorFactory(name="Jonathan Wade", post_nominals="CD"), AuthorFactory(is_active=False)]
        tags = TagFactory.create_batch(2)
        articles = [
            ArticleFactory(published=True, featured_image=photo, authors=authors, tags=tags),
            ArticleFactory(published=True, authors=authors[:1]),
            ArticleFactory(published=True, section=None),
        ]
    return {"photo": photo, "authors": authors, "tags": tags, "articles": articles}


def listed(api, **extra):
    return api.get("/api/v1/articles/", **extra).json()["results"]


def made_now(api, **extra):
    """The list as it is when no card is stored: every item built from the models."""
    stored = dict(Article.objects.values_list("pk", "public_card"))
    Article.objects.update(public_card=None)
    try:
        return listed(api, **extra)
    finally:
        for pk, card in stored.items():
            Article.objects.filter(pk=pk).update(public_card=card)


def test_every_public_article_has_a_card_and_the_list_from_cards_is_the_list_made_now(api, front):
    assert not Article.objects.filter(public_card__isnull=True).exists()
    assert listed(api) == made_now(api)
    assert HOST not in api.get("/api/v1/articles/").content.decode()


def test_a_card_takes_the_host_of_each_request(api, front, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.org"]

    elsewhere = listed(api, HTTP_HOST="news.example.org")

    illustrated = next(item for item in elsewhere if item["featured_image"])
    assert illustrated["url"].startswith("http://news.example.org/api/v1/articles/")
    assert illustrated["featured_image"]["srcset"].count("http://news.example.org/media/") >= 2
    assert elsewhere == made_now(api, HTTP_HOST="news.example.org")


def test_a_list_of_cards_reads_one_query_whatever_its_length(api, front, django_capture_on_commit_callbacks):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            api.get("/api/v1/articles/?page_size=50")
        return len(captured)

    few = queries()
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory.create_batch(6, published=True, authors=front["authors"], tags=front["tags"])

    assert queries() == few <= 2  # the page (and its count)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda f: setattr_save(f["authors"][0], name="Jon Wade"), id="author-renamed"),
        pytest.param(lambda f: setattr_save(f["photo"], alt_text="A new description"), id="photo-described"),
        pytest.param(lambda f: setattr_save(f["tags"][0], name="Renamed tag"), id="tag-renamed"),
        pytest.param(lambda f: setattr_save(f["articles"][0].section, name="Renamed section"), id="section-renamed"),
        pytest.param(lambda f: f["tags"][1].delete(), id="tag-deleted"),
        pytest.param(lambda f: f["articles"][0].tags.remove(f["tags"][0]), id="tag-taken-off"),
        pytest.param(lambda f: f["tags"][0].articles.add(f["articles"][1]), id="tag-put-on-from-the-tag"),
        pytest.param(lambda f: f["articles"][0].article_authors.last().delete(), id="author-taken-off"),
        pytest.param(lambda f: setattr_save(f["articles"][1], title="Retitled"), id="article-edited"),
    ],
)
def test_a_change_of_what_a_card_shows_makes_it_again(api, front, change, django_capture_on_commit_callbacks):
    before = listed(api)
    with django_capture_on_commit_callbacks(execute=True):
        change(front)

    after = listed(api)

    assert after != before
    assert after == made_now(api)


def setattr_save(instance, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()


def test_a_card_older_than_its_articles_last_save_is_not_served(api, front):
    article = front["articles"][1]
    Article.objects.filter(pk=article.pk).update(title="Changed behind the signals", updated_at=timezone.now())

    assert {item["title"] for item in listed(api)} >= {"Changed behind the signals"}
    assert listed(api) == made_now(api)


# The stored detail.


@pytest.fixture
def story(django_capture_on_commit_callbacks):
    """A published article with a lead photo, a photo in the body, a byline of two (one inactive, one with links),
    tags and a correction; its detail stored."""
    from articles.images.services import article_sync_images
    from articles.models import Correction
    from tests.articles.factories import figure_html
    from tests.authors.factories import AuthorLinkFactory

    with django_capture_on_commit_callbacks(execute=True):
        photo = ImageFactory(file=uploaded(photo_bytes(size=(700, 500)), "lead.jpg"))
        renditions_generate(image=photo)
        placed = ImageFactory(caption="Harbour at dawn")
        author = AuthorFactory(name="Jonathan Wade", post_nominals="CD")
        AuthorLinkFactory(author=author)
        authors = [author, AuthorFactory(is_active=False)]
        article = ArticleFactory(
            published=True,
            featured_image=photo,
            authors=authors,
            tags=TagFactory.create_batch(2),
            body=f"<p>Opening.</p>{figure_html(placed, caption='Boats at dawn')}<p>Closing.</p>",
        )
        article_sync_images(article=article)
        Correction.objects.create(article=article, text="An earlier version misspelt the harbour.")
        ArticleFactory(published=True, authors=[author])  # the author's count is two
    return {"article": article, "photo": photo, "placed": placed, "author": author}


def detail(api, article, **extra):
    response = api.get(f"/api/v1/articles/{article.slug}/", **extra)
    assert response.status_code == 200
    return response.json()


def detail_made_now(api, article, **extra):
    """The detail as it is when none is stored: built from the models."""
    stored = Article.objects.filter(pk=article.pk).values_list("public_detail", flat=True).get()
    Article.objects.filter(pk=article.pk).update(public_detail=None)
    try:
        return detail(api, article, **extra)
    finally:
        Article.objects.filter(pk=article.pk).update(public_detail=stored)


def test_the_detail_from_its_stored_form_is_the_detail_made_now(api, story):
    article = story["article"]
    assert Article.objects.get(pk=article.pk).public_detail is not None

    served = detail(api, article)

    assert served == detail_made_now(api, article)
    assert [a["article_count"] for a in served["authors"]] == [2, 0]
    assert [block["type"] for block in served["body"]] == ["paragraph", "image", "paragraph"]
    assert served["corrections"][0]["text"].startswith("An earlier version")
    assert HOST not in api.get(f"/api/v1/articles/{article.slug}/").content.decode()


def test_a_stored_detail_takes_the_host_of_each_request(api, story, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.org"]
    article = story["article"]

    elsewhere = detail(api, article, HTTP_HOST="news.example.org")

    assert elsewhere["url"].startswith("http://news.example.org/api/v1/articles/")
    assert elsewhere["json_ld"]["image"]
    assert elsewhere == detail_made_now(api, article, HTTP_HOST="news.example.org")


def test_a_stored_detail_is_two_queries_with_the_counts_of_now(api, story, django_capture_on_commit_callbacks):
    article = story["article"]
    with CaptureQueriesContext(connection) as captured:
        detail(api, article)
    assert len(captured) == 2  # the article with its stored detail and comment count; the byline's counts

    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(published=True, authors=[story["author"]])  # another article of the author goes out
        from tests.articles.factories import CommentFactory

        CommentFactory(article=article, status="approved")

    served = detail(api, article)
    assert served["authors"][0]["article_count"] == 3
    assert served["comment_count"] == 1
    assert served == detail_made_now(api, article)


def test_the_stored_detail_carries_the_cache_tags_of_the_detail_made_now(story, settings):
    settings.PUBLIC_RESPONSE_CACHE = True
    client = APIClient()
    article = story["article"]
    from django.core.cache import cache

    cache.clear()
    stored_tags = client.get(f"/api/v1/articles/{article.slug}/")["Surrogate-Key"]
    cache.clear()
    Article.objects.filter(pk=article.pk).update(public_detail=None)

    assert client.get(f"/api/v1/articles/{article.slug}/")["Surrogate-Key"] == stored_tags
    assert {f"article:{article.pk}", f"author:{story['author'].pk}", f"image:{story['placed'].pk}"} <= set(
        stored_tags.split()
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: setattr_save(s["author"], bio="A new biography."), id="author-bio"),
        pytest.param(lambda s: setattr_save(s["author"].links.first(), label="Newsletter"), id="author-link"),
        pytest.param(lambda s: setattr_save(s["placed"], credit="Another agency"), id="placed-photo-credit"),
        pytest.param(lambda s: setattr_save(s["photo"], alt_text="A new description"), id="lead-photo"),
        pytest.param(lambda s: s["article"].placements.first().delete(), id="placement-removed"),
        pytest.param(lambda s: s["article"].corrections.create(text="A second correction."), id="correction-added"),
        pytest.param(lambda s: s["article"].tags.first().delete(), id="tag-deleted"),
        pytest.param(lambda s: setattr_save(s["article"].section, name="Renamed"), id="section-renamed"),
    ],
)
def test_a_change_of_what_a_detail_shows_makes_it_again(api, story, change, django_capture_on_commit_callbacks):
    article = story["article"]
    before = detail(api, article)
    with django_capture_on_commit_callbacks(execute=True):
        change(story)

    after = detail(api, article)

    assert after != before
    assert after == detail_made_now(api, article)


def test_a_detail_older_than_its_articles_last_save_is_not_served(api, story):
    article = story["article"]
    Article.objects.filter(pk=article.pk).update(title="Changed behind the signals", updated_at=timezone.now())

    assert detail(api, article)["title"] == "Changed behind the signals"


def test_live_coverage_stores_no_detail(api, story, django_capture_on_commit_callbacks):
    from articles.models import LiveCoverage

    article = story["article"]
    with django_capture_on_commit_callbacks(execute=True):
        LiveCoverage.objects.create(article=article)

    assert Article.objects.get(pk=article.pk).public_detail is None
    assert detail(api, article)["coverage"] is not None


def test_an_entry_of_live_coverage_writes_nothing_to_the_article_row(story, django_capture_on_commit_callbacks):
    from tests.articles.live.factories import LiveCoverageFactory, editor, post

    article = story["article"]
    with django_capture_on_commit_callbacks(execute=True):
        LiveCoverageFactory(article=article)
    desk = editor()

    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        post(article, desk, "Polls close.")

    assert not [query for query in queries if query["sql"].startswith('UPDATE "articles_article"')]
    assert Article.objects.get(pk=article.pk).public_detail is None  # still live coverage


def test_ending_live_coverage_stores_the_detail_again(api, story, django_capture_on_commit_callbacks):
    from articles.models import LiveCoverage

    article = story["article"]
    with django_capture_on_commit_callbacks(execute=True):
        LiveCoverage.objects.create(article=article)
    with django_capture_on_commit_callbacks(execute=True):
        LiveCoverage.objects.filter(pk=article.pk).delete()

    assert Article.objects.get(pk=article.pk).public_detail is not None
    assert detail(api, article)["coverage"] is None


def test_text_that_spells_the_host_stand_in_s_escape_is_served_as_written(api, django_capture_on_commit_callbacks):
    spelled = "A backslash then ufffe: \\ufffe, and two: \\\\ufffe"
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(published=True, title=spelled, dek=spelled)

    assert listed(api)[0]["title"] == spelled
    assert detail(api, article)["dek"] == spelled
