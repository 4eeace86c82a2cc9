"""The settings module read fresh from a given environment, in a subprocess of its own."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

# Everything the settings module reads; each test starts from none of them.
SETTINGS_VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "CACHE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CORS_ALLOWED_ORIGINS",
    "MEDIA_ROOT",
    "MEDIA_URL",
    "STATIC_ROOT",
    "PUBLICATION_NAME",
    "PUBLICATION_LANGUAGE",
    "TIME_ZONE",
    "LANGUAGE_CODE",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "WHITENOISE_USE_FINDERS",
    "LOG_LEVEL",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_COOLOFF_MINUTES",
]

PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE": settings.DATABASES["default"],
    "CACHE": settings.CACHES["default"],
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": settings.SECURE_HSTS_PRELOAD,
    "SECURE_PROXY_SSL_HEADER": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "AXES_FAILURE_LIMIT": settings.AXES_FAILURE_LIMIT,
    "AXES_COOLOFF_SECONDS": settings.AXES_COOLOFF_TIME.total_seconds(),
}, default=str))
"""


def production_key():
    return secrets.token_urlsafe(64)


def run(args, **environment):
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    env.update(environment)
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def settings_under(**environment):
    result = run(["-c", PRINT_SETTINGS], **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_lists_no_warnings_with_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=production_key(),
        ALLOWED_HOSTS="news.example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_warns_when_an_https_flag_is_switched_off():
    # Proves the check above would notice: the same production settings with plain HTTP allowed.
    result = run(
        ["manage.py", "check", "--deploy"],
        SECRET_KEY=production_key(),
        ALLOWED_HOSTS="news.example.com",
        SECURE_SSL_REDIRECT="off",
    )

    assert "security.W008" in result.stdout + result.stderr


def test_settings_refuse_to_load_without_a_secret_key_when_debug_is_off():
    result = run(["-c", "import django; django.setup()"])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_refuse_an_empty_secret_key_when_debug_is_off():
    result = run(["-c", "import django; django.setup()"], SECRET_KEY="", DEBUG="off")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_redis_cache_url_selects_the_redis_cache_backend():
    loaded = settings_under(SECRET_KEY=production_key(), CACHE_URL="redis://127.0.0.1:6379/3")

    assert loaded["CACHE"]["BACKEND"] == "newsroom.redis_cache.RedisCache"  # Django's, one client per pool
    assert loaded["CACHE"]["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_postgres_database_url_selects_the_postgresql_engine():
    loaded = settings_under(SECRET_KEY=production_key(), DATABASE_URL="postgres://news:pw@db.example:5433/newsroom")

    assert loaded["ENGINE"] == "django.db.backends.postgresql"
    assert {key: loaded["DATABASE"][key] for key in ["NAME", "USER", "HOST", "PORT"]} == {
        "NAME": "newsroom",
        "USER": "news",
        "HOST": "db.example",
        "PORT": 5433,
    }
    assert loaded["DATABASE"]["CONN_MAX_AGE"] == 60


def test_without_urls_the_embedded_defaults_are_sqlite_and_a_file_cache_in_the_project():
    loaded = settings_under(SECRET_KEY=production_key())

    assert loaded["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DATABASE"]["NAME"] == str(settings.BASE_DIR / "db.sqlite3")
    assert loaded["CACHE"]["BACKEND"] == "newsroom.file_cache.FileBasedCache"
    assert loaded["CACHE"]["LOCATION"].startswith(str(settings.BASE_DIR))


def test_https_settings_are_on_when_debug_is_off():
    loaded = settings_under(SECRET_KEY=production_key())

    assert loaded["DEBUG"] is False
    assert {
        key: loaded[key]
        for key in [
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD",
        ]
    } == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
    }


def test_each_https_setting_can_be_switched_off_alone():
    loaded = settings_under(SECRET_KEY=production_key(), SECURE_SSL_REDIRECT="off")

    assert loaded["SECURE_SSL_REDIRECT"] is False
    assert (loaded["SESSION_COOKIE_SECURE"], loaded["CSRF_COOKIE_SECURE"]) == (True, True)


def test_proxy_ssl_header_is_read_as_a_header_and_value_pair():
    loaded = settings_under(SECRET_KEY=production_key(), SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")

    assert loaded["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_allowed_hosts_are_read_as_a_comma_separated_list():
    loaded = settings_under(SECRET_KEY=production_key(), ALLOWED_HOSTS="news.example.com,admin.example.com")

    assert loaded["ALLOWED_HOSTS"] == ["news.example.com", "admin.example.com"]


def test_sign_in_lockout_defaults_to_5_failures_and_15_minutes():
    loaded = settings_under(SECRET_KEY=production_key())

    assert (loaded["AXES_FAILURE_LIMIT"], loaded["AXES_COOLOFF_SECONDS"]) == (5, 15 * 60)


def test_sign_in_lockout_is_read_from_the_environment():
    loaded = settings_under(SECRET_KEY=production_key(), LOGIN_FAILURE_LIMIT="3", LOGIN_COOLOFF_MINUTES="60")

    assert (loaded["AXES_FAILURE_LIMIT"], loaded["AXES_COOLOFF_SECONDS"]) == (3, 60 * 60)
