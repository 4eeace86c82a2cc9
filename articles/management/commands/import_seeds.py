from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.seeding.parser import SeedFormatError
from articles.seeding.services import seed_import

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


def _aware_datetime(value):
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published-at: {value!r} is not an ISO 8601 date and time") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Import seed article files (default: every file in seeds/) as published articles. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="Seed files; default: every .txt file in seeds/")
        parser.add_argument("--images", type=Path, help="Folder with photo files named after a caption or '<seed>-<n>'")
        parser.add_argument("--published-at", type=_aware_datetime, help="Publish time (ISO 8601) for new articles")

    def handle(self, *args, files, images, published_at, **options):
        if images and not images.is_dir():
            raise CommandError(f"--images: {images} is not a folder")
        paths = files or sorted(SEEDS_DIR.glob("*.txt"))
        if not paths:
            raise CommandError(f"No seed files given and none found in {SEEDS_DIR}")
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                result = seed_import(path=path, images_dir=images, published_at=published_at)
            except SeedFormatError as error:
                raise CommandError(str(error)) from None
            for warning in result.warnings:
                self.stderr.write(self.style.WARNING(warning))
            verb = "Imported" if result.created else "Updated" if result.changed else "Unchanged:"
            self.stdout.write(self.style.SUCCESS(f"{verb} “{result.article.title}” from {path.name}"))
