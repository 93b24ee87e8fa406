"""Build-time page rendering (site_build/pages/): the one shortcode grammar, and renderers and
page configurations as plain functions of the engine's data."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from site_build import pages
from site_build.errors import BuildError
from site_build.pages import call, checklist, composer, shortcodes
from site_build.pages.context import PageContext

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ENGINE = SimpleNamespace(**{name.rpartition(".")[2]: importlib.import_module(name)
                            for name in ("checker", "checker.compose", "checker.plan")})
KNOWN = {
    "shout": shortcodes.Shortcode("markdown", lambda context, word: word.upper(), arguments=1),
    "box": shortcodes.Shortcode("html", lambda context: "<div></div>", once=True,
                                engine="boxes"),
}


def _context(lang: str = "en", page: str = "page.md") -> PageContext:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    return PageContext(page, lang, env, ENGINE, lambda path: Path(path).with_suffix(".html").name)


# ------------------------------------------------------------------ the grammar


def test_each_stage_expands_its_own_shortcodes_and_leaves_the_others():
    """Markdown-stage names expand first; an HTML-stage comment passes through untouched."""
    text = "a <!-- naitei:shout hello --> b\n<!-- naitei:box -->\n"
    markdown = shortcodes.expand(text, "markdown", "p.md", KNOWN, None)
    assert markdown == "a HELLO b\n<!-- naitei:box -->\n"
    assert shortcodes.expand(markdown, "html", "p.md", KNOWN, None) == "a HELLO b\n<div></div>\n"


def test_an_unknown_name_fails_naming_the_page_and_the_shortcode():
    """A typo in a name is an error that names the page, the comment and the known names."""
    with pytest.raises(BuildError) as caught:
        shortcodes.expand("<!-- naitei:shuot hi -->", "markdown", "docs/faq.en.md", KNOWN, None)
    message = str(caught.value)
    assert "docs/faq.en.md" in message and "naitei:shuot" in message and "box, shout" in message


@pytest.mark.parametrize("text,fault", [
    ("<!-- naitei:Shout hi -->", "malformed"),
    ("<!-- naitei: -->", "malformed"),
    ("<!-- naitei:shout -->", "takes 1 argument"),
    ("<!-- naitei:box --><!-- naitei:box -->", "once per page"),
])
def test_a_malformed_or_misused_shortcode_fails(text: str, fault: str):
    """Bad names, missing arguments and repeats of a once-only shortcode are refused."""
    with pytest.raises(shortcodes.ShortcodeError, match=fault):
        shortcodes.find(text, "p.md", KNOWN)


def test_other_comments_are_not_shortcodes():
    """A comment that does not start with naitei: is left for readers of the source."""
    text = "<!-- a note: checker:form is not a shortcode -->"
    assert shortcodes.expand(text, "markdown", "p.md", KNOWN, None) == text


def test_a_page_with_an_engine_shortcode_names_its_engine_page():
    """The engine page a page needs comes from its shortcodes, and only from them."""
    assert shortcodes.engine_of("<!-- naitei:box -->", "p.md", KNOWN) == "boxes"
    assert shortcodes.engine_of("<!-- naitei:shout x -->", "p.md", KNOWN) is None


def test_every_shortcode_in_the_pages_is_known_and_in_both_languages():
    """Each page's shortcodes parse, and a Japanese page and its English page use the same."""
    for page in sorted(DOCS.glob("*.en.md")):
        source = page.with_name(page.name.replace(".en.md", ".md"))
        uses = [[(use.name, use.arguments) for use in shortcodes.find(
            path.read_text(encoding="utf-8"), path.name, pages.SHORTCODES)]
            for path in (source, page)]
        assert uses[0] == uses[1], page.name
    assert not re.search(r"<!-- (checker|composer|call):", "".join(
        path.read_text(encoding="utf-8") for path in DOCS.glob("*.md")))


# ------------------------------------------------------------------ renderers and configurations


@pytest.mark.parametrize("lang", ENGINE.checker.LANGS)
def test_the_options_list_shows_every_option_without_points(lang: str):
    """One question's options, each with its label and impact, and no points."""
    text = checklist.options(_context(lang), "manner")
    for option in ENGINE.checker.load_rules().question("manner").options:
        assert f"**{option.label(lang)}**" in text and option.impact(lang) in text
    assert not re.search(r"[+-]\d+\s*点|\d+ to the total", text)


def test_an_unknown_question_fails_naming_the_page():
    """checker-options with a question the data lacks names the page and the accepted ids."""
    with pytest.raises(BuildError, match=r"faq\.md.*'nope'.*manner"):
        checklist.options(_context(page="faq.md"), "nope")


def test_the_form_is_one_markdown_block():
    """The form has no blank line, so Markdown keeps it as one HTML block."""
    form = checklist.form(_context("ja"))
    assert "\n\n" not in form and 'id="checker-form"' in form


def test_paragraphs_split_at_blank_lines():
    """Blank lines separate paragraphs; leading and repeated blanks make no empty one."""
    lines = [{"ja": ""}, {"ja": "a"}, {"ja": "b"}, {"ja": ""}, {"ja": ""}, {"ja": "c"}]
    assert composer.paragraphs(lines) == [[{"ja": "a"}, {"ja": "b"}], [{"ja": "c"}]]


def test_the_call_page_needs_the_composer_page():
    """Without the templates page to link to, the call companion refuses to render."""
    context = PageContext("call.md", "en", _context().env, ENGINE, lambda path: None)
    with pytest.raises(BuildError, match="templates.md"):
        call.companion(context, "plan")


@pytest.mark.parametrize("kind,keys", [
    ("checklist", {"lang", "rulesVersion", "questions", "links", "callWindowSteps", "draftLink",
                   "ui", "sentenceGap"}),
    ("composer", {"lang", "gloss", "ui", "fields", "sentenceGap"}),
    ("call", {"lang", "ui", "fields", "emails", "sentenceGap"}),
])
def test_each_engine_page_has_its_configuration(kind: str, keys: set[str]):
    """Each engine page's configuration has the keys its script reads (web/types.d.ts)."""
    found = pages.page_engine(kind, ENGINE, "en", {})
    assert set(found["config"]) == keys and found["script"].endswith(".js")
    types = (ROOT / "web" / "types.d.ts").read_text(encoding="utf-8")
    assert all(re.search(rf"\b{key}\??:", types) for key in keys)
