import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, ArticleAuthor, Comment, Image, Section, Tag
from tests.authors.factories import AuthorFactory


def png_file(width=80, height=60, name="photo.png", colour="navy"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(png_file)
    caption = factory.Sequence(lambda n: f"Caption {n}")
    credit = "Agency Photo"
    alt_text = factory.Sequence(lambda n: f"Alt text {n}")


def figure_html(image, caption=None):
    return (
        f'<figure><img src="{image.file.url}" alt="{image.alt_text}" width="{image.width}" height="{image.height}">'
        f"<figcaption>{caption if caption is not None else image.caption}</figcaption></figure>"
    )


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    dek = "A standfirst."
    excerpt = "A short summary."
    body = "<p>First paragraph of the story.</p><p>Second paragraph.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted if extracted is not None else [AuthorFactory()]):
            ArticleAuthor.objects.create(article=article, author=author, position=position)

    @factory.post_generation
    def tags(article, create, extracted, **kwargs):
        if create and extracted:
            article.tags.set(extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory, published=True)
    author_name = factory.Faker("first_name")
    author_email = factory.Sequence(lambda n: f"reader{n}@example.net")
    body = "A thoughtful comment."
    status = Comment.Status.PENDING


def pending_edit(article, *, by=None, **changes):
    """A pending revision of a live article, as an editor's edit leaves one (its own tests are in editorial/)."""
    from articles.models import Revision

    revision = Revision.objects.create(
        article=article, content={**Revision.content_of(article), **changes}, created_by=by
    )
    Article.objects.filter(pk=article.pk).update(pending_revision=revision)
    article.refresh_from_db()
    return revision
