from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from articles.editorial.roles import EDITOR


class Command(BaseCommand):
    help = "Create (once) a staff account in the Editor group for trying the admin, and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="newsroom-demo")

    def handle(self, *args, username, password, **options):
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=EDITOR))
        state = "Created" if created else "Kept existing"
        self.stdout.write(self.style.SUCCESS(f"{state} demo editor. Admin login: {username} / {password}"))
        if not created:
            self.stdout.write("(The password is the one set when the account was created.)")
