"""Webhooks end to end: the API's writes, a real ``db_worker`` process and a real receiver on 127.0.0.1.

These tests commit (transaction=True): the worker is another process and reads only what is committed.
"""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from articles.editorial.services import article_transition
from articles.integrations import services
from articles.models import Article, WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.articles.factories import ArticleFactory
from tests.articles.integrations.receivers import Receiver, Worker
from tests.authors.factories import StaffFactory, token_client

pytestmark = pytest.mark.django_db(transaction=True)

FAST_RETRIES = {"WEBHOOKS_RETRY_BASE_SECONDS": "1", "WEBHOOKS_MAX_ATTEMPTS": "5"}


@pytest.fixture(autouse=True)
def groups():
    """Real transactions empty the tables after each test, the groups of the data migration with them."""
    from django.apps import apps

    from articles.editorial.roles import sync_groups

    sync_groups(apps)


@pytest.fixture
def editor():
    return StaffFactory(role="Editor", email="desk@newsroom.example")


def logged_delivery(timeout=10):
    deadline = time.monotonic() + timeout
    while not (delivery := WebhookDelivery.objects.first()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert delivery is not None, "the worker logged no delivery"
    return delivery


def endpoint_for(receiver, editor, events=("article.published",)):
    return services.endpoint_create(by=editor, url=receiver.url, events=list(events), description="Front end")


def test_a_publish_delivers_one_signed_article_published_the_verifier_accepts(editor, tmp_path):
    article = ArticleFactory(status=Article.Status.IN_REVIEW, title="Ice road opens")
    with Receiver() as receiver, Worker(tmp_path):
        endpoint = endpoint_for(receiver, editor)
        response = token_client(editor).post(f"/api/v1/articles/{article.slug}/publish/", {}, format="json")
        assert response.status_code == 200
        (request,) = receiver.wait_for(1)
        logged_delivery()
        time.sleep(1)  # nothing else follows
    assert len(receiver.requests) == 1
    payload = Webhook(endpoint.secret).verify(request["body"], request["headers"])
    assert payload["type"] == "article.published"
    assert payload["data"]["id"] == article.pk
    assert payload["data"]["title"] == "Ice road opens"
    assert payload["data"]["url"].endswith(f"/articles/{article.slug}/")
    assert payload["data"]["api_url"].endswith(f"/api/v1/articles/{article.slug}/")
    assert payload["data"]["status"] == "published"
    assert "@" not in request["body"]  # no author email, nothing private
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempt, delivery.response_status, delivery.succeeded) == (1, 200, True)
    assert delivery.request_headers["webhook-id"] == request["headers"]["webhook-id"]


def test_a_scheduled_article_is_told_after_its_publish_time_not_before(editor, tmp_path):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    with Receiver() as receiver, Worker(tmp_path):
        endpoint_for(receiver, editor)
        publish_at = timezone.now() + timedelta(seconds=4)
        response = token_client(editor).post(
            f"/api/v1/articles/{article.slug}/publish/", {"publish_at": publish_at.isoformat()}, format="json"
        )
        assert response.status_code == 200
        time.sleep(2)
        assert receiver.requests == []  # still scheduled
        (request,) = receiver.wait_for(1)
    assert request["at"] >= publish_at.timestamp()
    assert receiver.json(0)["data"]["published_at"] == publish_at.isoformat()


def test_a_rescheduled_article_is_told_once_at_its_new_time(editor, tmp_path):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    with Receiver() as receiver, Worker(tmp_path):
        endpoint_for(receiver, editor)
        first = timezone.now() + timedelta(seconds=2)
        article_transition(article=article, by=editor, name="publish", publish_at=first)
        later = timezone.now() + timedelta(seconds=4)
        article_transition(article=Article.objects.get(pk=article.pk), by=editor, name="publish", publish_at=later)
        (request,) = receiver.wait_for(1)
        time.sleep(1)
    assert len(receiver.requests) == 1
    assert request["at"] >= later.timestamp()


