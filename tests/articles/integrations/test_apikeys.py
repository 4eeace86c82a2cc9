"""API keys per front end: scopes, expiry, revocation (at once, in every process), per-key rates, API_REQUIRE_KEY."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from articles.editorial import policy
from articles.integrations.apikeys import api_key_create, api_key_revoke, api_key_update
from articles.models import ApiKey, Article
from tests.articles.factories import ArticleFactory, pending_edit
from tests.authors.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True)


@pytest.fixture
def editor_account():
    return StaffFactory(role="Editor", username="frontend-preview")


def key_client(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def make_key(superuser, **options):
    options = {"name": "Web front end", "scopes": ["read"], **options}
    return api_key_create(by=superuser, **options)


def test_a_read_key_reads_public_content_and_nothing_else(superuser):
    public, draft = ArticleFactory(published=True), ArticleFactory(title="Draft scoop")
    key, raw = make_key(superuser)
    client = key_client(raw)
    assert client.get(f"/api/v1/articles/{public.slug}/").status_code == 200
    assert client.get(f"/api/v1/articles/{draft.slug}/").status_code == 404
    response = client.post("/api/v1/articles/", {"title": "Mine"}, format="json")
    assert response.status_code == 403 and "only read" in response.json()["detail"]
    assert not Article.objects.filter(title="Mine").exists()
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_key_authenticated_public_reads_are_served_from_the_public_cache(superuser, django_assert_num_queries):
    article = ArticleFactory(published=True)
    _, raw = make_key(superuser)
    client = key_client(raw)
    first = client.get(f"/api/v1/articles/{article.slug}/")
    assert "public" in first["Cache-Control"]
    with django_assert_num_queries(1):  # the key itself, read from the database every time; the answer is cached
        second = client.get(f"/api/v1/articles/{article.slug}/")
    assert second.content == first.content


def test_a_preview_key_reads_drafts_as_its_account_never_cached(superuser, editor_account):
    draft = ArticleFactory(title="Draft scoop")
    _, raw = make_key(superuser, scopes=["read", "preview"], service_account=editor_account)
    client = key_client(raw)
    response = client.get(f"/api/v1/articles/{draft.slug}/")
    assert response.status_code == 200 and response.json()["title"] == "Draft scoop"
    assert "private" in response["Cache-Control"]
    assert client.patch(f"/api/v1/articles/{draft.slug}/", {"title": "Changed"}, format="json").status_code == 403
    assert Article.objects.get(pk=draft.pk).title == "Draft scoop"


def test_a_write_key_writes_as_its_service_account_through_the_policy(superuser, editor_account):
    _, raw = make_key(superuser, scopes=["write"], service_account=editor_account)
    response = key_client(raw).post("/api/v1/articles/", {"title": "From the app"}, format="json")
    assert response.status_code == 201
    article = Article.objects.get(title="From the app")
    assert article.revisions.get().created_by == editor_account
    writer_account = StaffFactory(role="Writer")
    _, raw = make_key(superuser, name="Partner", scopes=["write"], service_account=writer_account)
    published = ArticleFactory(published=True)
    response = key_client(raw).post(f"/api/v1/articles/{published.slug}/unpublish/")
    assert response.status_code in (403, 404)  # the writer's own rules, as for a signed-in writer


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key nonsense",
        "Api-Key abcdefgh.wrongsecretwrongsecretwrongsec",
        "Api-Key ",
        "Api-Key a\x00b.c",
        "Api-Key é.x",
    ],
)
def test_an_unknown_key_is_a_401(header):
    response = Client().get("/api/v1/articles/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert "detail" in response.json()


def test_an_expired_key_is_refused(superuser):
    _, raw = make_key(superuser, expiry_date=timezone.now() - timedelta(minutes=1))
    response = key_client(raw).get("/api/v1/articles/")
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_a_revoked_key_is_refused_at_once_even_for_a_cached_answer(superuser):
    ArticleFactory(published=True)
    key, raw = make_key(superuser)
    client = key_client(raw)
    assert client.get("/api/v1/articles/").status_code == 200
    assert client.get("/api/v1/articles/").status_code == 200  # now in the public cache
    api_key_revoke(key=key, by=superuser)
    assert client.get("/api/v1/articles/").status_code == 401
    assert Client().get("/api/v1/articles/").status_code == 200  # anonymous reads stay open


def test_each_key_has_its_own_rate_with_retry_after(superuser):
    _, limited = make_key(superuser, rate="2/min")
    _, other = make_key(superuser, name="App", rate="2/min")
    client = key_client(limited)
    minute = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(minute + timedelta(seconds=5), tick=False):  # the clock stays inside one minute
        assert [client.get("/api/v1/sections/").status_code for _ in range(3)] == [200, 200, 429]
        refused = client.get("/api/v1/sections/")
        assert refused.status_code == 429 and refused["Retry-After"] == "55"  # until the minute is over
        assert key_client(other).get("/api/v1/sections/").status_code == 200
    with time_machine.travel(minute + timedelta(minutes=1, seconds=1), tick=False):
        assert client.get("/api/v1/sections/").status_code == 200  # a new minute, a new allowance


def test_a_preview_key_reads_a_live_articles_pending_revision(superuser, editor_account):
    article = ArticleFactory(published=True, title="Published headline")
    revision = pending_edit(article, title="Pending headline")
    _, preview = make_key(superuser, scopes=["preview"], service_account=editor_account)
    client = key_client(preview)
    detail = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert detail["title"] == "Published headline"  # the live version, with the edit waiting beside it
    assert detail["pending_revision"]["id"] == revision.pk
    listed = client.get(f"/api/v1/articles/{article.slug}/revisions/").json()["results"]
    assert {"id": revision.pk, "title": "Pending headline"}.items() <= listed[0].items()
    _, read = make_key(superuser, name="Web", scopes=["read"])
    assert "pending_revision" not in key_client(read).get(f"/api/v1/articles/{article.slug}/").json()
    assert key_client(read).get(f"/api/v1/articles/{article.slug}/revisions/").status_code in (401, 403)


def _stored(path):
    """The public cache's entry for an anonymous GET of ``path``, if any."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from newsroom.public_cache import PublicResponseCacheMiddleware

    return cache.get(PublicResponseCacheMiddleware._key(RequestFactory().get(path)))


