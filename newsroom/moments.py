"""Times clients send: read safely, and refused when the database or a screen could not hold them."""

from datetime import UTC, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

LARGEST_OFFSET = timedelta(hours=14)  # Kiribati's; PostgreSQL refuses offsets past ±15:59


def real_time_zone(moment):
    """Refuses a time whose UTC offset no place on Earth uses, which the database could not store or compare."""
    offset = moment.utcoffset() if moment else None
    if offset is not None and abs(offset) > LARGEST_OFFSET:
        raise ValidationError("Give the time with a UTC offset between -14:00 and +14:00 (or in UTC, with Z).")


def client_time(raw):
    """The time a client sent (ISO 8601; without an offset, in the current time zone, as Django reads it) in UTC, or
    None when it is not one: garbage, 2026-02-30, a NUL, or a time past the calendar in UTC or in local time (year 1
    in Tokyo is before year 1 in UTC), which would otherwise raise in a query or a template, not here."""
    if not raw.isprintable():
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment = moment.astimezone(UTC)
        timezone.localtime(moment)  # and shown in local time
    except (ValueError, OverflowError):
        return None
    return moment
