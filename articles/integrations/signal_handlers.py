"""Events of models written outside the article services: the author profile (the authors app knows nothing of
the articles app, so its saves are heard here); and the CDN's purge of every cache tag a change bumps. Side
effects on the outbox and the task queue, not rules."""


def author_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        from articles.integrations import events

        events.author_updated(instance)


def tags_bumped(sender, tags, **kwargs):
    from articles.integrations.cdn import enqueue_cdn_purge

    enqueue_cdn_purge(tags)


def connect():
    from django.db.models.signals import post_save

    from authors.models import Author
    from newsroom import public_cache

    post_save.connect(author_saved, sender=Author, dispatch_uid="webhooks-author-updated")
    public_cache.tags_bumped.connect(tags_bumped, dispatch_uid="cdn-purge-of-bumped-tags")
