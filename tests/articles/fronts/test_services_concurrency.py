"""Pinning articles to a front while an editor saves it, on real transactions (SQLite's file and PostgreSQL alike):
the slots are read under the front's lock, so the editor's save is never overwritten with the list read before it."""

import threading

import pytest
from django.db import connection, transaction

from articles.fronts.models import Front, FrontSlot
from articles.fronts.services import front_pin_articles, front_save
from tests.articles.factories import ArticleFactory
from tests.articles.fronts.factories import FrontFactory, FrontSlotFactory
from tests.authors.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def groups():
    """Real transactions empty the tables after each test, the groups of the data migration with them."""
    from django.apps import apps

    from articles.editorial.roles import sync_groups

    sync_groups(apps)


def in_thread(call):
    """Start ``call`` in a thread with its own connection; join() it for the result or its exception."""
    outcome = {}

    def run():
        try:
            outcome["result"] = call()
        except Exception as error:  # re-raised by join()
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()

    def join():
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    return join


def test_an_editors_save_made_while_articles_are_being_pinned_is_kept():
    editor = StaffFactory(role="Editor")
    front = FrontFactory(length=5)
    FrontSlotFactory(front=front, pinned_position=1)
    sticky, editors_pick = ArticleFactory.create_batch(2, published=True)
    slots_read, editor_saved = threading.Event(), threading.Event()

    def pause_after_reading_the_slots(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not slots_read.is_set() and sql.startswith("SELECT") and FrontSlot._meta.db_table in sql:
            slots_read.set()
            editor_saved.wait(timeout=1)  # the editor's save goes in now, unless the front is locked
        return result

    def pinning():
        with connection.execute_wrapper(pause_after_reading_the_slots):
            return front_pin_articles(front=Front.objects.get(pk=front.pk), articles=[sticky], by=editor)

    def editors_save():
        slots_read.wait(timeout=10)
        with transaction.atomic():
            locked = Front.objects.select_for_update().get(pk=front.pk)  # a change to the slots as they are
            front_save(front=locked, by=editor, slots=[*locked.slots.all(), FrontSlot(article=editors_pick)])
        editor_saved.set()

    pinned, saved = in_thread(pinning), in_thread(editors_save)
    _, positions = pinned()
    saved()

    assert positions == {sticky.pk: 2}
    assert editors_pick.pk in set(front.slots.values_list("article", flat=True))
    assert front.slots.get(article=sticky).pinned_position == 2
    assert front.slots.count() == 3
