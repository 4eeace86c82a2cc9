"""Writes of embeds: looking a URL up with its provider, refreshing it, and keeping an article's embeds in step
with its body. A provider that fails never loses an edit: the embed is kept with the error, shown as a link."""

import logging
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from articles.content import body
from articles.editorial import policy
from articles.embeds import fetch, markup, providers
from articles.models import ArticleEmbed, Embed
from newsroom.text import strip_unstorable

logger = logging.getLogger(__name__)


class NotEmbeddable(Exception):
    """No provider of the allowlist embeds this URL: it stays a link."""


def _text(value, limit):
    return " ".join(strip_unstorable(str(value)).split())[:limit] if isinstance(value, (str, int, float)) else ""


def _size(value):
    try:
        size = int(value)
    except (TypeError, ValueError):
        return None  # e.g. Spotify's width "100%"
    return size if 0 < size <= 10_000 else None


def _https(value):
    value = value if isinstance(value, str) else ""
    if len(value) > 2000 or providers.UNFIT_IN_URL.search(value):
        return ""
    return value if urlsplit(value).scheme == "https" else ""


def _answer_fields(provider, url):
    """What the embed shows, from the provider (or, for a map, from the URL itself)."""
    if provider.endpoint == "" and provider.kind == providers.Kind.MAP:
        src, title = providers.map_frame(url)
        if src is None:
            raise fetch.Unavailable("This Google Maps address names no place or coordinates to show.")
        return {"title": title, "html": markup.frame_html(src, title=title), "width": None, "height": None}
    answer = fetch.oembed(provider, url)
    html = answer.get("html") if isinstance(answer.get("html"), str) else ""
    return {
        "title": _text(answer.get("title", ""), 500),
        "author_name": _text(answer.get("author_name", ""), 300),
        "thumbnail_url": _https(answer.get("thumbnail_url")),
        "width": _size(answer.get("width")),
        "height": _size(answer.get("height")),
        "html": markup.sanitize(strip_unstorable(html), provider),
    }


def _fetch_into(embed, provider):
    try:
        fields = _answer_fields(provider, embed.url)
    except fetch.Unavailable as problem:
        embed.error = str(problem)
        logger.info("embed %s: %s", embed.url, problem)
    else:
        for name, value in fields.items():
            setattr(embed, name, value)
        embed.error = ""
        embed.fetched_at = timezone.now()
    embed.provider, embed.kind = provider.name, provider.kind
    embed.save()
    return embed


def _cached(url):
    """``(embed, provider, created)`` of ``url``, or NotEmbeddable."""
    provider = providers.provider_for(url)
    if provider is None:
        raise NotEmbeddable(f"No embed provider of the allowlist answers for {url}: it stays a link.")
    embed, created = Embed.objects.get_or_create(url=url, defaults={"provider": provider.name, "kind": provider.kind})
    return embed, provider, created


def embed_get_or_create(*, url):
    """The cached embed of ``url`` (unfetched if new, its fetch queued), or NotEmbeddable."""
    embed, _, created = _cached(url)
    if created:
        from articles.embeds.tasks import fetch_embed

        transaction.on_commit(lambda: fetch_embed.enqueue(embed.pk))
    return embed


def _check(by):
    policy.check(by, policy.SiteAction.EMBED)


def embed_lookup(*, url, by):
    """The embed of ``url`` for the editor's preview: fetched now if never fetched (or it failed), else cached."""
    _check(by)
    embed, provider, _ = _cached(url)
    if embed.fetched_at is None or embed.error:  # a provider that failed is asked again when an editor looks
        _fetch_into(embed, provider)
    return embed


def embed_refresh(*, url, by):
    """Ask the provider again about ``url``; a change reaches every article showing it (its ``embed:`` tag)."""
    _check(by)
    return embed_fetch(url=url)


def embed_fetch(*, url):
    """The fetch itself, for the background task and the services above (which asked the policy)."""
    embed = Embed.objects.filter(url=url).first()
    provider = providers.provider_for(url)
    if embed is None or provider is None:
        return embed
    return _fetch_into(embed, provider)


def embed_urls(html):
    """The URLs of the embeds placed in a body, in order."""
    return [url for element in body.fragments(html) if (url := body.placed_embed(element))]


def embeds_prepare(*, html):
    """Cache rows for the embeds a body places (their fetch queued), ahead of its save: a pending edit's."""
    for url in embed_urls(html):
        try:
            embed_get_or_create(url=url)
        except NotEmbeddable:
            continue


def embed_placements_from_body(article):
    """Unsaved placements of the embeds in the article's body that are cached, in order (a preview's)."""
    urls = embed_urls(article.body)
    embeds = {embed.url: embed for embed in Embed.objects.filter(url__in=urls)} if urls else {}
    return [
        ArticleEmbed(article=article, embed=embeds[url], position=position)
        for position, url in enumerate(url for url in urls if url in embeds)
    ]


@transaction.atomic
def article_sync_embeds(*, article):
    """Make the article's embed placements match the embeds in its body, in order; a new URL is queued to fetch.
    Placements that already match are left as they are (no change for caches and stored representations)."""
    wanted = []
    for url in embed_urls(article.body):
        try:
            wanted.append(embed_get_or_create(url=url))
        except NotEmbeddable:
            continue  # rendered as a link (articles.content.body.render)
    kept = list(article.embed_placements.order_by("position"))
    if [placement.embed_id for placement in kept] == [embed.pk for embed in wanted]:
        return kept
    article.embed_placements.all().delete()
    return ArticleEmbed.objects.bulk_create(
        ArticleEmbed(article=article, embed=embed, position=position) for position, embed in enumerate(wanted)
    )
