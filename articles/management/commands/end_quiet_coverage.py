"""Write down the end of live coverage that has gone LIVE_COVERAGE_AUTO_END_HOURS without an entry.

Reads already treat such coverage as ended (its state is computed from its last entry); this keeps the row saying so,
for reports and the admin's list. Safe to run at any interval, or never.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.live.services import coverage_end_quiet


class Command(BaseCommand):
    help = "End live coverage quiet for LIVE_COVERAGE_AUTO_END_HOURS (off when 0)."

    def handle(self, *args, **options):
        if not settings.LIVE_COVERAGE_AUTO_END_HOURS:
            self.stdout.write("LIVE_COVERAGE_AUTO_END_HOURS is 0: coverage ends only when an editor ends it.")
            return
        ended = coverage_end_quiet()
        self.stdout.write(f"Ended {ended} live coverage{'s' if ended != 1 else ''}.")
