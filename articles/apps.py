from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from newsroom.public_cache import purge_when_changed

        from .models import Article, ArticleAuthor, ArticleImage, Comment, Image, Section, Tag

        # Side effect, not a rule: public responses are purged once a change is committed.
        purge_when_changed(
            Article, ArticleAuthor, ArticleImage, Comment, Image, Section, Tag, m2m=[Article.tags.through]
        )
