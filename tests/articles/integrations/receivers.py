"""Real HTTP receivers on 127.0.0.1 for the integration tests, and a real db_worker process beside the suite."""

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.db import connection

PROJECT = Path(settings.BASE_DIR)


class Receiver:
    """Answers each request with the next status of ``statuses`` (the last one repeats), ``headers`` and ``body``,
    and records it."""

    def __init__(self, statuses=(200,), headers=None, body=None):
        self.statuses = list(statuses)
        self.headers = dict(headers or {})
        self.body = body  # the answer's text; "answered <status>" by default
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                status = receiver.statuses[min(len(receiver.requests), len(receiver.statuses) - 1)]
                receiver.requests.append(
                    {
                        "at": time.time(),
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write((receiver.body or f"answered {status}").encode())

            do_POST = do_PURGE = do_GET = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count, timeout=20):
        """The first ``count`` requests, waiting for them at most ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.requests) >= count, f"{len(self.requests)} of {count} requests arrived"
        return self.requests[:count]

    def json(self, index):
        return json.loads(self.requests[index]["body"])


def database_url():
    """The test database as a URL a subprocess reads (a transactional test commits, so it sees the rows)."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    from urllib.parse import quote

    credentials = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"


class Worker:
    """``python manage.py db_worker``, as `make run` starts it, on the test database."""

    def __init__(self, tmp_path, **environment):
        self.mail = tmp_path / "mail"
        self.log = tmp_path / "worker.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "SECRET_KEY": "worker-test",
            "WEBHOOKS_ALLOW_PRIVATE_NETWORKS": "on",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
            **environment,
        }

    command = ["db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"]

    def __enter__(self):
        self.output = open(self.log, "w")  # noqa: SIM115 - closed on exit
        command = [sys.executable, "manage.py", *self.command]
        self.process = subprocess.Popen(command, cwd=PROJECT, env=self.env, stdout=self.output, stderr=self.output)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.output.close()

    def mails(self):
        return [path.read_text() for path in self.mail.glob("*")] if self.mail.exists() else []


class RqWorker(Worker):
    """``TASKS_BACKEND=rq``: README's rq worker command on the test database, its queue in ``redis_url``."""

    command = ["rqworker", "default", "--job-class", "django_tasks_rq.Job", "--with-scheduler"]

    def __init__(self, tmp_path, redis_url, **environment):
        super().__init__(tmp_path, TASKS_BACKEND="rq", TASKS_REDIS_URL=redis_url, **environment)

    def log_text(self):
        self.output.flush()
        return self.log.read_text()


def run_ready_tasks():
    """Run, in this process and its test transaction, the queued tasks that are due (what db_worker does)."""
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    while row := DBTaskResult.objects.ready().first():
        DBTaskResult.objects.filter(pk=row.pk).update(status="SUCCESSFUL")
        import_string(row.task_path).call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
