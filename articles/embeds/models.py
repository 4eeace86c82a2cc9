"""What each embedded URL's provider answered, and where embeds sit in article bodies.

The body holds only the URL (``<figure data-embed="URL"></figure>``); what it shows is read from ``Embed``, which
``embed_refresh`` fills from the provider. ``ArticleEmbed`` rows mirror the body's embeds in order, so a detail
reads them in one prefetch whatever their number.
"""

from django.db import models


class EmbedQuerySet(models.QuerySet):
    def due(self):
        """Embeds never fetched yet: the importer and the editor queue these."""
        return self.filter(fetched_at__isnull=True)


class Embed(models.Model):
    url = models.URLField(max_length=2000, unique=True)
    provider = models.CharField(max_length=32, help_text="The provider's name in articles.embeds.providers.")
    kind = models.CharField(max_length=16, help_text="video, audio, social, chart or map.")
    title = models.CharField(max_length=500, blank=True)
    author_name = models.CharField(max_length=300, blank=True)
    thumbnail_url = models.URLField(max_length=2000, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    html = models.TextField(blank=True, help_text="The provider's markup, sanitised to its own hosts.")
    fetched_at = models.DateTimeField(null=True, blank=True, help_text="Last answer from the provider.")
    error = models.TextField(blank=True, help_text="Why the last fetch failed; empty when it worked.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmbedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title or self.url


class ArticleEmbed(models.Model):
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="embed_placements")
    embed = models.ForeignKey(Embed, on_delete=models.CASCADE, related_name="placements")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="one_embed_per_position")]

    def __str__(self):
        return f"{self.embed} in {self.article_id}"
