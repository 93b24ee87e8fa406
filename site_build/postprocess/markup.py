"""Where the elements of an HTML text start and end, read with the standard library's parser,
so steps can edit a page at exact offsets instead of matching its markup with patterns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

RAW_TEXT = ("script", "style")  # elements whose content the parser reads as text


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
    configuration, its policy), and a page a step spliced keeps its parse (see `splice`)."""
    if text in _seeded:
        return _seeded[text]
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
    """`text` with each (start, end, replacement) applied; spans must not overlap. Where the
    edits leave every tag of `text` whole, the new text's tags are carried over from the old
    parse (shifted, with the replacements' own tags) instead of parsed again."""
    ordered = sorted(edits)
    result, done = [], 0
    for start, end, replacement in ordered:
        result += [text[done:start], replacement]
        done = end
    new_text = "".join(result) + text[done:]
    if (carried := _carried(text, ordered)) is not None:
        _seed(new_text, carried)
    return new_text


def _carried(text: str, edits: list[tuple[int, int, str]]) -> tuple[Tag, ...] | None:
    """The tags of `text` once `edits` (sorted) are applied, from `text`'s parse; None when
    an edit cuts through a tag (the new text must then be parsed)."""
    old = _parsed(text)
    out: list[Tag] = []
    shift, index = 0, 0
    for start, end, replacement in edits:
        while index < len(old) and old[index].end <= start:
            out.append(_moved(old[index], shift))
            index += 1
        if index < len(old) and old[index].start < end:
            return None  # the edit reaches into a tag
        if "<" in replacement and out and not out[-1].closing and out[-1].name in RAW_TEXT:
            return None  # inside a script or style, "<" is text: the parse would differ
        out += [_moved(tag, start + shift) for tag in _parsed(replacement)]
        shift += len(replacement) - (end - start)
    out += [_moved(tag, shift) for tag in old[index:]]
    return tuple(out)


def _moved(tag: Tag, by: int) -> Tag:
    return Tag(tag.name, tag.attrs, tag.start + by, tag.end + by, tag.closing)


_seeded: dict[str, tuple[Tag, ...]] = {}


def _seed(text: str, found: tuple[Tag, ...]) -> None:
    """Remember `found` as the tags of `text` (read by `_parsed` before it parses)."""
    _seeded.clear()  # only the newest: the next step reads the text just made
    _seeded[text] = found
