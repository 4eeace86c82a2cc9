"""Parser for seed article files (plain text, as in seeds/).

Format: the first non-blank line is the title; a line written twice on consecutive
lines is a photo caption at that point; ``Facebook Comments`` opens comments; a
closing author box is ``Name`` or ``Name, POST-NOMINALS`` followed by bio paragraphs,
the first beginning with the name; every other non-blank line is a paragraph.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

COMMENTS_MARKER = "Facebook Comments"
_spaces = re.compile(r"[ \t\u00a0\u202f\u2007\u2009]+")
_name_word = re.compile(r"[\w.'’\-]+")
_post_nominals = re.compile(r"[A-Z][A-Za-z.()]*(?:,? [A-Z][A-Za-z.()]*)*")


class SeedFormatError(ValueError):
    def __init__(self, path, line, message):
        self.path, self.line = path, line
        super().__init__(f"{path}, line {line}: {message}" if line else f"{path}: {message}")


@dataclass
class Photo:
    caption: str
    line: int


@dataclass
class Paragraph:
    text: str
    line: int


@dataclass
class SeedAuthor:
    name: str
    post_nominals: str
    bio: list[str]


@dataclass
class SeedArticle:
    path: Path
    title: str
    flow: list = field(default_factory=list)  # Paragraphs and Photos in reading order
    comments_enabled: bool = False
    author: SeedAuthor | None = None

    @property
    def photos(self):
        return [item for item in self.flow if isinstance(item, Photo)]

    @property
    def paragraphs(self):
        return [item.text for item in self.flow if isinstance(item, Paragraph)]


def _read_lines(path):
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SeedFormatError(path, line, "not valid UTF-8 text") from None
    return [_spaces.sub(" ", raw).strip() for raw in text.splitlines()]


def _byline(line):
    """(name, post-nominals) when the line reads as a byline: "Émile Zola", "Ludwig van Beethoven, PhD"."""
    name, _, post_nominals = line.partition(", ")
    words = name.split()
    if not 1 <= len(words) <= 6 or not (words[0][0].isupper() and words[-1][0].isupper()):
        return None
    if not all(_name_word.fullmatch(word) for word in words):
        return None
    if post_nominals and not _post_nominals.fullmatch(post_nominals):
        return None
    return name, post_nominals


def _author_box_start(lines):
    """Index of the last byline whose next non-blank line begins with that name, or None."""
    non_blank = [i for i, line in enumerate(lines) if line]
    for here, following in reversed(list(zip(non_blank, non_blank[1:], strict=False))):
        doubled = lines[here] in (lines[here - 1], lines[following])  # a photo caption, not a byline
        byline = _byline(lines[here])
        if byline and not doubled and lines[following].startswith(byline[0] + " "):
            return here
    return None


def parse(path):
    path = Path(path)
    lines = _read_lines(path)
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line]
    if not numbered:
        raise SeedFormatError(path, 0, "the file has no text; the first non-blank line must be the title")
    title_line, title = numbered[0]
    article = SeedArticle(path=path, title=title)

    box = _author_box_start(lines)
    if box is not None and box + 1 > title_line:
        name, post_nominals = _byline(lines[box])
        bio = [line for line in lines[box + 1 :] if line and line != COMMENTS_MARKER]
        article.author = SeedAuthor(name=name, post_nominals=post_nominals, bio=bio)
        article.comments_enabled = COMMENTS_MARKER in lines[box + 1 :]
        end = box
    else:
        end = len(lines)

    index = title_line  # 0-based index of the line after the title
    while index < end:
        line = lines[index]
        if not line:
            pass
        elif line == COMMENTS_MARKER:
            article.comments_enabled = True
        elif index + 1 < end and lines[index + 1] == line:
            article.flow.append(Photo(caption=line, line=index + 1))
            index += 1
        else:
            article.flow.append(Paragraph(text=line, line=index + 1))
        index += 1

    if not any(isinstance(item, Paragraph) for item in article.flow):
        raise SeedFormatError(path, title_line, f"the article “{title}” has no body paragraphs after its title")
    return article
