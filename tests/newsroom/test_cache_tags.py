"""Targeted invalidation, through the HTTP surface: a change makes stale only the cached responses that show it."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from articles.comments.services import comment_approve
from articles.images.services import image_create
from articles.models import Article, Comment
from tests.articles.factories import ArticleFactory, CommentFactory, ImageFactory, SectionFactory, TagFactory
from tests.articles.live.factories import editor as live_editor
from tests.articles.live.factories import live_article, post
from tests.articles.photos import photo_bytes, uploaded
from tests.authors.factories import AuthorFactory, StaffFactory, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def site():
    """Two live articles with nothing in common, a draft and a scheduled article; one of each thing shown."""
    author, other_author = AuthorFactory(name="Ann Lee"), AuthorFactory(name="Bo Chan")
    section, tag, image = SectionFactory(name="World"), TagFactory(name="Climate"), ImageFactory()
    shown = ArticleFactory(published=True, authors=[author], section=section, tags=[tag], featured_image=image)
    unrelated = ArticleFactory(published=True, authors=[other_author], section=SectionFactory(name="Sport"))
    draft = ArticleFactory(authors=[author], section=section)
    scheduled = ArticleFactory(status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(minutes=5))
    return {
        "author": author,
        "section": section,
        "tag": tag,
        "image": image,
        "shown": shown,
        "unrelated": unrelated,
        "draft": draft,
        "scheduled": scheduled,
        "comment": CommentFactory(article=shown, status=Comment.Status.APPROVED),
    }


def urls(site):
    shown, unrelated = site["shown"].slug, site["unrelated"].slug
    return {
        "list": "/api/v1/articles/",
        "section list": f"/api/v1/articles/?section={site['section'].slug}",
        "detail": f"/api/v1/articles/{shown}/",
        "ninjs": f"/api/v1/articles/{shown}/ninjs/",
        "comments": f"/api/v1/articles/{shown}/comments/",
        "unrelated detail": f"/api/v1/articles/{unrelated}/",
        "unrelated ninjs": f"/api/v1/articles/{unrelated}/ninjs/",
        "unrelated comments": f"/api/v1/articles/{unrelated}/comments/",
        "author": f"/api/v1/authors/{site['author'].slug}/",
        "sections": "/api/v1/sections/",
        "tags": "/api/v1/tags/",
        "rss": "/feeds/rss/",
        "sitemap": "/sitemap-articles.xml",
    }


def still_cached(api, site):
    """Which of the site's public responses are served from the cache without a database query (a 404 is not)."""
    served = {}
    for name, url in urls(site).items():
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        served[name] = response["X-Cache"] == "hit" and not queries.captured_queries
    return {name for name, hit in served.items() if hit}


def warmed(api, site):
    for url in urls(site).values():
        api.get(url)
    assert still_cached(api, site) == set(urls(site)), "every response is cached before the change"


def after(api, site, django_capture_on_commit_callbacks, change):
    warmed(api, site)
    with django_capture_on_commit_callbacks(execute=True):
        response = change()
    if hasattr(response, "status_code"):
        assert response.status_code < 300, response.content
    return set(urls(site)) - still_cached(api, site)


@pytest.fixture
def editor():
    return token_client(StaffFactory(role="Editor"))


def test_a_draft_save_an_in_review_save_and_a_pending_revision_purge_nothing(
    api, site, editor, django_capture_on_commit_callbacks
):
    writer = StaffFactory(role="Writer")
    site["author"].user = writer
    site["author"].save()
    draft, shown = site["draft"].slug, site["shown"].slug

    def changes():
        editor.patch(f"/api/v1/articles/{draft}/", {"title": "Draft, retitled"}, format="json")
        token_client(writer).post(f"/api/v1/articles/{draft}/submit/")
        return editor.patch(f"/api/v1/articles/{shown}/", {"title": "Waits for an editor"}, format="json")

    # (the author's profile save above is a change of its own: warm up after it)
    assert after(api, site, django_capture_on_commit_callbacks, changes) == set()
    assert Article.objects.get(slug=shown).pending_revision is not None
    assert api.get(f"/api/v1/articles/{shown}/").json()["title"] != "Waits for an editor"


def test_a_pending_comment_purges_nothing(api, site, django_capture_on_commit_callbacks):
    def comment():
        return api.post(
            f"/api/v1/articles/{site['shown'].slug}/comments/",
            {"author_name": "Ann", "author_email": "ann@example.org", "body": "Waiting."},
            format="json",
        )

    assert after(api, site, django_capture_on_commit_callbacks, comment) == set()


