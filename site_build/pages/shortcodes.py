"""The one grammar for what a page asks the build to put in it: an HTML comment
`<!-- naitei:NAME ARG... -->` on a line of the page's Markdown. NAME says what (a registered
`Shortcode`), the arguments say which (a question's id, a model's id).

A shortcode is expanded at one stage: "markdown" (its output is Markdown, or HTML kept as one
block, converted with the page) or "html" (its output is HTML, put in after conversion; until
then the comment passes through Markdown untouched). A name that is not registered, or a
comment that starts like one but is not one, fails the build naming the page and the comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from site_build.errors import BuildError

STAGES = ("markdown", "html")
COMMENT = re.compile(r"<!--\s*naitei:(?P<body>.*?)-->", re.S)
NAME = re.compile(r"[a-z][a-z0-9-]*")
ARGUMENT = re.compile(r"[a-z0-9_-]+")


class ShortcodeError(BuildError):
    """A page asks for a shortcode that does not exist, or asks wrongly."""


@dataclass(frozen=True)
class Shortcode:
    """What a name expands to: `render(context, *arguments)` returns the text put in its place.
    `once`: at most once per page; `engine`: the page then runs the engine, with the page
    configuration of that name."""

    stage: str
    render: Callable[..., str]
    arguments: int = 0
    once: bool = False
    engine: str | None = None


@dataclass(frozen=True)
class Use:
    """One shortcode comment found in a page."""

    name: str
    arguments: tuple[str, ...]
    start: int
    end: int

    @property
    def text(self) -> str:
        return "<!-- naitei:" + " ".join((self.name, *self.arguments)) + " -->"


def find(text: str, page: str, known: dict[str, Shortcode]) -> list[Use]:
    """Every shortcode comment in `text` (of the page `page`), checked against `known`."""
    found = []
    for match in COMMENT.finditer(text):
        name, *arguments = match["body"].split() or [""]
        comment = " ".join(match[0].split())
        if not NAME.fullmatch(name) or not all(ARGUMENT.fullmatch(a) for a in arguments):
            raise ShortcodeError(f"{page}: malformed shortcode {comment}: write "
                                 "<!-- naitei:NAME ARG... --> (lower-case names and ids)")
        shortcode = known.get(name)
        if shortcode is None:
            raise ShortcodeError(f"{page}: unknown shortcode {comment} (naitei:{name}); "
                                 f"known: {', '.join(sorted(known))}")
        if len(arguments) != shortcode.arguments:
            raise ShortcodeError(f"{page}: {comment} takes {shortcode.arguments} "
                                 f"argument(s), not {len(arguments)}")
        found.append(Use(name, tuple(arguments), match.start(), match.end()))
    for name, shortcode in known.items():
        if shortcode.once and sum(use.name == name for use in found) > 1:
            raise ShortcodeError(f"{page}: <!-- naitei:{name} --> may appear once per page")
    return found


def expand(text: str, stage: str, page: str, known: dict[str, Shortcode], context: Any) -> str:
    """`text` with each shortcode of `stage` replaced by its rendering (others stay)."""
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}, not {stage!r}")
    out, last = [], 0
    for use in find(text, page, known):
        shortcode = known[use.name]
        if shortcode.stage != stage:
            continue
        out += [text[last : use.start], shortcode.render(context, *use.arguments)]
        last = use.end
    return "".join(out) + text[last:]


def engine_of(text: str, page: str, known: dict[str, Shortcode]) -> str | None:
    """The page configuration a page's shortcodes ask for (at most one kind per page)."""
    kinds = {known[use.name].engine for use in find(text, page, known)} - {None}
    if len(kinds) > 1:
        raise ShortcodeError(f"{page}: shortcodes of several engine pages: {sorted(kinds)}")
    return kinds.pop() if kinds else None
