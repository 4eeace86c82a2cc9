"""Fetching embeds in the background, so neither a save nor an import waits on a provider."""

from django_tasks import task


@task()
def fetch_embed(embed_id):
    """Ask the provider about a newly placed embed; what it answers (or why not) is kept on the embed."""
    from articles.embeds.services import embed_fetch
    from articles.models import Embed

    url = Embed.objects.filter(pk=embed_id, fetched_at__isnull=True).values_list("url", flat=True).first()
    if url:
        embed_fetch(url=url)
