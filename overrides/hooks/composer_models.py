"""MkDocs hook: the templates page's static models, rendered from the composer's own data.

Replaces each `<!-- composer:model ID -->` in a page's HTML with the model ID of
`checker/compose.toml` in the page's language (placeholders for the reader's details; on
English pages the English meaning beside each paragraph), through
`partials/composer-model.html`. The readers without JavaScript see these, and so does
everyone before the engine is ready.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"<!-- composer:model ([a-z0-9_-]+) -->")
PARTIAL = "partials/composer-model.html"


def _composer():
    """checker.compose, the module (MkDocs restores sys.path after loading a hook)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("checker.compose")


def _paragraphs(lines: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """The lines grouped into paragraphs at blank lines."""
    groups: list[list[dict[str, str]]] = [[]]
    for line in lines:
        if line["ja"]:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if not MARKER.search(html):
        return html
    composer = _composer()
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None) or config.theme["language"]
    ui = {key: text[lang] for key, text in composer.spec()["ui"].items()}
    template = config.theme.get_env().overlay(autoescape=True).get_template(PARTIAL)

    def render(match: re.Match[str]) -> str:
        try:
            model = composer.model(match[1], lang)
        except ValueError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None
        for part in model["parts"]:
            part["paragraphs"] = _paragraphs(part["lines"])
        return template.render(model=model, lang=lang, ui=ui)

    return MARKER.sub(render, html)
