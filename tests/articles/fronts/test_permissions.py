"""Who may change fronts, on every surface: the admin's pages and the service answer as the policy says."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from articles.editorial import policy
from articles.editorial.policy import Action
from articles.fronts.models import Front, FrontSlot
from articles.fronts.services import front_save
from tests.articles.article_form import form_as_shown
from tests.articles.factories import ArticleFactory
from tests.articles.fronts.factories import FrontFactory
from tests.authors.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff without a role", "writer", "moderator", "editor", "superuser"]


def user_for(role):
    return {
        "anonymous": AnonymousUser,
        "staff without a role": lambda: StaffFactory(role=None),
        "writer": lambda: StaffFactory(role="Writer"),
        "moderator": lambda: StaffFactory(role="Moderator"),
        "editor": lambda: StaffFactory(role="Editor"),
        "superuser": lambda: UserFactory(is_superuser=True),
    }[role]()


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.PUBLIC_RESPONSE_CACHE = False


@pytest.fixture
def scene():
    editor = StaffFactory(role="Editor")
    front = FrontFactory(name="Home", slug="home")
    article = ArticleFactory(published=True)
    front_save(front=front, by=editor, slots=[FrontSlot(article=article)])
    return front, editor


def client_for(user):
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


def outcome(front):
    found = Front.objects.filter(pk=front.pk).first()
    return found and (found.name, list(found.slots.values_list("headline", flat=True)))


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_pages_open_for_whom_the_policy_allows(role, scene):
    front, _ = scene
    user = user_for(role)
    allowed = policy.allows(user, Action.CHANGE_FRONTS)
    client = client_for(user)

    pages = [
        reverse("admin:articles_front_changelist"),
        reverse("admin:articles_front_add"),
        reverse("admin:articles_front_change", args=[front.pk]),
        reverse("admin:articles_front_delete", args=[front.pk]),
    ]
    answers = [client.get(page).status_code for page in pages]

    if not user.is_authenticated:
        assert all(code == 302 for code in answers)  # to the sign-in page
    else:
        assert answers == ([200] * 4 if allowed else [403] * 4)
    index = client.get(reverse("admin:index")).content.decode()
    assert (reverse("admin:articles_front_changelist") in index) == allowed


@pytest.mark.parametrize("role", ROLES)
def test_a_change_posted_in_the_admin_happens_only_when_the_policy_allows(role, scene):
    front, editor = scene
    user = user_for(role)
    allowed = policy.allows(user, Action.CHANGE_FRONTS)
    as_editor = client_for(editor)
    data = form_as_shown(as_editor.get(reverse("admin:articles_front_change", args=[front.pk])), name="Renamed")
    data["slots-0-headline"] = "Sharper"
    before = outcome(front)

    client_for(user).post(reverse("admin:articles_front_change", args=[front.pk]), data)

    assert (outcome(front) != before) == allowed
    if allowed:
        assert outcome(front) == ("Renamed", ["Sharper"])


@pytest.mark.parametrize("role", ROLES)
def test_a_delete_in_the_admin_happens_only_when_the_policy_allows(role, scene):
    front, _ = scene
    user = user_for(role)

    client_for(user).post(reverse("admin:articles_front_delete", args=[front.pk]), {"post": "yes"})

    assert (outcome(front) is None) == policy.allows(user, Action.CHANGE_FRONTS)


@pytest.mark.parametrize("role", ROLES)
def test_the_service_refuses_whom_the_policy_refuses(role, scene):
    front, _ = scene
    user = user_for(role)
    before = outcome(front)
    front.name = "Renamed"

    try:
        front_save(front=front, by=user)
    except policy.NotAllowed:
        assert not policy.allows(user, Action.CHANGE_FRONTS)
    else:
        assert policy.allows(user, Action.CHANGE_FRONTS)
    assert (outcome(front) != before) == policy.allows(user, Action.CHANGE_FRONTS)


def test_the_policy_lets_editors_and_superusers_change_fronts_and_no_one_else():
    assert [role for role in ROLES if policy.allows(user_for(role), Action.CHANGE_FRONTS)] == ["editor", "superuser"]
