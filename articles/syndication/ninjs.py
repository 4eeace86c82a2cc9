"""IPTC ninjs 2.2 news item for an article, built from its serialised API representation (ArticleDetailSerializer).

ninjs 2.2 has no property for an image's alt text: it travels as a description with the role "alt",
beside the caption (role "caption").
"""

import mimetypes
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils.text import get_text_list

from newsroom.frontend import frontend_url

STANDARD = {"name": "ninjs", "version": "2.2", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _version(updated_at):
    """Microseconds since the epoch of the last edit: grows with every saved change."""
    return str((datetime.fromisoformat(updated_at) - EPOCH) // timedelta(microseconds=1))


def _descriptions(*pairs):
    return [{"role": role, "value": value} for role, value in pairs if value]


def _person(author):
    person = {"name": author["name"], "rel": "author", "literal": author["slug"]}
    if author["url"]:  # active authors have a page
        person["uri"] = frontend_url("author", slug=author["slug"])
    if author["links"]:
        person["contactinfo"] = [
            {"type": "web", "name": link["label"], "value": link["url"]} for link in author["links"]
        ]
    return person


def _subject(kind, term):
    return {"name": term["name"], "rel": kind, "uri": frontend_url(kind, slug=term["slug"]), "literal": term["slug"]}


def _rendition(name, source):
    rendition = {"name": name, "href": source["url"], "width": source["width"], "height": source["height"]}
    contenttype, _ = mimetypes.guess_type(source["url"])
    if contenttype:
        rendition["contenttype"] = contenttype
    return rendition


def _renditions(image):
    """The original, then every width rendition (named like ``w640-webp``)."""
    widths = [_rendition(f"w{r['width']}-{r['format']}", r) for r in image.get("renditions", [])]
    return [_rendition("original", image), *widths]


def _picture(name, image):
    picture = {
        "name": name,
        "uri": image["url"],
        "type": "picture",
        "by": image["credit"],
        "descriptions": _descriptions(("caption", image["caption"]), ("alt", image["alt_text"])),
        "renditions": _renditions(image),
    }
    return {key: value for key, value in picture.items() if value not in ("", [])}


# An embed's kind as a ninjs association type (a post on a social network is text, a chart or a map a graphic).
EMBED_TYPES = {"video": "video", "audio": "audio", "social": "text", "chart": "graphic", "map": "graphic"}


def _embedded(name, embed):
    association = {
        "name": name,
        "uri": embed["url"],
        "type": EMBED_TYPES.get(embed["kind"], "text"),
        "headlines": [{"role": "main", "value": embed["title"]}] if embed["title"] else [],
        "by": embed["author_name"],
        "renditions": [{"name": "thumbnail", "href": embed["thumbnail_url"]}] if embed["thumbnail_url"] else [],
    }
    return {key: value for key, value in association.items() if value not in ("", [])}


def news_item(article):
    summary = article["excerpt"] or article["dek"]
    pictures = [("featuremedia", article["featured_image"])] if article["featured_image"] else []
    pictures += [(f"image-{number}", image) for number, image in enumerate(article["images"], start=1)]
    headlines = [{"role": "main", "value": article["title"]}]
    if article["dek"]:
        headlines.append({"role": "subheadline", "value": article["dek"]})
    subjects = [_subject("section", article["section"])] if article["section"] else []
    subjects += [_subject("tag", tag) for tag in article["tags"]]
    item = {
        "uri": frontend_url("article", slug=article["slug"]),
        "standard": STANDARD,
        "type": "text",
        "representationtype": "full",
        "version": _version(article["updated_at"]),
        "firstcreated": article["published_at"],
        "versioncreated": article["updated_at"],
        "pubstatus": "usable",
        "language": settings.PUBLICATION_LANGUAGE,
        "slugline": article["slug"],
        "headlines": headlines,
        "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": summary}] if summary else [],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": article["body_html"]}],
        "by": get_text_list([author["display_name"] for author in article["authors"]], "and"),
        "people": [_person(author) for author in article["authors"]],
        "subjects": subjects,
        "associations": [_picture(name, image) for name, image in pictures] + _embeds(article),
    }
    return {key: value for key, value in item.items() if value not in ("", [], None)}  # a draft has no times yet


def _embeds(article):
    embeds = [block for block in article["body"] if block["type"] == "embed"]
    return [_embedded(f"embed-{number}", embed) for number, embed in enumerate(embeds, start=1)]


def _object(required, **properties):
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False}


_STRING, _URI = {"type": "string"}, {"type": "string", "format": "uri"}
_ROLE_VALUE = _object(["role", "value"], role=_STRING, value=_STRING, contenttype=_STRING)
_RENDITION = _object(
    ["name", "href", "width", "height"],
    name=_STRING,
    href=_URI,
    width={"type": "integer"},
    height={"type": "integer"},
    contenttype=_STRING,
)
# What news_item() makes, a subset of IPTC ninjs 2.2 (http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json), in
# OpenAPI's dialect of JSON Schema; empty properties are left out.
NINJS_SCHEMA = _object(
    ["uri", "standard", "type", "representationtype", "version", "pubstatus", "language", "headlines", "bodies"],
    uri=_URI,
    standard=_object(["name", "version", "schema"], name=_STRING, version=_STRING, schema=_URI),
    type={"type": "string", "enum": ["text"]},
    representationtype={"type": "string", "enum": ["full"]},
    version=_STRING,
    firstcreated={"type": "string", "format": "date-time"},
    versioncreated={"type": "string", "format": "date-time"},
    pubstatus={"type": "string", "enum": ["usable"]},
    language=_STRING,
    slugline=_STRING,
    headlines={"type": "array", "items": _ROLE_VALUE},
    descriptions={"type": "array", "items": _ROLE_VALUE},
    bodies={"type": "array", "items": _ROLE_VALUE},
    by=_STRING,
    people={
        "type": "array",
        "items": _object(
            ["name", "rel", "literal"],
            name=_STRING,
            rel=_STRING,
            literal=_STRING,
            uri=_URI,
            contactinfo={
                "type": "array",
                "items": _object(["type", "name", "value"], type=_STRING, name=_STRING, value=_STRING),
            },
        ),
    },
    subjects={
        "type": "array",
        "items": _object(["name", "rel", "uri", "literal"], name=_STRING, rel=_STRING, uri=_URI, literal=_STRING),
    },
    associations={
        "type": "array",
        "items": {
            "oneOf": [
                _object(
                    ["name", "uri", "type", "renditions"],
                    name=_STRING,
                    uri=_URI,
                    type={"type": "string", "enum": ["picture"]},
                    by=_STRING,
                    descriptions={"type": "array", "items": _ROLE_VALUE},
                    renditions={"type": "array", "items": _RENDITION},
                ),
                _object(  # an embed: the embedded address, with what its provider said of it
                    ["name", "uri", "type"],
                    name=_STRING,
                    uri=_URI,
                    type={"type": "string", "enum": sorted(set(EMBED_TYPES.values()))},
                    headlines={"type": "array", "items": _ROLE_VALUE},
                    by=_STRING,
                    renditions={
                        "type": "array",
                        "items": _object(["name", "href"], name=_STRING, href=_URI),
                    },
                ),
            ]
        },
    },
)
