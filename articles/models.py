"""Every model of the app, gathered under the ``articles`` label; each is defined in its concern's folder."""

from articles.comments.models import Comment
from articles.content.models import WORDS_PER_MINUTE, Article, ArticleAuthor, Section, Tag
from articles.editorial.desk_models import Autosave, Presence
from articles.editorial.models import Correction, Revision, SlugRedirect, StateChange
from articles.embeds.models import ArticleEmbed, Embed
from articles.fronts.models import Front, FrontSlot
from articles.images.models import ArticleImage, Image, Rendition
from articles.importing.models import WordPressItem
from articles.integrations.models import ApiKey, CdnPurge, WebhookDelivery, WebhookEndpoint, WebhookEvent
from articles.live.models import LiveCoverage, LiveEntry, LiveEntryAuthor, LiveEntryCorrection, LiveEntryImage
from articles.redirects.models import Redirect

__all__ = [
    "ApiKey",
    "WORDS_PER_MINUTE",
    "Article",
    "CdnPurge",
    "ArticleAuthor",
    "ArticleEmbed",
    "ArticleImage",
    "Autosave",
    "Comment",
    "Correction",
    "Embed",
    "Front",
    "FrontSlot",
    "Image",
    "Redirect",
    "LiveCoverage",
    "LiveEntry",
    "LiveEntryAuthor",
    "LiveEntryCorrection",
    "LiveEntryImage",
    "Presence",
    "Rendition",
    "Revision",
    "Section",
    "SlugRedirect",
    "StateChange",
    "Tag",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "WordPressItem",
]