def test_preview_and_write_answers_are_never_stored_in_the_public_cache(superuser, editor_account):
    article = ArticleFactory(published=True, title="Published headline")
    pending_edit(article, title="Pending headline")
    path = f"/api/v1/articles/{article.slug}/"
    _, preview = make_key(superuser, scopes=["preview"], service_account=editor_account)
    assert "pending_revision" in key_client(preview).get(path).json()
    assert _stored(path) is None
    _, write = make_key(superuser, name="App", scopes=["write"], service_account=editor_account)
    assert key_client(write).patch(path, {"dek": "Changed by the app"}, format="json").status_code == 200
    assert _stored(path) is None
    anonymous = Client().get(path)
    assert anonymous["X-Cache"] == "miss" and "pending_revision" not in anonymous.json()
    assert _stored(path) is not None  # what an anonymous reader got is stored: the check above can fail


def test_api_require_key_closes_anonymous_reads_but_not_keys_or_staff(settings, superuser, editor_account):
    settings.API_REQUIRE_KEY = True
    _, raw = make_key(superuser)
    assert Client().get("/api/v1/articles/").status_code == 401
    assert Client(HTTP_COOKIE="sessionid=made-up").get("/api/v1/articles/").status_code == 401
    assert key_client(raw).get("/api/v1/articles/").status_code == 200
    signed_in = Client()
    signed_in.force_login(editor_account)
    assert signed_in.get("/api/v1/articles/").status_code == 200
    assert Client().get("/api/v1/schema/").status_code == 200  # how to call the API stays readable
    assert Client().get("/feeds/rss/").status_code == 200  # feeds are not the API


@pytest.mark.parametrize(
    "options, field",
    [
        ({"scopes": []}, "scopes"),
        ({"scopes": ["admin"]}, "scopes"),
        ({"rate": "fast"}, "rate"),
        ({"rate": "0/min"}, "rate"),
        ({"scopes": ["write"]}, "service_account"),
    ],
)
def test_a_bad_key_is_refused_by_field(superuser, options, field):
    with pytest.raises(policy.Invalid) as refusal:
        make_key(superuser, **options)
    assert refusal.value.field == field


