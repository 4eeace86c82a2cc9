"""The body's embed block, as the API, body_html, ninjs and JSON-LD show it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.embeds import markup, providers
from newsroom.public_cache import shows


def embed_block(embed):
    """The API's embed block of a cached embed (it names the embed's cache tag: a refresh purges what shows it)."""
    shows(f"embed:{embed.pk}")
    return {
        "type": "embed",
        "provider": embed.provider,
        "kind": embed.kind,
        "url": embed.url,
        "title": embed.title,
        "author_name": embed.author_name,
        "thumbnail_url": embed.thumbnail_url or None,
        "html": embed.html,
        "width": embed.width,
        "height": embed.height,
    }


def embed_html(block):
    provider = providers.BY_NAME.get(block["provider"])
    return markup.embed_html(block, provider.label if provider else block["provider"])


def embeds_of(placements):
    """``{url: embed block}`` of an article's prefetched embed placements."""
    return {placement.embed.url: embed_block(placement.embed) for placement in placements}


@extend_schema_field({"type": "string", "enum": ["embed"]})
class EmbedType(serializers.CharField):
    pass


class EmbedBlockSerializer(serializers.Serializer):
    type = EmbedType()
    provider = serializers.ChoiceField(choices=[p.name for p in providers.PROVIDERS])
    kind = serializers.ChoiceField(choices=["video", "audio", "social", "chart", "map"])
    url = serializers.URLField(help_text="The embedded address, as the editor gave it.")
    title = serializers.CharField(help_text="The provider's title; empty until it has answered.")
    author_name = serializers.CharField()
    thumbnail_url = serializers.URLField(allow_null=True)
    html = serializers.CharField(
        help_text="The provider's markup sanitised: iframes only from its own https hosts, sandboxed, lazy; no "
        "scripts (X, Instagram, TikTok, Facebook: a blockquote their widget script renders). Empty when the "
        "provider has not answered: show a link."
    )
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
