"""Every model of the app, gathered under the ``articles`` label; each is defined in its concern's folder."""

from articles.comments.models import Comment
from articles.content.models import WORDS_PER_MINUTE, Article, ArticleAuthor, Section, Tag
from articles.editorial.desk_models import Autosave, Presence
from articles.editorial.models import Correction, Revision, SlugRedirect, StateChange
from articles.images.models import ArticleImage, Image, Rendition

__all__ = [
    "WORDS_PER_MINUTE",
    "Article",
    "ArticleAuthor",
    "ArticleImage",
    "Autosave",
    "Comment",
    "Correction",
    "Image",
    "Presence",
    "Rendition",
    "Revision",
    "Section",
    "SlugRedirect",
    "StateChange",
    "Tag",
]
