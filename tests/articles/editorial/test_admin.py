"""The editorial workflow in the admin: pending revisions, history, concurrency, roles, corrections, previews."""

import re
from datetime import UTC, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.editorial.roles import EDITOR, MODERATOR, WRITER
from articles.editorial.services import revision_record
from articles.models import Article, Correction, Revision, SlugRedirect, StateChange
from tests.articles.article_form import change_form_data, change_url, edit_in_admin, form_as_shown, loaded_revision_in
from tests.articles.factories import ArticleFactory, pending_edit
from tests.authors.factories import AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

OK, FORBIDDEN = 200, 403
PENDING_BANNER = "A pending revision waits"


# --- Helpers (the approach of tests/articles/test_admin.py) ---------------------------------------


def staff_user(role, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(client, role, **fields):
    user = staff_user(role, **fields)
    client.force_login(user)
    return user


def errors_of(response):
    """The form and inline errors of a re-rendered admin form, to show why a save did not happen."""
    if response.context is None or "adminform" not in response.context:
        return None
    return {
        "form": response.context["adminform"].form.errors,
        "inlines": [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
        "non_form": [inline.formset.non_form_errors() for inline in response.context["inline_admin_formsets"]],
    }


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def live_article(**fields):
    """A published article with one revision, as every article saved since the workflow has."""
    published_at = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    return saved_article(published=True, published_at=published_at, **fields)


def saved_article(**fields):
    """An article (a draft unless told otherwise) with one revision."""
    article = ArticleFactory(**fields)
    revision_record(article=article, by=None)
    return article


@pytest.fixture
def api():
    """An anonymous reader of the public API."""
    return Client()


@pytest.fixture
def no_response_cache(settings):
    settings.PUBLIC_RESPONSE_CACHE = False


def public_detail(api, slug):
    return api.get(f"/api/v1/articles/{slug}/")


# --- Pending revisions of a live article ------------------------------------------------------------


def test_editor_edit_of_a_live_article_without_publish_now_waits_as_a_pending_revision(client, api, no_response_cache):
    editor = log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon", body="<p>The ferry sails at noon.</p>")

    response = edit_in_admin(client, article, title="Ferry sails at dusk", body="<p>The ferry sails at dusk.</p>")

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert (article.title, article.body) == ("Ferry sails at noon", "<p>The ferry sails at noon.</p>")
    pending = article.pending_revision
    assert pending is not None
    assert (pending.content["title"], pending.content["body"], pending.created_by) == (
        "Ferry sails at dusk",
        "<p>The ferry sails at dusk.</p>",
        editor,
    )
    shown = public_detail(api, article.slug).json()
    assert shown["title"] == "Ferry sails at noon"
    assert "The ferry sails at noon." in shown["body_html"]
    assert "dusk" not in shown["body_html"]


def test_editor_saving_a_pending_revision_is_told_so_and_sees_the_banner(client):
    log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon")

    response = edit_in_admin(client, article, title="Ferry sails at dusk", _continue="Save and continue editing")
    page = client.get(response["Location"])

    assert "Saved as a pending revision: the public still sees the published version." in messages_of(page)
    assert PENDING_BANNER in page.content.decode()
    assert page.context["adminform"].form["title"].value() == "Ferry sails at dusk"


def test_change_page_of_an_article_with_a_pending_revision_shows_a_banner_and_the_pending_content(client):
    editor = log_in(client, EDITOR, username="olivia")
    article = live_article(title="Ferry sails at noon")
    pending_edit(article, by=editor, title="Ferry sails at dusk")

    page = client.get(change_url(article))

    content = page.content.decode()
    assert PENDING_BANNER in content
    assert f"saved by {editor.username}" in content
    assert reverse("admin:articles_article_publish_pending", args=[article.pk]) in content
    assert reverse("admin:articles_article_discard_pending", args=[article.pk]) in content
    assert page.context["adminform"].form["title"].value() == "Ferry sails at dusk"
    assert 'value="Ferry sails at dusk"' in content


def test_change_page_of_a_live_article_without_a_pending_revision_shows_no_banner(client):
    log_in(client, EDITOR)
    article = live_article()

    page = client.get(change_url(article))

    assert page.status_code == OK
    assert PENDING_BANNER not in page.content.decode()


def test_editor_ticking_publish_now_saves_the_live_article_at_once(client, api, no_response_cache):
    editor = log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon")
    revisions_before = article.revisions.count()

    response = edit_in_admin(client, article, title="Ferry sails at dusk", publish_changes="on")

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert (article.title, article.status, article.pending_revision) == (
        "Ferry sails at dusk",
        Article.Status.PUBLISHED,
        None,
    )
    # As over the API: the edit, then its publication, each kept in the history.
    assert article.revisions.count() == revisions_before + 2
    assert article.revisions.first().created_by == editor
    assert public_detail(api, article.slug).json()["title"] == "Ferry sails at dusk"


@pytest.mark.parametrize(
    "changes",
    [{"publish_changes": "on"}, {"status": Article.Status.DRAFT}, {"status": Article.Status.ARCHIVED}],
    ids=["publish-now", "unpublish", "archive"],
)
def test_a_live_save_replaces_the_pending_revision_that_was_waiting(client, changes):
    editor = log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon")
    pending_edit(article, by=editor, title="Ferry sails at dusk")

    response = edit_in_admin(client, article, title="Ferry sails at midnight", **changes)

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Ferry sails at midnight", None)
    assert PENDING_BANNER not in client.get(change_url(article)).content.decode()


def test_editor_publishing_the_pending_revision_makes_it_live(client, api, no_response_cache):
    editor = log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon")
    pending_edit(article, by=staff_user(EDITOR), title="Ferry sails at dusk")

    response = client.post(reverse("admin:articles_article_publish_pending", args=[article.pk]), follow=True)

    assert "The pending revision is live." in messages_of(response)
    article.refresh_from_db()
    assert (article.title, article.status, article.pending_revision) == (
        "Ferry sails at dusk",
        Article.Status.PUBLISHED,
        None,
    )
    assert article.revisions.first().created_by == editor
    assert public_detail(api, article.slug).json()["title"] == "Ferry sails at dusk"
    assert PENDING_BANNER not in response.content.decode()


def test_publishing_the_pending_revision_shows_in_the_cached_public_api_at_once(
    client, api, django_capture_on_commit_callbacks
):
    editor = log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon")
    pending_edit(article, by=editor, title="Ferry sails at dusk")
    assert public_detail(api, article.slug).json()["title"] == "Ferry sails at noon"  # now in the response cache

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:articles_article_publish_pending", args=[article.pk]))

    assert public_detail(api, article.slug).json()["title"] == "Ferry sails at dusk"


def test_editor_discarding_the_pending_revision_keeps_the_live_version(client, api, no_response_cache):
    editor = log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon")
    pending = pending_edit(article, by=editor, title="Ferry sails at dusk")

    response = client.post(reverse("admin:articles_article_discard_pending", args=[article.pk]), follow=True)

    assert "The pending revision is discarded; the live version is unchanged." in messages_of(response)
    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Ferry sails at noon", None)
    assert Revision.objects.filter(pk=pending.pk).exists()  # kept in the history
    assert public_detail(api, article.slug).json()["title"] == "Ferry sails at noon"
    assert client.get(change_url(article)).context["adminform"].form["title"].value() == "Ferry sails at noon"


def test_byline_change_of_a_live_article_without_publish_now_waits_with_the_edit(client):
    log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon")
    credit = article.article_authors.get()
    newcomer = AuthorFactory()

    response = edit_in_admin(
        client,
        article,
        title="Ferry sails at dusk",
        **{"article_authors-0-author": str(newcomer.pk)},
    )

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert [c.author_id for c in article.article_authors.all()] == [credit.author_id]
    assert article.title == "Ferry sails at noon"
    assert article.pending_revision.content["authors"] == [newcomer.pk]
    assert article.pending_revision.content["title"] == "Ferry sails at dusk"


def test_byline_change_of_a_live_article_with_publish_now_goes_live(client):
    log_in(client, EDITOR)
    article = live_article()
    newcomer = AuthorFactory()

    response = edit_in_admin(client, article, publish_changes="on", **{"article_authors-0-author": str(newcomer.pk)})

    assert response.status_code == 302, errors_of(response)
    assert [c.author for c in article.article_authors.all()] == [newcomer]


# --- Revisions: history, compare, restore -------------------------------------------------------------


def test_every_admin_save_keeps_a_revision_with_who_and_when(client):
    first = log_in(client, EDITOR)
    second_client = Client()
    second = log_in(second_client, EDITOR)
    article = saved_article(title="Ice roads close early")
    before = timezone.now()

    assert edit_in_admin(client, article, title="Ice roads close early this year").status_code == 302
    article.refresh_from_db()
    assert edit_in_admin(second_client, article, title="Ice roads close in March").status_code == 302

    newest, middle, oldest = article.revisions.all()
    assert [(r.content["title"], r.created_by) for r in (newest, middle)] == [
        ("Ice roads close in March", second),
        ("Ice roads close early this year", first),
    ]
    assert oldest.content["title"] == "Ice roads close early"
    assert before <= middle.created_at <= newest.created_at <= timezone.now()


def test_revisions_page_lists_every_revision_with_its_author(client):
    editor = log_in(client, EDITOR, username="olivia")
    article = saved_article(title="Ice roads close early")
    assert edit_in_admin(client, article, title="Ice roads close in March").status_code == 302

    page = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))

    assert page.status_code == OK
    assert [r.pk for r in page.context["revisions"]] == list(article.revisions.values_list("pk", flat=True))
    assert len(page.context["revisions"]) == 2
    content = page.content.decode()
    assert "Ice roads close in March" in content and "Ice roads close early" in content
    assert f"<td>{editor.username}</td>" in content


