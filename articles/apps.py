from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate

        from articles.api.stored import connect_stored
        from articles.content.search import follow_publication_language
        from articles.images.services import remove_stored_file
        from articles.integrations import signal_handlers as integrations
        from articles.models import Image, Rendition

        # A side effect, not a rule: files of deleted photos are removed once the delete commits.
        # (What a change purges from the public cache is wired by newsroom.invalidation.PUBLIC_CONTENT.)
        post_migrate.connect(follow_publication_language, sender=self, dispatch_uid="search-follows-language")
        for model in (Image, Rendition):
            post_delete.connect(remove_stored_file, sender=model, dispatch_uid=f"remove-file-{model.__name__}")
        connect_stored()  # each article's stored card and detail, made again when what they show changes
        integrations.connect()  # webhook events of author profiles; the CDN purge of bumped cache tags
