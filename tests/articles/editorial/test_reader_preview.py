"""The admin's built-in preview through the test client: saved, pending and unsaved content as a reader sees it."""

import pytest
from django.urls import reverse

from articles.editorial.roles import EDITOR, MODERATOR, WRITER
from tests.articles.article_form import change_form_data
from tests.articles.factories import ArticleFactory, ImageFactory, figure_html, pending_edit
from tests.authors.factories import AuthorFactory, signed_in

pytestmark = pytest.mark.django_db


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def test_the_saved_preview_reads_like_the_article_with_its_pending_revision(client):
    editor = signed_in(client, EDITOR)
    article = ArticleFactory(published=True, title="Ferry sails at noon", authors=[AuthorFactory(name="Ann Lee")])
    pending_edit(article, by=editor, title="Ferry sails at dusk")

    page = client.get(preview_url(article)).content.decode()

    assert '<h1 class="reader-headline">Ferry sails at dusk</h1>' in page
    assert "Ann Lee" in page


def test_the_unsaved_preview_renders_the_posted_form_sanitised_with_library_photos(client):
    signed_in(client, EDITOR)
    photo = ImageFactory(caption="Library caption", alt_text="Library alt")
    article = ArticleFactory()
    body = f"<p>New words<script>alert(1)</script></p>{figure_html(photo, caption='Placed caption')}"

    page = client.post(preview_url(article), change_form_data(article, loaded_revision="", title="Unsaved", body=body))

    html = page.content.decode()
    assert '<h1 class="reader-headline">Unsaved</h1>' in html
    assert "<script>alert" not in html
    assert "Placed caption" in html and 'alt="Library alt"' in html
    article.refresh_from_db()
    assert article.title != "Unsaved"


def test_a_photo_outside_the_library_is_named_not_shown_as_an_empty_figure(client):
    signed_in(client, EDITOR)
    body = '<figure><img src="https://elsewhere.example/x.jpg"><figcaption>Lost</figcaption></figure>'
    page = client.post(reverse("admin:articles_article_preview_new"), {"title": "New", "body": body})
    assert "no library photo has the address: https://elsewhere.example/x.jpg" in page.content.decode()


def test_a_writer_previews_only_her_own_articles(client):
    writer = signed_in(client, WRITER)
    own = ArticleFactory(authors=[AuthorFactory(user=writer)])
    other = ArticleFactory()

    assert client.get(preview_url(own)).status_code == 200
    assert client.get(preview_url(other)).status_code == 404


def test_a_moderator_may_not_preview_a_new_article(client):
    signed_in(client, MODERATOR)
    assert client.post(reverse("admin:articles_article_preview_new"), {"title": "x"}).status_code == 403


def test_the_front_end_link_is_the_second_option_and_warns_that_it_shows_the_saved_version(client, settings):
    settings.FRONTEND_URL = "https://front.example"
    signed_in(client, EDITOR)
    article = ArticleFactory()

    page = client.post(preview_url(article), change_form_data(article, loaded_revision="")).content.decode()

    assert "https://front.example/preview/" in page
    assert "The front end shows the saved version" in page
