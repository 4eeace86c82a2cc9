"""What an address may hold: one rule (newsroom.text) for an embed's URL and a redirect's decoded path."""

import pytest

from articles.embeds.providers import provider_for
from articles.redirects.models import path_problem
from newsroom.text import UNFIT_IN_ADDRESS, UNFIT_IN_URL

CONTROLS_AND_UNSTORABLE = ["\x00", "\x1f", "\x7f", "\x85", "\x9f", "\ud800", "\ufffe"]


@pytest.mark.parametrize("character", CONTROLS_AND_UNSTORABLE)
def test_no_address_holds_a_control_or_a_character_xml_cannot_carry(character):
    assert UNFIT_IN_ADDRESS.search(f"/news{character}story")
    assert UNFIT_IN_URL.search(f"https://example.com/news{character}story")


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u2028", "\u3000"])
def test_a_decoded_path_may_hold_a_space_a_url_as_sent_none(space):
    assert not UNFIT_IN_ADDRESS.search(f"/old{space}story")
    assert UNFIT_IN_URL.search(f"https://example.com/old{space}story")


def test_plain_addresses_are_fit():
    assert not UNFIT_IN_ADDRESS.search("/2024/03/a-post?p=12")
    assert not UNFIT_IN_URL.search("https://www.youtube.com/watch?v=dQw4w9WgXcQ")


def test_the_embeds_and_the_redirects_ask_the_same_rule():
    assert provider_for("https://www.youtube.com/watch?v=dQw4w9WgXcQ") is not None
    assert provider_for("https://www.youtube.com/watch?v=dQw4w9WgXcQ\x01") is None
    assert path_problem("/old story") is None
    assert "U+0085" in path_problem("/old\x85story")
