"""Benchmark the public read endpoints under gunicorn, each as a ratio to a bare Django view.

    python -m bench.run [--articles 1000] [--duration 6] [--rounds 3] [--connections 4]   # make bench BENCH_ARGS=…
    python -m bench.run --mode mixed …    # reads of thousands of URLs while editors write (bench/mixed.py)
    python -m bench.run --mode search …   # q searches under concurrent clients, in the database (bench/search.py)

The database is a SQLite file under bench/.data/ unless DATABASE_URL is set (CACHE_URL likewise); it is
migrated and filled with ``generate_content`` when it holds no article yet. Every endpoint is measured cold
(a server with RESPONSE_CACHE=off) and warm (the response cache on and filled first), with wrk when it is
installed and a small threaded client otherwise, in rounds whose medians are reported; SQL queries per request
are counted in this process with Django's test client under the same settings. The table is printed and
written to bench/results/<time>.json.
"""

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from bench import mixed, search

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "bench" / ".data"
RESULTS = PROJECT / "bench" / "results"
WRK_REPORT = PROJECT / "bench" / "wrk_report.lua"
HOST = "127.0.0.1"
WORKERS = 2
MODES = {"cold": "off", "warm": "on"}  # mode: RESPONSE_CACHE
GUNICORN = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", str(WORKERS), "--timeout", "60"]


@dataclass
class Endpoint:
    name: str
    path: str


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="Articles to generate into an empty database.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of generate_content.")
    parser.add_argument("--duration", type=int, default=6, help="Seconds of load per endpoint and mode.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds the seconds are split into (medians).")
    parser.add_argument("--connections", type=int, default=4, help="Concurrent connections.")
    parser.add_argument("--q", default="wildfires drought", help="Search words for the q endpoint.")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto", help="Load generator.")
    parser.add_argument(
        "--mode",
        choices=["standard", "mixed", "search"],
        default="standard",
        help="standard: each endpoint cold and warm; mixed: a Zipf mix of reads while editors write; search: q.",
    )
    mixed.add_arguments(parser)
    return parser.parse_args(argv)


