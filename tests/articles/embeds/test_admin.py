"""The editor's embed lookup and the admin's refresh: staff only, through the same services and policy."""

import pytest
from django.test import Client

from articles.models import Embed
from tests.articles.embeds.factories import EmbedFactory, place_embeds
from tests.articles.embeds.provider import YOUTUBE_URL, youtube_answer
from tests.articles.factories import ArticleFactory
from tests.authors.factories import StaffFactory

pytestmark = pytest.mark.django_db
LOOKUP = "/admin/articles/embed/lookup/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_lookup_answers_a_writer_with_the_preview(oembed_provider):
    oembed_provider.answer(YOUTUBE_URL, youtube_answer())

    response = signed_in(StaffFactory(role="Writer", is_staff=True)).get(LOOKUP, {"url": YOUTUBE_URL})

    assert response.status_code == 200
    preview = response.json()
    assert (preview["provider_label"], preview["title"], preview["error"]) == (
        "YouTube",
        "Never gonna give you up",
        "",
    )
    assert 'src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed"' in preview["html"]


def test_the_lookup_says_why_a_provider_gave_nothing_and_keeps_the_embed(settings, closed_port):
    settings.EMBEDS_ENDPOINTS = {"youtube": f"http://127.0.0.1:{closed_port}/oembed"}

    response = signed_in(StaffFactory(role="Editor", is_staff=True)).get(LOOKUP, {"url": YOUTUBE_URL})

    assert response.status_code == 200
    assert response.json()["error"] == "YouTube could not be reached (nothing answers at its address)."
    assert Embed.objects.filter(url=YOUTUBE_URL).exists()


def test_the_lookup_refuses_an_unknown_provider_with_400_and_a_moderator_with_403():
    editor = signed_in(StaffFactory(role="Editor", is_staff=True))
    unknown = editor.get(LOOKUP, {"url": "https://example.com/clip"})
    assert unknown.status_code == 400 and "stays a link" in unknown.json()["detail"]

    refused = signed_in(StaffFactory(role="Moderator", is_staff=True)).get(LOOKUP, {"url": YOUTUBE_URL})
    assert refused.status_code == 403 and refused.json() == {"detail": "Only writers and editors embed."}


@pytest.mark.parametrize(
    "url",
    [f"{YOUTUBE_URL}\x00", f"{YOUTUBE_URL}&t=1 2", f"{YOUTUBE_URL}\x7f", f"{YOUTUBE_URL}&t=1\u00a02"],
    ids=["nul", "space", "delete", "no-break-space"],
)
def test_the_lookup_refuses_a_url_with_a_control_character_or_whitespace_with_400(url):
    response = signed_in(StaffFactory(role="Editor", is_staff=True)).get(LOOKUP, {"url": url})

    assert response.status_code == 400 and "stays a link" in response.json()["detail"]
    assert not Embed.objects.exists()


def test_a_map_whose_place_decodes_to_control_characters_keeps_none_of_them():
    editor = signed_in(StaffFactory(role="Editor", is_staff=True))

    nothing = editor.get(LOOKUP, {"url": "https://www.google.com/maps?q=%00"})
    named = editor.get(LOOKUP, {"url": "https://www.google.com/maps?q=Harbour%00%1FLane"})

    assert nothing.status_code == 200 and nothing.json()["title"] == "" and "names no place" in nothing.json()["error"]
    assert named.status_code == 200 and named.json()["title"] == "HarbourLane"
    assert "\x00" not in str(list(Embed.objects.values("title", "html")))


def test_the_lookup_is_not_for_anonymous_visitors():
    assert Client().get(LOOKUP, {"url": YOUTUBE_URL}).status_code == 302  # to the admin's sign-in


def test_the_admin_refresh_action_asks_the_provider_again(oembed_provider, django_capture_on_commit_callbacks):
    embed = EmbedFactory(url=YOUTUBE_URL, title="Old title")
    place_embeds(ArticleFactory(published=True), YOUTUBE_URL)
    oembed_provider.answer(YOUTUBE_URL, youtube_answer(title="New title"))

    response = signed_in(StaffFactory(role="Editor", is_staff=True)).post(
        "/admin/articles/embed/", {"action": "refresh", "_selected_action": [embed.pk]}, follow=True
    )

    assert response.status_code == 200
    assert "Refreshed" in response.content.decode()
    embed.refresh_from_db()
    assert embed.title == "New title"
