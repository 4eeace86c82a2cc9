"""Units of the importer: a post's content into body blocks, and terms' slugs."""

import pytest

from articles.importing.content import convert
from articles.importing.fields import term_slug


def no_photos(number, src):
    return None


@pytest.mark.parametrize(
    "content, expected",
    [
        ('<!-- wp:heading {"level":1} -->\n<h1>Top</h1>\n<!-- /wp:heading -->', "<h2>Top</h2>"),
        ("<h6>Small</h6>", "<h4>Small</h4>"),
        ("One\nline\n\nTwo", "<p>One<br>line</p>\n<p>Two</p>"),
        ("[note]Kept text[/note]", "<p>Kept text</p>"),
        (
            '<iframe src="https://maps.example/x"></iframe>',
            '<p><a href="https://maps.example/x" rel="noopener noreferrer">https://maps.example/x</a></p>',
        ),
        (
            '<!-- wp:spacer -->\n<div style="height:10px"></div>\n<!-- /wp:spacer -->\n'
            "<!-- wp:paragraph --><p>After</p><!-- /wp:paragraph -->",
            "<p>After</p>",
        ),
        ("<script>alert(1)</script><p>Safe</p>", "<p>Safe</p>"),
    ],
    ids=["h1", "h6", "classic-paragraphs", "unknown-shortcode", "iframe", "spacer", "script"],
)
def test_content_becomes_body_blocks(content, expected):
    assert convert(content, photo=no_photos).html == expected


def test_a_photo_that_cannot_be_brought_in_stays_a_link_with_a_note():
    converted = convert('<p>Look <img src="https://old.example/a.jpg" alt="A"></p>', photo=no_photos)

    assert converted.html == (
        '<p>Look </p>\n<p><a href="https://old.example/a.jpg" rel="noopener noreferrer">https://old.example/a.jpg</a></p>'
    )
    assert converted.notes == ["photo https://old.example/a.jpg could not be imported; kept as a link"]


@pytest.mark.parametrize(
    "nicename, name, slug",
    [
        ("world", "World", "world"),
        ("%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8", "Новости", "новости"),
        ("", "!!", None),
    ],
)
def test_term_slugs_are_ascii_where_they_can_be_and_never_empty(nicename, name, slug):
    made = term_slug(nicename, name)
    assert made == slug if slug else made.startswith("term-")
