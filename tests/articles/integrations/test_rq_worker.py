"""``TASKS_BACKEND=rq``: README's rq worker command, a real Redis and a real receiver on 127.0.0.1.

Skipped without the ``rq`` extra (``pip install -e ".[rq]"``). The queue is ``default`` in the Redis database of
``RQ_TEST_REDIS_URL`` (by default ``redis://127.0.0.1:6379/14``), emptied before each test; with the variable unset,
a Redis that does not answer skips the test, with it set (as in CI) it fails it.
"""

import os
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

pytest.importorskip("django_tasks_rq", reason="the rq extra is not installed")

from articles.editorial.services import article_transition  # noqa: E402
from articles.integrations import services  # noqa: E402
from articles.models import Article, WebhookDelivery  # noqa: E402
from tests.articles.factories import ArticleFactory  # noqa: E402
from tests.articles.integrations.receivers import Receiver, RqWorker  # noqa: E402
from tests.authors.factories import StaffFactory  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("RQ_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def rq_queue(settings):
    """This process enqueues on rq, in the Redis the worker reads; the queue starts empty."""
    import django_rq
    import redis
    from rq.registry import ScheduledJobRegistry

    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default")
    try:
        queue.connection.ping()
    except redis.exceptions.ConnectionError:
        if "RQ_TEST_REDIS_URL" in os.environ:
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    queue.empty()
    scheduled = ScheduledJobRegistry(queue=queue)
    for job_id in scheduled.get_job_ids():
        scheduled.remove(job_id, delete_job=True)
    return queue


@pytest.fixture(autouse=True)
def groups():
    """Real transactions empty the tables after each test, the groups of the data migration with them."""
    from django.apps import apps

    from articles.editorial.roles import sync_groups

    sync_groups(apps)


def test_the_rq_worker_delivers_webhooks_now_and_at_a_scheduled_time(rq_queue, tmp_path):
    editor = StaffFactory(role="Editor")
    now_article = ArticleFactory(status=Article.Status.IN_REVIEW, title="Ice road opens")
    later_article = ArticleFactory(status=Article.Status.IN_REVIEW, title="Ferry resumes")
    with Receiver() as receiver, RqWorker(tmp_path, REDIS_URL) as worker:
        endpoint = services.endpoint_create(by=editor, url=receiver.url, events=["article.published"])
        article_transition(article=now_article, by=editor, name="publish")
        publish_at = timezone.now() + timedelta(seconds=3)
        article_transition(article=later_article, by=editor, name="publish", publish_at=publish_at)
        try:
            first, second = receiver.wait_for(2, timeout=30)
            deadline = time.monotonic() + 10
            while WebhookDelivery.objects.count() < 2 and time.monotonic() < deadline:
                time.sleep(0.05)  # each attempt is logged once its answer is in
        except AssertionError:
            raise AssertionError(f"the rq worker did not deliver; its log:\n{worker.log_text()}") from None
    assert [Webhook(endpoint.secret).verify(r["body"], r["headers"])["data"]["title"] for r in (first, second)] == [
        "Ice road opens",
        "Ferry resumes",
    ]
    assert first["at"] < publish_at.timestamp() <= second["at"]  # the scheduled one waited for its time
    assert sorted(WebhookDelivery.objects.values_list("succeeded", flat=True)) == [True, True]
