"""The mixed benchmark's readers spread over details and list pages that exist; its ratios compare to read-only."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from bench import mixed


@pytest.mark.django_db
def test_ranked_urls_are_details_newest_first_with_every_fifth_a_list_page_and_all_answer():
    call_command("generate_content", articles=60, seed=2, comments_per_article=0, stdout=StringIO())

    urls = mixed.ranked_urls(40)

    assert len(urls) == len(set(urls)) == 40
    assert [n for n, url in enumerate(urls) if "?" in url] == list(range(0, 40, mixed.LIST_SHARE))
    assert urls[0] == "/api/v1/articles/?page=1"
    api = APIClient()
    assert all(api.get(url).status_code == 200 for url in urls)


def test_phases_are_reported_as_ratios_to_the_read_only_phase():
    def phase(rate, hits, p99):  # three rounds, the median the middle one
        rounds = [(rate * 0.9, hits, p99 * 2), (rate, hits, p99), (rate * 1.1, hits, p99 / 2)]
        return [
            {"rate": r, "hit_rate": h, "p50_ms": 1.0, "p99_ms": p, "cpu_ms": 1.0, "non_2xx": 0, "errors": 0}
            for r, h, p in rounds
        ]

    class Args:
        phase_seconds = 10

    rows = mixed.rows_of({"read-only": phase(1000, 0.9, 2.0), "draft saves": phase(950, 0.45, 4.0)}, Args)

    assert [(r["throughput_ratio"], r["hit_rate_ratio"], r["p99_ratio"]) for r in rows] == [(1, 1, 1), (0.95, 0.5, 2)]
    assert "n/a" not in mixed.table(rows)