def test_revisions_page_marks_the_pending_revision(client):
    editor = log_in(client, EDITOR)
    article = live_article()
    pending_edit(article, by=editor, title="A waiting headline")

    content = client.get(reverse("admin:articles_article_revisions", args=[article.pk])).content.decode()

    assert f"{article.pending_revision_id} <strong>(pending)</strong>" in content


def test_compare_page_shows_the_words_changed_between_two_revisions(client):
    log_in(client, EDITOR)
    article = saved_article(body="<p>The ferry sails at noon.</p>")
    older = article.revisions.get()
    assert (
        edit_in_admin(
            client, article, body="<p>The ferry sails at noon.</p><p>Walruses block the harbour.</p>"
        ).status_code
        == 302
    )
    newer = article.revisions.first()

    page = client.get(reverse("admin:articles_article_compare", args=[article.pk]), {"a": older.pk, "b": newer.pk})

    assert page.status_code == OK
    html = page.content.decode()
    assert "<ins>Walruses</ins><ins> </ins><ins>block</ins>" in html  # word by word, on the newer side
    assert "The ferry sails at noon." in html
    assert (page.context["older"], page.context["newer"]) == (older, newer)


def test_compare_page_puts_the_older_revision_first_whichever_order_is_asked(client):
    log_in(client, EDITOR)
    article = saved_article(title="Ice roads close early")
    older = article.revisions.get()
    assert edit_in_admin(client, article, title="Ice roads close in March").status_code == 302
    newer = article.revisions.first()

    page = client.get(reverse("admin:articles_article_compare", args=[article.pk]), {"a": newer.pk, "b": older.pk})

    assert (page.context["older"], page.context["newer"]) == (older, newer)


