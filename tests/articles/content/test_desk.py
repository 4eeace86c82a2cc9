"""The desk in the admin through the test client: the schedule, the calendar, one-click steps, plain messages."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.content import schedule
from articles.editorial.roles import EDITOR, MODERATOR, WRITER
from articles.models import Article
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory, signed_in

pytestmark = pytest.mark.django_db


def step_url(article, step):
    return reverse("admin:articles_article_step", args=[article.pk, step])


def test_a_published_article_whose_time_is_ahead_reads_as_scheduled_with_its_time_and_zone(settings):
    settings.TIME_ZONE = "Europe/Oslo"
    timezone.activate("Europe/Oslo")
    try:
        article = ArticleFactory(status="published", published_at=timezone.now() + timedelta(days=1))
        assert schedule.state_label(article) == "Scheduled"
        assert schedule.schedule_text(article).startswith("Goes live at ")
        assert schedule.schedule_text(article).endswith("(Europe/Oslo)")
    finally:
        timezone.deactivate()


def test_a_public_article_reads_as_published_and_a_draft_as_draft():
    assert schedule.state_label(ArticleFactory(published=True)) == "Published"
    assert schedule.state_label(ArticleFactory()) == "Draft"
    assert schedule.schedule_text(ArticleFactory()) == ""


def test_the_article_list_shows_the_scheduled_badge(client):
    signed_in(client, EDITOR)
    ArticleFactory(title="Later today", scheduled=True)

    page = client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert '<span class="status-badge status-scheduled">Scheduled</span>' in page
    assert "goes live at" in page


def test_the_calendar_lists_only_the_articles_the_user_may_see(client):
    writer = signed_in(client, WRITER)
    own = ArticleFactory(title="Mine, scheduled", scheduled=True, authors=[AuthorFactory(user=writer)])
    ArticleFactory(title="Someone else's, scheduled", scheduled=True)
    public = ArticleFactory(title="Out this morning", published=True)

    page = client.get(reverse("admin:articles_article_calendar"))

    assert page.status_code == 200
    html = page.content.decode()
    assert own.title in html and public.title in html
    assert "Someone else" not in html


def test_the_calendar_takes_any_day_of_a_week_and_ignores_a_bad_one(client):
    signed_in(client, EDITOR)
    assert client.get(reverse("admin:articles_article_calendar"), {"from": "2026-02-18"}).status_code == 200
    weeks = client.get(reverse("admin:articles_article_calendar"), {"from": "2026-02-18"}).context["weeks"]
    assert weeks[0][0]["day"].isoformat() == "2026-02-16"  # its Monday
    assert client.get(reverse("admin:articles_article_calendar"), {"from": "not a day"}).status_code == 200


def test_the_calendar_query_count_does_not_grow_with_the_articles(client, django_assert_max_num_queries):
    signed_in(client, EDITOR)
    ArticleFactory.create_batch(3, scheduled=True)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("admin:articles_article_calendar"))
    ArticleFactory.create_batch(10, scheduled=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("admin:articles_article_calendar"))


def test_a_writer_withdraws_her_article_from_review_with_the_form_s_button(client):
    writer = signed_in(client, WRITER)
    article = ArticleFactory(status="in_review", authors=[AuthorFactory(user=writer)])

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    response = client.post(step_url(article, "withdraw"), follow=True)

    assert f'action="{step_url(article, "withdraw")}"' in page
    assert "Withdrawn from review" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.state_changes.get().by == writer


def test_a_step_the_article_s_state_does_not_allow_is_refused_with_a_message(client):
    writer = signed_in(client, WRITER)
    article = ArticleFactory(status="draft", authors=[AuthorFactory(user=writer)])

    response = client.post(step_url(article, "withdraw"), follow=True)

    assert "Not done: Cannot withdraw an article that is draft." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_moderator_may_not_withdraw_and_is_told_why(client):
    signed_in(client, MODERATOR)
    article = ArticleFactory(published=True)

    response = client.post(step_url(article, "withdraw"))

    assert response.status_code == 403
    assert "You may not withdraw this article." in response.content.decode()


def test_only_the_offered_steps_have_a_button_address(client):
    signed_in(client, EDITOR)
    article = ArticleFactory(status="draft")
    assert client.post(step_url(article, "publish")).status_code == 404


def test_a_read_only_body_is_shown_as_text_and_photos_not_html_source(client):
    signed_in(client, MODERATOR)
    article = ArticleFactory(published=True, body="<p>Plain <em>words</em>.</p>")

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert '<div class="body-as-read"><p>Plain <em>words</em>.</p></div>' in page
    assert "&lt;p&gt;" not in page


def test_a_status_the_user_may_not_choose_is_refused_in_plain_words(client):
    writer = signed_in(client, WRITER)
    article = ArticleFactory(status="draft", authors=[AuthorFactory(user=writer)])
    from tests.articles.article_form import edit_in_admin

    response = edit_in_admin(client, article, status="published")

    errors = response.context["adminform"].form.errors["status"]
    assert errors == [
        "You may not move this article to “published” from here; the list offers the statuses open to you."
    ]


# --- A new article's byline ---------------------------------------------------------------------------------------


def byline_offered(response):
    """The author ids the add page's byline shows chosen, in order."""
    (byline,) = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "article_authors"]
    return [form.initial.get("author") for form in byline.formset.forms]


def test_a_writer_s_new_article_starts_with_her_own_byline(client):
    writer = signed_in(client, WRITER)
    own = AuthorFactory(user=writer, name="Wanda Writes")

    response = client.get(reverse("admin:articles_article_add"))

    assert byline_offered(response) == [own.pk]
    assert re.search(rf'<option value="{own.pk}" selected>Wanda Writes</option>', response.content.decode())


def test_an_editor_without_an_author_profile_starts_with_an_empty_byline_to_fill(client):
    signed_in(client, EDITOR)
    AuthorFactory()

    assert byline_offered(client.get(reverse("admin:articles_article_add"))) == [None]


def test_a_new_article_saved_with_the_byline_as_offered_keeps_it(client):
    writer = signed_in(client, WRITER)
    own = AuthorFactory(user=writer)
    data = {
        "title": "My own story",
        "slug": "my-own-story",
        "body": "<p>Words.</p>",
        "status": "draft",
        "comments_enabled": "on",
        "loaded_revision": "0",
        "article_authors-TOTAL_FORMS": "1",
        "article_authors-INITIAL_FORMS": "0",
        "article_authors-MIN_NUM_FORMS": "1",
        "article_authors-MAX_NUM_FORMS": "1000",
        "article_authors-0-position": "0",
        "article_authors-0-author": str(own.pk),  # unchanged from what the page offered
        "placements-TOTAL_FORMS": "0",
        "placements-INITIAL_FORMS": "0",
        "_save": "Save",
    }

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(title="My own story")
    assert list(article.authors.all()) == [own]


def test_the_byline_comes_under_the_title_and_dek_before_the_body(client):
    signed_in(client, EDITOR)

    page = client.get(reverse("admin:articles_article_add")).content.decode()

    assert page.index('name="dek"') < page.index('id="article_authors-group"') < page.index('name="body"')
    assert re.search(r'<textarea name="dek"[^>]*rows="3"', page)  # a standfirst's height, not ten empty rows
