from datetime import timedelta

from django.core.exceptions import ValidationError

LARGEST_OFFSET = timedelta(hours=14)  # Kiribati's; PostgreSQL refuses offsets past ±15:59


def real_time_zone(moment):
    """Refuses a time whose UTC offset no place on Earth uses, which the database could not store or compare."""
    offset = moment.utcoffset() if moment else None
    if offset is not None and abs(offset) > LARGEST_OFFSET:
        raise ValidationError("Give the time with a UTC offset between -14:00 and +14:00 (or in UTC, with Z).")
