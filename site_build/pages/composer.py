"""The templates page's composer, rendered from the composer's own data in the page's
language.

- `naitei:composer-model ID`: the model ID of `checker/compose.toml` (placeholders for the
  reader's details; on English pages the English meaning beside each paragraph). Readers
  without JavaScript see these, and so does everyone before the engine is ready.
- `naitei:composer-form`: the composer's form (one input per field of
  `checker.compose.fields`) and its draft, filled at build time with the draft for blank
  details (the page's script later fills the same lines with the reader's); the page then
  runs the engine with `page_config` (ComposerConfig in web/types.d.ts).
"""

from __future__ import annotations

from site_build.errors import BuildError
from site_build.pages.context import PageContext

MODEL_PARTIAL = "partials/composer-model.html"
FORM_PARTIAL = "partials/composer-form.html"
PAGE_SCRIPT = "templates.js"  # web/entries/templates.js, inlined in the page's head
CONFIG_ID = "composer-config"


def paragraphs(lines: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """The lines grouped into paragraphs at blank lines."""
    groups: list[list[dict[str, str]]] = [[]]
    for line in lines:
        if line["ja"]:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def draft_lines(draft: dict, part: str) -> list[dict[str, str]]:
    """A draft part's lines: the Japanese (`ja`) and, with a gloss, its text in each glossed
    language; the page's script (web/composer-text.js draftLines) reads the engine's result
    the same way."""
    if draft["gloss"]:
        return draft["gloss"][part]
    return [{"ja": line} for line in draft[part].split("\n")] if draft[part] else []


def form(context: PageContext) -> str:
    """The form and the draft for blank details."""
    composer, lang = context.engine.compose, context.lang
    ui = composer.ui_text(lang)
    blank = composer.compose({}, lang)
    fields = composer.fields(lang)
    labels = {field["id"]: field["label"] for field in fields}
    unfilled = ui["list_separator"].join(labels[field] for field in blank["unfilled"])
    # the same line the page's script writes for a draft (web/composer-text.js unfilledText)
    return context.render(
        FORM_PARTIAL, autoescape=True,
        lang=lang, ui=ui, fields=fields, max_length=composer.spec()["max_length"],
        parts=[{"part": part, "lines": draft_lines(blank, part)} for part in composer.PARTS],
        status=ui["draft.unfilled"].replace("{fields}", unfilled) if unfilled
        else ui["draft.complete"])


def model(context: PageContext, model_id: str) -> str:
    """One model, paragraph by paragraph."""
    composer, lang = context.engine.compose, context.lang
    try:
        found = composer.model(model_id, lang)
    except ValueError as error:
        raise BuildError(f"{context.page}: {error}") from None
    for part in found["parts"]:
        part["paragraphs"] = paragraphs(part["lines"])
    return context.render(MODEL_PARTIAL, autoescape=True, model=found, lang=lang,
                          ui=composer.ui_text(lang))


def page_config(checker, composer, lang: str) -> dict:
    """The composer's configuration (ComposerConfig in web/types.d.ts) without its engine."""
    return {
        "lang": lang,
        "gloss": composer.glossed(lang),  # the draft's meaning is shown beside the Japanese
        # the status line's percentage is the checklist's own text (one wording for both)
        "ui": {**composer.ui_text(lang),
               "status.progress": checker.ui_text(lang)["status.progress"]},
        "fields": [{"id": f["id"], "label": f["label"]} for f in composer.fields(lang)],
    }