def test_compare_page_escapes_markup_in_the_compared_text(client):
    log_in(client, EDITOR)
    article = saved_article(title="Plain headline")
    older = article.revisions.get()
    assert edit_in_admin(client, article, title="<script>alert(1)</script> headline").status_code == 302

    page = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": older.pk, "b": article.revisions.first().pk},
    )

    content = page.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_compare_page_answers_404_for_a_revision_of_another_article(client):
    log_in(client, EDITOR)
    article, other = saved_article(), saved_article()

    page = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": article.revisions.get().pk, "b": other.revisions.get().pk},
    )

    assert page.status_code == 404


def test_compare_page_answers_404_for_a_revision_id_that_is_not_a_number(client):
    log_in(client, EDITOR)
    article = saved_article()

    page = client.get(reverse("admin:articles_article_compare", args=[article.pk]), {"a": "x", "b": "y"})

    assert page.status_code == 404


def test_restoring_an_older_revision_of_a_draft_applies_it_at_once_as_a_new_revision(client):
    editor = log_in(client, EDITOR)
    article = saved_article(title="Ice roads close early", body="<p>First version.</p>")
    original = article.revisions.get()
    second = edit_in_admin(client, article, title="Ice roads close in March", body="<p>Second version.</p>")
    assert second.status_code == 302
    kept = set(article.revisions.values_list("pk", flat=True))

    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, original.pk]), follow=True)

    assert f"Revision {original.pk} is restored." in messages_of(response)
    article.refresh_from_db()
    assert (article.title, article.body, article.status) == (
        "Ice roads close early",
        "<p>First version.</p>",
        Article.Status.DRAFT,
    )
    assert kept < set(article.revisions.values_list("pk", flat=True))  # nothing deleted
    assert article.revisions.count() == len(kept) + 1
    newest = article.revisions.first()
    assert newest.pk not in kept
    assert (newest.content["title"], newest.created_by) == ("Ice roads close early", editor)
    assert article.pending_revision is None


def test_restoring_an_older_revision_of_a_live_article_waits_as_a_pending_revision(client, api, no_response_cache):
    log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon")
    original = article.revisions.get()
    assert edit_in_admin(client, article, title="Ferry sails at dusk", publish_changes="on").status_code == 302
    kept = set(article.revisions.values_list("pk", flat=True))

    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, original.pk]), follow=True)

    assert f"Revision {original.pk} is restored as a pending revision; publish it to go live." in messages_of(response)
    article.refresh_from_db()
    assert article.title == "Ferry sails at dusk"
    assert article.pending_revision.pk not in kept
    assert article.pending_revision.content["title"] == "Ferry sails at noon"
    assert kept < set(article.revisions.values_list("pk", flat=True))
    assert public_detail(api, article.slug).json()["title"] == "Ferry sails at dusk"
    assert PENDING_BANNER in response.content.decode()


def test_restore_is_refused_on_get(client):
    log_in(client, EDITOR)
    article = saved_article()

    response = client.get(reverse("admin:articles_article_restore", args=[article.pk, article.revisions.get().pk]))

    assert response.status_code == 405


