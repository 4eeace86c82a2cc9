"""Who may do what to live coverage: the policy's answer, and both surfaces (API and admin) giving the same one."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.editorial import policy
from articles.editorial.policy import LiveAction
from articles.live.models import LiveEntry
from tests.articles.live.factories import editor, live_article, post, reporter
from tests.authors.factories import StaffFactory, token_client

pytestmark = pytest.mark.django_db

ROLES = [
    "editor",
    "writer in the byline, own entry",
    "writer in the byline, a colleague's entry",
    "writer not in it",
    "moderator",
]
EXPECTED = {  # action: the roles allowed
    LiveAction.POST_ENTRY: {"editor", "writer in the byline, own entry", "writer in the byline, a colleague's entry"},
    LiveAction.EDIT_ENTRY: {"editor", "writer in the byline, own entry"},
    LiveAction.DELETE_ENTRY: {"editor", "writer in the byline, own entry"},
    LiveAction.MARK_KEY_EVENT: {"editor", "writer in the byline, own entry"},
    LiveAction.PIN_ENTRY: {"editor"},
    LiveAction.CORRECT_ENTRY: {"editor"},
    LiveAction.MANAGE_COVERAGE: {"editor"},
}


def scene(role):
    article = live_article()
    owner = reporter(article)
    entry = post(article, owner, "The entry")
    user = {
        "editor": editor,
        "writer in the byline, own entry": lambda: owner,
        "writer in the byline, a colleague's entry": lambda: reporter(article),
        "writer not in it": reporter,
        "moderator": lambda: StaffFactory(role="Moderator"),
    }[role]()
    return article, entry, user


def api_call(action, article, entry, user):
    client, base = token_client(user), f"/api/v1/articles/{article.slug}/"
    entry_url = f"{base}entries/{entry.pk}/"
    return {
        LiveAction.POST_ENTRY: lambda: client.post(f"{base}entries/", {"body_html": "<p>New</p>"}, format="json"),
        LiveAction.EDIT_ENTRY: lambda: client.patch(entry_url, {"body_html": "<p>Edited</p>"}, format="json"),
        LiveAction.DELETE_ENTRY: lambda: client.delete(entry_url),
        LiveAction.MARK_KEY_EVENT: lambda: client.patch(entry_url, {"key_event": True}, format="json"),
        LiveAction.PIN_ENTRY: lambda: client.patch(entry_url, {"pinned": True}, format="json"),
        LiveAction.CORRECT_ENTRY: lambda: client.post(f"{entry_url}corrections/", {"text": "Fixed"}, format="json"),
        LiveAction.MANAGE_COVERAGE: lambda: client.post(f"{base}coverage/end/"),
    }[action]()


def admin_call(action, article, entry, user):
    client = Client()
    client.force_login(user)
    live = reverse("admin:articles_livecoverage_live", args=[article.pk])

    def inline(op):
        return client.post(reverse("admin:articles_livecoverage_entry", args=[article.pk, entry.pk, op]))

    return {
        LiveAction.POST_ENTRY: lambda: client.post(live, {"body": "<p>New</p>"}),
        LiveAction.EDIT_ENTRY: lambda: client.post(f"{live}?edit={entry.pk}", {"body": "<p>Edited</p>"}),
        LiveAction.DELETE_ENTRY: lambda: inline("delete"),
        LiveAction.MARK_KEY_EVENT: lambda: inline("key"),
        LiveAction.PIN_ENTRY: lambda: inline("pin"),
        LiveAction.CORRECT_ENTRY: None,  # corrections are added over the API (the posting screen shows them)
        LiveAction.MANAGE_COVERAGE: lambda: client.post(reverse("admin:articles_livecoverage_end", args=[article.pk])),
    }[action]


def outcome():
    entries = LiveEntry.objects.order_by("pk")
    return [
        (e.body, e.is_key_event, e.is_pinned, e.corrections.count(), e.coverage.ends_at is not None) for e in entries
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_the_policy_and_both_surfaces_agree(role, action):
    article, entry, user = scene(role)
    allowed = policy.allows_live(user, action, article, entry)
    assert allowed == (role in EXPECTED[action])
    before = outcome()

    api = api_call(action, article, entry, user)
    after_api = outcome()

    assert (api.status_code < 400) == allowed, api.content
    assert (after_api != before) == allowed
    if (call := admin_call(action, *scene(role))) is None:
        return
    admin_before = outcome()
    response = call()
    assert (response.status_code == 302) == allowed
    assert (outcome() != admin_before) == allowed
    if not allowed:
        assert response.status_code in (403, 404)


def test_every_live_action_is_in_the_matrix():
    assert set(EXPECTED) == set(LiveAction) - {LiveAction.VIEW_ENTRY_DRAFTS}


def test_drafts_are_seen_by_editors_and_the_byline_only():
    article = live_article()
    owner = reporter(article)
    post(article, owner, "Draft", status="draft")

    for user, sees in ((owner, True), (editor(), True), (reporter(), False), (StaffFactory(role="Moderator"), False)):
        results = token_client(user).get(f"/api/v1/articles/{article.slug}/entries/").json()["results"]
        assert bool(results) == sees


def with_prefetched_byline(article):
    """The article as the posting screen reads it: its byline prefetched once for every button of the stream."""
    from django.db.models import Prefetch

    from articles.models import Article, ArticleAuthor

    bylines = Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author"))
    return Article.objects.prefetch_related(bylines).get(pk=article.pk)


@pytest.mark.parametrize("in_it", [True, False])
def test_the_byline_is_answered_alike_from_a_prefetch_without_a_query(django_assert_num_queries, in_it):
    article = live_article()
    user = reporter(article if in_it else None)
    prefetched = with_prefetched_byline(article)

    with django_assert_num_queries(0):
        from_prefetch = policy.in_byline(user, prefetched)

    assert from_prefetch == policy.in_byline(user, article) == in_it


def test_a_writer_taken_out_of_the_byline_after_the_screen_read_it_is_refused_under_the_lock():
    from articles.live import services

    article = live_article()
    writer = reporter(article)
    entry = post(article, writer, "Mine")
    screen = with_prefetched_byline(article)  # read before the editor takes the writer out
    article.article_authors.filter(author__user=writer).delete()

    for write in (
        lambda: services.entry_edit(article=screen, entry=entry, by=writer, changes={"body_html": "<p>Edited</p>"}),
        lambda: services.entry_delete(article=screen, entry=entry, by=writer),
        lambda: services.entry_post(article=screen, by=writer, body_html="<p>New</p>"),
    ):
        with pytest.raises(policy.NotAllowed):
            write()

    assert list(LiveEntry.objects.values_list("body", flat=True)) == ["<p>Mine</p>"]
