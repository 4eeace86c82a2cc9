from pathlib import Path

import pytest
from django.conf import settings

from articles.seeding.parser import Paragraph, Photo, SeedFormatError, parse

SAMPLE = Path(settings.BASE_DIR) / "seeds" / "000_979f85ed034840dc.txt"
SAMPLE_TITLE = "FSB Director: IS and Taliban Could Attempt an Incursion in Central Asia"
FIRST_CAPTION = "Russian Jets conducting airstrikes in Syria"
SECOND_CAPTION = "Taliban in Kunduz, near the Tajikistan border."


def write_seed(tmp_path, text, name="story.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def kinds(article):
    return ["photo" if isinstance(item, Photo) else "paragraph" for item in article.flow]


def paragraphs(article):
    return [item.text for item in article.flow if isinstance(item, Paragraph)]


# --- The sample file -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return parse(SAMPLE)


def test_sample_title_is_the_first_line(sample):
    assert sample.title == SAMPLE_TITLE


def test_sample_photos_sit_at_their_places_in_the_flow_with_each_caption_once(sample):
    assert kinds(sample) == ["photo"] + ["paragraph"] * 4 + ["photo"] + ["paragraph"] * 4
    assert [photo.caption for photo in sample.photos] == [FIRST_CAPTION, SECOND_CAPTION]
    assert [photo.line for photo in sample.photos] == [3, 14]
    assert FIRST_CAPTION not in paragraphs(sample)
    assert SECOND_CAPTION not in paragraphs(sample)


def test_sample_body_paragraphs_are_read_in_order(sample):
    # The sample has 8 body paragraphs: the "Facebook Comments" line and the author box are not body text.
    assert [text[:30] for text in paragraphs(sample)] == [
        "Russia began airstrikes in Syr",
        "In fact, FSB Director Aleksand",
        "“Militants returning from hot ",
        "“In such conditions, consideri",
        "Bortnikov further said that th",
        "Russian President Vladimir Put",
        "“The current geopolitical situ",
        "The CIS is in a position where",
    ]
    assert [item.line for item in sample.flow if isinstance(item, Paragraph)] == [6, 8, 10, 12, 17, 19, 21, 23]


def test_sample_body_excludes_the_comments_marker_and_the_author_box(sample):
    body_text = " ".join(paragraphs(sample))

    assert "Facebook Comments" not in body_text
    assert "Jonathan Wade" not in body_text


def test_sample_keeps_typographic_quotes(sample):
    texts = paragraphs(sample)

    assert texts[2].startswith("“Militants returning")
    assert "leadership’s request" in texts[3]
    assert texts[3].endswith("significant results,” he said.")


def test_sample_normalises_non_breaking_spaces_to_single_spaces(sample):
    texts = paragraphs(sample)

    assert all("\u00a0" not in text and "  " not in text for text in texts)
    assert texts[0].startswith("Russia began airstrikes in Syria not only")
    assert "threat for the Commonwealth of Independent States" in texts[1]
    assert "He urged for an “increasing exchange" in texts[4]


def test_sample_opens_comments(sample):
    assert sample.comments_enabled is True


def test_sample_author_box_gives_name_post_nominals_and_bio(sample):
    assert sample.author.name == "Jonathan Wade"
    assert sample.author.post_nominals == "CD"
    assert len(sample.author.bio) == 1
    assert sample.author.bio[0].startswith("Jonathan Wade is the director of the ‘The Sentinel Analytical Group’")
    assert sample.author.bio[0].endswith("Jonathan writes about Russia, Canada and Arctic.")


# --- Other files in the same shape -------------------------------------------------------


def test_file_without_an_author_box_has_no_author_and_keeps_every_paragraph(tmp_path):
    path = write_seed(
        tmp_path,
        "A story with no byline\n\nThe first paragraph.\n\nThe second paragraph.\n\nFacebook Comments\n",
    )

    article = parse(path)

    assert article.author is None
    assert paragraphs(article) == ["The first paragraph.", "The second paragraph."]
    assert article.comments_enabled is True


def test_author_box_without_post_nominals(tmp_path):
    path = write_seed(
        tmp_path,
        "Arctic ice at a record low\n\nThe ice is thin.\n\nFacebook Comments\n\n"
        "Ada Lovelace\n\nAda Lovelace covers the Arctic.\n",
    )

    article = parse(path)

    assert (article.author.name, article.author.post_nominals) == ("Ada Lovelace", "")
    assert article.author.bio == ["Ada Lovelace covers the Arctic."]
    assert paragraphs(article) == ["The ice is thin."]


def test_author_bio_may_have_several_paragraphs(tmp_path):
    path = write_seed(
        tmp_path,
        "Title\n\nBody text.\n\nFacebook Comments\n\nMaria Lopez, CD\n\n"
        "Maria Lopez is a reporter.\n\nShe served in the navy.\n\nShe lives in Halifax.\n",
    )

    article = parse(path)

    assert article.author.bio == ["Maria Lopez is a reporter.", "She served in the navy.", "She lives in Halifax."]
    assert paragraphs(article) == ["Body text."]


def test_comments_are_closed_without_the_facebook_comments_line(tmp_path):
    path = write_seed(tmp_path, "Title\n\nBody text.\n\nMaria Lopez\n\nMaria Lopez is a reporter.\n")

    article = parse(path)

    assert article.comments_enabled is False
    assert article.author.name == "Maria Lopez"


def test_several_post_nominals_are_kept_together(tmp_path):
    path = write_seed(
        tmp_path, "Title\n\nBody text.\n\nFacebook Comments\n\nJane Doe, PhD, MBE\n\nJane Doe teaches history.\n"
    )

    article = parse(path)

    assert (article.author.name, article.author.post_nominals) == ("Jane Doe", "PhD, MBE")
    assert article.author.bio == ["Jane Doe teaches history."]


def test_photos_anywhere_in_the_flow_keep_their_order_and_caption_once(tmp_path):
    path = write_seed(
        tmp_path,
        "Title\n\nOpening.\n\nA harbour at dawn\nA harbour at dawn\n\nMiddle.\n\n"
        "A ship leaving\nA ship leaving\n\nEnd.\n",
    )

    article = parse(path)

    assert [(type(item).__name__, getattr(item, "caption", getattr(item, "text", None))) for item in article.flow] == [
        ("Paragraph", "Opening."),
        ("Photo", "A harbour at dawn"),
        ("Paragraph", "Middle."),
        ("Photo", "A ship leaving"),
        ("Paragraph", "End."),
    ]


def test_leading_blank_lines_bom_and_windows_line_endings_are_accepted(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes("\ufeff\r\n\r\nTitle\r\n\r\nBody\u00a0text.\r\n\r\nFacebook Comments\r\n".encode())

    article = parse(path)

    assert article.title == "Title"
    assert paragraphs(article) == ["Body text."]
    assert article.comments_enabled is True


def test_author_whose_name_starts_with_an_accented_capital_is_read_as_the_author_box(tmp_path):
    path = write_seed(tmp_path, "Title\n\nBody text.\n\nÉmile Zola\n\nÉmile Zola writes novels.\n")

    article = parse(path)

    assert article.author is not None
    assert article.author.name == "Émile Zola"
    assert paragraphs(article) == ["Body text."]


def test_author_whose_name_has_a_lower_case_particle_is_read_as_the_author_box(tmp_path):
    path = write_seed(tmp_path, "Title\n\nBody text.\n\nLudwig van Beethoven, PhD\n\nLudwig van Beethoven composes.\n")

    article = parse(path)

    assert article.author is not None
    assert (article.author.name, article.author.post_nominals) == ("Ludwig van Beethoven", "PhD")
    assert paragraphs(article) == ["Body text."]


def test_photo_captioned_with_a_name_stays_in_the_body_of_a_file_without_an_author_box(tmp_path):
    path = write_seed(
        tmp_path,
        "Title\n\nOpening.\n\nAleksandr Bortnikov\nAleksandr Bortnikov\n\n"
        "Aleksandr Bortnikov said the threat is growing.\n\nClosing.\n",
    )

    article = parse(path)

    assert article.author is None
    assert kinds(article) == ["paragraph", "photo", "paragraph", "paragraph"]
    assert article.photos[0].caption == "Aleksandr Bortnikov"


# --- Malformed files --------------------------------------------------------------------


def test_empty_file_is_refused_naming_the_file(tmp_path):
    path = write_seed(tmp_path, "", name="empty.txt")

    with pytest.raises(SeedFormatError) as error:
        parse(path)

    assert "empty.txt" in str(error.value)
    assert error.value.path == path


def test_file_of_blank_lines_is_refused_naming_the_file(tmp_path):
    path = write_seed(tmp_path, "\n   \n\t\n\u00a0\n", name="blank.txt")

    with pytest.raises(SeedFormatError) as error:
        parse(path)

    assert "blank.txt" in str(error.value)


def test_title_without_body_is_refused_naming_the_file_and_the_title_line(tmp_path):
    path = write_seed(tmp_path, "\n\nA headline and nothing else\n\n", name="title-only.txt")

    with pytest.raises(SeedFormatError) as error:
        parse(path)

    assert error.value.line == 3
    assert "title-only.txt, line 3" in str(error.value)


def test_title_with_only_a_photo_and_an_author_box_is_refused(tmp_path):
    path = write_seed(
        tmp_path, "Headline\n\nA photo\nA photo\n\nFacebook Comments\n\nMaria Lopez\n\nMaria Lopez reports.\n"
    )

    with pytest.raises(SeedFormatError) as error:
        parse(path)

    assert error.value.line == 1


def test_invalid_utf8_is_refused_naming_the_file_and_the_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\n\nFine line.\nCaf\u00e9 au lait.\n".encode("latin-1"))

    with pytest.raises(SeedFormatError) as error:
        parse(path)

    assert error.value.line == 4
    assert "latin1.txt, line 4" in str(error.value)
    assert "UTF-8" in str(error.value)
