"""One declared list of what is public: every model a public response reads purges the public cache when it
changes (newsroom.invalidation.PUBLIC_CONTENT)."""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from articles.editorial.roles import MODERATOR
from articles.fronts.models import Front, FrontSlot
from articles.fronts.services import front_save
from articles.images.services import article_sync_images, renditions_generate
from articles.models import Comment, Redirect, SlugRedirect
from newsroom.invalidation import PUBLIC_CONTENT
from tests.articles.factories import ArticleFactory, CommentFactory, ImageFactory, TagFactory, figure_html
from tests.authors.factories import AuthorFactory, AuthorLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

TABLES = {model._meta.db_table: model._meta.label for model in apps.get_models(include_auto_created=True)}
TABLE_IN_SQL = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


@pytest.fixture
def article():
    author = AuthorFactory()
    AuthorLinkFactory(author=author)
    photo = ImageFactory()
    renditions_generate(image=photo)
    article = ArticleFactory(
        published=True,
        authors=[author],
        tags=[TagFactory()],
        featured_image=photo,
        body=f"<p>Text.</p>{figure_html(photo)}",
    )
    article_sync_images(article=article)
    CommentFactory(article=article, status=Comment.Status.APPROVED)
    article.corrections.create(text="A date was wrong.")
    SlugRedirect.objects.create(old_slug="earlier-slug", article=article)
    front = Front(name="Home", slug="home", length=3, backfill=Front.Backfill.LATEST)
    front_save(front=front, by=UserFactory(is_superuser=True), slots=[FrontSlot(article=article, image=photo)])
    Redirect.objects.create(old_path="/2019/05/old-address", article=article)
    return article


def public_paths(article):
    author, section, tag = article.authors.get(), article.section, article.tags.get()
    return [
        "/api/v1/articles/",
        f"/api/v1/articles/?q=Text&section={section.slug}&tag={tag.slug}&author={author.slug}",
        f"/api/v1/articles/{article.slug}/",
        "/api/v1/articles/earlier-slug/",
        "/api/v1/redirects/?path=/2019/05/old-address/",
        "/api/v1/redirects/?path=/articles/earlier-slug/",
        f"/api/v1/articles/{article.slug}/ninjs/",
        f"/api/v1/articles/{article.slug}/comments/",
        "/api/v1/authors/",
        f"/api/v1/authors/{author.slug}/",
        "/api/v1/sections/",
        f"/api/v1/sections/{section.slug}/",
        "/api/v1/tags/",
        f"/api/v1/tags/{tag.slug}/",
        "/api/v1/fronts/",
        "/api/v1/fronts/home/",
        "/feeds/rss/",
        "/feeds/atom/",
        f"/feeds/sections/{section.slug}/rss/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
        "/sitemap-authors.xml",
        "/sitemap-news.xml",
    ]


def models_read(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code in (200, 301), (path, response.status_code)
    return {TABLES[table] for query in queries for table in TABLE_IN_SQL.findall(query["sql"]) if table in TABLES}


def test_every_model_a_public_response_reads_is_declared_public(article, settings):
    settings.PUBLIC_RESPONSE_CACHE = False
    client = APIClient()

    read = set().union(*(models_read(client, path) for path in public_paths(article)))

    assert read - set(PUBLIC_CONTENT) == set(), "add these to PUBLIC_CONTENT, or stop public responses reading them"
    assert {"articles.Article", "authors.Author", "articles.Image", "articles.Comment"} <= read  # it looked


def test_editing_an_approved_comment_in_the_admin_reaches_the_public_at_once(django_capture_on_commit_callbacks):
    comment = CommentFactory(status=Comment.Status.APPROVED, body="First words.")
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name=MODERATOR))
    readers, desk = APIClient(), Client()
    desk.force_login(moderator)
    url = f"/api/v1/articles/{comment.article.slug}/comments/"
    assert readers.get(url).json()["results"][0]["body"] == "First words."  # now in the shared cache

    change = reverse("admin:articles_comment_change", args=[comment.pk])
    data = {"author_name": comment.author_name, "author_email": comment.author_email, "body": "Mended words."}
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(change, data | {"status": Comment.Status.APPROVED})

    assert response.status_code == 302
    assert readers.get(url).json()["results"][0]["body"] == "Mended words."


def test_a_new_comment_waiting_for_moderation_leaves_the_cache_alone(article, django_capture_on_commit_callbacks):
    readers = APIClient()
    url = f"/api/v1/articles/{article.slug}/"
    readers.get(url)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        CommentFactory(article=article, status=Comment.Status.PENDING)

    assert callbacks == []
