"""A WordPress post's content (Gutenberg block markup, classic HTML with shortcodes, or both) as a Newsroom body.

Every photo is placed where it stood, as a figure of a library image (``photo(attachment_id, src)`` finds or brings
it in); embeds (``wp:embed``, ``[embed]``, a URL on its own line, a provider's pasted iframe) become embeds when a
provider of the allowlist claims them (articles/embeds/: the provider is asked in the background after the post's
transaction commits, never inside it) and stay links otherwise; unknown blocks and shortcodes keep their text and
are named in the notes, so nothing is dropped without a word.
"""

import json
import re
from dataclasses import dataclass, field

import lxml.html
from django.utils.html import escape, format_html

from articles.content import body
from articles.embeds.providers import provider_for

# WordPress's own block delimiter (wp-includes/class-wp-block-parser.php), in Python's dialect.
BLOCK_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>\{(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
SHORTCODE = re.compile(
    r"\[(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\]]*)?)\](?:(?P<inner>.*?)\[/(?P=name)\])?", re.DOTALL
)
SHORTCODE_ATTR = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
URL_LINE = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$", re.MULTILINE)
BLOCK_START = re.compile(r"^\s*<(?:h[1-6]|p|ul|ol|blockquote|figure|div|table|pre|hr|dl|address|iframe)\b", re.I)

TEXT_BLOCKS = {"paragraph", "heading", "list", "list-item", "quote", "pullquote", "image", "gallery", "freeform"}
CONTAINERS = {"group", "columns", "column", "row", "stack", "cover", "media-text", "buttons", "button", "details"}
SILENT = {"separator", "spacer", "more", "nextpage", "page-break"}
AS_TEXT = {"preformatted", "code", "verse", "table", "html", "shortcode", "footnotes"}
MEDIA_LINKS = {"video", "audio", "file"}
HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}  # the body's headings are h2 to h4


@dataclass
class Converted:
    html: str
    notes: list = field(default_factory=list)
    photos: list = field(default_factory=list)  # library images placed, in order


@dataclass
class _Block:
    name: str
    attrs: dict
    parts: list  # html strings and inner _Blocks, in order

    @property
    def html(self):
        return "".join(part for part in self.parts if isinstance(part, str))

    @property
    def inner_blocks(self):
        return [part for part in self.parts if isinstance(part, _Block)]


def parse_blocks(content):
    """Top-level blocks of block markup; text outside any block is a ``freeform`` (classic) block."""
    root = _Block("root", {}, [])
    stack = [root]
    position = 0
    for match in BLOCK_DELIMITER.finditer(content):
        if match.start() > position:
            stack[-1].parts.append(content[position : match.start()])
        position = match.end()
        namespace = (match["namespace"] or "core/").rstrip("/")
        name = match["name"] if namespace == "core" else f"{namespace}/{match['name']}"
        if match["closer"]:
            if len(stack) > 1:
                stack.pop()
            continue
        try:
            attrs = json.loads(match["attrs"]) if match["attrs"] else {}
        except ValueError:
            attrs = {}
        block = _Block(name, attrs if isinstance(attrs, dict) else {}, [])
        stack[-1].parts.append(block)
        if not match["void"]:
            stack.append(block)
    if position < len(content):
        stack[-1].parts.append(content[position:])
    blocks = []
    for part in root.parts:
        if isinstance(part, _Block):
            blocks.append(part)
        elif part.strip():
            blocks.append(_Block("freeform", {}, [part]))
    return blocks


class _Converter:
    def __init__(self, photo):
        self.photo = photo
        self.parts, self.notes, self.photos = [], [], []

    # --- Blocks --------------------------------------------------------------------------------------------------

    def block(self, block):
        name = block.name
        if name.startswith("core-embed/") or name == "embed":
            return self.embed(block.attrs.get("url") or _text_of(block.html), block.html)
        if name in SILENT:
            return
        if name in MEDIA_LINKS:
            return self.media_link(block)
        if name in CONTAINERS or (block.inner_blocks and name not in ("list", "quote", "gallery")):
            if name not in CONTAINERS:
                self.notes.append(f"unknown block wp:{name}: its inner blocks were imported")
            if name in ("cover", "media-text"):  # their own photo sits in their markup, beside the inner blocks
                self.html(_without_inner_text(block))
            for inner in block.inner_blocks:
                self.block(inner)
            return
        if name == "freeform":
            return self.classic(block.html)
        if name in TEXT_BLOCKS or name in ("list", "quote", "gallery"):
            return self.html(_flatten(block))
        if name in AS_TEXT:
            if name not in ("html", "shortcode"):
                self.notes.append(f"wp:{name} kept as plain paragraphs")
            return self.classic(_flatten(block), keep_breaks=name in ("preformatted", "code", "verse"))
        self.notes.append(f"unknown block wp:{name}: its text was kept")
        self.classic(_flatten(block))

    def embed(self, url, markup=""):
        url = (url or "").strip()
        if not url.startswith(("http://", "https://")):
            self.notes.append("an embed without an address was left out")
            return
        if provider_for(url):
            self.parts.append(format_html('<figure data-embed="{}"></figure>', url))
        else:
            self.parts.append(format_html('<p><a href="{}">{}</a></p>', url, url))
            self.notes.append(f"embed of no known provider kept as a link: {url}")
        if caption := _figcaption_text(markup):
            self.parts.append(format_html("<p>{}</p>", caption))

    def media_link(self, block):
        src = next(iter(re.findall(r'(?:src|href)="([^"]+)"', block.html)), "")
        if src:
            self.parts.append(format_html('<p><a href="{}">{}</a></p>', src, _text_of(block.html) or src))
        self.notes.append(f"wp:{block.name} kept as a link to its file")

    # --- Classic content -----------------------------------------------------------------------------------------

    def classic(self, content, keep_breaks=False):
        content = SHORTCODE.sub(self.shortcode, content)
        chunks = re.split(r"\n\s*\n", content.replace("\r\n", "\n"))
        out = []
        for chunk in chunks:
            if not chunk.strip():
                continue
            if URL_LINE.fullmatch(chunk):
                out.append(f'<p data-embed="{escape(chunk.strip())}"></p>')  # WordPress embeds a URL on its own line
            elif BLOCK_START.match(chunk) and not keep_breaks:
                out.append(chunk)
            else:
                out.append("<p>" + chunk.strip().replace("\n", "<br>") + "</p>")
        self.html("\n".join(out))

    def shortcode(self, match):
        name, attrs, inner = match["name"].lower(), _shortcode_attrs(match["attrs"]), match["inner"]
        if name in ("caption", "wp_caption"):
            number = re.sub(r"\D", "", attrs.get("id", ""))
            inner = inner or ""
            images = re.findall(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>", inner)
            caption = attrs.get("caption") or inner
            for image in images:
                caption = caption.replace(image, "")
            if number and images and "wp-image-" not in images[0]:
                images[0] = images[0].replace("<img", f'<img class="wp-image-{number}"', 1)
            return f"\n\n<figure>{''.join(images)}<figcaption>{caption.strip()}</figcaption></figure>\n\n"
        if name == "gallery":
            ids = [i for i in re.split(r"[,\s]+", attrs.get("ids", "")) if i.isdigit()]
            if not ids:
                self.notes.append("a [gallery] without ids (the post's attached photos) was left out")
            return "".join(f'\n\n<figure><img class="wp-image-{i}" src=""></figure>\n\n' for i in ids)
        if name == "embed":
            return f"\n\n{(inner or '').strip()}\n\n"
        if name in ("video", "audio"):
            src = attrs.get("src") or attrs.get("mp4") or attrs.get("mp3") or ""
            self.notes.append(f"[{name}] kept as a link to its file")
            return format_html('\n\n<p><a href="{}">{}</a></p>\n\n', src, src) if src else ""
        if inner is None:
            self.notes.append(f"unknown shortcode [{name}] kept as written")
            return match.group(0)
        self.notes.append(f"unknown shortcode [{name}]: its text was kept")
        return inner

    # --- HTML into blocks, photos out of it ----------------------------------------------------------------------

    def html(self, markup):
        """Top-level elements as body blocks; every photo in one becomes a figure of its own, after what precedes it."""
        if not markup or not markup.strip():
            return
        for element in lxml.html.fragments_fromstring(markup):
            if isinstance(element, str):
                if element.strip():
                    self.parts.append(format_html("<p>{}</p>", element.strip()))
                continue
            element.tail = None
            if element.tag in ("script", "style", "noscript"):
                continue
            for hidden in list(element.iter("script", "style", "noscript")):
                hidden.drop_tree()
            if element.get("data-embed") is not None:
                self.embed(element.get("data-embed"))
                continue
            if element.tag == "iframe" and provider_for(element.get("src", "")):  # a provider's own embed code
                self.embed(element.get("src"))
                continue
            if element.tag == "iframe":  # a pasted embed code: keep what it showed as a link
                wrapper = lxml.html.fromstring("<p></p>")
                wrapper.append(element)
                element = wrapper
            for frame in element.iter("iframe"):
                if src := frame.get("src"):
                    self.notes.append(f"embedded frame kept as a link: {src}")
                    link = lxml.html.fromstring(f'<a href="{escape(src)}">{escape(src)}</a>')
                    frame.addprevious(link)
            element.tag = HEADINGS.get(element.tag, element.tag)
            for cite in element.iter("cite"):  # a quote's source, on a line of its own
                cite.tag = "p"
            figures = [figure for img in list(element.iter("img")) if (figure := self.figure(img))]
            text = _text_of_element(element)
            if element.tag in ("figure", "img"):  # a gallery's own caption follows its photos
                self.parts.extend(figures)
                if text:
                    self.parts.append(format_html("<p>{}</p>", text))
                continue
            if text:
                self.parts.append(lxml.html.tostring(element, encoding="unicode"))
            self.parts.extend(figures)

    def figure(self, img):
        """The figure of the photo ``img`` shows, taken out of the tree with its caption; None when it cannot be."""
        holder = next((a for a in img.iterancestors("figure")), None)
        caption_element = next((c for c in holder.iterchildren("figcaption")), None) if holder is not None else None
        caption = " ".join(caption_element.text_content().split()) if caption_element is not None else ""
        if caption_element is not None and len(holder.findall(".//img")) == 1:
            caption_element.drop_tree()
        src = (img.get("src") or "").strip()
        number = next(iter(WP_IMAGE_CLASS.findall(img.get("class", ""))), None) or img.get("data-id")
        _drop(img)
        image = self.photo(number if number and str(number).isdigit() else None, src)
        if image is None:
            self.notes.append(f"photo {src or 'attachment ' + str(number)} could not be imported; kept as a link")
            if not src:
                return None
            return format_html('<p><a href="{}">{}</a></p>', src, caption or src)
        self.photos.append(image)
        return format_html(
            '<figure><img src="{}" alt="{}" width="{}" height="{}"><figcaption>{}</figcaption></figure>',
            image.file.url,
            (img.get("alt") or "").strip() or image.alt_text,
            image.width,
            image.height,
            caption or image.caption,
        )


def _drop(img):
    """Remove the image, and a link around it that held nothing else (WordPress links photos to their file)."""
    parent = img.getparent()
    if parent is not None and parent.tag == "a" and not (parent.text or "").strip() and len(parent) == 1:
        img.drop_tree()
        parent.drop_tree()
    else:
        img.drop_tree()


def _text_of(markup):
    if not markup or not markup.strip():
        return ""
    return " ".join(lxml.html.fromstring(f"<div>{markup}</div>").text_content().split())


def _text_of_element(element):
    return " ".join(element.text_content().split())


def _figcaption_text(markup):
    found = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", markup or "", re.DOTALL)
    return _text_of(found.group(1)) if found else ""


def _flatten(block):
    """A block's markup with its inner blocks' markup in place (their delimiters gone)."""
    return "".join(part if isinstance(part, str) else _flatten(part) for part in block.parts)


def _without_inner_text(block):
    return block.html


def _shortcode_attrs(text):
    return {m[0].lower(): m[1] or m[2] or m[3] for m in SHORTCODE_ATTR.findall(text or "")}


def convert(content, *, photo):
    """The post's content as body HTML (not yet sanitised), with notes on what was not mapped as it was."""
    converter = _Converter(photo)
    if "<!-- wp:" in (content or ""):
        for block in parse_blocks(content):
            converter.block(block)
    else:
        converter.classic(content or "")
    return Converted(html=body.sanitize("\n".join(converter.parts)), notes=converter.notes, photos=converter.photos)
