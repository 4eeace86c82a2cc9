from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.editorial import policy
from articles.editorial.policy import Action
from articles.importing.run import Report, import_wordpress
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
        report = Report(write=self._note)
        headline = self.style.SUCCESS("Dry run: nothing was written." if dry_run else "Import finished.")
        try:
            import_wordpress(
                export,
                report=report,
                uploads_dir=uploads,
                dry_run=dry_run,
                progress=not no_progress and self.stderr.isatty(),
                sticky_front=sticky_front,
                editor=user,
            )
        except WxrError as error:
            headline = self._stopped(f"{export}: {error}", dry_run)
            raise CommandError(f"{export}: {error}") from None
        except KeyboardInterrupt:
            headline = self._stopped("interrupted", dry_run)
            raise CommandError("Interrupted.", returncode=130) from None
        except Exception as error:  # a fault of the importer's own: its traceback follows the summary
            headline = self._stopped(f"{type(error).__name__}: {error}", dry_run)
            raise
        finally:  # the summary of what was done, however the run ended
            self.stdout.write(headline)
            for line in report.lines():
                self.stdout.write(line)

    def _note(self, line):
        """One note, as it comes: visible at once even when the output goes to a file or a pipe."""
        self.stdout.write(line)
        self.stdout.flush()

    def _stopped(self, reason, dry_run):
        kept = "Nothing was written." if dry_run else "What was imported before it is kept; a second run skips it."
        return self.style.ERROR(f"{'Dry run' if dry_run else 'Import'} stopped ({reason}). {kept}")

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
