from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from articles.images.services import remove_stored_file
        from articles.models import (
            Article,
            ArticleAuthor,
            ArticleImage,
            Comment,
            Correction,
            Image,
            Rendition,
            Section,
            Tag,
        )
        from newsroom.public_cache import purge_when_changed

        # Side effects, not rules: public responses are purged, and files of deleted photos removed, on commit.
        # A new comment waits for moderation and changes nothing public: comments purge when approved or deleted.
        purge_when_changed(
            Article,
            ArticleAuthor,
            ArticleImage,
            Correction,
            Image,
            Rendition,
            Section,
            Tag,
            m2m=[Article.tags.through],
            deleted=[Comment],
        )
        for model in (Image, Rendition):
            post_delete.connect(remove_stored_file, sender=model, dispatch_uid=f"remove-file-{model.__name__}")
