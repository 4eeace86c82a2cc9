"""schema.org NewsArticle for an article, built from its serialised API representation."""

from django.conf import settings

from newsroom.frontend import frontend_url


def _person(author):
    person = {
        "@type": "Person",
        "name": author["name"],
        "url": frontend_url("author", slug=author["slug"]),
    }
    if author["post_nominals"]:
        person["honorificSuffix"] = author["post_nominals"]
    if author["job_title"]:
        person["jobTitle"] = author["job_title"]
    if author["links"]:
        person["sameAs"] = [link["url"] for link in author["links"]]
    return person


def publisher():
    organization = {"@type": "Organization", "name": settings.PUBLICATION_NAME, "url": settings.FRONTEND_URL}
    if settings.PUBLICATION_LOGO_URL:
        organization["logo"] = {"@type": "ImageObject", "url": settings.PUBLICATION_LOGO_URL}
    return organization


def news_article(article):
    page = article["canonical_url"] or frontend_url("article", slug=article["slug"])
    images = [article["featured_image"]] if article["featured_image"] else []
    images += [image for image in article["images"] if image["url"] not in {i["url"] for i in images}]
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
        "image": [
            {"@type": "ImageObject", "url": image["url"], "width": image["width"], "height": image["height"],
             "caption": image["caption"], "creditText": image["credit"]}
            for image in images
        ],
        "isAccessibleForFree": True,
    }
    if article["section"]:
        data["articleSection"] = article["section"]["name"]
    if article["tags"]:
        data["keywords"] = [tag["name"] for tag in article["tags"]]
    return {key: value for key, value in data.items() if value not in (None, [], "")}
