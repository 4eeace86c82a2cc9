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


def _manage_output(env, code):
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=PROJECT, env=env, check=True, capture_output=True
    )
    return done.stdout.decode().strip().splitlines()[-1]


def _send(base, method, path, token, body=None):
    request = urllib.request.Request(
        f"{base}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status < 300


def _read(base, path):
    with urllib.request.urlopen(f"{base}{path}", timeout=10) as response:
        return json.load(response), response.headers["X-Cache"]


def test_a_live_edit_through_the_api_reaches_both_processes_and_a_draft_save_neither(shared_backends, two_servers):
    first, second = two_servers
    token = _manage_output(
        shared_backends,
        "from django.contrib.auth.models import Group, User\nfrom django.utils import timezone\n"
        "from rest_framework.authtoken.models import Token\nfrom articles.models import Article\n"
        "Article.objects.create(title='Unrelated', slug='unrelated', status='published', published_at=timezone.now())\n"
        "Article.objects.create(title='A draft', slug='a-draft')\n"
        "u = User.objects.create_user('desk', is_staff=True); u.groups.add(Group.objects.get(name='Editor'))\n"
        "print(Token.objects.create(user=u).key)",
    )
    slug = next(a["slug"] for a in _read(first, "/api/v1/articles/")[0]["results"] if a["slug"] != "unrelated")
    paths = [f"/api/v1/articles/{slug}/", f"/api/v1/articles/{slug}/ninjs/", "/api/v1/articles/unrelated/"]
    for base in two_servers:
        for path in [*paths, "/api/v1/articles/"]:
            _read(base, path)

    _send(second, "PATCH", "/api/v1/articles/a-draft/", token, {"title": "A draft, retitled"})
    for base in two_servers:
        assert all(_read(base, path)[1] == "hit" for path in [*paths, "/api/v1/articles/"])

    _send(second, "PATCH", f"/api/v1/articles/{slug}/", token, {"title": "Corrected headline"})  # waits for publish
    _send(second, "POST", f"/api/v1/articles/{slug}/publish/", token)
    for base in two_servers:
        assert _read(base, paths[0])[0]["title"] == "Corrected headline"
        assert _read(base, paths[1])[0]["headlines"][0]["value"] == "Corrected headline"
        assert "Corrected headline" in [a["title"] for a in _read(base, "/api/v1/articles/")[0]["results"]]
        assert _read(base, paths[2])[1] == "hit"  # the unrelated detail stays cached
