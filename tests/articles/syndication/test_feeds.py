from datetime import UTC, datetime, timedelta

import feedparser
import lxml.etree
import lxml.html
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import ArticleFactory, ImageFactory, SectionFactory, TagFactory, png_file
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/rss/", "/feeds/atom/"]


@pytest.fixture(autouse=True)
def fresh_responses(settings):
    """Each request reaches the view: the shared response cache is tested in tests/newsroom/."""
    settings.PUBLIC_RESPONSE_CACHE = False


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def not_public_articles():
    return [
        ArticleFactory(status=Article.Status.DRAFT),
        ArticleFactory(status=Article.Status.IN_REVIEW),
        ArticleFactory(scheduled=True),
        ArticleFactory(status=Article.Status.ARCHIVED, published_at=timezone.now() - timedelta(days=3)),
    ]


def to_seconds(moment):
    return moment.astimezone(UTC).replace(microsecond=0)


def parsed_time(struct):
    return datetime(*struct[:6], tzinfo=UTC)


# --- The channel -------------------------------------------------------------------


def test_rss_feed_is_rss_2_named_and_linked_after_the_publication(client, settings):
    settings.PUBLICATION_NAME = "The Arctic Times"
    settings.PUBLICATION_LANGUAGE = "en-CA"
    settings.FRONTEND_URL = "https://news.example"

    feed = parse(client, "/feeds/rss/")

    assert feed.version == "rss20"
    assert feed.feed.title == "The Arctic Times"
    assert feed.feed.link == "https://news.example"
    assert feed.feed.description == "The latest articles from The Arctic Times."
    assert feed.feed.language == "en-CA"


def test_atom_feed_is_atom_1_named_and_linked_after_the_publication(client, settings):
    settings.PUBLICATION_NAME = "The Arctic Times"
    settings.PUBLICATION_LANGUAGE = "en-CA"
    settings.FRONTEND_URL = "https://news.example"

    feed = parse(client, "/feeds/atom/")

    assert feed.version == "atom10"
    assert feed.feed.title == "The Arctic Times"
    assert feed.feed.link == "https://news.example"
    assert feed.feed.subtitle == "The latest articles from The Arctic Times."
    assert feed.feed.language == "en-CA"
    assert feed.feed.author == "The Arctic Times"


# --- Entries ---------------------------------------------------------------------


@pytest.mark.parametrize("url", FEEDS)
def test_feed_lists_public_articles_newest_first_and_never_drafts_scheduled_or_archived(client, url):
    older = ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(published=True)
    not_public_articles()

    entries = parse(client, url).entries

    assert [entry.title for entry in entries] == [newer.title, older.title]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_holds_the_latest_50_public_articles(client, url):
    start = timezone.now() - timedelta(days=10)
    articles = [ArticleFactory(published=True, published_at=start + timedelta(minutes=n)) for n in range(51)]

    entries = parse(client, url).entries

    assert len(entries) == 50
    assert entries[0].title == articles[-1].title
    assert articles[0].title not in {entry.title for entry in entries}


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entry_links_to_the_article_on_the_front_end_site(client, settings, url):
    settings.FRONTEND_URL = "https://news.example"
    article = ArticleFactory(published=True, slug="jets-over-syria")

    (entry,) = parse(client, url).entries

    assert entry.link == "https://news.example/articles/jets-over-syria/"
    assert entry.id == "https://news.example/articles/jets-over-syria/"
    assert article.title == entry.title


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entry_summary_is_the_excerpt_or_else_the_dek(client, url):
    ArticleFactory(
        published=True, excerpt="The excerpt.", dek="The dek.", published_at=timezone.now() - timedelta(hours=2)
    )
    ArticleFactory(published=True, excerpt="", dek="Only a dek.")

    entries = parse(client, url).entries

    assert [entry.summary for entry in entries] == ["Only a dek.", "The excerpt."]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entry_text_with_markup_characters_reaches_readers_as_written(client, url):
    ArticleFactory(published=True, title="Q&A: fuel at 5 < 10 dollars", excerpt="Fish & chips, <b> is not bold")

    (entry,) = parse(client, url).entries

    assert entry.title == "Q&A: fuel at 5 < 10 dollars"
    assert entry.summary_detail.type == "text/html"
    assert lxml.html.fragment_fromstring(entry.summary, create_parent="div").text_content() == (
        "Fish & chips, <b> is not bold"
    )


def test_rss_entry_is_dated_by_its_publish_time(client):
    article = ArticleFactory(published=True, published_at=timezone.now() - timedelta(hours=5))

    (entry,) = parse(client, "/feeds/rss/").entries

    assert parsed_time(entry.published_parsed) == to_seconds(article.published_at)


