"""The integrations in the admin: rotating a secret, pinging, the delivery log and redelivery, the CDN purge log."""

import pytest
from django.test import Client
from standardwebhooks.webhooks import Webhook

from articles.integrations import services
from articles.models import CdnPurge, WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.articles.integrations.receivers import Receiver, run_ready_tasks
from tests.authors.factories import signed_in

pytestmark = pytest.mark.django_db

ENDPOINTS = "/admin/articles/webhookendpoint/"
DELIVERIES = "/admin/articles/webhookdelivery/"
PURGES = "/admin/articles/cdnpurge/"


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def editor(client):
    return signed_in(client, "Editor")


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def endpoint(editor, receiver):
    return services.endpoint_create(by=editor, url=receiver.url, events=["article.published"], description="Web")


def act(client, changelist, action, *objects, follow=True):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    return client.post(changelist, data, follow=follow)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def work(capture):
    """What the worker does: run the due tasks, and those their commits queue, until none is left."""
    from django_tasks_db.models import DBTaskResult

    while DBTaskResult.objects.ready().exists():
        with capture(execute=True):
            run_ready_tasks()


def a_delivery(endpoint, **fields):
    event = WebhookEvent.objects.create(
        type="article.published", payload={"type": "article.published", "data": {"id": 1}}
    )
    fields = {"attempt": 1, "request_headers": {"webhook-id": event.message_id}, "request_body": "{}", **fields}
    return WebhookDelivery.objects.create(endpoint=endpoint, event=event, **fields)


def test_rotating_the_secret_shows_the_new_one_once_and_keeps_the_old_one_signing(client, endpoint):
    old = endpoint.secret
    response = act(client, ENDPOINTS, "rotate_secret", endpoint)
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    assert endpoint.previous_secret_expires_at is not None
    assert any(endpoint.secret in message for message in messages_of(response))
    page = client.get(f"{ENDPOINTS}{endpoint.pk}/change/").content.decode()
    assert endpoint.secret not in page and old not in page and "previous one also signs until" in page


def test_sending_a_ping_delivers_a_signed_ping_to_that_endpoint_alone(
    client, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    services.endpoint_create(by=editor, url="http://127.0.0.1:9/other/", events=["article.published"])
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, ENDPOINTS, "send_ping", endpoint)
    assert any("Ping sent to 1 endpoint" in message for message in messages_of(response))
    work(django_capture_on_commit_callbacks)
    (request,) = receiver.requests
    assert Webhook(endpoint.secret).verify(request["body"], request["headers"])["type"] == "ping"
    (logged,) = WebhookDelivery.objects.all()
    assert (logged.endpoint, logged.succeeded) == (endpoint, True)


def test_the_delivery_log_shows_each_attempt_and_cannot_be_written(client, endpoint):
    delivery = a_delivery(endpoint, response_status=500, response_body="upstream down", error="", duration_ms=12)
    listing = client.get(DELIVERIES)
    assert listing.status_code == 200 and delivery in listing.context["cl"].result_list
    page = client.get(f"{DELIVERIES}{delivery.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "upstream down" in text and f"webhook-id: {delivery.event.message_id}" in text
    assert client.get(f"{DELIVERIES}add/").status_code == 403
    client.post(f"{DELIVERIES}{delivery.pk}/change/", {"response_status": 200})
    delivery.refresh_from_db()
    assert delivery.response_status == 500
    assert client.post(f"{DELIVERIES}{delivery.pk}/delete/", {"post": "yes"}).status_code == 403
    assert WebhookDelivery.objects.filter(pk=delivery.pk).exists()


def test_redelivering_sends_the_same_event_again_as_a_first_attempt(
    client, endpoint, receiver, django_capture_on_commit_callbacks
):
    delivery = a_delivery(endpoint, attempt=4, response_status=500)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, DELIVERIES, "redeliver", delivery)
    assert "Redelivery queued." in messages_of(response)
    work(django_capture_on_commit_callbacks)
    (request,) = receiver.requests
    assert request["headers"]["webhook-id"] == delivery.event.message_id
    again = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert (again.attempt, again.succeeded, again.event_id) == (1, True, delivery.event_id)


def test_redelivering_to_a_disabled_endpoint_is_refused_with_a_message(
    client, endpoint, receiver, django_capture_on_commit_callbacks
):
    delivery = a_delivery(endpoint)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, DELIVERIES, "redeliver", delivery)
    assert any("disabled" in message for message in messages_of(response))
    work(django_capture_on_commit_callbacks)
    assert receiver.requests == []


def test_the_purge_log_lists_each_request_and_cannot_be_written(client, editor):
    purge = CdnPurge.objects.create(provider="fastly", tags=["article:12", "articles"], response_status=200)
    listing = client.get(PURGES)
    assert listing.status_code == 200 and "article:12 articles" in listing.content.decode()
    assert client.get(f"{PURGES}add/").status_code == 403
    assert client.post(f"{PURGES}{purge.pk}/delete/", {"post": "yes"}).status_code == 403
    assert CdnPurge.objects.filter(pk=purge.pk).exists()


@pytest.mark.parametrize("role", ["Writer", "Moderator"])
def test_only_those_who_manage_webhooks_see_the_logs_or_act(role, endpoint):
    client = Client()
    signed_in(client, role)
    delivery = a_delivery(endpoint)
    for page in (ENDPOINTS, DELIVERIES, PURGES, f"{DELIVERIES}{delivery.pk}/change/"):
        assert client.get(page).status_code == 403
    secret = endpoint.secret
    assert act(client, ENDPOINTS, "rotate_secret", endpoint, follow=False).status_code == 403
    assert act(client, DELIVERIES, "redeliver", delivery, follow=False).status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.secret == secret and WebhookEvent.objects.filter(type="ping").count() == 0


def _set_cookies(response):
    return " ".join(morsel.OutputString() for morsel in response.cookies.values())


def test_shown_once_secrets_never_travel_in_a_cookie(client, editor):
    from articles.models import ApiKey
    from tests.authors.factories import UserFactory

    response = client.post(
        f"{ENDPOINTS}add/", {"url": "https://example.org/hook", "events": ["article.published"], "is_active": "on"}
    )
    secret = WebhookEndpoint.objects.get().secret
    assert response.status_code == 302 and "messages" not in response.cookies
    assert secret.removeprefix("whsec_")[:12] not in _set_cookies(response)
    shown = client.get(ENDPOINTS)
    assert any(secret in message for message in messages_of(shown))  # still shown, once, from the session

    superuser = Client()
    superuser.force_login(UserFactory(is_superuser=True))
    response = superuser.post("/admin/articles/apikey/add/", {"name": "Web", "scopes": ["read"], "rate": "100/min"})
    prefix = ApiKey.objects.get().prefix
    assert response.status_code == 302 and "messages" not in response.cookies and prefix not in _set_cookies(response)
    assert any("not shown again" in message for message in messages_of(superuser.get("/admin/articles/apikey/")))
