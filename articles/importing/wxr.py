"""Reading a WordPress export (WXR 1.1/1.2, as Tools › Export writes it) as a stream, in bounded memory.

``lxml.etree.iterparse`` hands over each ``<item>`` (and each channel-level author, category and tag) when it ends;
it is turned into plain data and cleared, with every earlier sibling, so the tree never holds more than one item.
Entities are not resolved and nothing is fetched from the network while parsing.
"""

import hashlib
import html
from dataclasses import dataclass, field

from lxml import etree

WP_NAMESPACES = (
    "http://wordpress.org/export/1.2/",
    "http://wordpress.org/export/1.1/",
    "http://wordpress.org/export/1.0/",
)
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
EXCERPT_NAMESPACES = ("http://wordpress.org/export/1.2/excerpt/", "http://wordpress.org/export/1.1/excerpt/")


class WxrError(ValueError):
    """The file is not a WordPress export that can be read."""


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag):
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    description: str = ""

    @property
    def name(self):
        full = " ".join(part for part in (self.first_name, self.last_name) if part)
        return self.display_name or full or self.login


@dataclass
class Term:
    taxonomy: str  # "category", "post_tag", or another taxonomy's name
    slug: str
    name: str
    parent: str = ""
    description: str = ""


@dataclass
class Comment:
    id: str
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date_gmt: str = ""
    date: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: str = "0"


@dataclass
class Item:
    """A post, page, attachment or any other post type, as exported."""

    post_id: str
    post_type: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_name: str = ""
    status: str = ""
    comment_status: str = ""
    post_password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # (domain, nicename, name) in the export's order
    meta: dict = field(default_factory=dict)  # key → [values]
    comments: list = field(default_factory=list)
    digest: str = ""

    def meta_value(self, key, default=""):
        values = self.meta.get(key)
        return values[0] if values else default


@dataclass
class Site:
    base_url: str = ""
    title: str = ""
    wxr_version: str = ""


def decode_title(text):
    """A title as WordPress stores it (entities such as ``&amp;`` or ``&#8217;`` typed in) as plain text."""
    return " ".join(html.unescape(text or "").split())


def _children(element):
    """``{local name: text}`` of the element's simple children (the last one wins)."""
    return {_local(child.tag): (child.text or "") for child in element if isinstance(child.tag, str)}


def _author(element):
    data = _children(element)
    return Author(
        login=data.get("author_login", "").strip(),
        email=data.get("author_email", "").strip(),
        display_name=data.get("author_display_name", "").strip(),
        first_name=data.get("author_first_name", "").strip(),
        last_name=data.get("author_last_name", "").strip(),
        description=data.get("author_description", "").strip(),
    )


def _term(element):
    data = _children(element)
    kind = _local(element.tag)
    if kind == "category":
        return Term(
            "category",
            data.get("category_nicename", ""),
            data.get("cat_name", ""),
            data.get("category_parent", ""),
            data.get("category_description", ""),
        )
    if kind == "tag":
        return Term("post_tag", data.get("tag_slug", ""), data.get("tag_name", ""), "", data.get("tag_description", ""))
    return Term(
        data.get("term_taxonomy", ""),
        data.get("term_slug", ""),
        data.get("term_name", ""),
        data.get("term_parent", ""),
        data.get("term_description", ""),
    )


def _comment(element):
    data = _children(element)
    return Comment(
        id=data.get("comment_id", "").strip(),
        author=data.get("comment_author", ""),
        email=data.get("comment_author_email", "").strip(),
        url=data.get("comment_author_url", "").strip(),
        ip=data.get("comment_author_IP", "").strip(),
        date_gmt=data.get("comment_date_gmt", "").strip(),
        date=data.get("comment_date", "").strip(),
        content=data.get("comment_content", ""),
        approved=data.get("comment_approved", "1").strip(),
        type=data.get("comment_type", "").strip(),
        parent=data.get("comment_parent", "0").strip() or "0",
    )


def _item(element):
    item = Item(post_id="", post_type="", digest=hashlib.sha256(etree.tostring(element)).hexdigest())
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name, namespace, text = _local(child.tag), _namespace(child.tag), child.text or ""
        if child.tag == CONTENT:
            item.content = text
        elif child.tag == DC_CREATOR:
            item.creator = text.strip()
        elif namespace in EXCERPT_NAMESPACES and name == "encoded":
            item.excerpt = text
        elif namespace == "" and name in ("title", "link", "guid"):
            setattr(item, name, text.strip() if name != "title" else text)
        elif namespace == "" and name == "category":
            item.terms.append((child.get("domain", ""), child.get("nicename", ""), text))
        elif name == "postmeta":
            data = _children(child)
            item.meta.setdefault(data.get("meta_key", ""), []).append(data.get("meta_value", ""))
        elif name == "comment":
            item.comments.append(_comment(child))
        elif name == "post_id":
            item.post_id = text.strip()
        elif name == "is_sticky":
            item.is_sticky = text.strip() == "1"
        elif name in (
            "post_type",
            "post_date",
            "post_date_gmt",
            "post_name",
            "status",
            "comment_status",
            "post_password",
            "attachment_url",
        ):
            setattr(item, name, text.strip())
    return item


WANTED = {"item", "author", "category", "tag", "term", "base_site_url", "wxr_version"}


def read(source):
    """Yield the export's ``Site`` first, then each ``Author``, ``Term`` and ``Item`` in the file's order.

    ``source`` is a path or a binary file object (e.g. one wrapped by a progress bar).
    """
    site, announced = Site(), False
    parser = etree.iterparse(
        source,
        events=("end",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        huge_tree=False,
    )
    try:
        for _, element in parser:
            name, namespace = _local(element.tag), _namespace(element.tag)
            parent = element.getparent()
            in_channel = parent is not None and _local(parent.tag) == "channel"
            if not in_channel or name not in WANTED:
                if name == "title" and in_channel:
                    site.title = element.text or ""
                continue
            is_wp = namespace in WP_NAMESPACES
            if is_wp and name == "base_site_url":
                site.base_url = (element.text or "").strip().rstrip("/")
            elif is_wp and name == "wxr_version":
                site.wxr_version = (element.text or "").strip()
            else:
                if not announced:
                    if not site.wxr_version:
                        raise WxrError("This is not a WordPress export (no wp:wxr_version before the content).")
                    announced = True
                    yield site
                if name == "item" and namespace == "":
                    yield _item(element)
                elif is_wp and name == "author":
                    yield _author(element)
                elif is_wp and name in ("category", "tag", "term"):
                    yield _term(element)
            # The item is read: drop it and everything before it, so memory stays flat.
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        raise WxrError(f"The export is not well-formed XML: {error}") from None
    if not announced:
        if not site.wxr_version:
            raise WxrError("This is not a WordPress export (no wp:wxr_version).")
        yield site
