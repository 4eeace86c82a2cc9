"""Fetching what a provider says of a URL, against a real oEmbed server on 127.0.0.1."""

import time

import pytest

from articles.editorial.policy import NotAllowed
from articles.embeds import providers
from articles.embeds.services import NotEmbeddable, embed_get_or_create, embed_lookup, embed_refresh
from articles.models import Embed
from tests.articles.embeds.provider import YOUTUBE_URL, youtube_answer
from tests.authors.factories import StaffFactory, UserFactory
from tests.newsroom.trickle import trickling

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return StaffFactory(role="Writer")


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube"),
        ("https://vimeo.com/76979871", "vimeo"),
        ("https://x.com/nasa/status/1234567890", "x"),
        ("https://twitter.com/nasa/status/1234567890", "x"),
        ("https://www.instagram.com/p/CxYz123/", "instagram"),
        ("https://www.tiktok.com/@scout2015/video/6718335390845095173", "tiktok"),
        ("https://www.facebook.com/nasa/posts/10159999", "facebook"),
        ("https://soundcloud.com/forss/flickermood", "soundcloud"),
        ("https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT", "spotify"),
        ("https://datawrapper.dwcdn.net/AbC12/3/", "datawrapper"),
        ("https://public.flourish.studio/visualisation/1234567/", "flourish"),
        ("https://www.google.com/maps/place/Eiffel+Tower/@48.8583701,2.2944813,17z", "google_maps"),
    ],
)
def test_each_provider_of_the_allowlist_claims_its_urls(url, provider):
    assert providers.provider_for(url).name == provider


@pytest.mark.parametrize(
    "url", ["https://example.com/watch?v=1", "javascript:alert(1)", "https://youtube.com.evil.test/watch?v=1", ""]
)
def test_a_url_of_no_provider_is_not_embeddable(url):
    assert providers.provider_for(url) is None
    with pytest.raises(NotEmbeddable):
        embed_get_or_create(url=url)


def test_a_good_answer_is_cached_with_its_fields(oembed_provider, writer):
    oembed_provider.answer(YOUTUBE_URL, youtube_answer())

    embed = embed_lookup(url=YOUTUBE_URL, by=writer)

    embed.refresh_from_db()
    assert (embed.provider, embed.kind, embed.title, embed.author_name) == (
        "youtube",
        "video",
        "Never gonna give you up",
        "Rick Astley",
    )
    assert (embed.width, embed.height, embed.error) == (200, 113, "")
    assert embed.thumbnail_url == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert embed.fetched_at is not None
    assert 'src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed"' in embed.html
    assert 'sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"' in embed.html
    assert 'loading="lazy"' in embed.html
    embed_lookup(url=YOUTUBE_URL, by=writer)
    assert oembed_provider.asked == [YOUTUBE_URL]  # the second lookup is answered from the cache


def test_control_characters_in_a_providers_answer_are_not_kept(oembed_provider, writer):
    answer = youtube_answer(title="Never\x00 gonna\x1b give") | {
        "author_name": "Rick\x00",
        "thumbnail_url": "https://i.ytimg.com/vi/x\x00/hq.jpg",
    }
    answer["html"] = answer["html"].replace('title="A video"', 'title="A\x00video"')
    oembed_provider.answer(YOUTUBE_URL, answer)

    embed = embed_lookup(url=YOUTUBE_URL, by=writer)

    embed.refresh_from_db()
    assert (embed.title, embed.author_name, embed.thumbnail_url) == ("Never gonna give", "Rick", "")
    assert 'title="Avideo"' in embed.html


def test_an_unreachable_provider_keeps_the_embed_with_a_message(settings, closed_port, writer):
    settings.EMBEDS_ENDPOINTS = {"youtube": f"http://127.0.0.1:{closed_port}/oembed"}

    embed = embed_lookup(url=YOUTUBE_URL, by=writer)

    assert Embed.objects.get(url=YOUTUBE_URL).error == "YouTube could not be reached (nothing answers at its address)."
    assert embed.html == "" and embed.fetched_at is None


def test_a_slow_provider_is_given_up_on_after_the_timeout(oembed_provider, settings, writer):
    settings.EMBEDS_TIMEOUT = 0.2
    oembed_provider.answer(YOUTUBE_URL, youtube_answer(), delay=1.0)

    embed = embed_lookup(url=YOUTUBE_URL, by=writer)

    assert embed.error == "YouTube did not answer within 0.2 s."
    assert embed.html == ""


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_provider_answering_a_byte_at_a_time_is_given_up_on_at_the_timeout_for_the_whole_answer(
    settings, writer, headers_too
):
    settings.EMBEDS_TIMEOUT = 1.0

    with trickling(every=0.1, headers_too=headers_too) as provider:
        settings.EMBEDS_ENDPOINTS = {"youtube": f"{provider}/oembed"}
        started = time.monotonic()
        embed = embed_lookup(url=YOUTUBE_URL, by=writer)
        elapsed = time.monotonic() - started

    assert embed.error == "YouTube did not answer within 1 s."
    assert elapsed < 2.5  # 200 bytes a tenth of a second apart: 20 s at the provider's pace