# --- Two editors on one article -----------------------------------------------------------------------


def test_second_editor_saving_after_the_first_is_refused_naming_the_first(client):
    alice_client, bob_client = Client(), Client()
    alice = log_in(alice_client, EDITOR, username="alice")
    log_in(bob_client, EDITOR, username="bob")
    article = saved_article(title="Ice roads close early", dek="From the north.")
    alice_page, bob_page = alice_client.get(change_url(article)), bob_client.get(change_url(article))
    alice_loaded, bob_loaded = loaded_revision_in(alice_page), loaded_revision_in(bob_page)
    assert alice_loaded == bob_loaded == str(article.revisions.get().pk)

    first = alice_client.post(
        change_url(article), change_form_data(article, loaded_revision=alice_loaded, title="Alice's headline")
    )
    second = bob_client.post(
        change_url(article),
        change_form_data(article, loaded_revision=bob_loaded, title="Bob's headline", dek="Bob's dek."),
    )

    assert first.status_code == 302, errors_of(first)
    assert second.status_code == OK
    refusal = " ".join(errors_of(second)["form"]["__all__"])
    assert refusal.startswith(f"{alice.username} saved this article at")
    assert "after you opened it" in refusal
    assert "alice saved this article" in second.content.decode()
    article.refresh_from_db()
    assert (article.title, article.dek) == ("Alice's headline", "From the north.")
    assert article.revisions.count() == 2
    assert not article.revisions.filter(content__title="Bob's headline").exists()


def test_second_editor_saving_a_live_article_after_the_first_published_is_refused(client):
    alice_client, bob_client = Client(), Client()
    log_in(alice_client, EDITOR, username="alice")
    log_in(bob_client, EDITOR, username="bob")
    article = live_article(title="Ferry sails at noon")
    alice_loaded = loaded_revision_in(alice_client.get(change_url(article)))
    bob_loaded = loaded_revision_in(bob_client.get(change_url(article)))

    first = alice_client.post(
        change_url(article),
        change_form_data(article, loaded_revision=alice_loaded, title="Alice's headline", publish_changes="on"),
    )
    second = bob_client.post(
        change_url(article), change_form_data(article, loaded_revision=bob_loaded, title="Bob's headline")
    )

    assert first.status_code == 302, errors_of(first)
    assert second.status_code == OK
    assert "alice saved this article" in " ".join(errors_of(second)["form"]["__all__"])
    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Alice's headline", None)
    assert not article.revisions.filter(content__title="Bob's headline").exists()


def test_editor_saving_after_someone_left_a_pending_edit_is_refused(client):
    bob = log_in(client, EDITOR, username="bob")
    alice = staff_user(EDITOR, username="alice")
    article = live_article(title="Ferry sails at noon")
    bob_loaded = loaded_revision_in(client.get(change_url(article)))
    pending = pending_edit(article, by=alice, title="Alice's headline")  # e.g. through the API

    response = client.post(
        change_url(article),
        change_form_data(article, loaded_revision=bob_loaded, title="Bob's headline", publish_changes="on"),
    )

    assert response.status_code == OK
    assert "alice saved this article" in " ".join(errors_of(response)["form"]["__all__"])
    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Ferry sails at noon", pending)
    assert not article.revisions.filter(content__title="Bob's headline").exists()
    assert bob.pk not in set(article.revisions.values_list("created_by", flat=True))


def test_editor_saving_again_after_reloading_the_page_is_not_refused(client):
    log_in(client, EDITOR)
    article = saved_article(title="Ice roads close early")
    assert edit_in_admin(client, article, title="Second headline").status_code == 302
    article.refresh_from_db()

    response = edit_in_admin(client, article, title="Third headline")

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.title == "Third headline"


def test_refusal_gives_the_time_of_the_other_save_in_the_newsroom_time_zone(client, settings):
    settings.TIME_ZONE = "America/Toronto"
    alice = staff_user(EDITOR, username="alice")
    log_in(client, EDITOR, username="bob")
    article = saved_article()
    bob_loaded = loaded_revision_in(client.get(change_url(article)))
    saved = revision_record(article=article, by=alice)
    local, utc = timezone.localtime(saved.created_at), saved.created_at.astimezone(UTC)
    assert date_format(local, "DATETIME_FORMAT") != date_format(utc, "DATETIME_FORMAT")

    response = client.post(change_url(article), change_form_data(article, loaded_revision=bob_loaded, title="Bob's"))

    refusal = " ".join(errors_of(response)["form"]["__all__"])
    assert f"alice saved this article at {date_format(local, 'DATETIME_FORMAT')}, after you opened it" in refusal