def test_a_live_edit_purges_that_article_and_the_lists_not_the_other_articles(
    api, site, editor, django_capture_on_commit_callbacks
):
    shown = site["shown"].slug

    def live_edit():
        editor.patch(f"/api/v1/articles/{shown}/", {"title": "Corrected headline"}, format="json")
        return editor.post(f"/api/v1/articles/{shown}/publish/")

    stale = after(api, site, django_capture_on_commit_callbacks, live_edit)

    # The lists showing it, through its tag; the section and tag lists only count it, which an edit leaves alone.
    assert stale == {"list", "section list", "detail", "ninjs", "comments", "rss", "sitemap"}
    assert api.get(f"/api/v1/articles/{shown}/").json()["title"] == "Corrected headline"
    listed = {article["slug"]: article["title"] for article in api.get("/api/v1/articles/").json()["results"]}
    assert listed[shown] == "Corrected headline"


def test_a_live_edit_leaves_list_pages_not_holding_the_article_but_purges_searches(
    api, site, editor, django_capture_on_commit_callbacks
):
    shown, unrelated = site["shown"], site["unrelated"]
    pages = {
        "other section": f"/api/v1/articles/?section={unrelated.section.slug}",
        "search": "/api/v1/articles/?q=harbour",
        "holding it": f"/api/v1/articles/?section={site['section'].slug}",
    }
    for url in pages.values():
        api.get(url)
    assert {name for name, url in pages.items() if api.get(url)["X-Cache"] == "hit"} == set(pages)

    with django_capture_on_commit_callbacks(execute=True):
        editor.patch(f"/api/v1/articles/{shown.slug}/", {"title": "The harbour reopens"}, format="json")
        editor.post(f"/api/v1/articles/{shown.slug}/publish/")

    assert {name for name, url in pages.items() if api.get(url)["X-Cache"] == "hit"} == {"other section"}
    assert [a["slug"] for a in api.get(pages["search"]).json()["results"]] == [shown.slug]  # it matches now


