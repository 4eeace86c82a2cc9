"""Two real server processes sharing one database and one cache see every change on their next request."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = Path(settings.BASE_DIR)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_backends(tmp_path):
    """A database of the suite's kind (SQLite file or a fresh PostgreSQL database) and the suite's cache kind."""
    env = {
        **os.environ,
        "DEBUG": "off",
        "SECRET_KEY": "process-test-" + uuid.uuid4().hex,
        "SECURE_SSL_REDIRECT": "off",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_MANIFEST": "off",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    database = settings.DATABASES["default"]
    dropper = None
    if database["ENGINE"] == "django.db.backends.postgresql":
        import psycopg

        name = f"newsroom_procs_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            host=database["HOST"],
            port=database["PORT"] or 5432,
            user=database["USER"],
            password=database["PASSWORD"],
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{name}"

        def dropper():
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.close()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        env["CACHE_URL"] = f"filecache://{tmp_path / 'cache'}"

    for command in (["migrate", "--noinput", "-v0"], ["import_seeds"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=PROJECT, env=env, check=True, capture_output=True)
    yield env
    if dropper:
        dropper()


@pytest.fixture
def two_servers(shared_backends):
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=PROJECT,
            env=shared_backends,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    deadline = time.monotonic() + 30
    for port in ports:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/sections/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for server in servers:
        server.terminate()
        server.wait(10)


def _titles(base):
    with urllib.request.urlopen(f"{base}/api/v1/articles/", timeout=10) as response:
        return [article["title"] for article in json.load(response)["results"]]


def _manage_shell(env, code):
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=PROJECT, env=env, check=True, capture_output=True
    )


def _detail(base, slug):
    with urllib.request.urlopen(f"{base}/api/v1/articles/{slug}/", timeout=10) as response:
        return json.load(response)["title"], response.headers["X-Cache"]


def test_each_process_serves_an_edit_and_an_unpublish_on_its_next_request(shared_backends, two_servers):
    first, second = two_servers
    seed_title = "FSB Director: IS and Taliban Could Attempt an Incursion in Central Asia"
    _manage_shell(  # a second public article, which nothing below changes
        shared_backends,
        "from django.utils import timezone\nfrom articles.models import Article\n"
        "Article.objects.create(title='Unrelated', slug='unrelated', status='published', published_at=timezone.now())",
    )
    assert seed_title in _titles(first) and _titles(first) == _titles(second)
    for base in two_servers:
        _detail(base, "unrelated")
    assert _detail(first, "unrelated") == _detail(second, "unrelated") == ("Unrelated", "hit")

    _manage_shell(
        shared_backends,
        f"from articles.models import Article\na = Article.objects.get(title={seed_title!r}); "
        "a.title = 'Corrected headline'; a.save()",
    )
    assert _titles(first) == _titles(second) == ["Unrelated", "Corrected headline"]
    assert _detail(first, "unrelated") == _detail(second, "unrelated") == ("Unrelated", "hit")  # left cached

    _manage_shell(
        shared_backends,
        "from articles.models import Article\n"
        "a = Article.objects.get(title='Corrected headline'); a.status = Article.Status.DRAFT; a.save()",
    )
    assert _titles(first) == _titles(second) == ["Unrelated"]
