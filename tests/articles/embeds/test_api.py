"""Embeds as the public API shows them: the body block, body_html, the placeholder, ninjs and JSON-LD."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from articles.models import Article, Embed
from tests.articles.embeds.factories import EmbedFactory, place_embeds
from tests.articles.embeds.provider import YOUTUBE_URL, youtube_answer
from tests.articles.factories import ArticleFactory
from tests.authors.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def detail(api, article):
    response = api.get(f"/api/v1/articles/{article.slug}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_an_embed_is_a_block_of_the_body_and_a_sanitised_frame_in_body_html(api):
    embed = EmbedFactory(url=YOUTUBE_URL, title="Never gonna give you up")
    article = place_embeds(ArticleFactory(published=True), YOUTUBE_URL)

    data = detail(api, article)

    assert [block["type"] for block in data["body"]] == ["paragraph", "paragraph", "embed"]
    assert data["body"][2] == {
        "type": "embed",
        "provider": "youtube",
        "kind": "video",
        "url": YOUTUBE_URL,
        "title": "Never gonna give you up",
        "author_name": "A channel",
        "thumbnail_url": embed.thumbnail_url,
        "html": embed.html,
        "width": 200,
        "height": 113,
    }
    assert data["body_html"].endswith(
        f'<figure class="embed" data-embed="{YOUTUBE_URL}" data-provider="youtube">{embed.html}</figure>'
    )


def test_the_consent_setting_puts_a_placeholder_in_body_html_and_keeps_the_block(api, settings):
    settings.EMBEDS_CONSENT_PLACEHOLDER = True
    embed = EmbedFactory(url=YOUTUBE_URL, title="Never gonna give you up")
    article = place_embeds(ArticleFactory(published=True), YOUTUBE_URL)

    data = detail(api, article)

    assert "<iframe" not in data["body_html"]
    assert (
        f'<figure class="embed embed-placeholder" data-embed="{YOUTUBE_URL}" data-provider="youtube">'
        f'<img src="{embed.thumbnail_url}" alt="" loading="lazy"><figcaption><a href="{YOUTUBE_URL}" '
        'rel="noopener noreferrer">Never gonna give you up</a> (YouTube)</figcaption></figure>'
    ) in data["body_html"]
    assert data["body"][2]["html"] == embed.html  # the front end may show it once the reader agrees


def test_an_embed_the_provider_has_not_answered_for_is_a_link_placeholder(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # its fetch is queued, not run in the save
        article = place_embeds(ArticleFactory(published=True), YOUTUBE_URL)

    data = detail(api, article)

    assert data["body"][2]["title"] == "" and data["body"][2]["html"] == ""
    assert f'<a href="{YOUTUBE_URL}" rel="noopener noreferrer">{YOUTUBE_URL}</a> (YouTube)' in data["body_html"]
    assert Embed.objects.get(url=YOUTUBE_URL).fetched_at is None


def test_a_url_of_an_unknown_provider_stays_a_link(api):
    article = place_embeds(ArticleFactory(published=True), "https://example.com/video/1")

    data = detail(api, article)

    assert data["body"][2] == {
        "type": "paragraph",
        "text": "https://example.com/video/1",
        "html": '<a href="https://example.com/video/1" rel="noopener noreferrer">https://example.com/video/1</a>',
    }
    assert not Embed.objects.exists()


@pytest.mark.parametrize("stored", [True, False], ids=["stored detail", "detail made now"])
def test_the_detail_query_count_is_the_same_with_no_embeds_or_three(api, settings, stored):
    settings.PUBLIC_RESPONSE_CACHE = False
    plain = place_embeds(ArticleFactory(published=True))
    embedded = place_embeds(ArticleFactory(published=True), *(EmbedFactory().url for _ in range(3)))
    if not stored:
        Article.objects.update(public_detail=None)

    counts = []
    for article in (plain, embedded):
        with CaptureQueriesContext(connection) as captured:
            detail(api, article)
        counts.append(len(captured))

    assert counts[0] == counts[1]
    assert counts[0] <= (3 if stored else 9)  # the stored detail is read whole, with no embed query
    assert len([b for b in detail(api, embedded)["body"] if b["type"] == "embed"]) == 3


def test_the_stored_detail_with_embeds_is_the_detail_made_now(api, settings):
    settings.PUBLIC_RESPONSE_CACHE = False
    unanswered = "https://vimeo.com/76979871"
    article = place_embeds(ArticleFactory(published=True), EmbedFactory().url, unanswered, "https://example.com/x")
    stored = detail(api, article)

    Article.objects.update(public_detail=None)

    assert detail(api, article) == stored


def test_a_refresh_that_changes_the_title_purges_the_articles_detail(
    api, oembed_provider, django_capture_on_commit_callbacks
):
    from articles.embeds.services import embed_refresh

    EmbedFactory(url=YOUTUBE_URL, title="Old title")
    article = place_embeds(ArticleFactory(published=True), YOUTUBE_URL)
    unrelated = ArticleFactory(published=True)
    for shown in (article, unrelated):
        detail(api, shown)
        assert api.get(f"/api/v1/articles/{shown.slug}/")["X-Cache"] == "hit"
    oembed_provider.answer(YOUTUBE_URL, youtube_answer(title="New title"))

    with django_capture_on_commit_callbacks(execute=True):
        embed_refresh(url=YOUTUBE_URL, by=StaffFactory(role="Editor"))

    response = api.get(f"/api/v1/articles/{article.slug}/")
    assert response["X-Cache"] != "hit" and response.json()["body"][2]["title"] == "New title"
    assert Article.objects.get(pk=article.pk).public_detail["detail"]["body"][2]["title"] == "New title"  # made again
    assert api.get(f"/api/v1/articles/{unrelated.slug}/")["X-Cache"] == "hit"


def test_ninjs_associates_each_embed_with_its_kind(api):
    EmbedFactory(url=YOUTUBE_URL, title="A video")
    spotify = EmbedFactory(
        url="https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT", provider="spotify", kind="audio"
    )
    article = place_embeds(ArticleFactory(published=True), YOUTUBE_URL, spotify.url)

    associations = api.get(f"/api/v1/articles/{article.slug}/ninjs/").json()["associations"]

    assert [(a["name"], a["type"], a["uri"]) for a in associations] == [
        ("embed-1", "video", YOUTUBE_URL),
        ("embed-2", "audio", spotify.url),
    ]
    assert associations[0]["headlines"] == [{"role": "main", "value": "A video"}]


def test_json_ld_describes_a_video_as_a_video_object_and_audio_as_an_audio_object(api):
    video = EmbedFactory(url=YOUTUBE_URL, title="A video")
    audio = EmbedFactory(url="https://soundcloud.com/forss/flickermood", provider="soundcloud", kind="audio")
    chart = EmbedFactory(url="https://datawrapper.dwcdn.net/AbC12/3/", provider="datawrapper", kind="chart")
    article = place_embeds(ArticleFactory(published=True), video.url, audio.url, chart.url)

    json_ld = detail(api, article)["json_ld"]

    assert json_ld["video"] == [
        {
            "@type": "VideoObject",
            "name": "A video",
            "url": YOUTUBE_URL,
            "thumbnailUrl": video.thumbnail_url,
            "author": {"@type": "Person", "name": "A channel"},
        }
    ]
    assert json_ld["audio"][0]["@type"] == "AudioObject" and json_ld["audio"][0]["url"] == audio.url
    assert json_ld["associatedMedia"][0]["@type"] == "MediaObject"
    assert json_ld["associatedMedia"][0]["url"] == chart.url


def test_a_pending_edits_new_embed_is_queued_and_shown_in_its_preview(api, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from articles.editorial.services import article_edit, preview_link_make

    editor = StaffFactory(role="Editor")
    article = ArticleFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        article_edit(
            article=article, by=editor, changes={"body": article.body + f'<figure data-embed="{YOUTUBE_URL}"></figure>'}
        )
    article.refresh_from_db()
    assert article.pending_revision_id and YOUTUBE_URL not in article.body  # the edit waits
    embed = Embed.objects.get(url=YOUTUBE_URL)
    assert DBTaskResult.objects.filter(task_path="articles.embeds.tasks.fetch_embed").count() == 1
    embed.title = "Fetched meanwhile"
    embed.save()

    token, _, _ = preview_link_make(article=article, by=editor)
    preview = api.get(f"/api/v1/preview/{token}/")

    assert preview.status_code == 200, preview.content
    assert preview.json()["body"][-1]["title"] == "Fetched meanwhile"


def test_make_cards_all_remakes_stored_details_after_the_consent_setting_changes(api, settings):
    from django.core.management import call_command

    settings.PUBLIC_RESPONSE_CACHE = False
    article = place_embeds(ArticleFactory(published=True), EmbedFactory().url)
    assert "<iframe" in detail(api, article)["body_html"]

    settings.EMBEDS_CONSENT_PLACEHOLDER = True
    call_command("make_cards", "--all", stdout=io.StringIO())

    assert "<iframe" not in detail(api, article)["body_html"]


def test_a_save_that_keeps_the_embeds_leaves_their_placements_alone():
    from articles.embeds.services import article_sync_embeds

    article = place_embeds(ArticleFactory(published=True), EmbedFactory().url, EmbedFactory().url)
    before = list(article.embed_placements.values_list("pk", flat=True))

    article_sync_embeds(article=article)

    assert list(article.embed_placements.values_list("pk", flat=True)) == before
