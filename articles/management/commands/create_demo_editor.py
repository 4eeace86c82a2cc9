from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.editorial.roles import EDITOR


class Command(BaseCommand):
    help = (
        "Create (once) a staff account in the Editor group for trying the admin, and print its login. "
        "Development only (DEBUG on, as `make run` has it): the password is printed and, by default, known to all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="newsroom-demo")
        parser.add_argument(
            "--insecure-demo-password",
            action="store_true",
            help="Create the account even with DEBUG off, where anyone who knows the demo login could sign in.",
        )

    def handle(self, *args, username, password, insecure_demo_password, **options):
        if not settings.DEBUG and not insecure_demo_password:
            raise CommandError(
                "create_demo_editor makes a staff account with a known password, so it runs only with DEBUG on "
                "(`make run` sets DEBUG=on). On a server, create accounts with `createsuperuser` or in the admin; "
                "pass --insecure-demo-password to create the demo editor anyway."
            )
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=EDITOR))
        state = "Created" if created else "Kept existing"
        self.stdout.write(self.style.SUCCESS(f"{state} demo editor. Admin login: {username} / {password}"))
        if not created:
            self.stdout.write("(The password is the one set when the account was created.)")
