"""Coverage ends by itself after LIVE_COVERAGE_AUTO_END_HOURS without an entry: read from the clock on every request
(no worker), written down by ``manage.py end_quiet_coverage``; off by default."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from articles.live.models import LiveCoverage
from newsroom.invalidation import next_change
from tests.articles.live.factories import LiveCoverageFactory, editor, post

pytestmark = pytest.mark.django_db


def quiet_coverage(hours_ago):
    coverage = LiveCoverageFactory(starts_at=timezone.now() - timedelta(hours=hours_ago))
    coverage.last_entry_at = timezone.now() - timedelta(hours=hours_ago)
    coverage.save()
    return coverage


def coverage_in_api(coverage):
    return APIClient().get(f"/api/v1/articles/{coverage.article.slug}/").json()["coverage"]


def test_off_by_default_coverage_runs_until_an_editor_ends_it(settings):
    settings.PUBLIC_RESPONSE_CACHE = False
    coverage = quiet_coverage(hours_ago=500)

    assert settings.LIVE_COVERAGE_AUTO_END_HOURS == 0
    assert coverage_in_api(coverage)["state"] == "live"
    call_command("end_quiet_coverage")
    assert LiveCoverage.objects.get(pk=coverage.pk).ends_at is None


def test_quiet_coverage_reads_as_ended_at_once_and_the_command_writes_it_down(settings):
    settings.PUBLIC_RESPONSE_CACHE = False
    settings.LIVE_COVERAGE_AUTO_END_HOURS = 6
    quiet, busy = quiet_coverage(hours_ago=7), quiet_coverage(hours_ago=1)

    shown = coverage_in_api(quiet)
    call_command("end_quiet_coverage")

    assert shown["state"] == "ended"
    assert shown["end"] == (quiet.last_entry_at + timedelta(hours=6)).isoformat().replace("+00:00", "Z")
    assert coverage_in_api(busy)["state"] == "live"
    assert LiveCoverage.objects.get(pk=quiet.pk).ends_at == quiet.last_entry_at + timedelta(hours=6)
    assert LiveCoverage.objects.get(pk=busy.pk).ends_at is None


def test_a_new_entry_keeps_it_running(settings):
    settings.LIVE_COVERAGE_AUTO_END_HOURS = 6
    coverage = quiet_coverage(hours_ago=5)

    post(coverage.article, editor())
    coverage.refresh_from_db()

    assert coverage.state(now=timezone.now() + timedelta(hours=5)) == "live"
    assert coverage.state(now=timezone.now() + timedelta(hours=7)) == "ended"


def test_the_public_cache_does_not_outlive_the_end_by_itself(settings):
    settings.LIVE_COVERAGE_AUTO_END_HOURS = 6
    coverage = quiet_coverage(hours_ago=5)

    expected = (coverage.last_entry_at + timedelta(hours=6)).timestamp()
    assert next_change() == pytest.approx(expected, abs=1)