def test_second_editor_is_refused_on_an_article_that_had_no_revision_when_opened(client):
    alice_client, bob_client = Client(), Client()
    log_in(alice_client, EDITOR, username="alice")
    log_in(bob_client, EDITOR, username="bob")
    article = ArticleFactory(title="Made before revisions were kept")  # e.g. an article older than the workflow
    alice_loaded = loaded_revision_in(alice_client.get(change_url(article)))
    bob_loaded = loaded_revision_in(bob_client.get(change_url(article)))

    first = alice_client.post(
        change_url(article), change_form_data(article, loaded_revision=alice_loaded, title="Alice's headline")
    )
    second = bob_client.post(
        change_url(article), change_form_data(article, loaded_revision=bob_loaded, title="Bob's headline")
    )

    assert first.status_code == 302, errors_of(first)
    assert second.status_code == OK
    article.refresh_from_db()
    assert article.title == "Alice's headline"


# --- Status changes by role -----------------------------------------------------------------------------


def test_writer_is_offered_draft_and_in_review_for_their_own_draft(client):
    writer = log_in(client, WRITER)
    article = saved_article(authors=[AuthorFactory(user=writer)])

    page = client.get(change_url(article))

    form = page.context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == [Article.Status.DRAFT, Article.Status.IN_REVIEW]
    assert "published_at" not in form.fields
    assert 'name="publish_changes"' not in page.content.decode()


def test_writer_sends_their_own_draft_to_review_and_the_change_is_logged(client):
    writer = log_in(client, WRITER)
    article = saved_article(authors=[AuthorFactory(user=writer)])

    response = edit_in_admin(client, article, status=Article.Status.IN_REVIEW)

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.IN_REVIEW, None)
    change = StateChange.objects.get(article=article)
    assert (change.from_status, change.to_status, change.by) == (Article.Status.DRAFT, Article.Status.IN_REVIEW, writer)


@pytest.mark.parametrize("target", [Article.Status.PUBLISHED, Article.Status.ARCHIVED])
def test_writer_forging_a_publish_or_archive_of_their_own_draft_is_refused(client, target):
    writer = log_in(client, WRITER)
    article = saved_article(authors=[AuthorFactory(user=writer)])
    now = timezone.now()

    response = edit_in_admin(
        client, article, status=target, published_at_0=now.strftime("%Y-%m-%d"), published_at_1="09:00:00"
    )

    assert response.status_code == OK
    assert "status" in errors_of(response)["form"]
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)
    assert not StateChange.objects.filter(article=article).exists()


def test_writer_cannot_open_or_change_another_writers_article(client):
    log_in(client, WRITER)
    others = saved_article(title="Someone else's draft")

    page = client.get(change_url(others))
    post = client.post(change_url(others), change_form_data(others, loaded_revision="", title="Taken over"))

    assert (page.status_code, page["Location"]) == (302, reverse("admin:articles_article_changelist"))
    assert (post.status_code, post["Location"]) == (302, reverse("admin:articles_article_changelist"))
    others.refresh_from_db()
    assert others.title == "Someone else's draft"
    assert others.revisions.count() == 1


def test_writer_sees_their_article_in_review_read_only_and_may_only_withdraw_it(client):
    writer = log_in(client, WRITER)
    article = saved_article(authors=[AuthorFactory(user=writer)], status=Article.Status.IN_REVIEW, title="Sent in")

    page = client.get(change_url(article))
    post = client.post(change_url(article), form_as_shown(page, title="Changed in review", status="draft"))

    assert page.status_code == OK
    form = page.context["adminform"].form
    assert "title" not in form.fields  # shown, not editable
    assert {value for value, _ in form.fields["status"].choices} == {Article.Status.IN_REVIEW, Article.Status.DRAFT}
    assert post.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("Sent in", Article.Status.DRAFT)


def test_editor_is_offered_unpublish_and_archive_for_a_live_article(client):
    log_in(client, EDITOR)
    article = live_article()

    page = client.get(change_url(article))

    assert {value for value, _ in page.context["adminform"].form.fields["status"].choices} == {
        Article.Status.PUBLISHED,
        Article.Status.DRAFT,
        Article.Status.ARCHIVED,
    }
    assert 'name="publish_changes"' in page.content.decode()


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (Article.Status.IN_REVIEW, Article.Status.PUBLISHED),
        (Article.Status.PUBLISHED, Article.Status.DRAFT),
        (Article.Status.PUBLISHED, Article.Status.ARCHIVED),
        (Article.Status.ARCHIVED, Article.Status.PUBLISHED),
    ],
)
def test_editor_status_change_is_applied_logged_and_shown_in_the_status_history(client, source, target):
    editor = log_in(client, EDITOR, username="olivia")
    article = saved_article(status=source, published_at=timezone.now() - timedelta(days=1))

    response = edit_in_admin(client, article, status=target)

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.status == target
    change = StateChange.objects.get(article=article)
    assert (change.from_status, change.to_status, change.by) == (source, target, editor)
    history = client.get(change_url(article)).content.decode()
    assert f"{Article.Status(source).label} → {Article.Status(target).label} by olivia" in history


