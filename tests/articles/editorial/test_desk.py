"""The change form's working state: autosaves, presence and the edit lock, by their services and admin addresses."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.editorial import desk, policy
from articles.editorial.roles import EDITOR, MODERATOR, WRITER
from articles.models import Autosave
from tests.articles.article_form import edit_in_admin
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff(role, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_one_autosave_per_user_and_article_each_keep_replacing_the_last():
    editor, article = staff(EDITOR), ArticleFactory()
    desk.autosave_keep(article=article, by=editor, data={"title": "One"})
    desk.autosave_keep(article=article, by=editor, data={"title": "Two"})
    desk.autosave_keep(article=None, by=editor, data={"title": "A new one"})
    desk.autosave_keep(article=None, by=editor, data={"title": "A new one, again"})

    assert Autosave.objects.get(user=editor, article=article).data == {"title": "Two"}
    assert Autosave.objects.filter(user=editor).count() == 2


def test_an_autosave_is_for_who_may_edit_the_article():
    moderator = staff(MODERATOR)
    with pytest.raises(policy.NotAllowed):
        desk.autosave_keep(article=ArticleFactory(published=True), by=moderator, data={"title": "x"})


def test_an_autosave_that_is_not_the_form_s_fields_is_refused_clearly(client):
    client.force_login(staff(EDITOR))
    url = reverse("admin:articles_article_autosave", args=[ArticleFactory().pk])

    response = post_json(client, url, {"data": {"title": {"nested": 1}}})

    assert response.status_code == 400
    assert response.json()["detail"] == "The field 'title' of an autosave is not text."
    assert post_json(client, url, {"data": "not a form"}).status_code == 400


def test_saving_the_article_clears_the_saver_s_autosave_but_not_another_s(client):
    editor, colleague = staff(EDITOR), staff(EDITOR)
    article = ArticleFactory()
    desk.autosave_keep(article=article, by=editor, data={"title": "Mine"})
    desk.autosave_keep(article=article, by=colleague, data={"title": "Theirs"})
    client.force_login(editor)

    assert edit_in_admin(client, article, title="Saved").status_code == 302

    assert list(Autosave.objects.values_list("user", flat=True)) == [colleague.pk]


def test_an_autosave_older_than_the_last_save_is_not_offered():
    editor, article = staff(EDITOR), ArticleFactory()
    from articles.editorial.services import article_edit

    with time_machine.travel(timezone.now() - timedelta(minutes=5)):
        desk.autosave_keep(article=article, by=editor, data={"title": "Old"})
    article_edit(article=article, by=editor, changes={"title": "Saved since"})

    assert desk.autosave_to_offer(article=article, by=editor) is None


def test_the_first_editor_holds_the_lock_and_the_next_sees_who_since_when():
    ana, bo, article = staff(EDITOR, first_name="Ana"), staff(EDITOR, first_name="Bo"), ArticleFactory()

    desk.presence_beat(article=article, by=ana, active=True, unsaved=True)
    state = desk.presence_beat(article=article, by=bo, active=True, unsaved=False)

    assert state["lock"]["mine"] is False
    assert [(o["editing"], o["unsaved"]) for o in state["others"]] == [(True, True)]


def test_the_lock_is_free_once_its_holder_goes_idle():
    ana, bo, article = staff(EDITOR), staff(EDITOR), ArticleFactory()
    desk.presence_beat(article=article, by=ana, active=True, unsaved=False)

    with time_machine.travel(timezone.now() + desk.IDLE_AFTER + timedelta(seconds=1)):
        desk.presence_beat(article=article, by=ana, active=False, unsaved=False)  # still open, idle
        state = desk.presence_beat(article=article, by=bo, active=True, unsaved=False)

    assert state["lock"]["mine"] is True


def test_taking_over_tells_the_holder_and_needs_the_right_to_edit(client):
    ana, bo, article = staff(EDITOR), staff(EDITOR), ArticleFactory()
    desk.presence_beat(article=article, by=ana, active=True, unsaved=False)
    writer = staff(WRITER)
    AuthorFactory(user=writer)
    with pytest.raises(policy.Refusal):
        desk.lock_take_over(article=ArticleFactory(published=True), by=writer)

    client.force_login(bo)
    taken = client.post(reverse("admin:articles_article_take_over", args=[article.pk]))

    assert taken.json()["lock"]["mine"] is True
    assert desk.presence_beat(article=article, by=ana, active=True, unsaved=False)["taken_over_by"] == bo.username


def test_presence_of_an_article_the_user_may_not_see_is_404(client):
    writer = staff(WRITER)
    client.force_login(writer)
    response = post_json(client, reverse("admin:articles_article_presence", args=[ArticleFactory().pk]), {})
    assert response.status_code == 404
