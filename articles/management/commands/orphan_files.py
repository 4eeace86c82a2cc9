from datetime import timedelta

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat, pluralize
from django.utils import timezone

from articles.images.services import orphaned_files


class Command(BaseCommand):
    help = (
        "List the stored photo and rendition files that no library row names (left by a failed save, say), "
        "with their sizes; --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Delete the files listed")
        parser.add_argument(
            "--older-than",
            type=int,
            default=0,
            metavar="MINUTES",
            help="Leave out files changed in the last MINUTES: an upload still being saved has files no row names yet",
        )

    def handle(self, *args, delete, older_than, **options):
        cutoff = timezone.now() - timedelta(minutes=older_than)
        orphans = [
            (storage, name, storage.size(name))
            for storage, name in orphaned_files()
            if not older_than or storage.get_modified_time(name) < cutoff
        ]
        for storage, name, size in orphans:
            self.stdout.write(f"{name}\t{filesizeformat(size)}")
            if delete:
                storage.delete(name)
        count, total = len(orphans), filesizeformat(sum(size for *_, size in orphans))
        summary = f"{count} orphaned file{pluralize(count)}, {total} in all."
        self.stdout.write(self.style.SUCCESS(f"Deleted {summary}" if delete else summary))
