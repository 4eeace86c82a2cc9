"""RSS 2.0 and Atom feeds of the latest public articles, linking to the front-end site.

Each author is a separate ``dc:creator`` (RSS) or ``author`` (Atom) element. The featured image is the enclosure;
its length is the file size the storage reports (a ``stat`` on the file system, no file is read), or 0 when the
storage cannot tell, as the RSS Advisory Board's profile advises.
"""

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.utils import feedgenerator
from django.utils.html import escape

from articles.models import Article, Section
from newsroom.frontend import frontend_url
from newsroom.text import strip_unstorable

FEED_SIZE = 50
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class BylineRssFeed(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])


class BylineAtomFeed(feedgenerator.Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            if author["uri"]:
                handler.addQuickElement("uri", author["uri"])
            handler.endElement("author")


def _latest(public_articles):
    return public_articles.for_listing().order_by("-published_at", "-pk")[:FEED_SIZE]


def _author_page(author):
    """Inactive authors have no public page."""
    return frontend_url("author", slug=author.slug) if author.is_active else None


def _file_size(name):
    try:
        return default_storage.size(name)
    except OSError:  # missing file, or a storage that cannot answer
        return 0


class LatestArticlesFeed(Feed):
    feed_type = BylineRssFeed

    @property
    def language(self):
        return settings.PUBLICATION_LANGUAGE

    def title(self):
        return settings.PUBLICATION_NAME

    def description(self):
        return f"The latest articles from {settings.PUBLICATION_NAME}."

    def link(self):
        return settings.FRONTEND_URL

    def author_name(self):
        return settings.PUBLICATION_NAME  # Atom needs a feed author for entries without a byline

    def items(self):
        return _latest(Article.objects.published())

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        for item in feed.items:  # media URLs are relative unless MEDIA_URL names a CDN
            for enclosure in item["enclosures"]:
                enclosure.url = request.build_absolute_uri(enclosure.url)
        return feed

    # Text is checked when it is written (newsroom.text); stripped here too, so a row stored before the check
    # cannot break the feed for every reader.
    def item_title(self, article):
        return strip_unstorable(article.title)

    def item_description(self, article):
        return escape(strip_unstorable(article.excerpt or article.dek))

    def item_link(self, article):
        return frontend_url("article", slug=article.slug)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.modified_at

    def item_categories(self, article):
        section = [article.section.name] if article.section else []
        return [strip_unstorable(name) for name in section + [tag.name for tag in article.tags.all()]]

    def item_enclosures(self, article):
        """The featured photo's social card (1200×630), or the photo itself where no card was made."""
        image = article.featured_image
        if image is None:
            return []
        card = image.rendition("social")
        name, url = (card.name, card.url) if card else (image.file.name, image.file.url)
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return [feedgenerator.Enclosure(url=url, length=str(_file_size(name)), mime_type=mime_type)]

    def item_extra_kwargs(self, article):
        """Every author of the byline, for the feed generators above (Django's feeds take one)."""
        authors = [byline.author for byline in article.article_authors.all()]
        return {
            "authors": [
                {"name": strip_unstorable(author.display_name), "uri": _author_page(author)} for author in authors
            ]
        }


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = BylineAtomFeed

    def subtitle(self):
        return self.description()


class SectionArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return strip_unstorable(f"{settings.PUBLICATION_NAME}: {section.name}")

    def description(self, section):
        return strip_unstorable(
            section.description or f"The latest articles in {section.name} from {settings.PUBLICATION_NAME}."
        )

    def link(self, section):
        return frontend_url("section", slug=section.slug)

    def items(self, section):
        return _latest(Article.objects.published().filter(section=section))
