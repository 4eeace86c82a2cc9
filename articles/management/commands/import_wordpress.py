from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importing.run import import_wordpress
from articles.importing.wxr import WxrError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, from Tools › Export): posts, photos, authors, categories, tags, comments "
        "and old addresses. Safe to run again: what is unchanged is skipped, nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WXR file WordPress exported")
        parser.add_argument("--uploads", type=Path, help="A copy of wp-content/uploads (else files are fetched)")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; write nothing")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args, export, uploads, dry_run, no_progress, **options):
        if not export.is_file():
            raise CommandError(f"{export}: no such file")
        if uploads and not uploads.is_dir():
            raise CommandError(f"--uploads: {uploads} is not a folder")
        try:
            report = import_wordpress(
                export,
                uploads_dir=uploads,
                dry_run=dry_run,
                progress=not no_progress and self.stderr.isatty(),
            )
        except WxrError as error:
            raise CommandError(f"{export}: {error}") from None
        self.stdout.write(self.style.SUCCESS("Dry run: nothing was written." if dry_run else "Import finished."))
        for line in report.lines():
            self.stdout.write(line)
