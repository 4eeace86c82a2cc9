from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from newsroom.public_cache import purge_when_changed

        from .models import Author, AuthorLink

        # Author profiles appear in article responses.
        purge_when_changed(Author, AuthorLink)
