"""CDN purge by cache tag: the request each provider expects, sent by the worker, retried and logged."""

import json
from datetime import timedelta

import pytest
from django.db import transaction

from articles.integrations.cdn import enqueue_cdn_purge
from articles.models import CdnPurge
from tests.articles.integrations.receivers import Receiver, run_ready_tasks

pytestmark = pytest.mark.django_db


def purge(tags, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_cdn_purge(tags)
    run_ready_tasks()


def test_fastly_purges_by_surrogate_key(settings, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        settings.CDN_PROVIDER = "fastly"
        settings.CDN_FASTLY_API_URL = receiver.url.rstrip("/")
        settings.CDN_FASTLY_SERVICE_ID, settings.CDN_FASTLY_API_TOKEN = "SVC123", "fastly-token"
        purge(["article:12", "articles", "article:12"], django_capture_on_commit_callbacks)
    (request,) = receiver.requests
    assert (request["method"], request["path"]) == ("POST", "/hooks/service/SVC123/purge")
    assert request["headers"]["Surrogate-Key"] == "article:12 articles"
    assert request["headers"]["Fastly-Key"] == "fastly-token"
    (logged,) = CdnPurge.objects.all()
    assert (logged.provider, logged.tags, logged.response_status, logged.succeeded) == (
        "fastly",
        ["article:12", "articles"],
        200,
        True,
    )


def test_cloudflare_purges_by_tag(settings, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        settings.CDN_PROVIDER = "cloudflare"
        settings.CDN_CLOUDFLARE_API_URL = receiver.url.rstrip("/")
        settings.CDN_CLOUDFLARE_ZONE_ID, settings.CDN_CLOUDFLARE_API_TOKEN = "ZONE9", "cf-token"
        purge(["section:3", "article:7"], django_capture_on_commit_callbacks)
    (request,) = receiver.requests
    assert (request["method"], request["path"]) == ("POST", "/hooks/zones/ZONE9/purge_cache")
    assert request["headers"]["Authorization"] == "Bearer cf-token"
    assert json.loads(request["body"]) == {"tags": ["article:7", "section:3"]}


def test_varnish_gets_a_purge_request_with_the_xkey_header(settings, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        settings.CDN_PROVIDER, settings.CDN_VARNISH_URL = "varnish", receiver.url
        purge(["article:12", "articles"], django_capture_on_commit_callbacks)
    (request,) = receiver.requests
    assert request["method"] == "PURGE"
    assert request["headers"]["xkey-purge"] == "article:12 articles"


def test_a_failed_purge_is_logged_and_tried_again_later(settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with Receiver([500]) as receiver:
        settings.CDN_PROVIDER, settings.CDN_VARNISH_URL = "varnish", receiver.url
        purge(["articles"], django_capture_on_commit_callbacks)
    (logged,) = CdnPurge.objects.all()
    assert (logged.response_status, logged.succeeded, logged.attempt) == (500, False, 1)
    assert logged.next_attempt_at is not None
    retry = DBTaskResult.objects.get(status="READY")
    assert abs((retry.run_after - logged.next_attempt_at).total_seconds()) < 1
    assert retry.args_kwargs["args"] == [["articles"], 2]


def test_many_tags_go_in_batches(settings, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        settings.CDN_PROVIDER, settings.CDN_VARNISH_URL = "varnish", receiver.url
        purge([f"article:{n}" for n in range(45)], django_capture_on_commit_callbacks)
    assert sorted(len(r["headers"]["xkey-purge"].split()) for r in receiver.requests) == [15, 30]


def test_no_cdn_configured_queues_nothing(settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.CDN_PROVIDER = ""
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_cdn_purge(["articles"])
    assert not DBTaskResult.objects.exists()


def test_a_purge_is_queued_only_once_its_change_commits(settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.CDN_PROVIDER, settings.CDN_VARNISH_URL = "varnish", "http://127.0.0.1:9/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_cdn_purge(["articles"])
    assert not DBTaskResult.objects.exists()  # not before the commit
    (on_commit,) = callbacks
    on_commit()
    assert DBTaskResult.objects.get().args_kwargs["args"] == [["articles"]]


def test_a_purge_of_a_change_rolled_back_is_never_queued(settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.CDN_PROVIDER, settings.CDN_VARNISH_URL = "varnish", "http://127.0.0.1:9/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_cdn_purge(["articles"])
            assert not DBTaskResult.objects.exists()  # waiting for a commit that never comes
            raise RuntimeError
    assert callbacks == []  # the rollback dropped the purge with the change
    assert not DBTaskResult.objects.exists()


def test_a_live_edit_through_the_api_purges_the_tags_it_bumps_and_a_draft_save_purges_nothing(
    settings, django_capture_on_commit_callbacks
):
    from tests.articles.factories import ArticleFactory
    from tests.authors.factories import StaffFactory, token_client

    live, draft = ArticleFactory(published=True), ArticleFactory()
    editor = token_client(StaffFactory(role="Editor"))
    with Receiver() as receiver:
        settings.CDN_PROVIDER, settings.CDN_VARNISH_URL = "varnish", receiver.url
        with django_capture_on_commit_callbacks(execute=True):
            editor.patch(f"/api/v1/articles/{draft.slug}/", {"title": "Still a draft"}, format="json")
        run_ready_tasks()
        assert receiver.requests == []

        with django_capture_on_commit_callbacks(execute=True):
            editor.patch(f"/api/v1/articles/{live.slug}/", {"title": "Corrected"}, format="json")
            assert editor.post(f"/api/v1/articles/{live.slug}/publish/").status_code == 200
        run_ready_tasks()

    purged = {tag for request in receiver.requests for tag in request["headers"]["xkey-purge"].split(" ")}
    assert {f"article:{live.pk}", "feed", "sitemap"} <= purged
    assert "articles" not in purged  # it stays where it stood: the list pages holding it go by its own tag
    assert f"article:{draft.pk}" not in purged


def test_a_scheduled_article_purges_the_cdn_at_its_publish_time_by_the_task_due_then(
    settings, django_capture_on_commit_callbacks
):
    import time_machine
    from django.utils import timezone

    from articles.editorial.services import article_transition
    from articles.integrations import tasks
    from articles.models import Article, WebhookEvent
    from tests.articles.factories import ArticleFactory
    from tests.authors.factories import StaffFactory

    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    author_id = article.article_authors.get().author_id
    publish_at = timezone.now() + timedelta(hours=2)
    with Receiver() as receiver:
        settings.CDN_PROVIDER, settings.CDN_VARNISH_URL = "varnish", receiver.url
        with django_capture_on_commit_callbacks(execute=True):
            article_transition(article=article, by=StaffFactory(role="Editor"), name="publish", publish_at=publish_at)
        run_ready_tasks()
        assert receiver.requests == []  # scheduled: nothing public changed yet
        due = WebhookEvent.objects.get(type="article.published", due_at=publish_at)
        with time_machine.travel(publish_at + timedelta(seconds=1)), django_capture_on_commit_callbacks(execute=True):
            tasks.dispatch_event.call(due.pk)  # what the worker runs at the publish time
        run_ready_tasks()
    purged = {tag for request in receiver.requests for tag in request["headers"]["xkey-purge"].split(" ")}
    assert {f"article:{article.pk}", "articles", "feed", "sitemap", "authors", f"author:{author_id}"} <= purged


def test_a_scheduled_article_unpublished_before_its_time_purges_nothing_then(
    settings, django_capture_on_commit_callbacks
):
    import time_machine
    from django.utils import timezone

    from articles.editorial.services import article_transition
    from articles.integrations import tasks
    from articles.models import Article, WebhookEvent
    from tests.articles.factories import ArticleFactory
    from tests.authors.factories import StaffFactory

    editor = StaffFactory(role="Editor")
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    publish_at = timezone.now() + timedelta(hours=2)
    article_transition(article=article, by=editor, name="publish", publish_at=publish_at)
    article_transition(article=Article.objects.get(pk=article.pk), by=editor, name="unpublish")
    with Receiver() as receiver:
        settings.CDN_PROVIDER, settings.CDN_VARNISH_URL = "varnish", receiver.url
        due = WebhookEvent.objects.get(type="article.published", due_at=publish_at)
        with time_machine.travel(publish_at + timedelta(seconds=1)), django_capture_on_commit_callbacks(execute=True):
            tasks.dispatch_event.call(due.pk)
        run_ready_tasks()
    assert receiver.requests == []