@pytest.mark.parametrize(
    "move",
    [
        pytest.param(lambda article, site: setattr(article, "section", site["unrelated"].section), id="new-section"),
        pytest.param(
            lambda article, site: setattr(article, "published_at", timezone.now() - timedelta(days=3)), id="new-time"
        ),
    ],
)
def test_a_live_article_moved_in_the_lists_purges_every_list_page(api, site, django_capture_on_commit_callbacks, move):
    other_section = f"/api/v1/articles/?section={site['unrelated'].section.slug}"
    api.get(other_section)
    assert api.get(other_section)["X-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.get(pk=site["shown"].pk)
        move(article, site)
        article.save()

    assert api.get(other_section)["X-Cache"] == "miss"


def test_unpublishing_purges_the_article_its_lists_and_its_authors_counts(
    api, site, editor, django_capture_on_commit_callbacks
):
    shown = site["shown"].slug
    stale = after(
        api, site, django_capture_on_commit_callbacks, lambda: editor.post(f"/api/v1/articles/{shown}/unpublish/")
    )

    assert {"detail", "list", "author", "rss", "sitemap"} <= stale
    assert not stale & {"unrelated detail", "unrelated ninjs", "unrelated comments"}
    assert api.get(f"/api/v1/articles/{shown}/").status_code == 404
    assert api.get(urls(site)["author"]).json()["article_count"] == 0


def test_an_author_rename_purges_their_pages_and_the_articles_showing_their_name(
    api, site, editor, django_capture_on_commit_callbacks
):
    author = site["author"].slug
    stale = after(
        api,
        site,
        django_capture_on_commit_callbacks,
        lambda: editor.patch(f"/api/v1/authors/{author}/", {"name": "Ann Lee-Smith"}, format="json"),
    )

    assert {"author", "detail", "ninjs", "list", "section list", "rss"} <= stale
    assert not stale & {"unrelated detail", "unrelated ninjs", "sections", "tags", "comments"}
    assert api.get(urls(site)["detail"]).json()["authors"][0]["name"] == "Ann Lee-Smith"


def test_an_image_change_purges_what_shows_the_photo(api, site, django_capture_on_commit_callbacks):
    def new_alt_text():
        site["image"].alt_text = "Flooded streets in the old town"
        site["image"].save()

    stale = after(api, site, django_capture_on_commit_callbacks, new_alt_text)

    assert {"detail", "ninjs", "list", "section list"} <= stale
    assert not stale & {"unrelated detail", "author", "comments"}
    assert api.get(urls(site)["detail"]).json()["featured_image"]["alt_text"] == "Flooded streets in the old town"


def test_new_photos_authors_sections_and_tags_purge_only_their_own_lists(api, site, django_capture_on_commit_callbacks):
    authors = "/api/v1/authors/"
    api.get(authors)

    def new_rows():
        image_create(upload=uploaded(photo_bytes(), "upload.jpg"), alt_text="A photo for a draft")
        AuthorFactory(name="New Hire")
        SectionFactory(name="Science")
        TagFactory(name="Fusion")

    assert after(api, site, django_capture_on_commit_callbacks, new_rows) == {"sections", "tags"}
    assert "Science" in api.get(urls(site)["sections"]).content.decode()
    assert "Fusion" in api.get(urls(site)["tags"]).content.decode()
    assert "New Hire" in api.get(authors).content.decode()


def test_changing_what_only_drafts_show_purges_nothing(api, site, django_capture_on_commit_callbacks):
    photo, author, tag = ImageFactory(), AuthorFactory(name="Cy Dee"), TagFactory(name="Embargoed")
    ArticleFactory(authors=[author], tags=[tag], featured_image=photo, section=SectionFactory(name="Later"))

    def edits():
        photo.alt_text = "Retouched"
        photo.save()
        author.name = "Cy Dee-Ell"
        author.save()
        tag.name = "Still embargoed"
        tag.save()

    assert after(api, site, django_capture_on_commit_callbacks, edits) == {"tags"}  # which lists every tag


def test_a_live_entry_purges_its_article_not_the_lists_without_it(api, site, django_capture_on_commit_callbacks):
    article = live_article(section=SectionFactory(name="Elections"))
    desk = live_editor()
    live = [f"/api/v1/articles/{article.slug}/", f"/api/v1/articles/{article.slug}/entries/"]
    for url in live:
        api.get(url)

    stale = after(api, site, django_capture_on_commit_callbacks, lambda: post(article, desk, "Polls close."))

    # The article list's first page holds the live article; a section's list that does not is kept.
    assert stale <= {"list", "rss", "sitemap"}
    assert "section list" not in stale and "detail" not in stale
    assert [api.get(url)["X-Cache"] for url in live] == ["miss", "miss"]
    assert api.get(live[0]).json()["coverage"]["entry_count"] == 1


def test_renaming_an_author_of_live_entries_only_purges_the_live_article(api, django_capture_on_commit_callbacks):
    article, desk = live_article(), live_editor()  # the desk posts under a profile not in the article's byline
    with django_capture_on_commit_callbacks(execute=True):
        post(article, desk, "Polls close.")
    detail = f"/api/v1/articles/{article.slug}/"
    api.get(detail)

    with django_capture_on_commit_callbacks(execute=True):
        author = desk.author_profile
        author.name = "Renamed Reporter"
        author.save()

    assert "Renamed Reporter" in str(api.get(detail).json()["json_ld"]["liveBlogUpdate"])


def test_a_section_or_tag_rename_purges_what_names_it(api, site, django_capture_on_commit_callbacks):
    def rename_section():
        site["section"].name = "World news"
        site["section"].save()

    stale = after(api, site, django_capture_on_commit_callbacks, rename_section)
    assert {"detail", "list", "sections", "rss"} <= stale
    assert not stale & {"unrelated detail", "tags", "author"}

    def rename_tag():
        site["tag"].name = "Climate crisis"
        site["tag"].save()

    stale = after(api, site, django_capture_on_commit_callbacks, rename_tag)
    assert {"detail", "list", "tags", "rss"} <= stale  # the feed names its items' tags
    assert not stale & {"unrelated detail", "sections", "author"}
    assert api.get(urls(site)["detail"]).json()["tags"][0]["name"] == "Climate crisis"


def test_approving_and_editing_a_comment_purge_that_thread_and_count(api, site, django_capture_on_commit_callbacks):
    waiting = CommentFactory(article=site["shown"], status=Comment.Status.PENDING)
    moderator = StaffFactory(role="Moderator")

    stale = after(
        api,
        site,
        django_capture_on_commit_callbacks,
        lambda: comment_approve(comments=Comment.objects.filter(pk=waiting.pk), by=moderator),
    )
    assert {"comments", "detail", "list"} <= stale
    assert not stale & {"unrelated detail", "unrelated comments", "author"}
    assert api.get(urls(site)["detail"]).json()["comment_count"] == 2

    def edit_comment():
        site["comment"].body = "An edited comment."
        site["comment"].save()

    stale = after(api, site, django_capture_on_commit_callbacks, edit_comment)
    assert "comments" in stale and "unrelated comments" not in stale
    assert "An edited comment." in api.get(urls(site)["comments"]).content.decode()


def test_a_correction_purges_the_article(api, site, editor, django_capture_on_commit_callbacks):
    shown = site["shown"].slug
    stale = after(
        api,
        site,
        django_capture_on_commit_callbacks,
        lambda: editor.post(f"/api/v1/articles/{shown}/corrections/", {"text": "An earlier version erred."}),
    )

    assert {"detail", "ninjs"} <= stale
    assert not stale & {"unrelated detail", "unrelated ninjs", "author"}
    assert api.get(urls(site)["detail"]).json()["corrections"][0]["text"] == "An earlier version erred."


def test_a_scheduled_article_goes_out_at_its_time_without_purging_other_details(api, site):
    warmed(api, site)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        slugs = [article["slug"] for article in api.get("/api/v1/articles/").json()["results"]]
        assert site["scheduled"].slug in slugs
        assert {"unrelated detail", "detail"} <= still_cached(api, site)


def test_moving_a_schedule_earlier_still_takes_effect_on_time(api, site, editor, django_capture_on_commit_callbacks):
    warmed(api, site)
    sooner = timezone.now() + timedelta(minutes=2)
    with django_capture_on_commit_callbacks(execute=True):
        site["scheduled"].published_at = sooner
        site["scheduled"].save()
    assert still_cached(api, site) == set(urls(site))  # nothing public changed yet

    with time_machine.travel(sooner + timedelta(seconds=1)):
        assert site["scheduled"].slug in [a["slug"] for a in api.get("/api/v1/articles/").json()["results"]]


def test_public_responses_name_their_tags_for_a_cdn(api, site):
    shown = site["shown"]
    for _ in range(2):  # on a miss, then on a hit
        response = api.get(f"/api/v1/articles/{shown.slug}/")
        keys = set(response["Surrogate-Key"].split(" "))
        assert {
            f"article:{shown.pk}",
            f"author:{site['author'].pk}",
            f"section:{site['section'].pk}",
            f"tag:{site['tag'].pk}",
            f"image:{site['image'].pk}",
            "site",
        } <= keys
        assert f"article:{site['unrelated'].pk}" not in keys
        assert set(response["Cache-Tag"].split(",")) == keys
    assert response["X-Cache"] == "hit"
    listed = set(api.get("/api/v1/articles/")["Surrogate-Key"].split(" "))
    # A list names its articles and "articles", which a change of any author, photo, section or tag bumps too.
    assert {"articles", f"article:{shown.pk}", f"article:{site['unrelated'].pk}"} <= listed
    assert not {key for key in listed if key.startswith(("author:", "image:", "section:", "tag:"))}
    assert "feed" in api.get("/feeds/rss/")["Surrogate-Key"].split(" ")


def test_a_signed_in_response_names_no_tags(site):
    editor = APIClient()
    editor.force_login(StaffFactory(role="Editor"))

    response = editor.get(f"/api/v1/articles/{site['shown'].slug}/")

    assert "Surrogate-Key" not in response and "private" in response["Cache-Control"]


def test_a_response_made_while_a_change_commits_is_not_stored_under_the_new_version(api, site, monkeypatch):
    """A change that commits after the response read the database bumps a tag the response had not read: the
    response must not be kept as if it were made after the change."""
    from newsroom import public_cache

    url = urls(site)["detail"]
    view_started = []
    real = public_cache.PublicResponseCacheMiddleware._made

    def made_while_an_edit_commits(self, request):
        response, tags = real(self, request)
        view_started.append(True)
        public_cache.bump({f"article:{site['shown'].pk}"})  # the change lands after the view read the row
        return response, tags

    monkeypatch.setattr(public_cache.PublicResponseCacheMiddleware, "_made", made_while_an_edit_commits)
    api.get(url)
    monkeypatch.undo()

    assert view_started
    assert api.get(url)["X-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_gathered_bumps_committed_changes_together_and_never_a_rolled_back_one():
    from django.db import transaction

    from newsroom.invalidation import gathered
    from newsroom.public_cache import tags_bumped

    bumps = []
    tags_bumped.connect(lambda sender, tags, **kwargs: bumps.append(tags), weak=False, dispatch_uid="test-gathered")
    try:
        with pytest.raises(RuntimeError), gathered() as pending:
            with transaction.atomic():
                ArticleFactory(published=True, title="Committed")
            with pytest.raises(ValueError), transaction.atomic():
                rolled_back = ArticleFactory(published=True, title="Rolled back")
                raise ValueError
            assert bumps == [] and pending
            raise RuntimeError  # the block's end bumps what was gathered, however it ends
    finally:
        tags_bumped.disconnect(dispatch_uid="test-gathered")

    assert len(bumps) == 1 and f"article:{rolled_back.pk}" not in bumps[0] and "articles" in bumps[0]