def test_a_receiver_failing_twice_gets_three_attempts_with_growing_delays_all_logged(editor, tmp_path):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    with Receiver([500, 500, 200]) as receiver, Worker(tmp_path, **FAST_RETRIES):
        endpoint = endpoint_for(receiver, editor)
        article_transition(article=article, by=editor, name="publish")
        requests = receiver.wait_for(3, timeout=30)
        deadline = time.monotonic() + 10
        while WebhookDelivery.objects.filter(succeeded=True).count() < 1 and time.monotonic() < deadline:
            time.sleep(0.05)  # the third attempt is logged once its answer is in
    first_gap, second_gap = requests[1]["at"] - requests[0]["at"], requests[2]["at"] - requests[1]["at"]
    assert 0.7 < first_gap < second_gap  # about 1 s, then about 2 s (±20 % jitter)
    assert len({request["headers"]["webhook-id"] for request in requests}) == 1  # one message, tried three times
    log = list(WebhookDelivery.objects.filter(endpoint=endpoint).order_by("attempt"))
    assert [(d.attempt, d.response_status, d.succeeded) for d in log] == [
        (1, 500, False),
        (2, 500, False),
        (3, 200, True),
    ]
    assert log[0].next_attempt_at and log[1].next_attempt_at and log[2].next_attempt_at is None
    assert log[0].response_body == "answered 500"
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 0


def test_a_410_disables_the_endpoint_and_tells_the_editors(editor, tmp_path):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    with Receiver([410]) as receiver, Worker(tmp_path, **FAST_RETRIES) as worker:
        endpoint = endpoint_for(receiver, editor)
        article_transition(article=article, by=editor, name="publish")
        receiver.wait_for(1)
        deadline = time.monotonic() + 10
        while WebhookEndpoint.objects.get(pk=endpoint.pk).is_active and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2)  # no retry comes
        mails = worker.mails()
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "410" in endpoint.disabled_reason
    assert len(receiver.requests) == 1
    assert any("desk@newsroom.example" in mail and "disabled" in mail for mail in mails)


def test_consecutive_failures_disable_the_endpoint(editor, tmp_path):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    settings = {**FAST_RETRIES, "WEBHOOKS_RETRY_BASE_SECONDS": "0.2", "WEBHOOKS_DISABLE_AFTER_FAILURES": "3"}
    with Receiver([503]) as receiver, Worker(tmp_path, **settings):
        endpoint = endpoint_for(receiver, editor)
        article_transition(article=article, by=editor, name="publish")
        receiver.wait_for(3)
        time.sleep(2)
    endpoint.refresh_from_db()
    assert not endpoint.is_active and "3 deliveries in a row" in endpoint.disabled_reason
    assert len(receiver.requests) == 3  # the fourth try never went out


def test_redelivery_and_ping_through_the_api(editor, tmp_path):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    client = token_client(editor)
    with Receiver() as receiver, Worker(tmp_path):
        endpoint = endpoint_for(receiver, editor)
        article_transition(article=article, by=editor, name="publish")
        receiver.wait_for(1)
        delivery = logged_delivery()  # the worker logs the attempt once the answer is in
        response = client.post(f"/api/v1/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/redeliver/")
        assert response.status_code == 202
        receiver.wait_for(2)
        assert client.post(f"/api/v1/webhooks/{endpoint.pk}/ping/").status_code == 202
        receiver.wait_for(3)
    assert receiver.requests[1]["body"] == receiver.requests[0]["body"]
    assert receiver.requests[1]["headers"]["webhook-id"] == receiver.requests[0]["headers"]["webhook-id"]
    assert receiver.json(2)["type"] == "ping"
    Webhook(endpoint.secret).verify(receiver.requests[2]["body"], receiver.requests[2]["headers"])
    log = client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").json()["results"]
    assert [entry["event_type"] for entry in log] == ["ping", "article.published", "article.published"]


def test_a_rolled_back_change_sends_nothing(editor, tmp_path):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    with Receiver() as receiver, Worker(tmp_path):
        endpoint_for(receiver, editor)
        with pytest.raises(RuntimeError), transaction.atomic():
            article_transition(article=article, by=editor, name="publish")
            raise RuntimeError("the request failed after the publish")
        time.sleep(2)
    assert receiver.requests == []
    assert not WebhookEvent.objects.exists()
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW
