"""A time a client sends (a cursor's position, a preview's time) is read in one place: in UTC, or None, never a 500."""

from datetime import UTC, datetime

import pytest

from newsroom.moments import client_time


def test_a_time_with_its_offset_is_taken_as_given_in_utc():
    assert client_time("2026-06-01T12:00+02:00") == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def test_a_time_without_an_offset_is_read_in_the_current_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"

    assert client_time("2026-06-01T12:00") == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    assert client_time("2026-06-01 12:00:00.5").microsecond == 500_000  # Django's reading, space and all


@pytest.mark.parametrize("raw", ["", "yesterday-ish", "2026-02-30T10:00", "2026-99-99", "2026-06-01T12:00\x00"])
def test_what_is_not_a_time_is_none(raw):
    assert client_time(raw) is None


@pytest.mark.parametrize(
    "zone, raw",
    [
        ("Asia/Tokyo", "0001-01-01T00:00"),  # before year 1 in UTC
        ("America/New_York", "9999-12-31T23:59"),  # after year 9999 in UTC
        ("Asia/Tokyo", "9999-12-31T23:00Z"),  # in UTC, but after year 9999 in local time
    ],
)
def test_a_time_past_the_calendar_in_utc_or_in_local_time_is_none(settings, zone, raw):
    settings.TIME_ZONE = zone

    assert client_time(raw) is None
