"""Live coverage for tests: an article made live coverage, its reporters, entries posted through the services."""

from datetime import timedelta

import factory
from django.utils import timezone

from articles.live import services
from articles.live.models import LiveCoverage
from tests.articles.factories import ArticleFactory
from tests.authors.factories import AuthorFactory, StaffFactory


class LiveCoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveCoverage

    article = factory.SubFactory(ArticleFactory, published=True)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


def reporter(article=None):
    """A writer with an author profile, in ``article``'s byline when one is given."""
    user = StaffFactory(role="Writer")
    author = AuthorFactory(user=user)
    if article is not None:
        article.article_authors.create(author=author, position=article.article_authors.count())
    return user


def editor():
    user = StaffFactory(role="Editor")
    AuthorFactory(user=user)
    return user


def live_article(**article_fields):
    """A public article that is live coverage, started an hour ago."""
    return LiveCoverageFactory(article=ArticleFactory(published=True, **article_fields)).article


def post(article, by, text="Something happened.", **options):
    return services.entry_post(article=article, by=by, body_html=f"<p>{text}</p>", **options)
