"""MkDocs hook: the call page's companion and its static script, from checker/call.toml.

- Replaces `<!-- call:script -->` with the whole call script for blank details, node by node
  (what to say; on English pages with furigana and the English meaning beside each line; what
  the company may answer, linked to the next node; the outcome at each end), through
  `partials/call-script.html`. Readers without JavaScript, and everyone before the engine is
  ready, read this; it prints in full.
- Replaces `<!-- call:plan -->` (the plan, "add to calendar", the short form of details) and
  `<!-- call:walk -->` (the step-by-step view) with the companion's markup, hidden until the
  page's script shows it, through `partials/call-companion.html`; and gives that page its
  engine configuration (`context["page_engine"]`, CallConfig in web/types.d.ts), which
  checker_assets, listed after this hook, completes with the engine's files and the page's
  script.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_build.i18n import current_language  # noqa: E402

SCRIPT_MARKER = "<!-- call:script -->"
COMPANION_MARKERS = {"plan": "<!-- call:plan -->", "walk": "<!-- call:walk -->"}
COMPANION_ATTRIBUTE = "data-call-companion"  # in the rendered companion: the page needs the engine
SCRIPT_PARTIAL = "partials/call-script.html"
COMPANION_PARTIAL = "partials/call-companion.html"
PAGE_SCRIPT = "call.js"  # web/entries/call.js, inlined in the page's head
CONFIG_ID = "call-config"
COMPOSER_PAGE = "templates.md"
COMPOSER_ANCHOR = "composer"
# The details the script says, typed here or in the composer (the same store and ids).
FORM_FIELDS = ("name", "school", "company", "contact")
# A fixed day for the blank script (blank details use no date; the build stays reproducible).
BLANK_DAY = dt.date(2026, 1, 1)


def _modules():
    """checker.plan and checker.compose (MkDocs restores sys.path after loading a hook)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("checker.plan"), importlib.import_module("checker.compose")


def page_texts(lang: str) -> dict[str, str]:
    """The page's texts in lang (call.toml [page.<lang>])."""
    plan, _ = _modules()
    return dict(plan.read_data("call")["page"][lang])


def _email_labels(compose, lang: str) -> dict[str, str]:
    field = next(f for f in compose.fields(lang) if f["id"] == "call_status")
    return {choice["id"]: choice["label"] for choice in field["choices"]}


def blank_script(lang: str) -> dict:
    """The script for blank details, without dates (those come with the reader's plan)."""
    plan, _ = _modules()
    return plan.script_for({}, lang, BLANK_DAY, {"follow_up_text": None, "retry_text": None})


def _composer_href(page: Page, files) -> str:
    target = files.get_file_from_path(COMPOSER_PAGE) if files is not None else None
    if target is None:
        raise PluginError(f"{page.file.src_uri}: the call page links to {COMPOSER_PAGE}, "
                          "which is missing")
    return Path(target.dest_uri).name + "#" + COMPOSER_ANCHOR  # same folder in each language


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    markers = (SCRIPT_MARKER, *COMPANION_MARKERS.values())
    if not any(marker in html for marker in markers):
        return html
    for marker in markers:
        if html.count(marker) > 1:
            raise PluginError(f"{page.file.src_uri}: {marker} may appear once per page")
    _, compose = _modules()
    lang = current_language(config)
    env = config.theme.get_env().overlay(autoescape=True)
    context = {"lang": lang, "ui": page_texts(lang), "script": blank_script(lang),
               "emails": _email_labels(compose, lang), "composer_href": _composer_href(page, files),
               "fields": [f for f in compose.fields(lang) if f["id"] in FORM_FIELDS],
               "max_length": compose.spec()["max_length"]}
    if SCRIPT_MARKER in html:
        html = html.replace(SCRIPT_MARKER, env.get_template(SCRIPT_PARTIAL).render(**context))
    for part, marker in COMPANION_MARKERS.items():
        if marker in html:
            html = html.replace(marker, env.get_template(COMPANION_PARTIAL).render(
                part=part, **context))
    return html


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    if COMPANION_ATTRIBUTE not in (page.content or ""):
        return context
    _, compose = _modules()
    lang = current_language(config)
    context["page_engine"] = {
        "id": CONFIG_ID,
        "script": PAGE_SCRIPT,
        "config": {  # CallConfig in web/types.d.ts; checker_assets adds "engine"
            "lang": lang,
            "ui": page_texts(lang),
            "fields": [f["id"] for f in compose.fields(lang)],
            "emails": _email_labels(compose, lang),
        },
    }
    return context