def test_editor_publishing_with_an_empty_publish_time_sets_it_to_now(client, api, no_response_cache):
    log_in(client, EDITOR)
    article = saved_article(status=Article.Status.IN_REVIEW, title="Ready to go")
    before = timezone.now().replace(microsecond=0)

    response = edit_in_admin(client, article, status=Article.Status.PUBLISHED, published_at_0="", published_at_1="")

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.published_at <= timezone.now()
    assert public_detail(api, article.slug).json()["title"] == "Ready to go"


def test_editor_unpublishing_takes_the_article_off_the_public_api(client, api, no_response_cache):
    log_in(client, EDITOR)
    article = live_article()
    assert public_detail(api, article.slug).status_code == OK

    response = edit_in_admin(client, article, status=Article.Status.DRAFT)

    assert response.status_code == 302, errors_of(response)
    assert public_detail(api, article.slug).status_code == 404


def test_saving_without_a_status_change_logs_no_state_change(client):
    log_in(client, EDITOR)
    article = saved_article()

    assert edit_in_admin(client, article, title="Only the headline changes").status_code == 302

    assert not StateChange.objects.filter(article=article).exists()
    assert "None yet." in client.get(change_url(article)).content.decode()


# --- Corrections --------------------------------------------------------------------------------------------


def test_editor_adds_a_correction_shown_in_the_admin_and_the_public_api(client, api, no_response_cache):
    log_in(client, EDITOR)
    article = live_article()
    long_ago = timezone.now() - timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(published_at=long_ago, updated_at=long_ago)
    article.refresh_from_db()
    text = "An earlier version misspelt the mayor's name."
    before = timezone.now()

    response = edit_in_admin(client, article, new_correction=text, publish_changes="on")

    assert response.status_code == 302, errors_of(response)
    correction = Correction.objects.get(article=article)
    assert correction.text == text
    article.refresh_from_db()
    assert article.updated_at >= before
    page = client.get(change_url(article)).content.decode()
    assert f"{correction.created_at:%Y-%m-%d}: An earlier version misspelt the mayor&#x27;s name." in page
    shown = public_detail(api, article.slug).json()
    assert [c["text"] for c in shown["corrections"]] == [text]
    assert shown["corrections"][0]["created_at"]
    assert shown["updated_at"] >= before.isoformat()[:19]


def test_adding_only_a_correction_leaves_no_pending_revision(client):
    log_in(client, EDITOR)
    article = live_article()

    response = edit_in_admin(client, article, new_correction="The vote was on Tuesday, not Monday.")

    assert response.status_code == 302, errors_of(response)
    assert Correction.objects.filter(article=article).count() == 1
    article.refresh_from_db()
    assert article.pending_revision is None


def test_corrections_so_far_are_read_only_in_the_article_form(client):
    log_in(client, EDITOR)
    article = live_article()
    correction = Correction.objects.create(article=article, text="The original figure was 12, not 21.")

    page = client.get(change_url(article))
    response = edit_in_admin(client, article, publish_changes="on", corrections_so_far="Rewritten history")

    assert "corrections_so_far" not in page.context["adminform"].form.fields
    assert response.status_code == 302, errors_of(response)
    assert list(Correction.objects.filter(article=article).values_list("pk", "text")) == [
        (correction.pk, "The original figure was 12, not 21.")
    ]


def test_corrections_have_no_admin_pages_to_change_or_delete_them(client):
    log_in(client, EDITOR)
    article = live_article()
    correction = Correction.objects.create(article=article, text="A name was misspelt.")

    with pytest.raises(NoReverseMatch):
        reverse("admin:articles_correction_change", args=[correction.pk])
    assert client.get(f"/admin/articles/correction/{correction.pk}/change/").status_code == 404
    assert client.post(f"/admin/articles/correction/{correction.pk}/delete/", {"post": "yes"}).status_code == 404
    assert Correction.objects.filter(pk=correction.pk).exists()


def test_article_with_a_correction_cannot_be_deleted_in_the_admin(client):
    client.force_login(UserFactory(is_superuser=True))
    article = live_article()
    Correction.objects.create(article=article, text="A name was misspelt.")

    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    assert response.status_code == OK
    assert "would require deleting the following protected related objects" in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()
    assert Correction.objects.filter(article=article).count() == 1


def test_writer_cannot_add_a_correction_by_a_forged_post(client):
    writer = log_in(client, WRITER)
    article = saved_article(authors=[AuthorFactory(user=writer)], published_at=timezone.now() - timedelta(days=2))

    edit_in_admin(client, article, new_correction="Slipped in by a writer.")

    assert not Correction.objects.filter(article=article).exists()


# --- Slug changes -------------------------------------------------------------------------------------------


