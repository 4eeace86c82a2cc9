"""A live newsroom: Zipf-distributed reads of thousands of URLs, alone and while editors write.

    python -m bench.run --mode mixed [--urls 3000] [--zipf 1.0] [--phase-seconds 10] [--rounds 3]

Readers (``--connections``, wrk with bench/wrk_mixed.lua, or the threaded Python client) request article details
and list pages (the article list, section and tag lists, several pages deep) drawn by Zipf's law from a ranked
list: the newest articles and the first pages are the most read, the archive is the long tail. Each round runs
three phases on the same server, cache on: **read-only**; **draft saves**, editors saving drafts through the write
API (``--draft-rate`` per second, PATCH of a draft); **live edits**, editors editing a live article and publishing
the edit (``--live-rate`` per second: PATCH, which makes a pending revision, then POST publish), on the newest
articles, which readers read most. Writers are token-authenticated editors, run on a fixed schedule from a thread
of their own. Each phase first runs ``--warmup`` seconds of the same load, not counted, so it is measured in its
own steady state. Reported per phase (medians over the rounds): read throughput, cache hit rate (from the
``X-Cache`` response header; n/a while the server sends none), p50 and p99, the writes done, and the ratios of
throughput, hit rate and p99 to the read-only phase.
"""

import http.client
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

PHASES = {"read-only": None, "draft saves": "draft", "live edits": "live"}
EDITORS = 4
LIST_SHARE = 5  # one ranked URL in LIST_SHARE is a list page, the others article details
WRK_MIXED = Path(__file__).resolve().parent / "wrk_mixed.lua"


def add_arguments(parser):
    group = parser.add_argument_group("--mode mixed")
    group.add_argument("--urls", type=int, default=3000, help="Distinct URLs read (details and list pages).")
    group.add_argument("--zipf", type=float, default=1.0, help="Exponent of the readers' Zipf distribution.")
    group.add_argument("--phase-seconds", type=int, default=10, help="Measured seconds of each phase per round.")
    group.add_argument("--warmup", type=int, default=3, help="Seconds of each phase's load before it is measured.")
    group.add_argument("--draft-rate", type=float, default=4.0, help="Draft saves per second (draft phase).")
    group.add_argument("--live-rate", type=float, default=1.0, help="Live edits published per second (live phase).")


def ranked_urls(count):
    """Article details newest first, with list pages (first pages first) as every LIST_SHARE-th rank."""
    from django.db.models import Count, Q

    from articles.models import Article, Section, Tag

    public = Article.objects.published()
    details_wanted = count - count // LIST_SHARE
    details = [
        f"/api/v1/articles/{slug}/"
        for slug in public.order_by("-published_at", "-pk").values_list("slug", flat=True)[:details_wanted]
    ]
    now = Q(articles__in=public)
    per_page = 20
    lists = [("/api/v1/articles/?", public.count())]
    lists += [
        (f"/api/v1/articles/?section={s.slug}&", s.n) for s in Section.objects.annotate(n=Count("articles", filter=now))
    ]
    tags = Tag.objects.annotate(n=Count("articles", filter=now)).order_by("-n", "pk")[:50]
    lists += [(f"/api/v1/articles/?tag={t.slug}&", t.n) for t in tags]
    pages = []
    for page in range(1, 1000):
        found = [f"{prefix}page={page}" for prefix, n in lists if n > (page - 1) * per_page]
        if not found:
            break
        pages += found
    pages = pages[: count - len(details)]
    total, urls, details, pages = len(pages) + len(details), [], iter(details), iter(pages)
    for rank in range(total):
        source = (pages, details) if rank % LIST_SHARE == 0 else (details, pages)
        urls.append(next(source[0], None) or next(source[1]))
    return urls


