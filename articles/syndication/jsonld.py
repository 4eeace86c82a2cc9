"""schema.org NewsArticle for an article, built from its serialised API representation."""

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


def news_article(article):
    page = article["canonical_url"] or frontend_url("article", slug=article["slug"])
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
    if article["section"]:
        data["articleSection"] = article["section"]["name"]
    if article["tags"]:
        data["keywords"] = [tag["name"] for tag in article["tags"]]
    return {key: value for key, value in data.items() if value not in (None, [], "")}
