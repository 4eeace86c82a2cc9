"""schema.org NewsArticle for an article (LiveBlogPosting for live coverage), built from its serialised API
representation."""

from django.conf import settings

from newsroom.frontend import frontend_url


def _person(author):
    person = {"@type": "Person", "name": author["name"]}
    if author["url"]:  # active authors have a page
        person["url"] = frontend_url("author", slug=author["slug"])
    if author["post_nominals"]:
        person["honorificSuffix"] = author["post_nominals"]
    if author["job_title"]:
        person["jobTitle"] = author["job_title"]
    if author["links"]:
        person["sameAs"] = [link["url"] for link in author["links"]]
    return person


def _images(lead):
    """The lead photo in the 16:9, 4:3 and 1:1 crops Google asks for (the original where crops are missing)."""
    if lead is None:
        return []
    urls = [url for url in (lead["crops"].get(ratio) for ratio in ("16x9", "4x3", "1x1")) if url] or [lead["url"]]
    return [
        {"@type": "ImageObject", "url": url, "caption": lead["caption"], "creditText": lead["credit"]} for url in urls
    ]


def publisher():
    organization = {"@type": "Organization", "name": settings.PUBLICATION_NAME, "url": settings.FRONTEND_URL}
    if settings.PUBLICATION_LOGO_URL:
        organization["logo"] = {"@type": "ImageObject", "url": settings.PUBLICATION_LOGO_URL}
    return organization


def news_article(article, *, live_updates=()):
    """The NewsArticle of a serialised article detail, a LiveBlogPosting when it is live coverage (``live_updates``:
    its latest entries, newest first); a property without a value is left out."""
    page = article["canonical_url"]
    lead = article["featured_image"] or (article["images"][0] if article["images"] else None)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article["title"],
        "description": article["seo"]["description"] or article["dek"],
        "datePublished": article["published_at"],
        "dateModified": article["updated_at"],
        "author": [_person(author) for author in article["authors"]],
        "publisher": publisher(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": page},
        "url": page,
        "inLanguage": settings.PUBLICATION_LANGUAGE,
        "image": _images(lead),
        "isAccessibleForFree": True,
    }
    data |= _embedded_media(article["body"])
    if article["section"]:
        data["articleSection"] = article["section"]["name"]
    if article["tags"]:
        data["keywords"] = [tag["name"] for tag in article["tags"]]
    if article.get("coverage"):
        data |= _live_blog(article["coverage"], live_updates, page)
    return {key: value for key, value in data.items() if value not in (None, [], "")}


# An embed by its kind: a video or audio as such, anything else (a post, a chart, a map) as media.
_MEDIA = {"video": ("video", "VideoObject"), "audio": ("audio", "AudioObject")}


def _embedded_media(blocks):
    media = {}
    for embed in (block for block in blocks if block["type"] == "embed"):
        prop, schema_type = _MEDIA.get(embed["kind"], ("associatedMedia", "MediaObject"))
        thing = {"@type": schema_type, "name": embed["title"], "url": embed["url"]}
        if embed["thumbnail_url"]:
            thing["thumbnailUrl"] = embed["thumbnail_url"]
        if embed["author_name"]:
            thing["author"] = {"@type": "Person", "name": embed["author_name"]}
        media.setdefault(prop, []).append({key: value for key, value in thing.items() if value != ""})
    return media


def _live_blog(coverage, updates, page):
    """What makes a NewsArticle a LiveBlogPosting: the coverage's times and its latest entries as BlogPostings."""
    return {
        "@type": "LiveBlogPosting",
        "coverageStartTime": coverage["start"],
        "coverageEndTime": coverage["end"] if coverage["state"] == "ended" else None,
        "liveBlogUpdate": [_blog_posting(update, page) for update in updates],
    }


def _blog_posting(update, page):
    posting = {
        "@type": "BlogPosting",
        "headline": update["headline"],
        "datePublished": update["published_at"],
        "dateModified": update["edited_at"] or update["published_at"],
        "author": [{"@type": "Person", "name": name} for name in update["authors"]],
        "url": update["permalink"],
        "mainEntityOfPage": page,
        "articleBody": update["text"],
    }
    return {key: value for key, value in posting.items() if value not in (None, [], "")}


def _thing(schema_type, properties, required=()):
    """OpenAPI schema of a schema.org object of ``@type`` schema_type (or one of several)."""
    types = [schema_type] if isinstance(schema_type, str) else list(schema_type)
    return {
        "type": "object",
        "properties": {"@type": {"type": "string", "enum": types}, **properties},
        "required": ["@type", *required],
    }


_TEXT = {"type": "string"}
_URL = {"type": "string", "format": "uri"}
_TIME = {"type": "string", "format": "date-time"}

# What news_article() makes, for the OpenAPI schema of the article detail .
NEWS_ARTICLE_SCHEMA = _thing(
    ("NewsArticle", "LiveBlogPosting"),
    {
        "coverageStartTime": _TIME,
        "coverageEndTime": _TIME,
        "liveBlogUpdate": {
            "type": "array",
            "items": _thing(
                "BlogPosting",
                {
                    "headline": _TEXT,
                    "datePublished": _TIME,
                    "dateModified": _TIME,
                    "author": {"type": "array", "items": _thing("Person", {"name": _TEXT}, required=["name"])},
                    "url": _URL,
                    "mainEntityOfPage": _URL,
                    "articleBody": _TEXT,
                },
                required=["headline", "datePublished", "url"],
            ),
            "description": "Live coverage: its latest entries, newest first.",
        },
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "headline": _TEXT,
        "description": _TEXT,
        "datePublished": _TIME,
        "dateModified": _TIME,
        "author": {
            "type": "array",
            "items": _thing(
                "Person",
                {
                    "name": _TEXT,
                    "url": _URL,
                    "honorificSuffix": _TEXT,
                    "jobTitle": _TEXT,
                    "sameAs": {"type": "array", "items": _URL},
                },
                required=["name"],
            ),
        },
        "publisher": _thing(
            "Organization",
            {"name": _TEXT, "url": _URL, "logo": _thing("ImageObject", {"url": _URL}, required=["url"])},
            required=["name", "url"],
        ),
        "mainEntityOfPage": _thing("WebPage", {"@id": _URL}, required=["@id"]),
        "url": _URL,
        "inLanguage": _TEXT,
        "image": {
            "type": "array",
            "items": _thing(
                "ImageObject",
                {"url": _URL, "caption": _TEXT, "creditText": _TEXT},
                required=["url", "caption", "creditText"],
            ),
            "description": "The lead photo in the 16:9, 4:3 and 1:1 crops (the original where crops are missing).",
        },
        "isAccessibleForFree": {"type": "boolean"},
        **{
            prop: {
                "type": "array",
                "items": _thing(
                    schema_type,
                    {"name": _TEXT, "url": _URL, "thumbnailUrl": _URL, "author": _thing("Person", {"name": _TEXT})},
                    required=["url"],
                ),
                "description": description,
            }
            for prop, schema_type, description in (
                ("video", "VideoObject", "The videos embedded in the body."),
                ("audio", "AudioObject", "The audio embedded in the body."),
                ("associatedMedia", "MediaObject", "Other embeds: social posts, charts, maps."),
            )
        },
        "articleSection": _TEXT,
        "keywords": {"type": "array", "items": _TEXT},
    },
    required=["@context", "headline", "dateModified", "publisher", "mainEntityOfPage", "url", "isAccessibleForFree"],
)
