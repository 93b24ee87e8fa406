"""Build-time rendering from the engine's data: the shortcodes pages may use, and the
configuration of each page that runs the engine. Pure functions, no MkDocs imports."""

from __future__ import annotations

from site_build.pages import call, checklist, composer
from site_build.pages.shortcodes import Shortcode

SHORTCODES: dict[str, Shortcode] = {
    "checker-form": Shortcode("markdown", checklist.form, once=True, engine="checklist"),
    "checker-rules": Shortcode("markdown", checklist.rules, once=True),
    "checker-options": Shortcode("markdown", checklist.options, arguments=1),
    "composer-form": Shortcode("html", composer.form, once=True, engine="composer"),
    "composer-model": Shortcode("html", composer.model, arguments=1),
    "call-script": Shortcode("html", call.script, once=True),
    "call-plan": Shortcode("html", lambda context: call.companion(context, "plan"), once=True,
                           engine="call"),
    "call-walk": Shortcode("html", lambda context: call.companion(context, "walk"), once=True,
                           engine="call"),
}


def page_engine(kind: str, engine, lang: str, links: dict | None = None) -> dict:
    """The engine page of `kind` (a Shortcode's `engine`): its configuration's element id, its
    script (an entry of web/entries/) and its configuration without the engine block; every
    configuration has the gap its page joins sentences with (languages.toml)."""
    if kind == "checklist":
        found = {"id": checklist.CONFIG_ID, "script": checklist.PAGE_SCRIPT,
                 "config": checklist.page_config(engine.checker, lang, links or {})}
    elif kind == "composer":
        found = {"id": composer.CONFIG_ID, "script": composer.PAGE_SCRIPT,
                 "config": composer.page_config(engine.checker, engine.compose, lang)}
    elif kind == "call":
        found = {"id": call.CONFIG_ID, "script": call.PAGE_SCRIPT,
                 "config": call.page_config(engine.plan, engine.compose, lang)}
    else:
        raise ValueError(f"no engine page {kind!r}")
    found["config"]["sentenceGap"] = engine.checker.LANGUAGES[lang].sentence_gap
    return found
