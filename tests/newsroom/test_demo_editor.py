"""`create_demo_editor` (articles/management/commands/): a staff account with a known password, for `make run`."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_demo_editor_is_refused_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG on.*--insecure-demo-password"):
        call_command("create_demo_editor")

    assert not get_user_model().objects.filter(username="editor").exists()


def test_with_debug_on_the_demo_editor_is_created_in_the_editor_group(settings, capsys):
    settings.DEBUG = True

    call_command("create_demo_editor")

    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff and editor.check_password("newsroom-demo")
    assert list(editor.groups.values_list("name", flat=True)) == ["Editor"]
    assert "editor / newsroom-demo" in capsys.readouterr().out


def test_the_explicit_flag_creates_it_with_debug_off(settings):
    settings.DEBUG = False

    call_command("create_demo_editor", "--insecure-demo-password")

    assert get_user_model().objects.get(username="editor").check_password("newsroom-demo")
