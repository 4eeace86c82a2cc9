"""Events of models written outside the article services: the author profile (the authors app knows nothing of
the articles app, so its saves are heard here). A side effect on the outbox, not a rule."""


def author_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        from articles.integrations import events

        events.author_updated(instance)


def connect():
    from django.db.models.signals import post_save

    from authors.models import Author

    post_save.connect(author_saved, sender=Author, dispatch_uid="webhooks-author-updated")
