"""Sign-in lockout (django-axes) on both sign-ins, the admin's login page and the token sign-in."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.authors.factories import StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
CLIENT_IP = "203.0.113.10"


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return settings.AXES_FAILURE_LIMIT


@pytest.fixture
def editor():
    return StaffFactory(role="Editor")


def admin_sign_in(username, password, ip=CLIENT_IP, **extra):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )
    return response, client


def token_sign_in(username, password, ip=CLIENT_IP, **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json", REMOTE_ADDR=ip, **extra
    )


def signed_in(client):
    return client.get("/admin/").status_code == 200


# --- The admin's login page ----------------------------------------------------------------------


def test_admin_login_refuses_even_the_right_password_after_the_failure_limit(editor, limit):
    answers = [admin_sign_in(editor.username, f"guess {n}")[0] for n in range(limit)]
    response, client = admin_sign_in(editor.username, PASSWORD)

    assert [answer.status_code for answer in answers[:-1]] == [200] * (limit - 1)  # the form, with its error
    assert answers[-1].status_code == 429
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_admin_login_page_says_the_sign_in_is_locked_and_for_how_long(editor, limit):
    for n in range(limit):
        admin_sign_in(editor.username, f"guess {n}")

    response, _ = admin_sign_in(editor.username, PASSWORD)

    page = response.content.decode()
    assert 'id="login-form"' in page  # the login page itself, not a bare error
    assert "Too many failed sign-ins" in page and "15 minutes" in page
    assert "correct username and password" not in page


def test_failures_below_the_limit_do_not_stop_the_right_password(editor, limit):
    for n in range(limit - 1):
        admin_sign_in(editor.username, f"guess {n}")

    response, client = admin_sign_in(editor.username, PASSWORD)

    assert response.status_code == 302 and signed_in(client)


def test_the_lock_lifts_after_the_cool_off(editor, limit):
    for n in range(limit):
        admin_sign_in(editor.username, f"guess {n}")

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response, client = admin_sign_in(editor.username, PASSWORD)

    assert response.status_code == 302 and signed_in(client)


def test_an_account_is_locked_whichever_addresses_the_guesses_come_from(editor, limit):
    for n in range(limit):
        admin_sign_in(editor.username, f"guess {n}", ip=f"198.51.100.{n + 1}")

    locked, _ = admin_sign_in(editor.username, PASSWORD, ip="192.0.2.50")
    other_account, _ = admin_sign_in(StaffFactory().username, PASSWORD, ip="192.0.2.50")

    assert locked.status_code == 429
    assert other_account.status_code == 302


def test_a_client_guessing_many_accounts_is_locked_out_of_every_account(editor, limit):
    for n in range(limit):
        admin_sign_in(f"someone-{n}", "guess")

    from_there, _ = admin_sign_in(editor.username, PASSWORD)
    from_elsewhere, _ = admin_sign_in(editor.username, PASSWORD, ip="192.0.2.51")

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302


def test_a_made_up_forwarded_for_header_does_not_escape_the_client_lockout(editor, limit):
    for n in range(limit):
        admin_sign_in(f"someone-{n}", "guess", HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}")

    spoofed, _ = admin_sign_in(editor.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert spoofed.status_code == 429


def test_behind_proxies_the_client_is_the_forwarded_address_the_throttles_read(settings, editor, limit):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.2"
    for n in range(limit):
        admin_sign_in(f"someone-{n}", "guess", ip=proxy, HTTP_X_FORWARDED_FOR=f"made-up, {CLIENT_IP}")

    same_client, _ = admin_sign_in(editor.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=CLIENT_IP)
    other_client, _ = admin_sign_in(editor.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.52")

    assert same_client.status_code == 429
    assert other_client.status_code == 302


def test_a_forced_login_is_no_sign_in_attempt(editor, limit):
    for n in range(limit):
        admin_sign_in(editor.username, f"guess {n}")
    client = Client()

    client.force_login(editor)  # what tests do; no password is checked, so nothing is counted or refused

    assert signed_in(client)


# --- The token sign-in ---------------------------------------------------------------------------


def test_token_sign_in_is_locked_out_with_a_json_429_saying_how_long(editor, limit):
    answers = [token_sign_in(editor.username, f"guess {n}") for n in range(limit)]
    locked = token_sign_in(editor.username, PASSWORD)

    assert [answer.status_code for answer in answers[:-1]] == [400] * (limit - 1)
    assert answers[-1].status_code == locked.status_code == 429
    assert "token" not in locked.json()
    assert "Too many failed sign-ins" in locked.json()["detail"] and "15 minutes" in locked.json()["detail"]
    assert int(locked.headers["Retry-After"]) == 15 * 60


def test_both_sign_ins_count_toward_one_lockout(editor, limit):
    for n in range(limit - 1):
        admin_sign_in(editor.username, f"guess {n}")
    token_sign_in(editor.username, "one more guess")

    assert token_sign_in(editor.username, PASSWORD, ip="192.0.2.53").status_code == 429
    assert admin_sign_in(editor.username, PASSWORD, ip="192.0.2.53")[0].status_code == 429


def test_token_sign_in_keeps_its_rate_throttle(settings, editor):
    settings.LOGIN_RATE = "2/min"
    settings.AXES_FAILURE_LIMIT = 10

    answers = [token_sign_in(f"someone-{n}", "guess").status_code for n in range(3)]

    assert answers == [400, 400, 429]


def test_a_username_longer_than_any_account_can_have_is_a_400_naming_it():
    response = token_sign_in("x" * 300, "guess")  # too long for django-axes' record of a failure on PostgreSQL

    assert response.status_code == 400
    assert "username" in response.json()["errors"]
