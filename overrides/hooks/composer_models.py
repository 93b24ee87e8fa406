"""MkDocs hook: the templates page's composer, rendered from the composer's own data.

- Replaces each `<!-- composer:model ID -->` in a page's HTML with the model ID of
  `checker/compose.toml` in the page's language (placeholders for the reader's details; on
  English pages the English meaning beside each paragraph), through
  `partials/composer-model.html`. The readers without JavaScript see these, and so does
  everyone before the engine is ready.
- Replaces `<!-- composer:form -->` with the composer's form (one input per field of
  `checker.compose.fields`) and its draft, filled at build time with the draft for blank
  details (the page's script later fills the same lines with the reader's), through
  `partials/composer-form.html`; and gives that page its engine configuration
  (`context["page_engine"]`, ComposerConfig in web/types.d.ts), which checker_assets,
  listed after this hook, completes with the engine's files and the page's script.
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_build.i18n import current_language  # noqa: E402

MARKER = re.compile(r"<!-- composer:model ([a-z0-9_-]+) -->")
FORM_MARKER = "<!-- composer:form -->"
FORM_ATTRIBUTE = "data-composer-form"  # in the rendered form: the page needs the engine
MODEL_PARTIAL = "partials/composer-model.html"
FORM_PARTIAL = "partials/composer-form.html"
PAGE_SCRIPT = "templates.js"  # web/entries/templates.js, inlined in the page's head
CONFIG_ID = "composer-config"


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


def draft_lines(draft: dict, part: str) -> list[dict[str, str]]:
    """A draft part's lines as {"ja", "en"} pairs ("en" empty without a gloss); the page's
    script (web/composer-text.js draftLines) reads the engine's result the same way."""
    if draft["gloss"]:
        return draft["gloss"][part]
    return [{"ja": line, "en": ""} for line in draft[part].split("\n")] if draft[part] else []


def _form(composer, lang: str, template) -> str:
    """The form and the draft for blank details, in lang."""
    ui = composer.ui_text(lang)
    blank = composer.compose({}, lang)
    fields = composer.fields(lang)
    labels = {field["id"]: field["label"] for field in fields}
    unfilled = ui["list_separator"].join(labels[field] for field in blank["unfilled"])
    # the same line the page's script writes for a draft (web/composer-text.js unfilledText)
    return template.render(
        lang=lang, ui=ui, fields=fields, max_length=composer.spec()["max_length"],
        parts=[{"part": part, "lines": draft_lines(blank, part)} for part in composer.PARTS],
        status=ui["draft.unfilled"].replace("{fields}", unfilled) if unfilled
        else ui["draft.complete"])


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if not MARKER.search(html) and FORM_MARKER not in html:
        return html
    composer = _composer()
    lang = current_language(config)
    ui = composer.ui_text(lang)
    env = config.theme.get_env().overlay(autoescape=True)
    template = env.get_template(MODEL_PARTIAL)

    def render(match: re.Match[str]) -> str:
        try:
            model = composer.model(match[1], lang)
        except ValueError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None
        for part in model["parts"]:
            part["paragraphs"] = _paragraphs(part["lines"])
        return template.render(model=model, lang=lang, ui=ui)

    if html.count(FORM_MARKER) > 1:
        raise PluginError(f"{page.file.src_uri}: {FORM_MARKER} may appear once per page")
    if FORM_MARKER in html:
        html = html.replace(FORM_MARKER, _form(composer, lang, env.get_template(FORM_PARTIAL)))
    return MARKER.sub(render, html)


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    if FORM_ATTRIBUTE not in (page.content or ""):
        return context
    composer = _composer()
    lang = current_language(config)
    context["page_engine"] = {
        "id": CONFIG_ID,
        "script": PAGE_SCRIPT,
        "config": {  # ComposerConfig in web/types.d.ts; checker_assets adds "engine"
            "lang": lang,
            # the status line's percentage is the checklist's own text (one wording for both)
            "ui": {**composer.ui_text(lang),
                   "status.progress": importlib.import_module("checker").ui_text(lang)[
                       "status.progress"]},
            "fields": [{"id": f["id"], "label": f["label"]} for f in composer.fields(lang)],
        },
    }
    return context
