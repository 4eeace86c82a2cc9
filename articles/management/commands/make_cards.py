from django.core.management.base import BaseCommand

from articles.api.stored import stored_make_missing


class Command(BaseCommand):
    help = "Make the stored card and detail of each article lacking one (once after upgrading, or after a bulk import)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Make every article's again (after EMBEDS_CONSENT_PLACEHOLDER changed)."
        )

    def handle(self, *args, **options):
        self.stdout.write(f"{stored_make_missing(every=options['all']):,} articles' cards and details made.")
