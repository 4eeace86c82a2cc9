"""Accounts for browser tests, in the groups the roles migration defines."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.editorial.roles import EDITOR, MODERATOR, WRITER
from tests.authors.factories import AuthorFactory


def _staff(username, group):
    user = get_user_model().objects.create_user(username=username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def make_editor(username="editor"):
    return _staff(username, EDITOR)


def make_moderator(username="moderator"):
    return _staff(username, MODERATOR)


def make_writer(username="writer"):
    """A writer with the author profile their bylines name."""
    user = _staff(username, WRITER)
    return user, AuthorFactory(user=user, name=username.title())
