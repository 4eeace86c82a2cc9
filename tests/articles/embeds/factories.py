import factory
from django.utils import timezone

from articles.api.stored import stored_refresh
from articles.embeds.services import article_sync_embeds
from articles.models import Embed


class EmbedFactory(factory.django.DjangoModelFactory):
    """An embed the provider has answered for (a YouTube video unless told)."""

    class Meta:
        model = Embed

    url = factory.Sequence(lambda n: f"https://www.youtube.com/watch?v=video{n:05d}")
    provider, kind = "youtube", "video"
    title = factory.Sequence(lambda n: f"Video {n}")
    author_name = "A channel"
    thumbnail_url = factory.LazyAttribute(lambda embed: f"https://i.ytimg.com/vi/{embed.url[-10:]}/hqdefault.jpg")
    width, height = 200, 113
    html = factory.LazyAttribute(
        lambda embed: (
            f'<iframe src="https://www.youtube.com/embed/{embed.url[-10:]}" width="200" height="113" '
            'sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" loading="lazy"></iframe>'
        )
    )
    fetched_at = factory.LazyFunction(timezone.now)


def embed_html(url):
    return f'<figure data-embed="{url}"></figure>'


def place_embeds(article, *urls):
    """The article's body with these embeds after its text, saved and synced, its detail stored, as a save would."""
    article.body = article.body + "".join(embed_html(url) for url in urls)
    article.save()
    article_sync_embeds(article=article)
    stored_refresh([article.pk])  # what the save's commit does
    article.refresh_from_db()
    return article
