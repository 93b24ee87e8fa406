"""The call page's companion and its static script, from checker/call.toml.

- `naitei:call-script`: the whole call script for blank details, node by node (what to say;
  on English pages with furigana and the English meaning beside each line; what the company
  may answer, linked to the next node; the outcome at each end). Readers without JavaScript,
  and everyone before the engine is ready, read this; it prints in full.
- `naitei:call-plan` (the plan, "add to calendar", the short form of details) and
  `naitei:call-walk` (the step-by-step view): the companion's markup, hidden until the page's
  script shows it; the page then runs the engine with `page_config` (CallConfig in
  web/types.d.ts).
"""

from __future__ import annotations

import datetime as dt
import functools

from site_build.errors import BuildError
from site_build.pages.context import PageContext

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


def page_texts(plan, lang: str) -> dict[str, str]:
    """The page's texts in lang (call.toml [page.<lang>])."""
    return dict(_call_data(plan)["page"][lang])


@functools.lru_cache(maxsize=2)
def _call_data(plan) -> dict:
    """call.toml, read once per engine (`plan`: its module, new when the engine is reloaded)."""
    return plan.read_data("call")


def email_labels(composer, lang: str) -> dict[str, str]:
    """The composer's e-mail choices (call_status) by id, in lang."""
    field = next(f for f in composer.fields(lang) if f["id"] == "call_status")
    return {choice["id"]: choice["label"] for choice in field["choices"]}


def blank_script(plan, lang: str) -> dict:
    """The script for blank details, without dates (those come with the reader's plan)."""
    return plan.script_for({}, lang, BLANK_DAY, {"follow_up_text": None, "retry_text": None})


def _values(context: PageContext) -> dict:
    engine, lang = context.engine, context.lang
    target = context.href(COMPOSER_PAGE)
    if target is None:
        raise BuildError(f"{context.page}: the call page links to {COMPOSER_PAGE}, "
                         "which is missing")
    return {"lang": lang, "ui": page_texts(engine.plan, lang),
            "script": blank_script(engine.plan, lang),
            "emails": email_labels(engine.compose, lang),
            "composer_href": f"{target}#{COMPOSER_ANCHOR}",
            "fields": [f for f in engine.compose.fields(lang) if f["id"] in FORM_FIELDS],
            "max_length": engine.compose.spec()["max_length"]}


def script(context: PageContext) -> str:
    """The whole call script for blank details."""
    return context.render(SCRIPT_PARTIAL, autoescape=True, **_values(context))


def companion(context: PageContext, part: str) -> str:
    """The companion's `part` ("plan" or "walk")."""
    return context.render(COMPANION_PARTIAL, autoescape=True, part=part, **_values(context))


def page_config(plan, composer, lang: str) -> dict:
    """The call page's configuration (CallConfig in web/types.d.ts) without its engine."""
    return {
        "lang": lang,
        "ui": page_texts(plan, lang),
        "fields": [f["id"] for f in composer.fields(lang)],
        "emails": email_labels(composer, lang),
    }
