"""The checklist's pieces, rendered from the engine's own data in the page's language: the
form (`naitei:checker-form`), the "how it decides" text (`naitei:checker-rules`), one
question's options as a list (`naitei:checker-options QUESTION`), and the checklist page's
configuration (PageConfig in web/types.d.ts, without its engine block)."""

from __future__ import annotations

from site_build.errors import BuildError
from site_build.pages.context import PageContext

PAGE_SCRIPT = "checklist.js"  # web/entries/checklist.js, inlined in the checklist page's head
CONFIG_ID = "checker-config"
FORM_PARTIAL = "partials/checker-form.html"
RULES_PARTIAL = "partials/checker-rules.md.html"


def _values(context: PageContext) -> dict:
    checker = context.engine.checker
    return {"lang": context.lang, "rules": checker.describe(context.lang),
            "ui": checker.ui_text(context.lang)}


def one_block(html: str) -> str:
    """Raw HTML stays one Markdown block only without blank lines inside it."""
    return "\n".join(line for line in html.splitlines() if line.strip())


def form(context: PageContext) -> str:
    """The checklist's form (HTML kept as one Markdown block)."""
    return one_block(context.render(FORM_PARTIAL, **_values(context)))


def rules(context: PageContext) -> str:
    """The "how it decides" text (Markdown)."""
    return context.render(RULES_PARTIAL, **_values(context))


def options(context: PageContext, question_id: str) -> str:
    """One question's options as a Markdown list: label, hint, what it does to the level (in
    words, no points: the points are for staff on "how the checklist decides"), and its source."""
    values = _values(context)
    described, ui = values["rules"], values["ui"]
    question = next((q for q in described["questions"] if q["id"] == question_id), None)
    if question is None:
        ids = ", ".join(q["id"] for q in described["questions"])
        raise BuildError(f"{context.page}: naitei:checker-options names no question "
                         f"{question_id!r}; accepted: {ids}")
    marks = context.language  # typography (languages.toml)
    (open_, close), colon = marks.brackets, marks.colon
    lines = []
    for option in question["options"]:
        source = option["source"] and (
            f"{open_}{ui['rules.sources']}{colon}{option['source']}{close}")
        words = filter(None, (option["hint"], option["impact"], option["exception"], source))
        lines.append(f"- **{option['label']}**{colon}{marks.sentence_gap.join(words)}")
    return "\n".join(lines) + "\n"


def page_config(checker, lang: str, links: dict) -> dict:
    """The checklist's configuration (PageConfig in web/types.d.ts) without its engine block;
    `links`: the rules' links resolved for this page (links.resolve_links)."""
    described = checker.describe(lang)
    return {
        "lang": lang,
        "rulesVersion": checker.RULES_VERSION,
        "questions": [
            {
                "id": q["id"],
                "text": q["text"],
                "options": [o["id"] for o in q["options"]],
                "labels": {o["id"]: o["label"] for o in q["options"]},
            }
            for q in described["questions"]
        ],
        "links": links,
        "callWindowSteps": [s.id for s in checker.load_rules().steps if s.call_window],
        "draftLink": checker.load_rules().draft_link,
        "ui": checker.ui_text(lang),
    }
