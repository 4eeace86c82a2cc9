import factory

from articles.fronts.models import Front, FrontSlot
from tests.articles.factories import ArticleFactory


class FrontFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Front

    name = factory.Sequence(lambda n: f"Front {n}")
    slug = factory.Sequence(lambda n: f"front-{n}")
    length = 5


class FrontSlotFactory(factory.django.DjangoModelFactory):
    """A slot written straight to the table; tests of the write path go through articles.fronts.services."""

    class Meta:
        model = FrontSlot

    front = factory.SubFactory(FrontFactory)
    article = factory.SubFactory(ArticleFactory, published=True)
    position = factory.Sequence(lambda n: n)
