"""What a page's renderers are given: the page, its language, the theme's templates, the
engine's modules, and where other pages are built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment

from site_build.engine import Engine


@dataclass(frozen=True)
class PageContext:
    """`page`: the page's docs path (for messages); `href`: a docs path -> the built file's
    name beside this page (same folder in each language), or None for no such page."""

    page: str
    lang: str
    env: Environment
    engine: Engine
    href: Callable[[str], str | None]

    @property
    def language(self):
        """The page language's record (checker.model.Language): its gloss flag and marks."""
        return self.engine.checker.LANGUAGES[self.lang]

    def render(self, template: str, *, autoescape: bool = False, **values) -> str:
        """A theme template (partials/...) rendered with `values` and `language`, the page
        language's record (gloss flag, brackets, colon, gap between sentences)."""
        env = _escaping(self.env) if autoescape else self.env
        return env.get_template(template).render(language=self.language, **values)


@lru_cache(maxsize=4)
def _escaping(env: Environment) -> Environment:
    """`env` escaping what it renders, made once: an overlay starts with an empty cache, so a
    new one per call would compile each template again."""
    return env.overlay(autoescape=True)