def test_changing_the_slug_of_a_live_article_keeps_the_old_one_as_a_redirect(client, api, no_response_cache):
    log_in(client, EDITOR)
    article = live_article(slug="ice-roads-close-early")

    response = edit_in_admin(client, article, slug="ice-roads-close-in-march", publish_changes="on")

    assert response.status_code == 302, errors_of(response)
    assert SlugRedirect.objects.get(old_slug="ice-roads-close-early").article == article
    moved = public_detail(api, "ice-roads-close-early")
    assert moved.status_code == 301
    assert moved["Location"].endswith("/api/v1/articles/ice-roads-close-in-march/")
    assert public_detail(api, "ice-roads-close-in-march").status_code == OK


def test_changing_a_slug_back_answers_the_current_slug_and_redirects_the_other(client, api, no_response_cache):
    log_in(client, EDITOR)
    article = live_article(slug="ice-roads-close-early")
    assert edit_in_admin(client, article, slug="ice-roads-close-in-march", publish_changes="on").status_code == 302
    article.refresh_from_db()

    response = edit_in_admin(client, article, slug="ice-roads-close-early", publish_changes="on")

    assert response.status_code == 302, errors_of(response)
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["ice-roads-close-in-march"]
    assert public_detail(api, "ice-roads-close-early").status_code == OK
    moved = public_detail(api, "ice-roads-close-in-march")
    assert (moved.status_code, moved["Location"].endswith("/api/v1/articles/ice-roads-close-early/")) == (301, True)


def test_slug_change_in_a_pending_revision_redirects_once_it_is_published(client, api, no_response_cache):
    editor = log_in(client, EDITOR)
    article = live_article(slug="ice-roads-close-early")
    pending_edit(article, by=editor, slug="ice-roads-close-in-march")
    assert public_detail(api, "ice-roads-close-early").status_code == OK
    assert not SlugRedirect.objects.exists()

    client.post(reverse("admin:articles_article_publish_pending", args=[article.pk]))

    moved = public_detail(api, "ice-roads-close-early")
    assert moved.status_code == 301
    assert moved["Location"].endswith("/api/v1/articles/ice-roads-close-in-march/")


# --- Previews -----------------------------------------------------------------------------------------------


def test_preview_page_gives_a_token_link_that_returns_the_draft(client, api, settings):
    settings.FRONTEND_URL = "https://front.example"
    log_in(client, EDITOR)
    article = saved_article(title="Not yet public")
    assert public_detail(api, article.slug).status_code == 404

    page = client.get(reverse("admin:articles_article_preview", args=[article.pk]))

    assert page.status_code == OK
    content = page.content.decode()
    token = re.search(r"/api/v1/preview/([^/<\"]+)/", content).group(1)
    assert f"https://front.example/preview/{token}/" in content
    preview = api.get(f"/api/v1/preview/{token}/")
    assert preview.status_code == OK
    assert (preview.json()["slug"], preview.json()["title"]) == (article.slug, "Not yet public")


def test_preview_of_a_live_article_shows_its_pending_revision(client, api):
    editor = log_in(client, EDITOR)
    article = live_article(title="Ferry sails at noon")
    pending_edit(article, by=editor, title="Ferry sails at dusk")

    page = client.get(reverse("admin:articles_article_preview", args=[article.pk]))

    token = re.search(r"/api/v1/preview/([^/<\"]+)/", page.content.decode()).group(1)
    assert api.get(f"/api/v1/preview/{token}/").json()["title"] == "Ferry sails at dusk"


def test_change_page_links_to_the_revisions_and_the_preview(client):
    log_in(client, EDITOR)
    article = saved_article()

    content = client.get(change_url(article)).content.decode()

    assert reverse("admin:articles_article_revisions", args=[article.pk]) in content
    assert reverse("admin:articles_article_preview", args=[article.pk]) in content


# --- Who may use the history views ----------------------------------------------------------------------------


def test_moderator_views_an_article_with_a_pending_revision_without_the_means_to_change_it(client):
    article = live_article(title="Ferry sails at noon")
    pending_edit(article, by=staff_user(EDITOR), title="Ferry sails at dusk")
    log_in(client, MODERATOR)

    page = client.get(change_url(article))
    post = client.post(
        change_url(article), change_form_data(article, loaded_revision="", title="Moderated", publish_changes="on")
    )

    assert page.status_code == OK
    assert page.context["has_change_permission"] is False
    content = page.content.decode()
    assert PENDING_BANNER in content
    assert reverse("admin:articles_article_publish_pending", args=[article.pk]) not in content
    assert post.status_code == FORBIDDEN
    article.refresh_from_db()
    assert article.title == "Ferry sails at noon"


def test_moderator_sees_the_history_of_a_public_article_but_is_offered_no_restore(client):
    log_in(client, MODERATOR)
    article = live_article()

    page = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))

    assert page.status_code == OK
    assert page.context["can_restore"] is False
    assert reverse("admin:articles_article_restore", args=[article.pk, article.revisions.get().pk]) not in (
        page.content.decode()
    )


