"""Live coverage tells receivers: ``article.updated`` for each change of a published entry of a public article."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from articles.integrations import services
from articles.live import services as live
from articles.models import Article, WebhookEvent
from tests.articles.factories import ArticleFactory
from tests.articles.live.factories import LiveCoverageFactory, editor, live_article, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return editor()


@pytest.fixture(autouse=True)
def endpoint(desk):
    return services.endpoint_create(by=desk, url="http://127.0.0.1:9/hooks/", events=["article.updated"])


def told():
    """The live changes told so far, oldest first: (entry id, change)."""
    updates = WebhookEvent.objects.filter(type="article.updated").order_by("pk")
    return [(e.payload["data"]["live_entry"]["id"], e.payload["data"]["live_entry"]["change"]) for e in updates]


def test_a_published_entry_is_told_with_its_id_and_permalink(desk):
    article = live_article(title="Storm live", slug="storm-live")
    entry = post(article, desk, "The storm reached the coast.")
    (event,) = WebhookEvent.objects.filter(type="article.updated")
    data = event.payload["data"]
    assert (data["id"], data["slug"], data["title"], data["status"]) == (
        article.pk,
        "storm-live",
        "Storm live",
        "published",
    )
    assert data["live_entry"] == {
        "id": entry.pk,
        "permalink": f"{article.canonical_address}#entry-{entry.pk}",
        "change": "posted",
    }
    assert event.article_id == article.pk
    assert "The storm reached the coast." not in str(event.payload)  # the receiver reads the entry from the API


def test_each_change_of_a_published_entry_is_told(desk):
    article = live_article()
    entry = post(article, desk, "First take.")
    live.entry_edit(article=article, entry=entry, by=desk, changes={"body_html": "<p>Second take.</p>"})
    live.entry_edit(article=article, entry=entry, by=desk, changes={"pinned": True})
    live.entry_correction_add(article=article, entry=entry, by=desk, text="The time was wrong.")
    live.entry_edit(article=article, entry=entry, by=desk, changes={"status": "draft"})
    other = post(article, desk, "Another.")
    live.entry_delete(article=article, entry=other, by=desk)
    assert told() == [
        (entry.pk, "posted"),
        (entry.pk, "edited"),
        (entry.pk, "edited"),
        (entry.pk, "corrected"),
        (entry.pk, "withdrawn"),
        (other.pk, "posted"),
        (other.pk, "deleted"),
    ]


def test_drafts_tell_nothing_until_published(desk):
    article = live_article()
    draft = post(article, desk, "Not yet.", status="draft")
    live.entry_edit(article=article, entry=draft, by=desk, changes={"body_html": "<p>Still not.</p>"})
    other = post(article, desk, "Never.", status="draft")
    live.entry_delete(article=article, entry=other, by=desk)
    assert told() == []
    live.entry_edit(article=article, entry=draft, by=desk, changes={"status": "published"})
    assert told() == [(draft.pk, "posted")]


def test_an_edit_that_changes_nothing_is_not_told(desk):
    article = live_article()
    entry = post(article, desk, "Same.")
    author_ids = list(entry.entry_authors.values_list("author_id", flat=True))
    live.entry_edit(article=article, entry=entry, by=desk, changes={"body_html": "<p>Same.</p>", "authors": author_ids})
    assert told() == [(entry.pk, "posted")]


@pytest.mark.parametrize("article", [{}, {"scheduled": True}, {"status": Article.Status.IN_REVIEW}])
def test_the_coverage_of_an_article_not_public_tells_nothing(desk, article):
    coverage = LiveCoverageFactory(article=ArticleFactory(**article))
    entry = post(coverage.article, desk, "Prepared.")
    live.entry_edit(article=coverage.article, entry=entry, by=desk, changes={"body_html": "<p>Ready.</p>"})
    live.entry_delete(article=coverage.article, entry=entry, by=desk)
    assert told() == []


def test_the_event_is_handed_to_the_worker_on_commit_and_never_for_a_rollback(desk, django_capture_on_commit_callbacks):
    article = live_article()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            post(article, desk, "Rolled back.")
            raise RuntimeError
    assert callbacks == [] and told() == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(article, desk, "Kept.")
    assert len(told()) == 1
    assert not DBTaskResult.objects.exists()  # the outbox row is written; the worker hears of it on commit
    for callback in callbacks:
        callback()
    assert DBTaskResult.objects.filter(task_path__endswith="dispatch_event").count() == 1
