"""Search at scale: the article list's ``q`` queries, timed in the database under concurrent clients.

    python -m bench.run --mode search [--connections 4] [--duration 20]     # make bench BENCH_ARGS="--mode search"

Each client is a process of its own (its own database connection, no shared interpreter lock) that runs, for
two-word queries of topics of one section (``wildfires drought``, ``tariffs wages``…) in turn, what the public
list runs for ``?q=``: the search, its count and the first page of 20 stored cards (``for_cards()``, as an
anonymous list reads them). The page's serialization and the HTTP server are left out: they are the cold list's
cost, measured by the standard mode. How many articles each query matches is counted apart, untimed, since a
search's own count stops at ``search.SHOWN``.
"""

import itertools
import multiprocessing
import os
import statistics
import time


def queries():
    from articles.management.commands.generate_content import SECTIONS

    pairs = [itertools.combinations(topics.split(), 2) for topics in SECTIONS.values() if topics]
    return [" ".join(pair) for pair in itertools.chain(*pairs)]


def _client(args):
    number, duration, texts = args
    import django

    django.setup()
    from articles.models import Article

    def once(text):
        articles = Article.objects.published().order_by("-published_at", "-pk").for_cards().search(text)
        count = articles.count()
        return count, len(list(articles[:20]))

    for text in texts[:3]:  # connect and warm the process before timing
        once(text)
    timings, counts = [], {}
    deadline = time.monotonic() + duration
    for text in itertools.islice(itertools.cycle(texts), number, None):  # each client starts elsewhere
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        counts[text] = once(text)[0]
        timings.append(time.perf_counter() - started)
    return timings, counts


def run(args):
    """Latencies of searches from ``args.connections`` concurrent clients, with the share of articles they match."""
    from articles.models import Article

    texts = queries()
    total = Article.objects.published().count()
    context = multiprocessing.get_context("spawn")  # a fresh interpreter each, set up from the environment
    with context.Pool(args.connections) as pool:
        results = pool.map(_client, [(n, args.duration, texts) for n in range(args.connections)])
    timings = sorted(t * 1000 for result, _ in results for t in result)
    counts = _matches({text for _, found in results for text in found})
    shares = sorted(count / total for count in counts.values())

    def percentile(share):
        return round(timings[min(len(timings) - 1, int(share * len(timings)))], 1)

    report = {
        "queries": len(timings),
        "distinct_queries": len(counts),
        "queries_per_second": round(len(timings) / args.duration, 1),
        "p50_ms": percentile(0.5),
        "p99_ms": percentile(0.99),
        "max_ms": round(timings[-1], 1),
        "mean_ms": round(statistics.fmean(timings), 1),
        "public_articles": total,
        "match_share_median": round(statistics.median(shares), 4),
        "match_share_min": round(shares[0], 4),
        "match_share_max": round(shares[-1], 4),
        "ranked_candidates": _ranked(),
        "shown_matches": _shown(),
        "cpus": os.cpu_count(),
    }
    print(
        f"Search, {args.connections} clients, {report['queries']} queries ({report['distinct_queries']} distinct, "
        f"matching {report['match_share_min']:.1%}–{report['match_share_max']:.1%} of {total:,} public articles, "
        f"median {report['match_share_median']:.1%}): p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms, "
        f"max {report['max_ms']} ms, {report['queries_per_second']} queries/s"
    )
    return report


def _matches(texts):
    """How many public articles each query matches: a search's count with no cut-off, untimed."""
    from articles.content import search
    from articles.models import Article

    shown, search.SHOWN = search.SHOWN, 10**9
    try:
        return {text: Article.objects.published().search(text).count() for text in texts}
    finally:
        search.SHOWN = shown


def _ranked():
    from articles.content import search

    return search.RANKED


def _shown():
    from articles.content import search

    return search.SHOWN