def test_only_superusers_manage_keys(editor_account):
    with pytest.raises(policy.NotAllowed):
        make_key(editor_account)
    client = Client()
    client.force_login(editor_account)
    assert client.get("/admin/articles/apikey/add/").status_code == 403


def test_a_superuser_creates_a_key_in_the_admin_and_sees_it_once(superuser):
    client = Client()
    client.force_login(superuser)
    response = client.post(
        "/admin/articles/apikey/add/", {"name": "Web", "scopes": ["read"], "rate": "100/min"}, follow=True
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    (message,) = [str(m) for m in response.context["messages"] if "not shown again" in str(m)]
    raw = message.split(" is ")[1].split(" ")[0]
    assert raw.startswith(key.prefix + ".") and key.hashed_key not in message
    assert raw not in client.get(f"/admin/articles/apikey/{key.pk}/change/").content.decode()
    assert key_client(raw).get("/api/v1/sections/").status_code == 200
    response = client.post(
        f"/admin/articles/apikey/{key.pk}/change/",
        {"name": "Web", "scopes": ["read"], "rate": "100/min", "revoked": "on"},
    )
    assert response.status_code == 302
    assert key_client(raw).get("/api/v1/sections/").status_code == 401


def test_a_revoked_key_stays_revoked_whatever_the_update_asks(superuser):
    key, raw = make_key(superuser)
    api_key_revoke(key=key, by=superuser)
    with pytest.raises(policy.InvalidState) as refusal:
        api_key_update(key=key, by=superuser, changes={"revoked": False})
    assert refusal.value.field == "revoked"
    stale = ApiKey.objects.get(pk=key.pk)
    stale.revoked = False  # as an admin form leaves the instance before the service is called
    api_key_update(key=stale, by=superuser, changes={"name": "Old web front end"})
    key.refresh_from_db()
    assert key.revoked and key.name == "Old web front end"
    assert key_client(raw).get("/api/v1/sections/").status_code == 401


def test_updating_with_revoked_true_revokes_through_the_revoke_service(superuser, monkeypatch):
    from articles.integrations import apikeys

    key, raw = make_key(superuser)
    revoked = []
    real_revoke = apikeys.api_key_revoke
    monkeypatch.setattr(apikeys, "api_key_revoke", lambda **kwargs: revoked.append(kwargs) or real_revoke(**kwargs))
    api_key_update(key=key, by=superuser, changes={"revoked": True})
    assert revoked == [{"key": key, "by": superuser}]
    assert key_client(raw).get("/api/v1/sections/").status_code == 401


def test_the_admin_revokes_through_the_update_service_alone_and_cannot_un_revoke(superuser, monkeypatch):
    from articles.integrations import apikeys

    key, raw = make_key(superuser, name="Web", rate="100/min")
    client = Client()
    client.force_login(superuser)
    asked = []
    real_update = apikeys.api_key_update
    monkeypatch.setattr(apikeys, "api_key_update", lambda **kwargs: asked.append(kwargs) or real_update(**kwargs))
    form = {"name": "Web", "scopes": ["read"], "rate": "100/min"}

    response = client.post(f"/admin/articles/apikey/{key.pk}/change/", {**form, "revoked": "on"})
    assert response.status_code == 302
    assert [call["changes"]["revoked"] for call in asked] == [True]
    response = client.post(f"/admin/articles/apikey/{key.pk}/change/", form)  # the box unticked again
    assert response.status_code == 200
    assert "A revoked key stays revoked" in str(response.context["adminform"].form.errors["revoked"])
    assert ApiKey.objects.get(pk=key.pk).revoked
    assert key_client(raw).get("/api/v1/sections/").status_code == 401


def test_the_add_page_offers_no_revoked_box_but_the_change_page_does(superuser):
    client = Client()
    client.force_login(superuser)
    key, _ = make_key(superuser)

    add = client.get("/admin/articles/apikey/add/")
    change = client.get(f"/admin/articles/apikey/{key.pk}/change/")

    assert "revoked" not in add.context["adminform"].form.fields
    assert 'name="revoked"' not in add.content.decode()
    assert 'name="revoked"' in change.content.decode()