def environment(args):
    """Settings of the run, for this process and the servers: production-like, plain HTTP on loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "off",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "SECURE_SSL_REDIRECT": "off",
        "ALLOWED_HOSTS": HOST,
        "STATIC_MANIFEST": "off",
        "BENCH_CEILING": "on",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{DATA / f'articles-{args.articles}-seed-{args.seed}.sqlite3'}",
        "CACHE_URL": os.environ.get("CACHE_URL") or f"filecache://{DATA / 'cache'}",
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT") or str(DATA / "media"),
    }


def prepare_data(args):
    """Migrate, and fill an empty database; return what the data is."""
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    call_command("migrate", interactive=False, verbosity=0)
    if not Article.objects.exists():
        call_command("generate_content", articles=args.articles, seed=args.seed)
    else:
        print("Using the content already in the database (--articles applies to an empty one).")
    if connection.vendor == "postgresql":
        database = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        database = f"SQLite {connection.Database.sqlite_version}"
    return {
        "database": database,
        "articles": Article.objects.count(),
        "public_articles": Article.objects.published().count(),
    }


def pick_endpoints(search):
    """The endpoints, on an article with two photos, two authors and tags, and on one with many comments."""
    from django.db.models import Count, Q

    from articles.models import Article, Comment

    recent = Article.objects.published().order_by("-published_at", "-pk")
    candidates = recent.select_related("section").prefetch_related("placements", "article_authors__author", "tags")
    article = next(
        a
        for a in candidates[:1000]
        if len(a.placements.all()) == 2
        and len(a.article_authors.all()) == 2
        and a.tags.all()
        and a.section
        and all(byline.author.is_active for byline in a.article_authors.all())
    )
    roots = Q(comments__status=Comment.Status.APPROVED, comments__parent=None)
    discussed = (
        Article.objects.filter(pk__in=list(recent.values_list("pk", flat=True)[:500]))
        .annotate(threads=Count("comments", filter=roots))
        .order_by("-threads", "-published_at")
        .first()
    )
    return [
        Endpoint("ceiling", "/bench/ceiling/"),
        Endpoint("article list", "/api/v1/articles/"),
        Endpoint("list by section", f"/api/v1/articles/?{urllib.parse.urlencode({'section': article.section.slug})}"),
        Endpoint("list q search", f"/api/v1/articles/?{urllib.parse.urlencode({'q': search})}"),
        Endpoint("article detail", f"/api/v1/articles/{quote(article.slug)}/"),
        Endpoint("comments", f"/api/v1/articles/{quote(discussed.slug)}/comments/"),
        Endpoint("author detail", f"/api/v1/authors/{quote(article.article_authors.all()[0].author.slug)}/"),
        Endpoint("rss feed", "/feeds/rss/"),
    ]


def count_queries(endpoints):
    """SQL queries of one request to each endpoint, with the response cache off and on (after a first request)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST=HOST)
    counts = {}
    for endpoint in endpoints:
        counts[endpoint.path] = {}
        for mode, cache in MODES.items():
            with override_settings(PUBLIC_RESPONSE_CACHE=cache == "on"):
                first = client.get(endpoint.path)  # fills the cache, and any per-process lazy state
                if first.status_code != 200:
                    sys.exit(f"{endpoint.path} answered {first.status_code}: {first.content[:300]!r}")
                with CaptureQueriesContext(connection) as queries:
                    client.get(endpoint.path)
            counts[endpoint.path][mode] = len(queries)
    return counts


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with two sync workers on a free loopback port, stopped on leaving the block."""

    def __init__(self, env, log):
        self.env, self.log_path, self.port = env, log, free_port()

    def __enter__(self):
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [*GUNICORN, "--bind", f"{HOST}:{self.port}"],
            cwd=PROJECT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.get("/bench/ceiling/")[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                sys.exit(f"gunicorn did not start; see {self.log_path}")
            time.sleep(0.2)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def get(self, path):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def workers(self):
        """The /proc/<pid>/status fields of each worker (the master's children)."""
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            except OSError:  # the process ended meanwhile
                continue
            if fields.get("PPid", "").strip() == str(self.process.pid):
                found.append({"pid": status.parent.name, **fields})
        return found

    def worker_rss_mb(self):
        return sorted(round(int(worker["VmRSS"].split()[0]) / 1024, 1) for worker in self.workers())

    def worker_cpu_seconds(self):
        """CPU time the workers have used (user and system), which other work on the machine does not inflate."""
        ticks = 0
        for worker in self.workers():
            try:
                stat = Path(f"/proc/{worker['pid']}/stat").read_text()
            except OSError:
                continue
            ticks += sum(int(field) for field in stat.rsplit(")", 1)[1].split()[11:13])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")


def wrk(script, url, *script_args, connections, seconds):
    """Load ``url`` with wrk for ``seconds``; what the Lua ``script`` reports, in seconds and milliseconds."""
    options = ["-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    command = ["wrk", *options, url, *(["--", *map(str, script_args)] if script_args else [])]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        sys.exit(f"wrk failed: {done.stderr or done.stdout}")
    report = json.loads(next(line for line in reversed(done.stdout.splitlines()) if line.startswith("{")))
    timings = {
        "seconds": report.pop("duration_us") / 1e6,
        "p50_ms": report.pop("p50_us") / 1000,
        "p99_ms": report.pop("p99_us") / 1000,
    }
    return report | timings


def wrk_load(server, path, *, connections, duration):
    return wrk(WRK_REPORT, server.url(path), connections=connections, seconds=duration)


def python_load(server, path, *, connections, duration):
    """A bounded closed-loop client: ``connections`` threads, each sending its next request on its answer."""
    latencies, failures = [], {"non_2xx": 0, "errors": 0}
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + duration

    def client():
        own, connection = [], http.client.HTTPConnection(HOST, server.port, timeout=10)
        while (sent := time.perf_counter()) < deadline:
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                with lock:
                    failures["errors"] += 1
                continue
            own.append(time.perf_counter() - sent)
            if not 200 <= response.status < 300:
                with lock:
                    failures["non_2xx"] += 1
        connection.close()
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def percentile(share):
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000 if latencies else 0.0

    return {
        "requests": len(latencies),
        "seconds": time.perf_counter() - started,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        **failures,
    }


def machine():
    def first(path, key):
        try:
            lines = Path(path).read_text().splitlines()
            return next(line.split(":", 1)[1].strip() for line in lines if line.startswith(key))
        except (OSError, StopIteration):
            return ""

    import django

    return {
        "cpus": os.cpu_count(),
        "cpu": first("/proc/cpuinfo", "model name"),
        "memory": first("/proc/meminfo", "MemTotal"),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def table(rows):
    header = (
        f"{'endpoint':<16} {'mode':<5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>7} {'errors':>6} "
        f"{'queries':>7} {'cpu ms':>6} {'ratio':>6}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['endpoint']:<16} {row['mode']:<5} {row['requests_per_second']:>8.1f} {row['p50_ms']:>7.1f} "
            f"{row['p99_ms']:>7.1f} {row['non_2xx']:>7} {row['errors']:>6} {row['queries']:>7} "
            f"{row['worker_cpu_ms_per_request']:>6.2f} {row['ratio']:>6.3f}"
        )
    return "\n".join(lines)


def measure(server, endpoints, load, *, mode, args):
    """Each endpoint's results, one per round; every round loads every endpoint in turn, the ceiling first.

    Rounds spread each endpoint over the whole run, so a burst of other work on the machine spoils one round of
    each at most, and the medians leave it out.
    """
    for endpoint in endpoints:  # both workers load their code, and a warm server fills its cache
        for _ in range(2 * WORKERS):
            status, content = server.get(endpoint.path)
            if status != 200:
                sys.exit(f"{mode}: {endpoint.path} answered {status}: {content[:300]!r}")
    rounds = {endpoint.path: [] for endpoint in endpoints}
    round_seconds = max(1, args.duration // args.rounds)  # wrk counts whole seconds
    for number in range(1, args.rounds + 1):
        rates = []
        for endpoint in endpoints:
            cpu_before = server.worker_cpu_seconds()
            result = load(server, endpoint.path, connections=args.connections, duration=round_seconds)
            result["rate"] = result["requests"] / result["seconds"]
            result["cpu_ms"] = (server.worker_cpu_seconds() - cpu_before) * 1000 / max(1, result["requests"])
            rounds[endpoint.path].append(result)
            rates.append(f"{result['rate']:.0f}")
        print(f"  {mode} round {number}/{args.rounds}, req/s: {' '.join(rates)}", flush=True)
    return rounds


def rows_of(endpoints, rounds, *, mode, queries):
    ceiling = statistics.median(result["rate"] for result in rounds[endpoints[0].path])
    rows = []
    for endpoint in endpoints:
        results = rounds[endpoint.path]
        rate = statistics.median(result["rate"] for result in results)
        rows.append(
            {
                "endpoint": endpoint.name,
                "path": endpoint.path,
                "mode": mode,
                "requests": sum(result["requests"] for result in results),
                "requests_per_second": round(rate, 1),
                "p50_ms": round(statistics.median(result["p50_ms"] for result in results), 2),
                "p99_ms": round(statistics.median(result["p99_ms"] for result in results), 2),
                "non_2xx": sum(result["non_2xx"] for result in results),
                "errors": sum(result["errors"] for result in results),
                "queries": queries[endpoint.path][mode],
                "worker_cpu_ms_per_request": round(statistics.median(result["cpu_ms"] for result in results), 2),
                "ratio": round(rate / ceiling, 3),
                "rounds_requests_per_second": [round(result["rate"], 1) for result in results],
            }
        )
    return rows


def git_state():
    def git(*command):
        done = subprocess.run(["git", *command], cwd=PROJECT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    changed = (git("status", "--porcelain") or "").splitlines()
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted_changes": len(changed)}


def main(argv=None):
    args = parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(args))
    import django

    django.setup()
    from django.db import connections

    data = prepare_data(args)
    if args.mode == "search":
        connections.close_all()
        return write_report({**common_report(args, data), "mode": "search", "search": search.run(args)}, "search")
    if args.mode == "mixed":
        return run_mixed(args, data)
    endpoints = pick_endpoints(args.q)
    queries = count_queries(endpoints)
    connections.close_all()

    use_wrk = load_client(args)
    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        print(f"Note: load average {load_before:.2f} before the run; other work on this machine lowers the numbers.")
    print(
        f"Load: {'wrk' if use_wrk else 'Python client'}, {args.connections} connections, "
        f"{args.duration} s per endpoint and mode in {args.rounds} rounds"
    )

    rows, rss = [], {}
    for mode, cache in MODES.items():
        with Server({**os.environ, "RESPONSE_CACHE": cache}, DATA / f"gunicorn-{mode}.log") as server:
            rounds = measure(server, endpoints, wrk_load if use_wrk else python_load, mode=mode, args=args)
            rss[mode] = server.worker_rss_mb()
        rows += rows_of(endpoints, rounds, mode=mode, queries=queries)

    print()
    print(table(rows))
    print("Worker RSS after the run (MB): " + ", ".join(f"{mode} {sizes}" for mode, sizes in rss.items()))
    report = {
        **common_report(args, data),
        "load": {
            "client": "wrk" if use_wrk else "python",
            "connections": args.connections,
            "duration_s": args.duration,
            "rounds": args.rounds,
            "workers": WORKERS,
            "load_average_before": round(load_before, 2),
        },
        "results": rows,
        "worker_rss_mb": rss,
    }
    write_report(report)


def common_report(args, data):
    from django.conf import settings

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "code": git_state(),
        "data": data,
        "cache": settings.CACHES["default"]["BACKEND"],
    }


def write_report(report, suffix=""):
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}{'-' + suffix if suffix else ''}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {path.relative_to(PROJECT)}")


def load_client(args):
    wrk = shutil.which("wrk")
    if args.client == "wrk" and not wrk:
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    return bool(wrk) and args.client != "python"


def run_mixed(args, data):
    """The mixed workload on one gunicorn server with the response cache on (bench/mixed.py)."""
    from django.db import connections

    use_wrk = load_client(args)
    load_before = os.getloadavg()[0]
    with Server({**os.environ, "RESPONSE_CACHE": "on"}, DATA / "gunicorn-mixed.log") as server:
        connections.close_all()  # the writers' tokens are made in this process, before it only reads
        rows = mixed.run(args, server, use_wrk=use_wrk, data_dir=DATA)
        rss = server.worker_rss_mb()
    print()
    print(mixed.table(rows))
    print(f"Worker RSS after the run (MB): {rss}")
    report = {
        **common_report(args, data),
        "mode": "mixed",
        "load": {
            "client": "wrk" if use_wrk else "python",
            "connections": args.connections,
            "urls": args.urls,
            "zipf": args.zipf,
            "phase_seconds": args.phase_seconds,
            "warmup_seconds": args.warmup,
            "rounds": args.rounds,
            "draft_rate": args.draft_rate,
            "live_rate": args.live_rate,
            "workers": WORKERS,
            "load_average_before": round(load_before, 2),
        },
        "results": rows,
        "worker_rss_mb": rss,
    }
    write_report(report, "mixed")


if __name__ == "__main__":
    main()
