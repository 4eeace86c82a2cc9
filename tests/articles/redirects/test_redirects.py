"""Redirects: editors manage them in the admin, front ends ask the API where an old address went."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from articles.editorial import policy
from articles.models import Article, Redirect, SlugRedirect
from articles.redirects.models import normalize_path
from articles.redirects.services import redirect_answer, redirect_save
from tests.articles.factories import ArticleFactory
from tests.authors.factories import StaffFactory

pytestmark = pytest.mark.django_db

LOOKUP = "/api/v1/redirects/"


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.PUBLIC_RESPONSE_CACHE = False
    settings.FRONTEND_URL = "https://news.example"


def editor():
    return StaffFactory(role="Editor")


def save(by=None, **fields):
    return redirect_save(redirect=Redirect(**fields), by=by)


# --- The rules ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, stored",
    [
        ("/2024/03/15/old-post/", "/2024/03/15/old-post"),
        ("https://old.example/2024/03/15/old-post", "/2024/03/15/old-post"),
        ("2024/03/15/old-post/#comments", "/2024/03/15/old-post"),
        ("/?p=12", "/?p=12"),
        ("/caf%C3%A9s/", "/cafés"),
    ],
)
def test_an_old_address_is_stored_as_its_path(given, stored):
    assert normalize_path(given) == stored


def test_a_redirect_to_itself_is_a_loop_and_refused():
    with pytest.raises(policy.Invalid, match="back to the address"):
        save(old_path="/old/", target_url="https://news.example/old")


def test_a_redirect_to_an_address_that_redirects_on_is_a_chain_and_refused():
    save(old_path="/b/", target_url="/c/")

    with pytest.raises(policy.Invalid, match="redirects on to https://news.example/c/") as refused:
        save(old_path="/a/", target_url="/b/")
    assert refused.value.field == "target_url"


def test_redirecting_an_address_others_redirect_to_is_a_chain_and_refused():
    save(old_path="/a/", target_url="https://news.example/b/")

    with pytest.raises(policy.Invalid, match="/a redirects to /b"):
        save(old_path="/b/", target_url="/c/")


def test_redirecting_an_articles_own_address_is_refused():
    article = ArticleFactory(published=True, slug="live-story")

    with pytest.raises(policy.Invalid, match="is the address of an article"):
        save(old_path="/articles/live-story/", target_url="/elsewhere/")
    with pytest.raises(policy.Invalid, match="back to the address"):
        save(old_path="/articles/live-story/", article=article)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"old_path": "/a/"}, "target_url"),
        ({"old_path": "/a/", "target_url": "javascript:alert(1)"}, "target_url"),
        ({"old_path": "/a/", "target_url": "http://[broken"}, "target_url"),
        ({"old_path": "/", "target_url": "/b/"}, "old_path"),
        ({"old_path": "/a\x00/", "target_url": "/b/"}, "old_path"),
        ({"old_path": "/a%00/", "target_url": "/b/"}, "old_path"),
        ({"old_path": "/" + "a" * 600, "target_url": "/b/"}, "old_path"),
    ],
    ids=["no-target", "not-http", "unreadable-url", "front-page", "control-character", "encoded-control", "too-long"],
)
def test_a_redirect_that_cannot_work_is_refused_on_its_field(fields, field):
    with pytest.raises(policy.Invalid) as refused:
        save(**fields)
    assert refused.value.field == field
    assert not Redirect.objects.exists()


@pytest.mark.parametrize("role", ["Writer", "Moderator"])
def test_only_editors_manage_redirects(role):
    with pytest.raises(policy.NotAllowed):
        save(by=StaffFactory(role=role), old_path="/a/", target_url="/b/")
    assert save(by=editor(), old_path="/a/", target_url="/b/").created_by is not None


# --- The admin ----------------------------------------------------------------------------------------------------


def desk(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_adds_a_redirect_to_an_article_in_the_admin():
    article = ArticleFactory(published=True)
    user = editor()

    response = desk(user).post(
        reverse("admin:articles_redirect_add"),
        {"old_path": "https://old.example/2020/01/old/", "article": article.pk, "target_url": "", "status_code": 301},
    )

    assert response.status_code == 302, response.content
    redirect = Redirect.objects.get()
    assert (redirect.old_path, redirect.article, redirect.created_by, redirect.source) == (
        "/2020/01/old",
        article,
        user,
        "editor",
    )


def test_the_admin_refuses_a_chain_with_the_services_message():
    save(old_path="/b/", target_url="/c/")

    response = desk(editor()).post(
        reverse("admin:articles_redirect_add"), {"old_path": "/a/", "target_url": "/b/", "status_code": 302}
    )

    assert response.status_code == 200
    assert "redirects on to" in response.content.decode()
    assert Redirect.objects.count() == 1


def test_the_admin_refuses_an_old_address_that_decodes_to_a_control_character_on_its_field():
    response = desk(editor()).post(
        reverse("admin:articles_redirect_add"), {"old_path": "/a%00/", "target_url": "/b/", "status_code": 301}
    )

    assert response.status_code == 200
    assert "U+0000" in str(response.context["adminform"].form.errors["old_path"])
    assert not Redirect.objects.exists()


@pytest.mark.parametrize("role", ["Writer", "Moderator"])
def test_the_admin_keeps_redirects_from_other_roles(role):
    client = desk(StaffFactory(role=role))
    redirect = save(old_path="/a/", target_url="/b/")

    assert client.get(reverse("admin:articles_redirect_changelist")).status_code == 403
    client.post(reverse("admin:articles_redirect_delete", args=[redirect.pk]), {"post": "yes"})
    assert Redirect.objects.filter(pk=redirect.pk).exists()


def test_an_editor_deletes_a_redirect_in_the_admin():
    redirect = save(old_path="/a/", target_url="/b/")

    desk(editor()).post(reverse("admin:articles_redirect_delete", args=[redirect.pk]), {"post": "yes"})

    assert not Redirect.objects.exists()


# --- The API ------------------------------------------------------------------------------------------------------


def test_an_old_address_answers_where_it_went(django_assert_num_queries):
    article = ArticleFactory(published=True, slug="new-home")
    save(old_path="/2019/05/old-home/", article=article)

    with django_assert_num_queries(2):
        response = APIClient().get(LOOKUP, {"path": "https://old.example/2019/05/old-home/"})

    assert response.status_code == 200
    assert response.json() == {
        "path": "/2019/05/old-home",
        "location": "https://news.example/articles/new-home/",
        "status_code": 301,
        "article": "new-home",
    }


def test_a_temporary_redirect_to_an_address_elsewhere():
    save(old_path="/live/", target_url="https://live.example/now", status_code=302)

    body = APIClient().get(LOOKUP, {"path": "/live"}).json()

    assert (body["location"], body["status_code"], body["article"]) == ("https://live.example/now", 302, None)


def test_an_old_slug_answers_at_the_front_ends_article_address(django_assert_num_queries):
    article = ArticleFactory(published=True, slug="current")
    SlugRedirect.objects.create(old_slug="earlier", article=article)

    with django_assert_num_queries(2):
        body = APIClient().get(LOOKUP, {"path": "/articles/earlier/"}).json()

    assert body["location"] == "https://news.example/articles/current/"
    assert body["article"] == "current"


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_a_redirect_to_an_article_not_public_is_not_found(status):
    article = ArticleFactory(status=Article.Status.DRAFT) if status == "draft" else ArticleFactory(scheduled=True)
    save(old_path="/hidden/", article=article)
    SlugRedirect.objects.create(old_slug="hidden-slug", article=article)

    assert APIClient().get(LOOKUP, {"path": "/hidden/"}).status_code == 404
    assert APIClient().get(LOOKUP, {"path": "/articles/hidden-slug/"}).status_code == 404
    assert redirect_answer("/hidden/") is None


@pytest.mark.parametrize(
    "query, status",
    [
        ({}, 400),
        ({"path": ""}, 400),
        ({"path": "/x" * 600}, 400),
        ({"path": "/nowhere/"}, 404),
        ({"path": "http://[broken"}, 404),
        ({"path": "/a\x00"}, 400),
        ({"path": "/a%00"}, 400),
        ({"path": "/a%1B/b"}, 400),
        ({"path": "/a%2500"}, 404),  # decoded once, as the front end's own router would: a literal "%00"
    ],
    ids=["missing", "empty", "too-long", "unknown", "unreadable-url", "nul", "encoded-nul", "escape", "twice-encoded"],
)
def test_a_bad_or_unknown_address_is_a_json_error(query, status):
    response = APIClient().get(LOOKUP, query)

    assert response.status_code == status
    assert response.json()["detail"]


def test_a_path_that_decodes_to_a_control_character_is_refused_by_name_not_looked_up():
    response = APIClient().get(f"{LOOKUP}?path=/a%2500")

    assert response.status_code == 400
    assert response.json()["errors"] == {"path": [response.json()["detail"].removeprefix("path: ")]}
    assert "U+0000" in response.json()["detail"]


def test_a_change_to_redirects_reaches_readers_through_the_shared_cache(settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_RESPONSE_CACHE = True
    readers = APIClient()
    assert readers.get(LOOKUP, {"path": "/soon/"}).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        save(old_path="/soon/", target_url="/there/", by=editor())

    assert readers.get(LOOKUP, {"path": "/soon/"}).status_code == 200