def editors():
    """Staff editors with API tokens, made once."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from articles.editorial.roles import EDITOR

    tokens = []
    for number in range(1, EDITORS + 1):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-editor-{number}", defaults={"is_staff": True})
        user.groups.add(Group.objects.get(name=EDITOR))
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    return tokens


def write_targets():
    from articles.models import Article

    drafts = list(Article.objects.filter(status=Article.Status.DRAFT).order_by("pk").values_list("slug", flat=True))
    live = list(Article.objects.published().order_by("-published_at", "-pk").values_list("slug", flat=True)[:50])
    if not drafts or not live:
        sys.exit("The mixed benchmark needs drafts and published articles (generate_content makes both).")
    return {"draft": drafts, "live": live}


class Writers(threading.Thread):
    """Writes of one kind at a fixed rate through the write API, each editor in turn, until stopped."""

    def __init__(self, server, kind, *, rate, tokens, targets):
        super().__init__(daemon=True)
        self.server, self.kind, self.interval = server, kind, 1 / rate
        self.tokens, self.targets = tokens, targets[kind]
        self.stopping = threading.Event()
        self.done, self.failed, self.seconds = 0, [], []

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        next_at = time.monotonic()
        for number in range(10**9):
            if self.stopping.is_set():
                break
            token, slug = self.tokens[number % len(self.tokens)], self.targets[number % len(self.targets)]
            started = time.perf_counter()
            try:
                self._write(connection, token, slug, number)
                self.done += 1
            except (OSError, http.client.HTTPException, RuntimeError) as error:
                connection.close()
                self.failed.append(str(error)[:200])
            self.seconds.append(time.perf_counter() - started)
            next_at += self.interval
            self.stopping.wait(max(0.0, next_at - time.monotonic()))
        connection.close()

    def _write(self, connection, token, slug, number):
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        path = f"/api/v1/articles/{slug}/"
        body = json.dumps({"dek": f"Updated by the benchmark, save {number} of the {self.kind} writers."})
        self._request(connection, "PATCH", path, body, headers)
        if self.kind == "live":  # the edit is a pending revision until published
            self._request(connection, "POST", f"{path}publish/", "{}", headers)

    @staticmethod
    def _request(connection, method, path, body, headers):
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {content[:150]!r}")

    def stop(self):
        self.stopping.set()
        self.join(30)


def wrk_reads(server, paths_file, *, connections, seconds, seed, exponent):
    from bench.run import wrk  # bench.run imports this module

    return wrk(WRK_MIXED, server.url("/"), paths_file, exponent, seed, connections=connections, seconds=seconds)


def python_reads(server, urls, *, connections, seconds, seed, exponent):
    """The Python client's closed loop, each thread drawing its paths by Zipf's law with a seed of its own."""
    weights = [1 / rank**exponent for rank in range(1, len(urls) + 1)]
    cumulative = list(__import__("itertools").accumulate(weights))
    latencies, counts, lock = [], {"non_2xx": 0, "errors": 0, "hits": 0, "misses": 0}, threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def client(number):
        rng, own, mine = random.Random(seed * 100 + number), [], dict.fromkeys(counts, 0)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        while (sent := time.perf_counter()) < deadline:
            path = rng.choices(urls, cum_weights=cumulative)[0]
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                mine["errors"] += 1
                continue
            own.append(time.perf_counter() - sent)
            mine["non_2xx"] += not 200 <= response.status < 300
            answer = response.getheader("X-Cache")
            mine["hits"] += answer == "hit"
            mine["misses"] += answer == "miss"
        connection.close()
        with lock:
            latencies.extend(own)
            for name, value in mine.items():
                counts[name] += value

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def percentile(share):
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000 if latencies else 0.0

    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "p50_ms": percentile(0.5),
        "p99_ms": percentile(0.99),
    } | counts


def fill_cache(server, urls, connections):
    """Every URL once, from several clients: the read-only phase starts from a warm cache."""
    failures = []

    def client(part):
        for path in part:
            status, content = server.get(path)
            if status != 200:
                failures.append(f"{path} answered {status}: {content[:200]!r}")

    threads = [threading.Thread(target=client, args=(urls[n::connections],)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(failures[0])


def run(args, server, *, use_wrk, data_dir):
    """The rounds of phases on ``server``; returns the rows of the report."""
    urls = ranked_urls(args.urls)
    paths_file = data_dir / "mixed-paths.txt"
    paths_file.write_text("\n".join(urls) + "\n")
    tokens, targets = editors(), write_targets()
    print(
        f"Mixed: {len(urls)} URLs ({sum('?' in url for url in urls)} list pages), Zipf exponent {args.zipf}, "
        f"{args.rounds} rounds of {args.warmup} + {args.phase_seconds} s per phase"
    )

    def reads(seconds, seed):
        if use_wrk:
            return wrk_reads(
                server, paths_file, connections=args.connections, seconds=seconds, seed=seed, exponent=args.zipf
            )
        return python_reads(server, urls, connections=args.connections, seconds=seconds, seed=seed, exponent=args.zipf)

    results = {phase: [] for phase in PHASES}
    for number in range(1, args.rounds + 1):
        summary = []
        for index, (phase, kind) in enumerate(PHASES.items()):
            rate = {"draft": args.draft_rate, "live": args.live_rate}.get(kind)
            if kind is None:  # the phases before purged what they purge: read-only starts from a full cache
                fill_cache(server, urls, args.connections)
            writers = Writers(server, kind, rate=rate, tokens=tokens, targets=targets) if kind else None
            if writers:
                writers.start()
            seed = args.seed * 1000 + number * 10 + index
            if args.warmup:
                reads(args.warmup, seed + 500)
            cpu_before, written_before = server.worker_cpu_seconds(), writers.done if writers else 0
            result = reads(args.phase_seconds, seed)
            result["cpu_ms"] = (server.worker_cpu_seconds() - cpu_before) * 1000 / max(1, result["requests"])
            if writers:
                result["writes"] = writers.done - written_before
                writers.stop()
                result["write_failures"] = writers.failed[:5]
                result["write_failure_count"] = len(writers.failed)
                result["write_p99_ms"] = sorted(writers.seconds)[int(0.99 * (len(writers.seconds) - 1))] * 1000
            result["rate"] = result["requests"] / result["seconds"]
            answered = result["hits"] + result["misses"]
            result["hit_rate"] = result["hits"] / answered if answered else None
            results[phase].append(result)
            summary.append(f"{phase} {result['rate']:.0f}")
        print(f"  mixed round {number}/{args.rounds}, reads/s: {', '.join(summary)}", flush=True)
    return rows_of(results, args)


def _median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def rows_of(results, args):
    rows = []
    for phase, rounds in results.items():
        rows.append(
            {
                "phase": phase,
                "reads_per_second": round(_median(r["rate"] for r in rounds), 1),
                "hit_rate": _median(r["hit_rate"] for r in rounds),
                "p50_ms": round(_median(r["p50_ms"] for r in rounds), 2),
                "p99_ms": round(_median(r["p99_ms"] for r in rounds), 2),
                "worker_cpu_ms_per_read": round(_median(r["cpu_ms"] for r in rounds), 2),
                "writes_per_second": round(_median(r.get("writes", 0) / args.phase_seconds for r in rounds), 2),
                "write_p99_ms": _median(r.get("write_p99_ms") for r in rounds),
                "write_failures": sum(r.get("write_failure_count", 0) for r in rounds),
                "first_write_failures": [f for r in rounds for f in r.get("write_failures", [])][:3],
                "non_2xx": sum(r["non_2xx"] for r in rounds),
                "errors": sum(r["errors"] for r in rounds),
                "rounds": rounds,
            }
        )
    base = rows[0]
    for row in rows:
        row["throughput_ratio"] = round(row["reads_per_second"] / base["reads_per_second"], 3)
        row["p99_ratio"] = round(row["p99_ms"] / base["p99_ms"], 2)
        both = row["hit_rate"] is not None and base["hit_rate"]
        row["hit_rate_ratio"] = round(row["hit_rate"] / base["hit_rate"], 3) if both else None
    return rows


def table(rows):
    def share(value):
        return "n/a" if value is None else f"{value:.1%}"

    def ratio(value):
        return "n/a" if value is None else f"{value:.2f}"

    header = (
        f"{'phase':<12} {'reads/s':>8} {'hit rate':>8} {'p50 ms':>7} {'p99 ms':>7} {'cpu ms':>6} {'writes/s':>8} "
        f"{'w fail':>6} {'× reads/s':>9} {'× hits':>6} {'× p99':>6}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['phase']:<12} {row['reads_per_second']:>8.1f} {share(row['hit_rate']):>8} {row['p50_ms']:>7.1f} "
            f"{row['p99_ms']:>7.1f} {row['worker_cpu_ms_per_read']:>6.2f} {row['writes_per_second']:>8.2f} "
            f"{row['write_failures']:>6} {row['throughput_ratio']:>9.2f} {ratio(row['hit_rate_ratio']):>6} "
            f"{row['p99_ratio']:>6.2f}"
        )
    if rows[0]["hit_rate"] is None:
        lines.append(
            "Hit rate n/a: the server sends no X-Cache header (cpu ms, the workers' CPU per read, shows misses)."
        )
    return "\n".join(lines)
