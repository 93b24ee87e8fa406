"""What a page's renderers are given: the page, its language, the theme's templates, the
engine's modules, and where other pages are built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
        env = self.env.overlay(autoescape=True) if autoescape else self.env
        return env.get_template(template).render(language=self.language, **values)