def test_moderator_cannot_restore_publish_or_discard_revisions(client):
    article = live_article(title="Ferry sails at noon")
    original = article.revisions.get()
    pending = pending_edit(article, by=staff_user(EDITOR), title="Ferry sails at dusk")
    log_in(client, MODERATOR)

    statuses = [
        client.post(reverse("admin:articles_article_restore", args=[article.pk, original.pk])).status_code,
        client.post(reverse("admin:articles_article_publish_pending", args=[article.pk])).status_code,
        client.post(reverse("admin:articles_article_discard_pending", args=[article.pk])).status_code,
    ]

    assert statuses == [FORBIDDEN] * 3
    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Ferry sails at noon", pending)
    assert article.revisions.count() == 2


def test_writer_in_the_byline_cannot_publish_or_discard_a_pending_revision(client):
    writer = log_in(client, WRITER)
    article = live_article(title="Ferry sails at noon", authors=[AuthorFactory(user=writer)])
    pending = pending_edit(article, by=staff_user(EDITOR), title="Ferry sails at dusk")

    statuses = [
        client.post(reverse("admin:articles_article_publish_pending", args=[article.pk])).status_code,
        client.post(reverse("admin:articles_article_discard_pending", args=[article.pk])).status_code,
    ]

    assert statuses == [FORBIDDEN, FORBIDDEN]
    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Ferry sails at noon", pending)


def test_writer_cannot_discard_on_their_own_draft(client):
    writer = log_in(client, WRITER)
    article = saved_article(authors=[AuthorFactory(user=writer)])

    response = client.post(reverse("admin:articles_article_discard_pending", args=[article.pk]))

    assert response.status_code == FORBIDDEN


def test_writer_restores_a_revision_of_their_own_draft(client):
    writer = log_in(client, WRITER)
    article = saved_article(authors=[AuthorFactory(user=writer)], title="First headline")
    original = article.revisions.get()
    assert edit_in_admin(client, article, title="Second headline").status_code == 302

    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, original.pk]))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "First headline"


def test_writer_gets_404_for_the_history_of_another_writers_article(client):
    log_in(client, WRITER)
    others = saved_article()

    response = client.get(reverse("admin:articles_article_revisions", args=[others.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("view", ["revisions", "compare", "preview", "restore", "publish_pending", "discard_pending"])
def test_staff_without_article_permissions_are_refused_every_history_view(client, view):
    user = UserFactory()  # staff, in no group
    client.force_login(user)
    article = live_article()
    revision = article.revisions.get()
    args = [article.pk, revision.pk] if view == "restore" else [article.pk]
    url = reverse(f"admin:articles_article_{view}", args=args)

    if view in ("restore", "publish_pending", "discard_pending"):
        response = client.post(url)
    else:
        response = client.get(url, {"a": revision.pk, "b": revision.pk})

    assert response.status_code == FORBIDDEN
    assert article.revisions.count() == 1


@pytest.mark.parametrize("view", ["revisions", "compare", "preview"])
def test_anonymous_visitor_is_sent_to_log_in_for_the_history_views(client, view):
    article = saved_article()
    revision = article.revisions.get()
    url = reverse(f"admin:articles_article_{view}", args=[article.pk])

    response = client.get(url, {"a": revision.pk, "b": revision.pk})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_saving_a_live_article_whose_edit_waits_keeps_it_waiting(client):
    log_in(client, "Editor")
    article = ArticleFactory(published=True, title="Live title", authors=[AuthorFactory()])
    pending_edit(article, title="Waiting title")

    page = client.get(change_url(article))
    data = change_form_data(article, loaded_revision=loaded_revision_in(page), title="Waiting title")
    response = client.post(change_url(article), data)  # the form as shown: nothing changed, no "publish now"

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.title == "Live title"
    assert article.pending_revision.content["title"] == "Waiting title"


def test_a_writer_cannot_take_themselves_out_of_the_byline_in_the_admin(client):
    writer = log_in(client, "Writer")
    own = AuthorFactory(user=writer)
    article = ArticleFactory(authors=[own])
    other = AuthorFactory()
    page = client.get(change_url(article))
    data = change_form_data(article, loaded_revision=loaded_revision_in(page)) | {
        "article_authors-0-author": str(other.pk),
    }

    response = client.post(change_url(article), data)

    assert response.status_code == OK
    assert "Keep yourself in the byline" in response.content.decode()
    assert list(article.article_authors.values_list("author", flat=True)) == [own.pk]


def test_a_save_without_the_version_the_form_was_opened_at_is_refused(client):
    log_in(client, EDITOR)
    article = saved_article(title="As it was")
    page = client.get(change_url(article))
    data = form_as_shown(page, title="Blind overwrite")
    del data["loaded_revision"]

    response = client.post(change_url(article), data)

    assert response.status_code == OK
    assert "sent without the version it was opened at" in str(errors_of(response)["form"])
    article.refresh_from_db()
    assert article.title == "As it was"
