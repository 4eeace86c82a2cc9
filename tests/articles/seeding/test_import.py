import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image as PILImage

from articles.content import body
from articles.models import Article, ArticleAuthor, ArticleImage, Image
from articles.seeding.services import seed_import
from authors.models import Author
from tests.articles.photos import stored_files

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "seeds" / "000_979f85ed034840dc.txt"
SAMPLE_TITLE = "FSB Director: IS and Taliban Could Attempt an Incursion in Central Asia"
SAMPLE_SLUG = "fsb-director-is-and-taliban-could-attempt-an-incursion-in-central-asia"
FIRST_CAPTION = "Russian Jets conducting airstrikes in Syria"
SECOND_CAPTION = "Taliban in Kunduz, near the Tajikistan border."


def import_seeds(*args):
    """Run the command as from the shell, so options go through its argument parser."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_seeds", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts():
    return {
        "articles": Article.objects.count(),
        "images": Image.objects.count(),
        "authors": Author.objects.count(),
        "bylines": ArticleAuthor.objects.count(),
        "placements": ArticleImage.objects.count(),
    }


def write_seed(tmp_path, text, name="story.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_photo(path, size=(320, 200)):
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, "teal").save(path)
    return path


def body_blocks(article):
    """(tag, text) of each top-level element of the stored body, figures by caption."""
    blocks = []
    for element in body.fragments(article.body):
        if element.tag == "figure":
            blocks.append(("figure", element.find("figcaption").text_content()))
        else:
            blocks.append((element.tag, element.text_content()[:20]))
    return blocks


@pytest.fixture
def sample_article():
    import_seeds(SAMPLE)
    return Article.objects.get(slug=SAMPLE_SLUG)


# --- The sample ----------------------------------------------------------------------------


def test_sample_imports_as_a_published_article(sample_article):
    assert sample_article.title == SAMPLE_TITLE
    assert sample_article.status == Article.Status.PUBLISHED
    assert sample_article.published_at is not None
    assert list(Article.objects.published()) == [sample_article]
    # 473 words in the paragraphs and 13 in the two captions: three minutes at 230 words a minute.
    assert (sample_article.word_count, sample_article.reading_time_minutes) == (486, 3)


def test_sample_photos_become_placeholder_images_with_the_caption_as_alt_text(sample_article):
    images = [placement.image for placement in sample_article.placements.select_related("image")]

    assert [(image.caption, image.alt_text, image.is_placeholder) for image in images] == [
        (FIRST_CAPTION, FIRST_CAPTION, True),
        (SECOND_CAPTION, SECOND_CAPTION, True),
    ]
    assert all((image.width, image.height) == (1200, 800) for image in images)
    assert all(Path(image.file.path).is_file() for image in images)
    assert Image.objects.count() == 2


def test_sample_featured_image_is_the_first_photo(sample_article):
    assert sample_article.featured_image.caption == FIRST_CAPTION


def test_sample_author_is_jonathan_wade_cd_with_his_bio(sample_article):
    authors = list(sample_article.authors.all())

    assert [str(author) for author in authors] == ["Jonathan Wade, CD"]
    assert (authors[0].name, authors[0].post_nominals, authors[0].slug) == ("Jonathan Wade", "CD", "jonathan-wade")
    assert authors[0].bio.startswith("Jonathan Wade is the director of the ‘The Sentinel Analytical Group’")


def test_sample_comments_are_open(sample_article):
    assert sample_article.comments_enabled is True


def test_sample_photos_are_figures_at_their_places_in_the_body(sample_article):
    blocks = body_blocks(sample_article)

    assert [tag for tag, _ in blocks] == ["figure"] + ["p"] * 4 + ["figure"] + ["p"] * 4
    assert [text for tag, text in blocks if tag == "figure"] == [FIRST_CAPTION, SECOND_CAPTION]
    assert blocks[1] == ("p", "Russia began airstri")
    assert blocks[6] == ("p", "Bortnikov further sa")
    figures = body.placed_figures(sample_article.body)
    placed = [placement.image for placement in sample_article.placements.select_related("image")]
    assert [figure.image_name for figure in figures] == [image.file.name for image in placed]


def test_sample_body_passes_the_article_validation(sample_article):
    sample_article.full_clean()


def test_import_reports_the_imported_article_on_stdout():
    out, err = import_seeds(SAMPLE)

    assert "Imported" in out
    assert SAMPLE_TITLE in out
    assert err == ""


def test_without_files_every_seed_in_the_seeds_folder_is_imported():
    import_seeds()

    assert Article.objects.filter(slug=SAMPLE_SLUG).exists()


# --- Idempotence -----------------------------------------------------------------------------


def test_importing_twice_doubles_nothing_and_keeps_the_publish_time(sample_article):
    before = counts()
    published_at = sample_article.published_at
    image_pks = set(Image.objects.values_list("pk", flat=True))

    out, _ = import_seeds(SAMPLE)

    assert counts() == before == {"articles": 1, "images": 2, "authors": 1, "bylines": 1, "placements": 2}
    assert set(Image.objects.values_list("pk", flat=True)) == image_pks
    assert Article.objects.get().published_at == published_at
    assert Article.objects.get().updated_at == sample_article.updated_at  # nothing was written
    assert sample_article.revisions.count() == 1
    assert "Unchanged" in out


def test_service_reports_whether_the_article_was_created():
    first = seed_import(path=SAMPLE)
    second = seed_import(path=SAMPLE)

    assert (first.created, second.created) == (True, False)
    assert first.article.pk == second.article.pk
    assert first.warnings == second.warnings == []


def test_reimport_updates_the_author_instead_of_adding_one(tmp_path):
    path = write_seed(tmp_path, "Title\n\nBody.\n\nMaria Lopez\n\nMaria Lopez is a reporter.\n")
    import_seeds(path)
    path.write_text("Title\n\nBody.\n\nMaria Lopez, PhD\n\nMaria Lopez is an editor.\n", encoding="utf-8")

    import_seeds(path)

    author = Author.objects.get()
    assert (str(author), author.bio) == ("Maria Lopez, PhD", "Maria Lopez is an editor.")
    assert ArticleAuthor.objects.count() == 1


# --- Options -----------------------------------------------------------------------------------


def test_published_at_option_sets_the_publish_time_of_a_new_article():
    import_seeds(SAMPLE, "--published-at", "2025-10-30T09:00:00+00:00")

    assert Article.objects.get().published_at == datetime(2025, 10, 30, 9, 0, tzinfo=UTC)


def test_published_at_option_does_not_move_an_article_already_imported():
    import_seeds(SAMPLE, "--published-at", "2025-10-30T09:00:00+00:00")

    import_seeds(SAMPLE, "--published-at", "2026-01-01T00:00:00+00:00")

    assert Article.objects.get().published_at == datetime(2025, 10, 30, 9, 0, tzinfo=UTC)


def test_published_at_option_refuses_a_value_that_is_not_iso_8601():
    with pytest.raises(CommandError, match="--published-at"):
        import_seeds(SAMPLE, "--published-at", "yesterday")

    assert Article.objects.count() == 0


def test_images_option_uses_a_file_named_after_the_caption_slug(tmp_path):
    images = tmp_path / "photos"
    write_photo(images / "russian-jets-conducting-airstrikes-in-syria.png", size=(640, 427))

    import_seeds(SAMPLE, "--images", images)

    first = Image.objects.get(caption=FIRST_CAPTION)
    second = Image.objects.get(caption=SECOND_CAPTION)
    assert (first.is_placeholder, first.width, first.height) == (False, 640, 427)
    assert Path(first.file.name).stem.startswith("russian-jets-conducting-airstrikes-in-syria")
    assert second.is_placeholder is True


def test_images_option_uses_a_file_named_after_the_seed_stem_and_photo_number(tmp_path):
    images = tmp_path / "photos"
    write_photo(images / "000_979f85ed034840dc-2.jpg", size=(500, 300))

    import_seeds(SAMPLE, "--images", images)

    first = Image.objects.get(caption=FIRST_CAPTION)
    second = Image.objects.get(caption=SECOND_CAPTION)
    assert first.is_placeholder is True
    assert (second.is_placeholder, second.width, second.height) == (False, 500, 300)
    assert Article.objects.get().featured_image == first


def test_images_option_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="not a folder"):
        import_seeds(SAMPLE, "--images", tmp_path / "nowhere")

    assert Article.objects.count() == 0


# --- Malformed and unusual files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"", None),
        (b"\n  \n\n", None),
        (b"\n\nOnly a headline\n\n", 3),
        ("Title\n\nCaf\u00e9 cr\u00e8me.\n".encode("latin-1"), 3),
    ],
    ids=["empty", "blank-lines", "title-without-body", "invalid-utf8"],
)
def test_malformed_file_is_refused_naming_file_and_line_and_nothing_is_written(tmp_path, content, line):
    path = tmp_path / "broken.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError) as error:
        import_seeds(path)

    assert str(path) in str(error.value)
    if line is not None:
        assert f"line {line}" in str(error.value)
    assert counts() == {"articles": 0, "images": 0, "authors": 0, "bylines": 0, "placements": 0}


def test_malformed_second_file_keeps_the_first_file_imported(tmp_path):
    broken = write_seed(tmp_path, "\n\nOnly a headline\n", name="broken.txt")

    with pytest.raises(CommandError, match="broken.txt, line 3"):
        import_seeds(SAMPLE, broken)

    assert counts() == {"articles": 1, "images": 2, "authors": 1, "bylines": 1, "placements": 2}
    assert Article.objects.get().title == SAMPLE_TITLE


def test_import_failing_halfway_through_a_file_writes_nothing(monkeypatch):
    def fail(*, article):
        raise RuntimeError("storage went away")

    monkeypatch.setattr("articles.editorial.services.article_sync_images", fail)

    with pytest.raises(RuntimeError):
        import_seeds(SAMPLE)

    assert counts() == {"articles": 0, "images": 0, "authors": 0, "bylines": 0, "placements": 0}


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        import_seeds(tmp_path / "absent.txt")


def test_file_without_an_author_box_imports_with_a_warning(tmp_path):
    path = write_seed(tmp_path, "A story with no byline\n\nThe first paragraph.\n\nThe second paragraph.\n")

    out, err = import_seeds(path)

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert list(article.authors.all()) == []
    assert "no author" in err
    assert str(path) in err
    assert article.comments_enabled is False
    assert article.featured_image is None
    assert [tag for tag, _ in body_blocks(article)] == ["p", "p"]


def test_copied_seed_with_its_own_stem_takes_photos_named_after_that_stem(tmp_path):
    seed = tmp_path / "seeds" / "zz_copy.txt"
    seed.parent.mkdir()
    shutil.copy(SAMPLE, seed)
    write_photo(tmp_path / "photos" / "zz_copy-1.png")

    import_seeds(seed, "--images", tmp_path / "photos")

    assert Article.objects.get().featured_image.is_placeholder is False


def test_the_excerpt_is_the_opening_of_the_first_paragraph():
    call_command("import_seeds", str(SAMPLE), stdout=io.StringIO())

    excerpt = Article.objects.get().excerpt
    assert excerpt.startswith("Russia began airstrikes in Syria not only to support the Syrian government")
    assert excerpt.endswith("…") and len(excerpt.split()) == 40


def test_titles_in_another_script_import_as_separate_articles(tmp_path):
    first = write_seed(tmp_path, "Первая новость\n\nТекст первой новости.\n", name="first.txt")
    second = write_seed(tmp_path, "Вторая новость\n\nТекст второй новости.\n", name="second.txt")

    import_seeds(first)
    import_seeds(second)

    assert sorted(Article.objects.values_list("slug", flat=True)) == ["вторая-новость", "первая-новость"]


def test_reimporting_leaves_an_unpublished_article_unpublished():
    import_seeds(SAMPLE)
    Article.objects.update(status=Article.Status.DRAFT)

    import_seeds(SAMPLE)

    assert Article.objects.get().status == Article.Status.DRAFT


def test_an_unusable_photo_file_is_refused_naming_the_seed_and_line(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    (images / "russian-jets-conducting-airstrikes-in-syria.jpg").write_bytes(b"not a picture")

    with pytest.raises(CommandError, match=r"000_979f85ed034840dc\.txt, line 3: .*not an image"):
        import_seeds(SAMPLE, "--images", str(images))

    assert Article.objects.count() == 0


def test_import_failing_after_its_photos_are_stored_leaves_none_of_their_files(monkeypatch, media_root):
    stored_when_it_failed = []

    def fail(*, article):
        stored_when_it_failed.extend(stored_files(media_root))
        raise RuntimeError("storage went away")

    monkeypatch.setattr("articles.editorial.services.article_sync_images", fail)

    with pytest.raises(RuntimeError):
        import_seeds(SAMPLE)

    assert any(name.startswith("images/") for name in stored_when_it_failed)
    assert any(name.startswith("renditions/") for name in stored_when_it_failed)
    assert stored_files(media_root) == []
    assert counts() == {"articles": 0, "images": 0, "authors": 0, "bylines": 0, "placements": 0}


def test_an_unusable_second_photo_file_leaves_no_file_of_the_first(tmp_path, media_root):
    images = tmp_path / "images"
    write_photo(images / "russian-jets-conducting-airstrikes-in-syria.png")
    (images / "taliban-in-kunduz-near-the-tajikistan-border.jpg").write_bytes(b"not a picture")

    with pytest.raises(CommandError, match=r"line \d+: .*not an image"):
        import_seeds(SAMPLE, "--images", str(images))

    assert counts()["images"] == 0
    assert stored_files(media_root) == []
