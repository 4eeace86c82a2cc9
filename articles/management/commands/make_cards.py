from django.core.management.base import BaseCommand

from articles.api.cards import cards_make_missing


class Command(BaseCommand):
    help = "Make the stored list card of every article that has none (once after upgrading, or after a bulk import)."

    def handle(self, *args, **options):
        self.stdout.write(f"{cards_make_missing():,} cards made.")