def test_an_error_status_and_an_answer_not_oembed_are_messages(oembed_provider, writer):
    oembed_provider.answer(YOUTUBE_URL, {"error": "private"}, status=401)
    assert embed_lookup(url=YOUTUBE_URL, by=writer).error == "YouTube answered 401 for this address."
    oembed_provider.answer(YOUTUBE_URL, b"<html>nope</html>")
    assert embed_lookup(url=YOUTUBE_URL, by=writer).error == "YouTube answered something other than oEmbed JSON."


def test_an_answer_past_the_size_limit_is_refused(oembed_provider, settings, writer):
    settings.EMBEDS_MAX_RESPONSE_BYTES = 1000
    oembed_provider.answer(YOUTUBE_URL, youtube_answer(title="x" * 5000))

    assert embed_lookup(url=YOUTUBE_URL, by=writer).error == "YouTube's answer was larger than 1,000 bytes."


def test_hostile_html_is_sanitised_to_the_providers_own_https_frames(oembed_provider, writer):
    hostile = youtube_answer() | {
        "thumbnail_url": "javascript:alert(1)",
        "html": '<script>alert(1)</script><iframe src="https://www.youtube.com/embed/ok" onload="alert(2)" '
        'style="x"></iframe><iframe src="https://evil.test/frame"></iframe><iframe src="javascript:alert(3)">'
        '</iframe><iframe src="http://www.youtube.com/embed/plain"></iframe><img src=x onerror="alert(4)">'
        '<a href="javascript:alert(5)">link</a>',
    }
    oembed_provider.answer(YOUTUBE_URL, hostile)

    html = embed_lookup(url=YOUTUBE_URL, by=writer).html

    assert html.count("<iframe") == 1 and 'src="https://www.youtube.com/embed/ok"' in html
    for bad in ("<script", "alert", "onload", "onerror", "style", "evil.test", "http://", "<img"):
        assert bad not in html
    assert Embed.objects.get(url=YOUTUBE_URL).thumbnail_url == ""


def test_a_widget_providers_blockquote_is_kept_and_its_script_dropped(oembed_provider, writer):
    url = "https://x.com/nasa/status/1234567890"
    oembed_provider.answer(
        url,
        {
            "type": "rich",
            "author_name": "NASA",
            "html": '<blockquote class="twitter-tweet"><p lang="en">Liftoff!</p>&mdash; NASA <a href="'
            + url
            + '">May 1</a></blockquote>\n<script async src="https://platform.twitter.com/widgets.js"></script>',
        },
    )

    html = embed_lookup(url=url, by=writer).html

    assert html.startswith('<blockquote class="twitter-tweet"><p lang="en">Liftoff!</p>')
    assert "<script" not in html and "widgets.js" not in html


def test_a_google_maps_url_becomes_a_frame_without_asking_anyone(oembed_provider, writer):
    url = "https://www.google.com/maps/place/Eiffel+Tower/@48.8583701,2.2944813,17z"

    embed = embed_lookup(url=url, by=writer)

    assert embed.title == "Eiffel Tower" and embed.kind == "map"
    assert 'src="https://www.google.com/maps?q=Eiffel%20Tower&amp;z=17&amp;output=embed"' in embed.html
    assert oembed_provider.asked == []


def test_a_refresh_takes_the_providers_new_answer_and_keeps_the_old_one_when_it_fails(
    oembed_provider, settings, closed_port, writer
):
    oembed_provider.answer(YOUTUBE_URL, youtube_answer(title="Old"))
    embed_lookup(url=YOUTUBE_URL, by=writer)
    oembed_provider.answer(YOUTUBE_URL, youtube_answer(title="New"))
    assert embed_refresh(url=YOUTUBE_URL, by=writer).title == "New"

    settings.EMBEDS_ENDPOINTS = {"youtube": f"http://127.0.0.1:{closed_port}/oembed"}
    embed = embed_refresh(url=YOUTUBE_URL, by=writer)
    assert (embed.title, bool(embed.html), bool(embed.error)) == ("New", True, True)


def test_only_writers_and_editors_look_up_or_refresh_embeds(oembed_provider):
    with pytest.raises(NotAllowed):
        embed_lookup(url=YOUTUBE_URL, by=UserFactory())
    with pytest.raises(NotAllowed):
        embed_refresh(url=YOUTUBE_URL, by=StaffFactory(role="Moderator"))
