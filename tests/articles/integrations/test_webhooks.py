"""Webhook endpoints managed in the admin and the API (editors and superusers only), their events and signatures."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from articles.comments.services import comment_approve
from articles.editorial import policy
from articles.editorial.policy import SiteAction
from articles.editorial.services import article_delete, article_transition, correction_add
from articles.integrations import services, signing, tasks
from articles.models import Article, Comment, WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.articles.factories import ArticleFactory, CommentFactory, pending_edit
from tests.articles.integrations.receivers import Receiver
from tests.authors.factories import AuthorFactory, StaffFactory, UserFactory, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return StaffFactory(role="Editor")


@pytest.fixture
def endpoint(editor):
    return services.endpoint_create(
        by=editor, url="http://127.0.0.1:9/hooks/", events=sorted(services.events.EVENT_TYPES)
    )


def events_of(type_):
    return list(WebhookEvent.objects.filter(type=type_))


# --- Who may manage endpoints ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, allowed",
    [("Editor", True), ("Writer", False), ("Moderator", False), ("superuser", True), (None, False)],
)
def test_only_editors_and_superusers_manage_webhooks_in_the_api(role, allowed):
    user = UserFactory(is_superuser=True) if role == "superuser" else StaffFactory(role=role)
    assert policy.allows(user, SiteAction.MANAGE_WEBHOOKS) is allowed
    response = token_client(user).post(
        "/api/v1/webhooks/", {"url": "https://example.org/hook", "events": ["article.published"]}, format="json"
    )
    assert response.status_code == (201 if allowed else 403)
    assert WebhookEndpoint.objects.exists() is allowed
    assert token_client(user).get("/api/v1/webhooks/").status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role, allowed", [("Editor", True), ("Writer", False), ("Moderator", False)])
def test_only_editors_and_superusers_manage_webhooks_in_the_admin(role, allowed):
    user = StaffFactory(role=role)
    client = Client()
    client.force_login(user)
    response = client.post(
        "/admin/articles/webhookendpoint/add/",
        {"url": "https://example.org/hook", "events": ["article.published", "article.updated"], "is_active": "on"},
    )
    assert response.status_code == (302 if allowed else 403)
    assert WebhookEndpoint.objects.exists() is allowed
    if allowed:
        endpoint = WebhookEndpoint.objects.get()
        shown = [str(m) for m in client.get("/admin/articles/webhookendpoint/").context["messages"]]
        assert any(endpoint.secret in message for message in shown)  # once, on the next page
        assert endpoint.created_by == user and endpoint.events == ["article.published", "article.updated"]


def test_anonymous_clients_are_asked_to_sign_in():
    assert Client().get("/api/v1/webhooks/").status_code == 401


def test_the_secret_is_shown_on_create_and_never_again(editor):
    client = token_client(editor)
    created = client.post(
        "/api/v1/webhooks/",
        {"url": "https://example.org/hook", "events": ["article.published"], "description": "Web"},
        format="json",
    )
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    Webhook(secret)  # a secret the verifier takes
    detail = client.get(f"/api/v1/webhooks/{created.json()['id']}/").json()
    assert "secret" not in detail and secret not in str(detail)
    assert secret not in str(client.get("/api/v1/webhooks/").json())


@pytest.mark.parametrize(
    "body",
    [
        {"url": "https://example.org/hook", "events": []},
        {"url": "https://example.org/hook", "events": ["article.exploded"]},
        {"url": "ftp://example.org/hook", "events": ["article.published"]},
        {"url": "not a url", "events": ["article.published"]},
        {"url": "https://example.org/hook", "events": "article.published"},
        {"events": ["article.published"]},
    ],
)
def test_bad_endpoints_are_a_400_and_nothing_is_written(editor, body):
    response = token_client(editor).post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not WebhookEndpoint.objects.exists()


def test_an_editor_changes_and_deletes_an_endpoint(editor, endpoint):
    client = token_client(editor)
    changed = client.patch(f"/api/v1/webhooks/{endpoint.pk}/", {"events": ["ping", "article.updated"]}, format="json")
    assert changed.status_code == 400  # ping is not something to subscribe to: every endpoint can be pinged
    changed = client.patch(f"/api/v1/webhooks/{endpoint.pk}/", {"events": ["article.updated"]}, format="json")
    assert changed.status_code == 200 and changed.json()["events"] == ["article.updated"]
    assert client.delete(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert client.get("/api/v1/webhooks/abc/").status_code == 404


def test_turning_a_disabled_endpoint_on_again_clears_its_failures(editor, endpoint):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False, consecutive_failures=9, disabled_reason="x")
    response = token_client(editor).patch(f"/api/v1/webhooks/{endpoint.pk}/", {"is_active": True}, format="json")
    assert response.json()["consecutive_failures"] == 0 and response.json()["disabled_reason"] == ""


def test_the_delivery_log_reads_in_constant_queries(editor, endpoint, django_assert_num_queries):
    client = token_client(editor)
    event = WebhookEvent.objects.create(type="ping", payload={"type": "ping"})
    WebhookDelivery.objects.create(endpoint=endpoint, event=event, attempt=1)
    with django_assert_num_queries(6):  # token with user, permissions (2), endpoint, count, page with events
        assert len(client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").json()["results"]) == 1
    for attempt in range(2, 6):
        WebhookDelivery.objects.create(endpoint=endpoint, event=event, attempt=attempt)
    with django_assert_num_queries(6):
        assert len(client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").json()["results"]) == 5


def test_a_writer_may_not_redeliver_or_ping(endpoint):
    writer = StaffFactory(role="Writer")
    event = WebhookEvent.objects.create(type="ping", payload={"type": "ping"})
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, attempt=1)
    client = token_client(writer)
    assert client.post(f"/api/v1/webhooks/{endpoint.pk}/ping/").status_code == 403
    assert client.post(f"/api/v1/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/redeliver/").status_code == 403
    with pytest.raises(policy.NotAllowed):
        services.endpoint_ping(endpoint=endpoint, by=writer)


# --- Signatures -------------------------------------------------------------------------------------------------


def test_a_rotated_secret_signs_beside_the_old_one_for_a_day_then_alone(editor, endpoint):
    old = endpoint.secret
    response = token_client(editor).post(f"/api/v1/webhooks/{endpoint.pk}/rotate-secret/")
    new = response.json()["secret"]
    assert new != old and new.startswith("whsec_")
    endpoint.refresh_from_db()
    body = '{"type":"ping"}'
    headers = signing.signed_headers(message_id="msg_1", body=body, secrets_in_force=endpoint.signing_secrets())
    Webhook(old).verify(body, headers)
    Webhook(new).verify(body, headers)
    later = endpoint.signing_secrets(now=timezone.now() + timedelta(hours=24, minutes=1))
    headers = signing.signed_headers(message_id="msg_1", body=body, secrets_in_force=later)
    Webhook(new).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, headers)


def test_a_second_rotation_within_the_day_overlaps_the_secret_it_replaces_and_stops_the_one_before(editor, endpoint):
    import time_machine

    first = endpoint.secret
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        second = services.endpoint_rotate_secret(endpoint=endpoint, by=editor).secret
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        third = services.endpoint_rotate_secret(endpoint=endpoint, by=editor).secret
    endpoint.refresh_from_db()
    assert endpoint.previous_secret_expires_at == start + timedelta(hours=25)  # 24 h from the second rotation
    body = '{"type":"ping"}'

    def verifies(at):
        signing_secrets = endpoint.signing_secrets(now=at)
        headers = signing.signed_headers(message_id="msg_1", body=body, secrets_in_force=signing_secrets)
        accepted = set()
        for secret in (first, second, third):
            try:
                Webhook(secret).verify(body, headers)
                accepted.add(secret)
            except WebhookVerificationError:
                pass
        return accepted

    assert verifies(start + timedelta(hours=2)) == {second, third}  # the first stopped at the second rotation
    assert verifies(start + timedelta(hours=24, minutes=30)) == {second, third}
    assert verifies(start + timedelta(hours=25, minutes=1)) == {third}


def test_a_tampered_body_fails_verification(endpoint):
    headers = signing.signed_headers(message_id="msg_1", body='{"a":1}', secrets_in_force=[endpoint.secret])
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify('{"a":2}', headers)


# --- Private networks -------------------------------------------------------------------------------------------


def _deliver_ping(endpoint):
    event = WebhookEvent.objects.create(type="ping", payload={"type": "ping"}, endpoint=endpoint)
    tasks.deliver.call(endpoint.pk, event.pk, 1)
    return WebhookDelivery.objects.get(event=event)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_private_destinations_are_refused_after_resolution_unless_allowed(settings, editor, host):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    with Receiver() as receiver:
        url = receiver.url.replace("127.0.0.1", host)
        endpoint = services.endpoint_create(by=editor, url=url, events=["article.published"])
        delivery = _deliver_ping(endpoint)
        assert "loopback, private" in delivery.error and delivery.response_status is None
        assert receiver.requests == []
        if host != "[::1]":  # the receiver listens on IPv4
            settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
            assert _deliver_ping(endpoint).response_status == 200
            assert len(receiver.requests) == 1


@pytest.mark.parametrize(
    "address", ["10.1.2.3", "192.168.0.1", "169.254.169.254", "224.0.0.1", "0.0.0.0", "::ffff:10.0.0.1"]
)
def test_private_link_local_and_multicast_addresses_are_not_public(address):
    from articles.integrations import outbound

    assert not outbound._public(address)
    assert outbound._public("93.184.215.14")


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_not_followed(settings, editor, status):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    with Receiver() as elsewhere, Receiver([status], headers={"Location": elsewhere.url}) as receiver:
        endpoint = services.endpoint_create(by=editor, url=receiver.url, events=["article.published"])
        delivery = _deliver_ping(endpoint)
    assert delivery.response_status == status and not delivery.succeeded and len(receiver.requests) == 1
    assert elsewhere.requests == []  # where the redirect pointed heard nothing


# --- Delivery: the log, retries, disabling -----------------------------------------------------------------------


def test_the_log_keeps_the_first_2000_characters_of_a_long_answer(settings, editor):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    with Receiver([500], body="é" * 1500 + "x" * 5000) as receiver:
        endpoint = services.endpoint_create(by=editor, url=receiver.url, events=["article.published"])
        delivery = _deliver_ping(endpoint)
    assert WebhookDelivery.RESPONSE_BODY_LIMIT == 2000
    assert delivery.response_body == "é" * 1500 + "x" * 500  # characters, not bytes: a multibyte one is not cut


def test_the_default_retries_double_from_a_minute_to_twelve_hours_about_fifteen_tries_over_three_days(monkeypatch):
    from django.conf import settings

    assert settings.WEBHOOKS_MAX_ATTEMPTS == 15
    assert (settings.WEBHOOKS_RETRY_BASE_SECONDS, settings.WEBHOOKS_RETRY_MAX_SECONDS) == (60, 12 * 3600)
    monkeypatch.setattr(tasks.random, "uniform", lambda low, high: 1.0)  # no jitter: the schedule itself
    delays = [tasks.backoff(attempt) for attempt in range(1, settings.WEBHOOKS_MAX_ATTEMPTS)]
    assert delays[:4] == [60, 120, 240, 480]
    assert delays[-4:] == [12 * 3600] * 4 and max(delays) == 12 * 3600
    assert timedelta(days=2.5) < timedelta(seconds=sum(delays)) < timedelta(days=3)
    monkeypatch.undo()
    jittered = [tasks.backoff(1) for _ in range(200)]
    assert all(48 <= delay <= 72 for delay in jittered)  # ±20 %
    assert len(set(jittered)) > 100  # spread, so that endpoints' retries do not all come at once


def test_a_failed_delivery_is_tried_again_at_its_backoff(settings, editor, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    with Receiver([503]) as receiver:
        endpoint = services.endpoint_create(by=editor, url=receiver.url, events=["article.published"])
        event = WebhookEvent.objects.create(type="article.published", payload={"type": "article.published"})
        with django_capture_on_commit_callbacks(execute=True):
            tasks.deliver.call(endpoint.pk, event.pk, 3)
    delivery = WebhookDelivery.objects.get()
    wait = (delivery.next_attempt_at - delivery.created_at).total_seconds()
    assert 240 * 0.8 - 1 <= wait <= 240 * 1.2 + 1  # after the third try: 4 minutes, ±20 %
    retry = DBTaskResult.objects.get(task_path__endswith=".deliver")
    assert retry.args_kwargs["args"] == [endpoint.pk, event.pk, 4] and retry.run_after == delivery.next_attempt_at


def test_consecutive_failures_disable_the_endpoint_and_email_the_editors_once(
    settings, editor, mailoutbox, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 3
    editor.email = "desk@newsroom.example"
    editor.save()
    StaffFactory(role="Writer", email="writer@newsroom.example")
    with Receiver([503]) as receiver:
        endpoint = services.endpoint_create(by=editor, url=receiver.url, events=["article.published"])
        event = WebhookEvent.objects.create(type="article.published", payload={"type": "article.published"})
        for attempt in (1, 2):
            with django_capture_on_commit_callbacks(execute=True):
                tasks.deliver.call(endpoint.pk, event.pk, attempt)
        endpoint.refresh_from_db()
        assert endpoint.is_active and endpoint.consecutive_failures == 2 and mailoutbox == []
        with django_capture_on_commit_callbacks(execute=True):
            tasks.deliver.call(endpoint.pk, event.pk, 3)
        endpoint.refresh_from_db()
        assert not endpoint.is_active and "3 deliveries in a row" in endpoint.disabled_reason
        with django_capture_on_commit_callbacks(execute=True):
            tasks.deliver.call(endpoint.pk, event.pk, 4)  # a retry queued before: dropped, no second mail
    assert len(receiver.requests) == 3
    (mail,) = mailoutbox
    assert mail.to == ["desk@newsroom.example"] and "disabled" in mail.subject
    assert "3 deliveries in a row failed" in mail.body and endpoint.url in mail.body


def test_a_success_between_failures_starts_the_count_again(settings, editor, django_capture_on_commit_callbacks):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 3
    with Receiver([503, 503, 200, 503, 503]) as receiver:
        endpoint = services.endpoint_create(by=editor, url=receiver.url, events=["article.published"])
        event = WebhookEvent.objects.create(type="article.published", payload={"type": "article.published"})
        for attempt in range(1, 6):
            with django_capture_on_commit_callbacks(execute=True):
                tasks.deliver.call(endpoint.pk, event.pk, attempt)
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 2


# --- Which changes are told, and what they tell -------------------------------------------------------------------


def test_each_editorial_change_writes_its_event_in_the_outbox(editor, endpoint, django_capture_on_commit_callbacks):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    article_transition(article=article, by=editor, name="publish")
    assert len(events_of("article.published")) == 1
    pending_edit(article, title="New headline")
    article_transition(article=Article.objects.get(pk=article.pk), by=editor, name="publish")
    (updated,) = events_of("article.updated")
    assert updated.payload["data"]["title"] == "New headline"
    correction_add(article=Article.objects.get(pk=article.pk), text="An earlier version misspelt a name.", by=editor)
    (correction,) = events_of("correction.added")
    assert correction.payload["data"]["correction"]["text"] == "An earlier version misspelt a name."
    article_transition(article=Article.objects.get(pk=article.pk), by=editor, name="archive")
    assert len(events_of("article.archived")) == 1
    other = ArticleFactory(published=True)
    article_transition(article=other, by=editor, name="unpublish")
    assert len(events_of("article.unpublished")) == 1


def test_changes_to_what_was_never_public_tell_nothing(editor, endpoint):
    draft = ArticleFactory(title="Secret scoop")
    article_transition(article=draft, by=editor, name="submit")
    article_transition(article=Article.objects.get(pk=draft.pk), by=editor, name="withdraw")
    article_transition(article=Article.objects.get(pk=draft.pk), by=editor, name="archive")
    article_delete(article=Article.objects.get(pk=draft.pk), by=UserFactory(is_superuser=True))
    assert not WebhookEvent.objects.exists()


def test_deleting_a_public_article_tells_of_it(endpoint):
    article = ArticleFactory(published=True, title="Gone story")
    article_delete(article=article, by=UserFactory(is_superuser=True))
    (deleted,) = events_of("article.deleted")
    assert deleted.payload["data"]["title"] == "Gone story"


def test_a_scheduled_publication_waits_for_its_time(editor, endpoint):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    publish_at = timezone.now() + timedelta(hours=2)
    article_transition(article=article, by=editor, name="publish", publish_at=publish_at)
    (event,) = events_of("article.published")
    assert event.payload is None and event.due_at == publish_at  # made when due, as the article then reads


def test_a_scheduled_event_run_early_waits_for_its_time_instead_of_being_dropped(
    editor, endpoint, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    publish_at = timezone.now() + timedelta(seconds=30)
    article_transition(article=article, by=editor, name="publish", publish_at=publish_at)
    (event,) = events_of("article.published")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.dispatch_event.call(event.pk)  # as rq may, a little before its whole second
    event.refresh_from_db()
    assert event.dispatched_at is None and event.payload is None
    again = DBTaskResult.objects.filter(task_path__endswith="dispatch_event", run_after__gt=publish_at).get()
    assert again.args_kwargs["args"] == [event.pk]


def test_an_approved_comment_is_told_without_the_commenters_email(editor, endpoint):
    comment = CommentFactory(author_email="reader@example.net", body="Well reported.")
    comment_approve(comments=Comment.objects.filter(pk=comment.pk), by=editor)
    comment_approve(comments=Comment.objects.filter(pk=comment.pk), by=editor)  # approved already: told once
    (event,) = events_of("comment.approved")
    assert event.payload["data"]["comment"]["body"] == "Well reported."
    assert "reader@example.net" not in str(event.payload) and "ip" not in event.payload["data"]["comment"]


def test_an_author_profile_change_is_told_without_the_email(editor, endpoint):
    author = AuthorFactory(email="private@newsroom.example")
    response = token_client(editor).patch(f"/api/v1/authors/{author.slug}/", {"job_title": "Editor"}, format="json")
    assert response.status_code == 200
    (event,) = events_of("author.updated")
    assert event.payload["data"]["slug"] == author.slug
    assert "private@newsroom.example" not in str(event.payload)


def _change_alt_text(image, editor, text="A frozen lake"):
    from articles.images.services import image_store
    from articles.models import Image

    image = Image.objects.get(pk=image.pk)
    image.alt_text = text
    image_store(image=image, by=editor)


def _featured(image, **article):
    return ArticleFactory(featured_image=image, **article)


def _placed_in_body(image, **article):
    from articles.images.services import article_sync_images
    from tests.articles.factories import figure_html

    placed = ArticleFactory(body=f"<p>Text.</p>{figure_html(image)}", **article)
    article_sync_images(article=placed)
    assert placed.placements.filter(image=image).exists()
    return placed


def _in_live_entry(image, **article):
    from tests.articles.factories import figure_html
    from tests.articles.live.factories import LiveCoverageFactory, editor, post

    coverage = LiveCoverageFactory(article=ArticleFactory(**article))
    post(coverage.article, editor(), text=f"Photo.</p>{figure_html(image)}<p>More")
    return coverage.article


def _on_front(image, **article):
    from tests.articles.fronts.factories import FrontSlotFactory

    return FrontSlotFactory(image=image, article=ArticleFactory(**article)).article


@pytest.mark.parametrize("shown_by", [_featured, _placed_in_body, _in_live_entry, _on_front])
def test_a_change_of_a_photo_public_content_shows_is_told_with_an_absolute_url(settings, editor, endpoint, shown_by):
    from tests.articles.factories import ImageFactory

    settings.API_PUBLIC_URL = "https://api.example.com/api/v1"
    image = ImageFactory(caption="Ice on the lake", credit="Jo Doe")
    shown_by(image, published=True)
    _change_alt_text(image, editor)
    (event,) = events_of("image.updated")
    data = event.payload["data"]
    assert data["alt_text"] == "A frozen lake" and data["caption"] == "Ice on the lake" and data["credit"] == "Jo Doe"
    assert data["url"] == f"https://api.example.com{image.file.url}"
    assert data["focal_point"] == {"x": 0.5, "y": 0.5} and data["width"] == image.width


@pytest.mark.parametrize("shown_by", [_featured, _placed_in_body, _in_live_entry, _on_front])
@pytest.mark.parametrize("article", [{}, {"scheduled": True}, {"status": Article.Status.IN_REVIEW}])
def test_a_change_of_a_photo_only_drafts_or_scheduled_articles_use_is_not_told(editor, endpoint, shown_by, article):
    from tests.articles.factories import ImageFactory

    image = ImageFactory()
    shown_by(image, **article)
    _change_alt_text(image, editor)
    assert not events_of("image.updated")


def test_a_change_of_a_photo_only_in_the_library_is_not_told(editor, endpoint):
    from tests.articles.factories import ImageFactory

    _change_alt_text(ImageFactory(), editor)
    assert not events_of("image.updated")


def test_a_save_that_changes_nothing_the_payload_carries_is_not_told(editor, endpoint):
    from articles.images.services import image_store
    from articles.models import Image
    from tests.articles.factories import ImageFactory

    image = ImageFactory(alt_text="A frozen lake")
    _featured(image, published=True)
    image_store(image=Image.objects.get(pk=image.pk), by=editor)
    _change_alt_text(image, editor, text="A frozen lake")
    assert not events_of("image.updated")
    moved = Image.objects.get(pk=image.pk)
    moved.focal_x = 0.2  # the crops move: the public image object changes
    image_store(image=moved, by=editor)
    (event,) = events_of("image.updated")
    assert event.payload["data"]["focal_point"] == {"x": 0.2, "y": 0.5}


def test_no_endpoint_no_outbox_row(editor):
    article_transition(article=ArticleFactory(status=Article.Status.IN_REVIEW), by=editor, name="publish")
    assert not WebhookEvent.objects.exists()


def test_events_are_queued_for_the_worker_only_on_commit(editor, endpoint, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article_transition(article=ArticleFactory(status=Article.Status.IN_REVIEW), by=editor, name="publish")
    assert not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()
    assert DBTaskResult.objects.filter(task_path__endswith="dispatch_event").count() == 1
