"""Where the elements of an HTML text start and end, read with the standard library's parser,
so steps can edit a page at exact offsets instead of matching its markup with patterns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser


@dataclass(frozen=True)
class Tag:
    """A start or end tag: `start` and `end` are offsets of its `<` and of the character after
    its `>`; an end tag has no attributes."""

    name: str
    attrs: dict[str, str]
    start: int
    end: int
    closing: bool = False

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()


@dataclass(frozen=True)
class Element:
    """An element with its raw text between the start and the end tag (script, style)."""

    tag: Tag
    body_start: int
    body_end: int


class _Tags(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.lines = [0]  # the offset where each line starts
        newline = text.find("\n")
        while newline != -1:
            self.lines.append(newline + 1)
            newline = text.find("\n", newline + 1)
        self.tags: list[Tag] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        found: dict[str, str] = {}
        for name, value in attrs:
            found.setdefault(name, value or "")
        self.tags.append(Tag(tag, found, start, start + len(raw)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        self.tags.append(Tag(tag, {}, start, self.text.index(">", start) + 1, closing=True))


def tags(text: str) -> list[Tag]:
    """Every start and end tag of `text`, in document order (comments and text are skipped)."""
    return list(_parsed(text))


@lru_cache(maxsize=8)
def _parsed(text: str) -> tuple[Tag, ...]:
    """The tags of `text`, parsed once: several steps read the same page (its scripts, its
    configuration, its policy) before any of them changes it."""
    parser = _Tags(text)
    parser.feed(text)
    parser.close()
    return tuple(parser.tags)


def elements(text: str, name: str) -> list[Element]:
    """Every `name` element (script, style) with the span of its raw text."""
    found, opened = [], None
    for tag in tags(text):
        if tag.name != name:
            continue
        if not tag.closing:
            opened = tag
        elif opened is not None:
            found.append(Element(opened, opened.end, tag.start))
            opened = None
    return found


def splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) applied; spans must not overlap."""
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