def test_atom_entry_is_dated_by_its_publish_and_last_edit_times(client):
    article = ArticleFactory(published=True, published_at=timezone.now() - timedelta(hours=5))

    (entry,) = parse(client, "/feeds/atom/").entries

    assert datetime.fromisoformat(entry.published) == article.published_at
    assert datetime.fromisoformat(entry.updated) == article.updated_at


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entry_categories_are_the_section_and_the_tags(client, url):
    ArticleFactory(
        published=True,
        section=SectionFactory(name="World"),
        tags=[TagFactory(name="Syria"), TagFactory(name="Air power")],
    )

    (entry,) = parse(client, url).entries

    assert [tag.term for tag in entry.tags] == ["World", "Air power", "Syria"]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entry_names_every_author_by_display_name_in_byline_order(client, url):
    wade = AuthorFactory(name="Jonathan Wade", post_nominals="CD")
    roe = AuthorFactory(name="Jane Roe")
    ArticleFactory(published=True, authors=[wade, roe])

    (entry,) = parse(client, url).entries

    assert [author.name for author in entry.authors] == ["Jonathan Wade, CD", "Jane Roe"]


def test_atom_entry_links_active_authors_to_their_front_end_page(client, settings):
    settings.FRONTEND_URL = "https://news.example"
    active = AuthorFactory(slug="jane-roe")
    retired = AuthorFactory(is_active=False)
    ArticleFactory(published=True, authors=[active, retired])

    (entry,) = parse(client, "/feeds/atom/").entries

    assert [author.get("href") for author in entry.authors] == ["https://news.example/authors/jane-roe/", None]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entry_encloses_the_featured_image_with_its_file_size_and_type(client, url):
    image = ImageFactory(file=png_file(300, 200))
    ArticleFactory(published=True, featured_image=image)

    (entry,) = parse(client, url).entries

    (enclosure,) = entry.enclosures
    assert enclosure.href == f"http://testserver{image.file.url}"
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == default_storage.size(image.file.name) > 0


@pytest.mark.parametrize("url", FEEDS)
def test_feed_enclosure_length_is_0_when_the_storage_cannot_tell_it(client, url):
    image = ImageFactory()
    ArticleFactory(published=True, featured_image=image)
    default_storage.delete(image.file.name)

    (entry,) = parse(client, url).entries

    assert entry.enclosures[0].length == "0"


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entry_without_a_featured_image_has_no_enclosure(client, url):
    ArticleFactory(published=True, featured_image=None)

    (entry,) = parse(client, url).entries

    assert entry.enclosures == []


# --- Section feeds ---------------------------------------------------------------------


def test_section_feed_lists_only_the_public_articles_of_that_section(client, settings):
    settings.PUBLICATION_NAME = "The Arctic Times"
    settings.FRONTEND_URL = "https://news.example"
    world = SectionFactory(name="World", slug="world")
    in_world = ArticleFactory(published=True, section=world)
    ArticleFactory(published=True, section=SectionFactory())
    ArticleFactory(published=True, section=None)
    ArticleFactory(status=Article.Status.DRAFT, section=world)
    ArticleFactory(scheduled=True, section=world)
    ArticleFactory(status=Article.Status.ARCHIVED, section=world, published_at=timezone.now() - timedelta(days=3))

    feed = parse(client, "/feeds/sections/world/rss/")

    assert [entry.title for entry in feed.entries] == [in_world.title]
    assert feed.feed.title == "The Arctic Times: World"
    assert feed.feed.link == "https://news.example/sections/world/"


def test_section_feed_is_described_by_the_section_description_when_it_has_one(client):
    SectionFactory(slug="arctic", description="Everything north of 60.")

    feed = parse(client, "/feeds/sections/arctic/rss/")

    assert feed.feed.description == "Everything north of 60."


def test_section_feed_of_an_unknown_section_is_404(client):
    assert client.get("/feeds/sections/no-such-section/rss/").status_code == 404


# --- Queries ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [*FEEDS, "/feeds/sections/world/rss/"])
def test_feed_query_count_does_not_grow_with_the_number_of_entries(client, url):
    world = SectionFactory(slug="world")

    def queries_for(count):
        Article.objects.all().delete()
        for _ in range(count):
            ArticleFactory(
                published=True,
                section=world,
                featured_image=ImageFactory(),
                authors=[AuthorFactory(), AuthorFactory()],
                tags=[TagFactory(), TagFactory()],
            )
        with CaptureQueriesContext(connection) as captured:
            assert len(parse(client, url).entries) == count
        return len(captured)

    assert queries_for(1) == queries_for(10)


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/", "/sitemap-news.xml"])
def test_a_control_character_stored_before_the_check_does_not_break_the_feed(client, url):
    article = ArticleFactory(published=True, excerpt="Page\x0cbreak")
    Article.objects.filter(pk=article.pk).update(title="Vertical\x0btab")  # as rows written before the check

    response = client.get(url)

    assert response.status_code == 200
    root = lxml.etree.fromstring(response.content)  # well-formed XML, or this raises
    assert "Verticaltab" in lxml.etree.tostring(root, encoding="unicode")
