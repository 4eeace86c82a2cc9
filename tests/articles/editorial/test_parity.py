"""The parity matrix: every role × action × article state, driven through the admin (real forms, Django's test
client) and through the API, must end the same way, and the way the editorial policy says.

Each case builds the same scene twice, acts once on each surface, and compares what is in the database after.
If one surface changes its rule alone, its column stops matching the policy and the other surface.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from articles.editorial import policy
from articles.editorial.policy import Action
from articles.editorial.roles import EDITOR, MODERATOR, WRITER
from articles.editorial.services import revision_record
from articles.models import Article, Comment, Revision
from authors.models import Author
from tests.articles.article_form import change_url, form_as_shown
from tests.articles.factories import ArticleFactory, CommentFactory, pending_edit
from tests.authors.factories import AuthorFactory, UserFactory, token_client

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "writer in the byline", "writer not in it", "editor", "moderator", "superuser"]
STATES = ["draft", "in review", "scheduled", "published", "published with a pending revision", "archived"]
# Fronts and redirects are not an article's: their rules have their own tests (tests/articles/fronts/,
# tests/articles/redirects/).
ACTIONS = [action for action in Action if action not in (Action.CREATE, Action.CHANGE_FRONTS, Action.MANAGE_REDIRECTS)]


def SCHEDULE_AT():  # noqa: N802 - a moment both surfaces schedule for
    return (timezone.now() + timedelta(days=3)).replace(hour=12, minute=0, second=0, microsecond=0)


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.PUBLIC_RESPONSE_CACHE = False


class Scene:
    """An article in a state, with an older revision to restore, a pending comment, and the acting user."""

    def __init__(self, user, role, state, now):
        self.user = user
        if role == "writer in the byline":
            byline = Author.objects.filter(user=user).first() or AuthorFactory(user=user)
        else:
            byline = AuthorFactory(user=UserFactory())
            byline.user.groups.add(Group.objects.get(name=WRITER))
        status, published_at = {
            "draft": (Article.Status.DRAFT, None),
            "in review": (Article.Status.IN_REVIEW, None),
            "scheduled": (Article.Status.PUBLISHED, now + timedelta(days=1)),
            "published": (Article.Status.PUBLISHED, now - timedelta(hours=1)),
            "published with a pending revision": (Article.Status.PUBLISHED, now - timedelta(hours=1)),
            "archived": (Article.Status.ARCHIVED, now - timedelta(days=2)),
        }[state]
        self.article = ArticleFactory(title="Current title", status=status, published_at=published_at, authors=[byline])
        self.old_revision = revision_record(
            article=self.article, by=None, content={**Revision.content_of(self.article), "title": "Old title"}
        )
        revision_record(article=self.article, by=None)
        if state == "published with a pending revision":
            pending_edit(self.article, title="Waiting title")
        self.comment = CommentFactory(article=self.article)

    def outcome(self):
        """What the action left behind, in terms both surfaces share."""
        article = Article.objects.filter(pk=self.article.pk).first()
        if article is None:
            return "deleted"
        when = None
        if article.published_at:
            when = ("future", article.published_at) if article.published_at > timezone.now() else "past"
        pending = article.pending_revision.content["title"] if article.pending_revision_id else None
        return (
            article.status,
            when,
            article.title,
            pending,
            article.corrections.count(),
            Comment.objects.get(pk=self.comment.pk).status,
        )


def _user(role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "superuser":
        return UserFactory(is_superuser=True)
    user = UserFactory()
    user.groups.add(Group.objects.get(name={"editor": EDITOR, "moderator": MODERATOR}.get(role, WRITER)))
    if role == "writer not in it":
        AuthorFactory(user=user)
    return user


# --- The admin ---------------------------------------------------------------------------------------------------


def _admin_client(user):
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


def _admin_form(client, scene, **fields):
    """Open the change form and post it back as shown, ``fields`` changed; nothing when the form does not open."""
    page = client.get(change_url(scene.article))
    if page.status_code == 200:
        client.post(change_url(scene.article), form_as_shown(page, **fields))


def _status_change(client, scene, action, target, **fields):
    """The admin expresses a step as a new status: only when that status means this step from here."""
    try:
        step = policy.transition_for(scene.article.status, target)
    except policy.InvalidState:
        step = None
    if step == action or (action == Action.SCHEDULE and target == Article.Status.PUBLISHED):
        _admin_form(client, scene, status=target, **fields)


def _local(moment):
    local = timezone.localtime(moment)
    return {"published_at_0": f"{local:%Y-%m-%d}", "published_at_1": f"{local:%H:%M:%S}"}


def in_admin(action, scene):
    """Do ``action`` as an editor would in the admin; True when the page that does it answered."""
    client, article = _admin_client(scene.user), scene.article
    url = lambda name, *args: reverse(f"admin:articles_article_{name}", args=[article.pk, *args])  # noqa: E731
    if action == Action.VIEW:
        return client.get(change_url(article)).status_code == 200
    if action == Action.MAKE_PREVIEW:
        return client.get(url("preview")).status_code == 200
    if action == Action.EDIT:
        _admin_form(client, scene, title="Edited title")
    elif action in (Action.SUBMIT, Action.WITHDRAW, Action.UNPUBLISH, Action.ARCHIVE):
        _status_change(client, scene, action, policy.TRANSITIONS[action].target)
    elif action == Action.PUBLISH and article.pending_revision_id:
        client.post(url("publish_pending"))
    elif action == Action.PUBLISH and article.status == Article.Status.PUBLISHED:
        _admin_form(client, scene, **_local(timezone.now()))  # "now" as the publish time
    elif action == Action.PUBLISH:
        _status_change(client, scene, action, Article.Status.PUBLISHED)
    elif action == Action.SCHEDULE:
        _status_change(client, scene, action, Article.Status.PUBLISHED, **_local(SCHEDULE_AT()))
    elif action == Action.DELETE:
        client.post(url("delete"), {"post": "yes"})
    elif action == Action.DISCARD_PENDING:
        client.post(url("discard_pending"))
    elif action == Action.RESTORE_REVISION:
        client.post(url("restore", scene.old_revision.pk))
    elif action == Action.ADD_CORRECTION:
        _admin_form(client, scene, new_correction="The ferry left at dusk, not at noon.")
    elif action == Action.MODERATE_COMMENTS:
        client.post(
            reverse("admin:articles_comment_changelist"),
            {"action": "approve", "_selected_action": [str(scene.comment.pk)]},
        )
    return None


# --- The API -----------------------------------------------------------------------------------------------------


def over_api(action, scene):
    """Do ``action`` as an integration would over the API; True when the call that does it succeeded."""
    client = token_client(scene.user) if scene.user.is_authenticated else APIClient()
    base = f"/api/v1/articles/{scene.article.slug}/"
    future = SCHEDULE_AT().isoformat()
    calls = {
        Action.VIEW: lambda: client.get(base),
        Action.EDIT: lambda: client.patch(base, {"title": "Edited title"}, format="json"),
        Action.SUBMIT: lambda: client.post(f"{base}submit/"),
        Action.WITHDRAW: lambda: client.post(f"{base}withdraw/"),
        Action.PUBLISH: lambda: client.post(f"{base}publish/"),
        Action.SCHEDULE: lambda: client.post(f"{base}publish/", {"publish_at": future}, format="json"),
        Action.UNPUBLISH: lambda: client.post(f"{base}unpublish/"),
        Action.ARCHIVE: lambda: client.post(f"{base}archive/"),
        Action.DELETE: lambda: client.delete(f"{base}?permanent=true"),
        Action.DISCARD_PENDING: lambda: client.post(f"{base}discard-pending/"),
        Action.RESTORE_REVISION: lambda: client.post(f"{base}revisions/{scene.old_revision.pk}/restore/"),
        Action.ADD_CORRECTION: lambda: client.post(
            f"{base}corrections/", {"text": "The ferry left at dusk, not at noon."}, format="json"
        ),
        Action.MAKE_PREVIEW: lambda: client.post(f"{base}preview-link/"),
        Action.MODERATE_COMMENTS: lambda: client.post(f"/api/v1/moderation/comments/{scene.comment.pk}/approve/"),
    }
    response = calls[action]()
    assert response.status_code < 500, response.content
    return response.status_code < 300


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS, ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_admin_and_api_do_what_the_policy_says(role, action, state):
    user = _user(role)  # one person, on both surfaces
    now = timezone.now().replace(microsecond=0)
    admin_scene, api_scene = Scene(user, role, state, now), Scene(user, role, state, now)
    expected = policy.allows(admin_scene.user, action, admin_scene.article)
    before = admin_scene.outcome()
    assert before == api_scene.outcome()

    admin_answered = in_admin(action, admin_scene)
    api_answered = over_api(action, api_scene)

    after_admin, after_api = admin_scene.outcome(), api_scene.outcome()
    assert after_admin == after_api, "the admin and the API ended differently"
    if action in (Action.VIEW, Action.MAKE_PREVIEW):  # reads: the answer is the outcome
        # The admin is the staff's desk: readers read what is public through the API alone.
        assert admin_answered == (expected and user.is_authenticated)
        assert api_answered == expected
    else:
        assert (after_admin != before) == expected, "the change happened against the policy, or did not happen"
        assert api_answered == expected
