"""The write API: sign-in, create and edit with If-Match, pending revisions, slugs, deletes, corrections,
revisions, previews, uploads and authors."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from PIL import Image as PILImage
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.editorial import policy
from articles.editorial.services import (
    article_discard_revision,
    article_restore,
    correction_add,
    revision_record,
)
from articles.models import Article, Correction, Image, Revision, SlugRedirect, StateChange
from authors.models import Author
from tests.articles.factories import ArticleFactory, ImageFactory, SectionFactory, TagFactory, figure_html, pending_edit
from tests.authors.factories import AuthorFactory, StaffFactory, token_client

pytestmark = pytest.mark.django_db

Status = Article.Status
PASSWORD = "correct horse battery staple"  # UserFactory's
EDITORIAL_FIELDS = {"status", "publish_at", "pending_revision"}
IMAGE_FIELDS = {"id", "url", "width", "height", "caption", "credit", "alt_text"}


@pytest.fixture
def editor():
    return StaffFactory(role="Editor")


@pytest.fixture
def writer():
    """A writer with an author profile, so articles can name them in the byline."""
    user = StaffFactory(role="Writer")
    AuthorFactory(user=user)
    return user


@pytest.fixture
def anonymous():
    return APIClient()


def detail_url(article_or_slug):
    return f"/api/v1/articles/{getattr(article_or_slug, 'slug', article_or_slug)}/"


def publish(client, article):
    response = client.post(f"{detail_url(article)}publish/")
    assert response.status_code == 200, response.json()
    return response


# --- Token sign-in -------------------------------------------------------------------------------


def sign_in(username, password, **extra):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json", **extra)


def test_sign_in_answers_a_token_that_authenticates_later_requests(editor):
    draft = ArticleFactory(status=Status.DRAFT)

    response = sign_in(editor.username, PASSWORD)

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=editor).key}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get(detail_url(draft)).json()["status"] == "draft"


def test_sign_in_with_a_wrong_username_or_password_gives_the_same_400_answer(editor):
    inactive = StaffFactory(role="Editor", is_active=False)

    wrong_username = sign_in("nobody-here", PASSWORD)
    wrong_password = sign_in(editor.username, "not the password")
    deactivated = sign_in(inactive.username, PASSWORD)

    assert wrong_username.status_code == wrong_password.status_code == deactivated.status_code == 400
    assert wrong_username.json() == wrong_password.json() == deactivated.json()
    assert "token" not in wrong_username.json()
    assert not Token.objects.exists()


def test_sign_in_is_throttled_per_client_at_the_login_rate(settings, editor):
    settings.LOGIN_RATE = "2/min"

    answers = [sign_in(editor.username, "guess one").status_code, sign_in(editor.username, "guess two").status_code]
    third = sign_in(editor.username, PASSWORD)  # even the right password waits
    elsewhere = sign_in(editor.username, PASSWORD, REMOTE_ADDR="192.0.2.7")

    assert answers == [400, 400]
    assert third.status_code == 429
    assert "token" not in third.json()
    assert elsewhere.status_code == 200


def test_sign_in_throttle_is_not_escaped_with_a_made_up_forwarded_for_header(settings, editor):
    settings.LOGIN_RATE = "2/min"
    sign_in(editor.username, "guess one")
    sign_in(editor.username, "guess two")

    spoofed = sign_in(editor.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert spoofed.status_code == 429


def test_a_wrong_token_is_401(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert anonymous.post("/api/v1/articles/", {"title": "x"}, format="json").status_code == 401


# --- Create --------------------------------------------------------------------------------------


def test_editor_creates_a_draft_with_section_tags_byline_and_seo_fields(editor):
    section, tag = SectionFactory(slug="defence"), TagFactory(slug="arctic")
    first, second = AuthorFactory(), AuthorFactory()

    response = token_client(editor).post(
        "/api/v1/articles/",
        {
            "title": "Ships in the ice",
            "dek": "A standfirst.",
            "excerpt": "A summary.",
            "body_html": "<p>The fleet sailed north.</p>",
            "section": "defence",
            "tags": ["arctic"],
            "authors": [second.slug, first.slug],
            "comments_enabled": False,
            "seo_title": "Ships in the Arctic ice",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "ships-in-the-ice"
    assert response["Location"] == "http://testserver/api/v1/articles/ships-in-the-ice/"
    assert (body["status"], body["publish_at"], body["pending_revision"]) == ("draft", None, None)
    assert [a["slug"] for a in body["authors"]] == [second.slug, first.slug]
    assert body["seo"]["title"] == "Ships in the Arctic ice"
    article = Article.objects.get(slug="ships-in-the-ice")
    assert (article.section, list(article.tags.all()), article.comments_enabled) == (section, [tag], False)
    assert response["ETag"]


def test_writer_creating_an_article_without_a_byline_is_put_in_it(writer):
    response = token_client(writer).post("/api/v1/articles/", {"title": "My story"}, format="json")

    assert response.status_code == 201, response.json()
    assert [a["slug"] for a in response.json()["authors"]] == [writer.author_profile.slug]
    assert response.json()["status"] == "draft"


def test_writer_creating_an_article_with_a_byline_without_them_is_refused(writer):
    colleague = AuthorFactory()

    response = token_client(writer).post(
        "/api/v1/articles/", {"title": "My story", "authors": [colleague.slug]}, format="json"
    )

    assert response.status_code == 403
    assert "Keep yourself in the byline" in response.json()["detail"]
    assert not Article.objects.exists()


def test_writer_without_an_author_profile_cannot_create_an_article():
    response = token_client(StaffFactory(role="Writer")).post("/api/v1/articles/", {"title": "Mine"}, format="json")

    assert response.status_code == 403
    assert "author profile" in response.json()["detail"]
    assert not Article.objects.exists()


def test_created_body_is_sanitised(editor):
    response = token_client(editor).post(
        "/api/v1/articles/",
        {"title": "Scripted", "body_html": '<p onclick="steal()">Hello</p><script>alert(1)</script><style>p{}</style>'},
        format="json",
    )

    assert response.status_code == 201
    stored = Article.objects.get().body
    assert "Hello" in stored
    for dangerous in ("<script", "alert(1)", "onclick", "<style"):
        assert dangerous not in stored
        assert dangerous not in response.json()["body_html"]


def test_created_body_places_library_photos(editor):
    image = ImageFactory()

    response = token_client(editor).post(
        "/api/v1/articles/", {"title": "Pictured", "body_html": "<p>Text.</p>" + figure_html(image)}, format="json"
    )

    assert response.status_code == 201
    assert [i["id"] for i in response.json()["images"]] == [image.pk]


def test_create_with_a_photo_outside_the_library_is_400(editor):
    response = token_client(editor).post(
        "/api/v1/articles/",
        {
            "title": "Pictured",
            "body_html": '<figure><img src="/media/images/nowhere.png"><figcaption>x</figcaption></figure>',
        },
        format="json",
    )

    assert response.status_code == 400
    assert "body_html" in response.json()["errors"]
    assert "/media/images/nowhere.png" in response.json()["detail"]
    assert not Article.objects.exists()


def test_create_with_a_slug_already_taken_is_400(editor):
    ArticleFactory(slug="taken")

    response = token_client(editor).post("/api/v1/articles/", {"title": "Another", "slug": "taken"}, format="json")

    assert response.status_code == 400
    assert "slug" in response.json()["errors"]
    assert Article.objects.count() == 1


def test_create_without_a_title_is_400(editor):
    response = token_client(editor).post("/api/v1/articles/", {"body_html": "<p>Untitled</p>"}, format="json")

    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    assert not Article.objects.exists()


def test_create_with_an_empty_byline_is_400(editor):
    response = token_client(editor).post("/api/v1/articles/", {"title": "Nobody", "authors": []}, format="json")

    assert response.status_code == 400
    assert "authors" in response.json()["errors"]


def test_anonymous_client_cannot_create_an_article(anonymous):
    response = anonymous.post("/api/v1/articles/", {"title": "Anonymous"}, format="json")

    assert response.status_code == 401
    assert not Article.objects.exists()


def test_put_is_refused_in_favour_of_patch(editor):
    article = ArticleFactory()

    response = token_client(editor).put(detail_url(article), {"title": "Replaced"}, format="json")

    assert response.status_code == 405
    article.refresh_from_db()
    assert article.title != "Replaced"


# --- Authenticated reading: drafts, editorial fields, ETag ---------------------------------------


def test_authenticated_detail_shows_the_workflow_state_and_an_etag(editor):
    article = ArticleFactory(scheduled=True)

    response = token_client(editor).get(detail_url(article))

    assert response.status_code == 200
    body = response.json()
    assert EDITORIAL_FIELDS <= set(body)
    assert body["status"] == "published"
    assert parse_datetime(body["publish_at"]) == article.published_at
    assert body["pending_revision"] is None
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert "private" in response["Cache-Control"]


def test_anonymous_detail_has_no_workflow_fields(anonymous):
    article = ArticleFactory(published=True)

    body = anonymous.get(detail_url(article)).json()

    assert not EDITORIAL_FIELDS & set(body)


def test_editors_list_every_draft_writers_only_theirs_anonymous_none(editor, writer, anonymous):
    own = ArticleFactory(status=Status.DRAFT, authors=[writer.author_profile])
    others = ArticleFactory(status=Status.DRAFT)
    ArticleFactory(published=True, authors=[writer.author_profile])

    def drafts(client):
        response = client.get("/api/v1/articles/", {"status": "draft"})
        assert response.status_code == 200
        return {item["slug"] for item in response.json()["results"]}

    assert drafts(token_client(editor)) == {own.slug, others.slug}
    assert drafts(token_client(writer)) == {own.slug}
    assert drafts(anonymous) == set()


def test_drafts_are_read_in_detail_by_their_writer_and_editors_never_anonymously(editor, writer, anonymous):
    own = ArticleFactory(status=Status.DRAFT, authors=[writer.author_profile])
    others = ArticleFactory(status=Status.IN_REVIEW)

    assert token_client(writer).get(detail_url(own)).json()["status"] == "draft"
    assert token_client(writer).get(detail_url(others)).status_code == 404
    assert token_client(editor).get(detail_url(others)).json()["status"] == "in_review"
    assert anonymous.get(detail_url(own)).status_code == 404
    assert anonymous.get(detail_url(others)).status_code == 404


def test_editorial_list_query_count_does_not_grow_with_pending_revisions(editor, django_assert_max_num_queries):
    client = token_client(editor)

    def add_article_with_pending_edit():
        article = ArticleFactory(published=True, tags=[TagFactory()])
        pending_edit(article, by=editor)

    add_article_with_pending_edit()
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/articles/")
    for _ in range(4):
        add_article_with_pending_edit()
    with django_assert_max_num_queries(len(one)):
        response = client.get("/api/v1/articles/")

    assert response.json()["count"] == 5
    assert all(item["pending_revision"] for item in response.json()["results"])


# --- Optimistic concurrency ----------------------------------------------------------------------


def test_patch_with_the_current_etag_succeeds_and_answers_a_new_etag(editor):
    article = ArticleFactory(title="First")
    client = token_client(editor)
    etag = client.get(detail_url(article))["ETag"]

    response = client.patch(detail_url(article), {"title": "Second"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response.json()["title"] == "Second"
    assert response["ETag"] != etag
    assert client.get(detail_url(article))["ETag"] == response["ETag"]


def test_second_editor_patching_with_a_stale_etag_gets_412_and_changes_nothing(editor):
    article = ArticleFactory(title="First", dek="Original dek")
    first, second = token_client(editor), token_client(StaffFactory(role="Editor"))
    etag = first.get(detail_url(article))["ETag"]
    assert second.get(detail_url(article))["ETag"] == etag
    assert first.patch(detail_url(article), {"title": "Second"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    revisions = Revision.objects.count()

    response = second.patch(detail_url(article), {"dek": "Overwritten"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    article.refresh_from_db()
    assert (article.title, article.dek) == ("Second", "Original dek")
    assert Revision.objects.count() == revisions


def test_stale_etag_on_a_published_article_adds_no_pending_revision(editor):
    article = ArticleFactory(published=True, title="Live")
    client = token_client(editor)
    etag = client.get(detail_url(article))["ETag"]
    client.patch(detail_url(article), {"title": "Pending one"}, format="json", HTTP_IF_MATCH=etag)
    pending = Article.objects.get(pk=article.pk).pending_revision

    response = client.patch(detail_url(article), {"title": "Pending two"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert Article.objects.get(pk=article.pk).pending_revision == pending
    assert pending.content["title"] == "Pending one"


@pytest.mark.parametrize(("method", "path"), [("post", "publish/"), ("post", "archive/"), ("delete", "")])
def test_stale_etag_refuses_transitions_and_deletes_too(editor, method, path):
    article = ArticleFactory(status=Status.IN_REVIEW)
    client = token_client(editor)
    stale = client.get(detail_url(article))["ETag"]
    client.patch(detail_url(article), {"title": "Edited meanwhile"}, format="json")

    response = getattr(client, method)(f"{detail_url(article)}{path}", HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


# --- Editing what is live ------------------------------------------------------------------------


def test_edits_of_a_published_article_wait_as_one_pending_revision_until_published(
    editor, anonymous, django_capture_on_commit_callbacks
):
    new_tag = TagFactory()
    article = ArticleFactory(published=True, title="Old title", dek="Old dek")
    client = token_client(editor)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.patch(detail_url(article), {"title": "New title"}, format="json")
    assert first.status_code == 200
    assert (first.json()["title"], first.json()["status"]) == ("Old title", "published")
    assert first.json()["pending_revision"]["id"]
    assert anonymous.get(detail_url(article)).json()["title"] == "Old title"

    with django_capture_on_commit_callbacks(execute=True):
        second = client.patch(detail_url(article), {"dek": "New dek", "tags": [new_tag.slug]}, format="json")
    assert second.status_code == 200
    pending = Article.objects.get(pk=article.pk).pending_revision
    assert (pending.content["title"], pending.content["dek"], pending.created_by) == ("New title", "New dek", editor)
    live = anonymous.get(detail_url(article)).json()
    assert (live["title"], live["dek"], live["tags"]) == ("Old title", "Old dek", [])

    with django_capture_on_commit_callbacks(execute=True):
        published = publish(client, article)
    assert published.json()["pending_revision"] is None
    assert (published.json()["title"], published.json()["dek"]) == ("New title", "New dek")
    live = anonymous.get(detail_url(article)).json()
    assert (live["title"], live["dek"], [t["slug"] for t in live["tags"]]) == ("New title", "New dek", [new_tag.slug])
    assert not StateChange.objects.filter(article=article).exists()  # it never left "published"


def test_discarding_a_pending_revision_leaves_the_live_article_as_it_was(editor, anonymous):
    article = ArticleFactory(published=True, title="Live title")
    client = token_client(editor)
    client.patch(detail_url(article), {"title": "Abandoned title"}, format="json")

    article_discard_revision(article=Article.objects.get(pk=article.pk), by=editor)

    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Live title", None)
    assert client.get(detail_url(article)).json()["pending_revision"] is None
    assert client.post(f"{detail_url(article)}publish/").status_code == 409  # nothing waits to be published
    article.refresh_from_db()
    assert article.title == "Live title"


def test_writer_cannot_publish_a_pending_revision(editor, writer):
    article = ArticleFactory(published=True, title="Live title", authors=[writer.author_profile])
    token_client(editor).patch(detail_url(article), {"title": "Waiting title"}, format="json")

    response = token_client(writer).post(f"{detail_url(article)}publish/")

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Live title" and article.pending_revision is not None


def test_slug_change_of_a_published_article_redirects_the_old_slug(
    editor, anonymous, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, slug="old-slug")
    client = token_client(editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.patch(detail_url(article), {"slug": "new-slug"}, format="json")
    assert anonymous.get("/api/v1/articles/old-slug/").status_code == 200  # the change waits
    with django_capture_on_commit_callbacks(execute=True):
        publish(client, article)

    moved = anonymous.get("/api/v1/articles/old-slug/")
    assert moved.status_code == 301
    assert moved["Location"] == "http://testserver/api/v1/articles/new-slug/"
    assert anonymous.get(moved["Location"]).json()["slug"] == "new-slug"
    assert SlugRedirect.objects.get(old_slug="old-slug").article == article


def test_slug_change_of_a_never_published_draft_leaves_no_redirect(editor, anonymous):
    article = ArticleFactory(status=Status.DRAFT, slug="first-idea")

    response = token_client(editor).patch(detail_url(article), {"slug": "better-idea"}, format="json")

    assert response.json()["slug"] == "better-idea"
    assert not SlugRedirect.objects.exists()
    assert token_client(editor).get("/api/v1/articles/first-idea/").status_code == 404


def test_old_slug_of_an_unpublished_article_does_not_reveal_the_new_one(editor, anonymous):
    article = ArticleFactory(published=True, slug="old-slug")
    client = token_client(editor)
    client.patch(detail_url(article), {"slug": "new-slug"}, format="json")
    publish(client, article)
    client.post("/api/v1/articles/new-slug/unpublish/")

    response = anonymous.get("/api/v1/articles/old-slug/")

    assert response.status_code == 404
    assert "new-slug" not in response.content.decode()


def test_a_slug_waiting_in_a_pending_revision_is_not_lost_to_another_article(editor):
    article = ArticleFactory(published=True, slug="old-slug")
    client = token_client(editor)
    client.raise_request_exception = False
    client.patch(detail_url(article), {"slug": "wanted-slug"}, format="json")

    taken = client.post("/api/v1/articles/", {"title": "Squatter", "slug": "wanted-slug"}, format="json")
    published = client.post(f"{detail_url(article)}publish/")

    # Either the second article is refused the slug, or publishing the pending edit is refused cleanly.
    assert taken.status_code == 400 or 400 <= published.status_code < 500, (taken.status_code, published.status_code)


def test_edits_made_after_unpublishing_are_not_reverted_by_an_older_pending_revision(editor):
    article = ArticleFactory(published=True, title="Live title", dek="Live dek")
    client = token_client(editor)
    client.patch(detail_url(article), {"title": "Pending title"}, format="json")
    assert client.post(f"{detail_url(article)}unpublish/").status_code == 200
    client.patch(detail_url(article), {"dek": "Dek written as a draft"}, format="json")
    publish(client, article)

    again = client.post(f"{detail_url(article)}publish/")  # 409 once nothing waits; today it publishes the old edit

    article.refresh_from_db()
    assert article.dek == "Dek written as a draft", again.status_code
    assert article.pending_revision is None


# --- Delete ---------------------------------------------------------------------------------------


def test_delete_by_an_editor_archives_the_article(editor, anonymous):
    article = ArticleFactory(published=True)

    response = token_client(editor).delete(detail_url(article))

    assert response.status_code == 200
    assert response.json()["status"] == "archived"
    article.refresh_from_db()
    assert article.status == Status.ARCHIVED
    change = StateChange.objects.get(article=article)
    assert (change.by, change.from_status, change.to_status) == (editor, Status.PUBLISHED, Status.ARCHIVED)
    assert anonymous.get(detail_url(article)).status_code == 404


def test_writer_cannot_delete_their_own_draft(writer):
    article = ArticleFactory(status=Status.DRAFT, authors=[writer.author_profile])

    response = token_client(writer).delete(detail_url(article))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_permanent_delete_is_refused_to_editors(editor):
    article = ArticleFactory(published=True)

    response = token_client(editor).delete(detail_url(article) + "?permanent=true")

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_superuser_deletes_an_article_for_good_with_its_history(editor):
    article = ArticleFactory(published=True)
    client = token_client(StaffFactory(is_superuser=True))
    client.patch(detail_url(article), {"title": "A pending edit"}, format="json")
    revision_record(article=article, by=editor)

    response = client.delete(detail_url(article) + "?permanent=true")

    assert response.status_code == 204
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Revision.objects.filter(article_id=article.pk).exists()


def test_article_with_corrections_cannot_be_deleted_for_good(editor):
    article = ArticleFactory(published=True)
    correction_add(article=article, text="A date was wrong.", by=editor)

    response = token_client(StaffFactory(is_superuser=True)).delete(detail_url(article) + "?permanent=true")

    assert response.status_code == 409
    assert Article.objects.filter(pk=article.pk).exists()
    assert Correction.objects.filter(article=article).count() == 1


# --- Corrections ----------------------------------------------------------------------------------


def test_correction_appears_in_the_public_detail_and_moves_the_modified_time(
    editor, anonymous, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        article = ArticleFactory(published=True)
    before = anonymous.get(detail_url(article)).json()
    assert before["corrections"] == []

    with django_capture_on_commit_callbacks(execute=True):
        first = correction_add(article=article, text="An earlier version misspelt a name.", by=editor)
        second = correction_add(article=article, text="The date of the vote was wrong.", by=editor)

    after = anonymous.get(detail_url(article)).json()
    assert [(c["text"], parse_datetime(c["created_at"])) for c in after["corrections"]] == [
        ("An earlier version misspelt a name.", first.created_at),
        ("The date of the vote was wrong.", second.created_at),
    ]
    assert set(after["corrections"][0]) == {"text", "created_at"}
    assert parse_datetime(after["updated_at"]) > parse_datetime(before["updated_at"])
    assert parse_datetime(after["updated_at"]) >= second.created_at
    assert after["json_ld"]["dateModified"] == after["updated_at"] != before["json_ld"]["dateModified"]
    assert after["json_ld"]["datePublished"] == before["json_ld"]["datePublished"]


# --- Revisions ------------------------------------------------------------------------------------


def test_every_save_through_the_api_keeps_a_revision_with_who_made_it(editor, writer):
    as_writer, as_editor = token_client(writer), token_client(editor)
    slug = as_writer.post("/api/v1/articles/", {"title": "Draft one"}, format="json").json()["slug"]
    as_writer.patch(detail_url(slug), {"title": "Draft two"}, format="json")
    as_writer.post(f"{detail_url(slug)}submit/")
    as_editor.post(f"{detail_url(slug)}publish/")
    as_editor.patch(detail_url(slug), {"title": "Live edit"}, format="json")
    as_editor.delete(detail_url(slug))

    history = Revision.objects.filter(article__slug=slug).order_by("created_at", "pk")
    assert [(r.created_by, r.content["title"], r.content["status"]) for r in history] == [
        (writer, "Draft one", "draft"),
        (writer, "Draft two", "draft"),
        (writer, "Draft two", "in_review"),
        (editor, "Draft two", "published"),
        (editor, "Live edit", "published"),  # the pending revision
        (editor, "Draft two", "archived"),
    ]
    content = history.first().content
    for key in ("title", "dek", "body", "section_id", "featured_image_id", "tags", "authors", "status"):
        assert key in content
    assert content["authors"] == [writer.author_profile.pk]


def test_restoring_a_revision_of_a_draft_applies_it_at_once_as_a_new_revision(editor):
    client = token_client(editor)
    first_tag, second_tag = TagFactory(), TagFactory()
    slug = client.post(
        "/api/v1/articles/",
        {
            "title": "First",
            "body_html": "<p>First body.</p>",
            "tags": [first_tag.slug],
            "authors": [AuthorFactory().slug],
        },
        format="json",
    ).json()["slug"]
    client.patch(
        detail_url(slug),
        {"title": "Second", "body_html": "<p>Second body.</p>", "tags": [second_tag.slug]},
        format="json",
    )
    article = Article.objects.get(slug=slug)
    oldest = article.revisions.order_by("created_at", "pk").first()
    restorer = StaffFactory(role="Editor")

    article_restore(article=article, revision=oldest, by=restorer)

    article = Article.objects.get(pk=article.pk)
    assert (article.title, article.body, list(article.tags.all())) == ("First", "<p>First body.</p>", [first_tag])
    assert article.pending_revision is None
    newest = article.revisions.first()
    assert (article.revisions.count(), newest.created_by, newest.content["title"]) == (3, restorer, "First")


def test_restoring_a_revision_whose_old_slug_was_taken_since_does_not_crash(editor):
    client = token_client(editor)
    client.post("/api/v1/articles/", {"title": "Alpha"}, format="json")
    client.patch("/api/v1/articles/alpha/", {"slug": "beta"}, format="json")
    client.post("/api/v1/articles/", {"title": "Newcomer", "slug": "alpha"}, format="json")
    article = Article.objects.get(slug="beta")
    oldest = article.revisions.order_by("created_at", "pk").first()

    try:
        article_restore(article=article, revision=oldest, by=editor)
    except (policy.Refusal, ValidationError):
        pass  # refusing cleanly is fine; a database error is not

    assert Article.objects.get(title="Newcomer").slug == "alpha"


def test_restoring_a_revision_of_a_published_article_waits_as_a_pending_revision(
    editor, anonymous, django_capture_on_commit_callbacks
):
    client = token_client(editor)
    created = client.post("/api/v1/articles/", {"title": "First", "authors": [AuthorFactory().slug]}, format="json")
    slug = created.json()["slug"]
    client.patch(detail_url(slug), {"title": "Second"}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        publish(client, slug)
    article = Article.objects.get(slug=slug)
    oldest = article.revisions.order_by("created_at", "pk").first()

    with django_capture_on_commit_callbacks(execute=True):
        pending = article_restore(article=article, revision=oldest, by=editor)

    article = Article.objects.get(pk=article.pk)
    assert (article.title, article.status, article.pending_revision) == ("Second", Status.PUBLISHED, pending)
    assert (pending.content["title"], pending.content["status"]) == ("First", "published")
    assert anonymous.get(detail_url(slug)).json()["title"] == "Second"
    with django_capture_on_commit_callbacks(execute=True):
        publish(client, slug)
    assert anonymous.get(detail_url(slug)).json()["title"] == "First"


# --- Previews -------------------------------------------------------------------------------------


def preview_link(client, article):
    response = client.post(f"{detail_url(article)}preview-link/")
    assert response.status_code == 200, response.json()
    return response.json()


def test_preview_link_answers_token_front_end_url_and_expiry(editor, settings):
    settings.FRONTEND_URL = "https://www.example.com"
    article = ArticleFactory(status=Status.DRAFT)
    moment = timezone.now().replace(microsecond=0)

    with time_machine.travel(moment, tick=False):
        link = preview_link(token_client(editor), article)

    assert set(link) == {"token", "url", "expires_at"}
    assert link["url"] == f"https://www.example.com/preview/{link['token']}/"
    assert parse_datetime(link["expires_at"]) == moment + timedelta(days=1)


def test_preview_link_is_for_staff_who_can_see_the_article(writer, anonymous):
    others_draft = ArticleFactory(status=Status.DRAFT)
    own_draft = ArticleFactory(status=Status.DRAFT, authors=[writer.author_profile])

    assert anonymous.post(f"{detail_url(others_draft)}preview-link/").status_code == 401
    assert token_client(writer).post(f"{detail_url(others_draft)}preview-link/").status_code == 404
    assert token_client(writer).post(f"{detail_url(own_draft)}preview-link/").status_code == 200


def test_preview_shows_a_draft_in_the_public_detail_shape_never_cached(editor, anonymous):
    published = ArticleFactory(published=True)
    draft = ArticleFactory(status=Status.DRAFT, title="Not out yet")
    token = preview_link(token_client(editor), draft)["token"]
    public_fields = set(anonymous.get(detail_url(published)).json())

    response = anonymous.get(f"/api/v1/preview/{token}/")

    assert response.status_code == 200
    assert set(response.json()) == public_fields
    assert (response.json()["slug"], response.json()["title"]) == (draft.slug, "Not out yet")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    with CaptureQueriesContext(connection) as again:
        assert anonymous.get(f"/api/v1/preview/{token}/").status_code == 200
    assert any('"articles_article"."body"' in query["sql"] for query in again.captured_queries)  # read afresh
    assert anonymous.get(detail_url(draft)).status_code == 404


def test_preview_shows_the_pending_revision_of_a_published_article(editor, anonymous):
    article = ArticleFactory(published=True, title="Live title", body="<p>Live body.</p>")
    image, tag = ImageFactory(), TagFactory()
    client = token_client(editor)
    client.patch(
        detail_url(article),
        {"title": "Pending title", "body_html": "<p>Pending body.</p>" + figure_html(image), "tags": [tag.slug]},
        format="json",
    )

    preview = anonymous.get(f"/api/v1/preview/{preview_link(client, article)['token']}/").json()

    assert preview["title"] == "Pending title"
    assert "Pending body." in preview["body_html"]
    assert [i["id"] for i in preview["images"]] == [image.pk]
    assert [t["slug"] for t in preview["tags"]] == [tag.slug]
    assert anonymous.get(detail_url(article)).json()["title"] == "Live title"


def test_preview_shows_the_byline_of_the_pending_revision(editor, anonymous):
    before, after = AuthorFactory(), AuthorFactory()
    article = ArticleFactory(published=True, authors=[before])
    client = token_client(editor)
    client.patch(detail_url(article), {"authors": [after.slug]}, format="json")

    preview = anonymous.get(f"/api/v1/preview/{preview_link(client, article)['token']}/").json()

    assert [a["slug"] for a in preview["authors"]] == [after.slug]


def test_preview_places_each_photo_of_the_pending_body_where_it_stands(editor, anonymous):
    first, second = ImageFactory(), ImageFactory()
    article = ArticleFactory(published=True)
    client = token_client(editor)
    pending_body = f"<p>One.</p>{figure_html(first)}<p>Two.</p>{figure_html(second)}"
    client.patch(detail_url(article), {"body_html": pending_body}, format="json")

    preview = anonymous.get(f"/api/v1/preview/{preview_link(client, article)['token']}/").json()

    assert [block["image"]["id"] for block in preview["body"] if block["type"] == "image"] == [first.pk, second.pk]
    assert [image["id"] for image in preview["images"]] == [first.pk, second.pk]


def test_tampered_preview_token_is_404(editor, anonymous):
    token = preview_link(token_client(editor), ArticleFactory(status=Status.DRAFT, title="Secret"))["token"]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = anonymous.get(f"/api/v1/preview/{tampered}/")

    assert response.status_code == 404
    assert "Secret" not in response.content.decode()


def test_preview_token_of_a_deleted_article_is_404(editor, anonymous):
    article = ArticleFactory(status=Status.DRAFT)
    token = preview_link(token_client(editor), article)["token"]
    article.delete()

    assert anonymous.get(f"/api/v1/preview/{token}/").status_code == 404


def test_preview_token_expires_after_a_day_by_default(editor, anonymous):
    token = preview_link(token_client(editor), ArticleFactory(status=Status.DRAFT, title="Secret"))["token"]

    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        assert anonymous.get(f"/api/v1/preview/{token}/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        response = anonymous.get(f"/api/v1/preview/{token}/")

    assert response.status_code == 410
    assert "Secret" not in response.content.decode()


def test_preview_token_lifetime_is_configurable(editor, anonymous, settings):
    settings.PREVIEW_TOKEN_MAX_AGE = 60
    token = preview_link(token_client(editor), ArticleFactory(status=Status.DRAFT))["token"]

    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        assert anonymous.get(f"/api/v1/preview/{token}/").status_code == 410


# --- Image uploads --------------------------------------------------------------------------------


def png_upload(width=120, height=90, name="harbour.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def upload(client, file):
    return client.post(
        "/api/v1/images/",
        {
            "file": file,
            "caption": "The harbour at dawn",
            "credit": "Staff photographer",
            "alt_text": "Boats in a harbour",
        },
        format="multipart",
    )


@pytest.mark.parametrize("role", ["Editor", "Writer"])
def test_staff_upload_an_image_and_get_the_image_object(role):
    user = StaffFactory(role=role)

    response = upload(token_client(user), png_upload())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert IMAGE_FIELDS <= set(body)
    assert (body["width"], body["height"]) == (120, 90)
    assert (body["caption"], body["credit"], body["alt_text"]) == (
        "The harbour at dawn",
        "Staff photographer",
        "Boats in a harbour",
    )
    assert body["url"].startswith("http://testserver/media/images/")
    image = Image.objects.get(pk=body["id"])
    assert image.uploaded_by == user
    assert image.file.name.endswith(".png")


def test_uploaded_image_can_be_placed_in_an_article_body(editor):
    client = token_client(editor)
    image = Image.objects.get(pk=upload(client, png_upload()).json()["id"])

    response = client.post("/api/v1/articles/", {"title": "Harbour", "body_html": figure_html(image)}, format="json")

    assert response.status_code == 201, response.json()


def test_anonymous_client_cannot_upload_an_image(anonymous):
    assert upload(anonymous, png_upload()).status_code == 401
    assert not Image.objects.exists()


def test_moderator_cannot_upload_an_image():
    assert upload(token_client(StaffFactory(role="Moderator")), png_upload()).status_code == 403
    assert not Image.objects.exists()


def test_upload_that_is_not_an_image_is_400(editor):
    fake = SimpleUploadedFile("notes.png", b"not a picture at all", content_type="image/png")

    response = upload(token_client(editor), fake)

    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert not Image.objects.exists()


# --- Authors --------------------------------------------------------------------------------------


def test_editor_adds_an_author_and_the_email_stays_private(editor):
    response = token_client(editor).post(
        "/api/v1/authors/",
        {
            "name": "Maria Lopez",
            "job_title": "Defence reporter",
            "email": "maria.private@newsroom.example",
            "expertise": ["NATO"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["slug"], body["job_title"], body["expertise"]) == ("maria-lopez", "Defence reporter", ["NATO"])
    assert "email" not in body
    assert "maria.private@newsroom.example" not in response.content.decode()
    assert Author.objects.get(slug="maria-lopez").email == "maria.private@newsroom.example"


def test_editor_changes_an_author_and_the_email_stays_private(editor):
    author = AuthorFactory(job_title="Reporter", email="old@newsroom.example")

    response = token_client(editor).patch(
        f"/api/v1/authors/{author.slug}/",
        {"job_title": "Editor-at-large", "email": "new@newsroom.example"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["job_title"] == "Editor-at-large"
    assert "email" not in response.json()
    assert "@newsroom.example" not in response.content.decode()
    author.refresh_from_db()
    assert (author.job_title, author.email) == ("Editor-at-large", "new@newsroom.example")


def test_editor_adding_an_author_with_a_taken_slug_is_400(editor):
    AuthorFactory(slug="maria-lopez")

    response = token_client(editor).post(
        "/api/v1/authors/", {"name": "Maria Lopez", "slug": "maria-lopez"}, format="json"
    )

    assert response.status_code == 400
    assert Author.objects.filter(slug="maria-lopez").count() == 1


def test_a_second_author_of_the_same_name_gets_a_slug_of_their_own(editor):
    AuthorFactory(slug="maria-lopez")

    response = token_client(editor).post("/api/v1/authors/", {"name": "Maria Lopez"}, format="json")

    assert response.status_code == 201 and response.json()["slug"] == "maria-lopez-2"


def test_an_author_named_in_another_script_gets_a_working_slug(editor, anonymous):
    response = token_client(editor).post("/api/v1/authors/", {"name": "Владимир Иванов"}, format="json")

    assert response.status_code == 201 and response.json()["slug"] == "владимир-иванов"
    assert anonymous.get("/api/v1/authors/").status_code == 200
    assert anonymous.get(response.json()["url"]).json()["name"] == "Владимир Иванов"


def test_writer_cannot_add_or_change_authors(writer):
    author = AuthorFactory(job_title="Reporter")
    client = token_client(writer)

    created = client.post("/api/v1/authors/", {"name": "Someone New"}, format="json")
    changed = client.patch(f"/api/v1/authors/{author.slug}/", {"job_title": "Chief"}, format="json")

    assert (created.status_code, changed.status_code) == (403, 403)
    assert not Author.objects.filter(name="Someone New").exists()
    author.refresh_from_db()
    assert author.job_title == "Reporter"


def test_anonymous_client_cannot_add_an_author(anonymous):
    assert anonymous.post("/api/v1/authors/", {"name": "Someone"}, format="json").status_code == 401
    assert not Author.objects.filter(name="Someone").exists()


def test_a_correction_changes_the_etag_staff_see(editor):
    article = ArticleFactory(published=True)
    client = token_client(editor)
    before = client.get(detail_url(article))["ETag"]

    correction_add(article=article, text="An earlier version misspelt a name.", by=editor)

    assert client.get(detail_url(article))["ETag"] != before
    assert client.get(detail_url(article), HTTP_IF_NONE_MATCH=before).status_code == 200


def test_a_scheduled_article_is_rescheduled_or_published_now_by_publish(editor, anonymous):
    article = ArticleFactory(scheduled=True)
    client = token_client(editor)
    later = timezone.now() + timedelta(days=3)

    moved = client.post(f"{detail_url(article)}publish/", {"publish_at": later.isoformat()}, format="json")
    assert moved.status_code == 200
    assert parse_datetime(moved.json()["publish_at"]) == later
    assert anonymous.get(detail_url(article)).status_code == 404

    now = client.post(f"{detail_url(article)}publish/", {}, format="json")
    assert now.status_code == 200
    assert anonymous.get(detail_url(article)).status_code == 200  # a 404 is never cached


def test_publishing_an_article_that_is_public_already_is_409(editor):
    article = ArticleFactory(published=True)

    response = token_client(editor).post(f"{detail_url(article)}publish/", {}, format="json")

    assert response.status_code == 409


def test_a_revision_naming_a_deleted_section_is_refused_not_crashed(editor):
    from articles.models import Section

    gone = SectionFactory()
    article = ArticleFactory(published=True, section=gone)
    client = token_client(editor)
    client.patch(detail_url(article), {"section": None}, format="json")  # waits as a pending revision
    article.refresh_from_db()
    pending = article.pending_revision
    pending.content["section_id"] = gone.pk
    pending.save()
    Article.objects.filter(section=gone).update(section=None)
    Section.objects.filter(pk=gone.pk).delete()

    response = client.post(f"{detail_url(article)}publish/", {}, format="json")

    assert response.status_code == 409 and "section" in response.json()["detail"]
    article.refresh_from_db()
    assert article.pending_revision_id == pending.pk


def test_canonical_url_defaults_to_the_front_end_page_and_an_editors_value_overrides_it(settings):
    settings.FRONTEND_URL = "https://news.example.com"
    here = ArticleFactory(published=True, slug="here")
    elsewhere = ArticleFactory(published=True, canonical_url="https://wire.example.org/story")
    anonymous = APIClient()

    assert anonymous.get("/api/v1/articles/here/").json()["canonical_url"] == "https://news.example.com/articles/here/"
    assert anonymous.get(f"/api/v1/articles/{elsewhere.slug}/").json()["canonical_url"] == (
        "https://wire.example.org/story"
    )
    assert here.canonical_url == ""  # nothing stored: a change of FRONTEND_URL follows


def test_delete_of_an_archived_article_removes_it_for_a_superuser_and_is_refused_for_an_editor(editor):
    article = ArticleFactory(status=Status.ARCHIVED)

    refused = token_client(editor).delete(f"/api/v1/articles/{article.slug}/")
    removed = token_client(StaffFactory(is_superuser=True)).delete(f"/api/v1/articles/{article.slug}/")

    assert refused.status_code == 403
    assert "Only superusers" in refused.json()["detail"]
    assert removed.status_code == 204
    assert not Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("body_html", "says"),
    [
        ("<blockquote>" * 40 + "<p>Deep words</p>" + "</blockquote>" * 40, "levels deep"),
        ("<p>" + "word " * 500_000 + "</p>", "characters of HTML"),
        ('<p>Look <img src="https://tracker.example/pixel.gif"></p>', "as figures from the library"),
    ],
    ids=["nested too deep", "too long", "image outside a figure"],
)
def test_a_body_the_parser_would_lose_or_an_outside_image_is_refused_and_nothing_is_written(
    editor, settings, body_html, says
):
    settings.API_MAX_JSON_BYTES = 5_000_000  # the body's own limit is under test, not the request's
    article = ArticleFactory(body="<p>Kept.</p>")

    response = token_client(editor).patch(f"/api/v1/articles/{article.slug}/", {"body_html": body_html}, format="json")

    assert response.status_code == 400
    assert says in response.json()["errors"]["body_html"][0]
    article.refresh_from_db()
    assert article.body == "<p>Kept.</p>"
