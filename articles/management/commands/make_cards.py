from django.core.management.base import BaseCommand

from articles.api.stored import stored_make_missing


class Command(BaseCommand):
    help = "Make the stored card and detail of each article lacking one (once after upgrading, or after a bulk import)."

    def handle(self, *args, **options):
        self.stdout.write(f"{stored_make_missing():,} articles' cards and details made.")
