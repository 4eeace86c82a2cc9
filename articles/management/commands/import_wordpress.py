from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.editorial import policy
from articles.editorial.policy import Action
from articles.importing.run import import_wordpress
from articles.importing.wxr import WxrError
from articles.models import Front


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
        parser.add_argument(
            "--sticky-front", metavar="SLUG", help="Pin the published sticky posts to this front's top free positions"
        )
        parser.add_argument("--editor", metavar="USERNAME", help="The editor who pins them (with --sticky-front)")

    def handle(self, *args, export, uploads, dry_run, no_progress, sticky_front, editor, **options):
        if not export.is_file():
            raise CommandError(f"{export}: no such file")
        if uploads and not uploads.is_dir():
            raise CommandError(f"--uploads: {uploads} is not a folder")
        user = self._editor(sticky_front, editor)
        try:
            report = import_wordpress(
                export,
                uploads_dir=uploads,
                dry_run=dry_run,
                progress=not no_progress and self.stderr.isatty(),
                sticky_front=sticky_front,
                editor=user,
            )
        except WxrError as error:
            raise CommandError(f"{export}: {error}") from None
        self.stdout.write(self.style.SUCCESS("Dry run: nothing was written." if dry_run else "Import finished."))
        for line in report.lines():
            self.stdout.write(line)

    def _editor(self, sticky_front, username):
        """The user who pins the sticky posts, checked before the run rather than after it."""
        if not sticky_front:
            return None
        if not username:
            raise CommandError("--sticky-front needs --editor USERNAME: a front is changed by an editor")
        if not Front.objects.filter(slug=sticky_front).exists():
            raise CommandError(f"--sticky-front: there is no front “{sticky_front}”")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--editor: there is no user “{username}”")
        try:
            policy.check(user, Action.CHANGE_FRONTS)
        except policy.Refusal as refusal:
            raise CommandError(f"--editor: {refusal}") from None
        return user
