"""The public API around the engine: describe, ui_text, the package surface and its imports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

import checker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT_CMD = dict(capture_output=True, text=True, timeout=60, check=False)
UI_KEYS = ("form.title", "form.intro", "form.unanswered", "status.loading", "status.ready",
           "status.failed", "status.no_storage", "notice.bad_link", "notice.bad_storage",
           "button.clear", "button.copy_link", "button.print", "copied", "verdict.heading",
           "verdict.reasons", "verdict.steps", "verdict.warnings", "verdict.disclaimer",
           "verdict.waiting", "print.date", "print.version", "level.icon.high")


def test_public_names() -> None:
    """The package exposes the contract names, and __all__ lists only real attributes."""
    for name in ("RULES_VERSION", "Level", "LEVELS", "InvalidAnswer", "load_rules", "evaluate",
                 "describe", "ui_text", "browser"):
        assert name in checker.__all__
    assert all(hasattr(checker, name) for name in checker.__all__)
    assert isinstance(checker.RULES_VERSION, str) and checker.RULES_VERSION
    assert [level.value for level in checker.LEVELS] == ["high", "moderate", "low", "very_low"]
    assert issubclass(checker.InvalidAnswer, ValueError)
    assert checker.Level.VERY_LOW == "very_low"


def test_load_rules_is_cached_and_ordered() -> None:
    """load_rules returns one cached object whose questions follow the contract ids and order."""
    rules = checker.load_rules()
    assert rules is checker.load_rules()
    assert {q.id: q.option_ids for q in rules.questions} == {
        "elapsed": ("days", "week", "month", "longer"),
        "quota": ("open", "unknown", "filled"),
        "evaluation": ("high", "average", "unknown"),
        "manner": ("courteous", "brief", "silent", "rude"),
        "reason": ("clear", "vague", "untrue"),
        "situation": ("economy", "revoked", "none"),
        "contact": ("yes", "no"),
        "route": ("direct", "school", "agent"),
        "other_offer": ("yes", "no"),
        "residence": ("yes", "no"),
    }
    assert [q.id for q in rules.questions if q.situational] == ["route", "other_offer",
                                                                "residence"]


@pytest.mark.parametrize("lang", checker.LANGS)
def test_describe_covers_the_rules(lang: str) -> None:
    """describe() lists every level, question, option and cap, with method paragraphs filled in."""
    data = checker.describe(lang)
    rules = checker.load_rules()
    assert json.loads(json.dumps(data)) == data
    assert data["rules_version"] == checker.RULES_VERSION
    assert [lv["id"] for lv in data["levels"]] == [lv.value for lv in checker.LEVELS]
    assert [q["id"] for q in data["questions"]] == list(rules.question_ids)
    for q in data["questions"]:
        assert {"id", "text", "hint", "options"} <= set(q)
        for o in q["options"]:
            assert {"id", "label", "hint", "effect"} <= set(o) and all(o[k] for k in
                                                                     ("label", "hint", "effect"))
    capped = [f"{q.id}-{o.id}" for q in rules.questions for o in q.options if o.cap]
    assert [c["id"] for c in data["caps"]] == capped and all(c["text"] for c in data["caps"])
    excepted = [f"{q.id}-{o.id}" for q in rules.questions for o in q.options if o.exception]
    assert excepted and [c["id"] for c in data["caps"] if c["exception"]] == excepted
    for cap in data["caps"]:
        assert bool(cap["exception"]) == bool(cap["exception_source"])
    for q in data["questions"]:
        assert q["situational"] == bool(q["situational_text"])
        if q["situational"]:
            assert any(o["adds"] for o in q["options"])
            assert all(o["source"] is None and not o["cap"] for o in q["options"])
    assert data["method"] and all(p and "{" not in p for p in data["method"])
    assert str(rules.thresholds[0][1]) in " ".join(data["method"])


def test_describe_effects_match_the_scoring() -> None:
    """Each option's effect sentence states its points or its cap, or that it never changes
    the level."""
    for q in checker.describe("en")["questions"]:
        for o in q["options"]:
            if q["situational"]:
                assert "Never changes the level" in o["effect"] and not o["source"]
            elif o["cap"]:
                assert "at best" in o["effect"]
            elif o["points"]:
                assert f"{o['points']:+d}" in o["effect"]
            else:
                assert "Neither" in o["effect"]


@pytest.mark.parametrize("lang", checker.LANGS)
def test_ui_text_has_the_page_keys(lang: str) -> None:
    """ui_text has every key the checklist page starts with, each a non-empty string."""
    text = checker.ui_text(lang)
    assert set(UI_KEYS) <= set(text)
    assert all(isinstance(v, str) and v.strip() for v in text.values())
    assert set(text) == set(checker.ui_text("en" if lang == "ja" else "ja"))


def test_ui_texts_have_the_same_placeholders_in_both_languages() -> None:
    """A text with a placeholder ("{percent}", "{page}") has the same ones in each language."""
    texts = {lang: checker.ui_text(lang) for lang in checker.LANGS}
    named = {lang: {key: set(re.findall(r"\{(\w+)\}", text)) for key, text in found.items()}
             for lang, found in texts.items()}
    assert named["ja"] == named["en"]
    assert named["en"]["status.progress"] == {"percent"}


def test_ui_text_returns_a_fresh_copy() -> None:
    """Changing the returned dict does not change later results."""
    checker.ui_text("en")["form.title"] = "changed"
    assert checker.ui_text("en")["form.title"] != "changed"


@pytest.mark.parametrize("call", [checker.describe, checker.ui_text,
                                  lambda lang: checker.evaluate({}, lang)])
def test_unknown_language_is_refused(call) -> None:
    """Every entry point refuses an unknown language, naming ja and en."""
    with pytest.raises(ValueError, match="accepted: ja, en"):
        call("fr")


def test_browser_json_helpers() -> None:
    """describe_json and ui_text_json return JSON, or an error object for a bad language."""
    assert json.loads(checker.browser.describe_json("en")) == checker.describe("en")
    assert json.loads(checker.browser.ui_text_json("ja")) == checker.ui_text("ja")
    assert "error" in json.loads(checker.browser.ui_text_json("fr"))


def test_import_pulls_in_only_a_few_stdlib_modules() -> None:
    """Importing and using checker imports no third-party module, no js, argparse or pathlib."""
    code = ("import sys; before = set(sys.modules); import checker, json; "
            "checker.evaluate({'quota': 'open'}, 'en'); checker.describe('ja'); "
            "checker.browser.evaluate_json('{}', 'en'); checker.ui_text('en'); "
            "print(json.dumps(sorted(set(sys.modules) - before)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, **ROOT_CMD)
    assert done.returncode == 0, done.stderr
    new = json.loads(done.stdout)
    outside = [m for m in new if m.split(".")[0] not in sys.stdlib_module_names
               and m.split(".")[0] != "checker"]
    assert outside == []
    for banned in ("argparse", "pathlib", "tempfile", "zipfile", "importlib.resources",
                   "typing_extensions", "js", "pyodide", "checker.__main__"):
        assert banned not in new, banned


def test_level_markers_are_neutral_and_the_same_in_both_languages() -> None:
    """Each level's marker is one step of a four-step scale, identical in ja and en, with no
    exam-grade symbols or stars; more favourable levels never show fewer filled steps."""
    ja, en = checker.ui_text("ja"), checker.ui_text("en")
    marks = [ja[f"level.icon.{level.value}"] for level in checker.LEVELS]
    assert marks == [en[f"level.icon.{level.value}"] for level in checker.LEVELS]
    assert not set("".join(marks)) & set("◎○△×★☆")
    assert len(set(marks)) == len(marks) and len({len(m) for m in marks}) == 1
    filled = [m.count(m[0]) for m in marks]
    assert filled == sorted(filled, reverse=True)


def _all_strings(value: object) -> list[str]:
    """Every string in parsed data, however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _all_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _all_strings(item)]
    return []


# A draft from the composer is a starting point to rewrite, never a message to send as it is.
READY_TO_SEND = ("そのまま使える", "そのまま送れる", "ready to send", "ready-to-send")


@pytest.mark.parametrize("stem", ["rules", "ui"])
def test_no_checker_text_calls_a_draft_ready_to_send(stem: str) -> None:
    """No text of the checklist, in any language, says a draft can be sent as it is."""
    from checker.loader import read_data

    texts = _all_strings(read_data(stem))
    assert len(texts) > 50
    found = [t for t in texts for banned in READY_TO_SEND if banned.lower() in t.lower()]
    assert not found


def test_the_templates_step_asks_for_a_rewrite() -> None:
    """The step pointing to the composer says to rewrite the draft and show it to the career
    centre, in both languages."""
    step = next(a for a in checker.load_rules().steps if a.id == "use-templates")
    assert "自分の言葉" in step.text("ja") and "キャリアセンター" in step.text("ja")
    assert "own words" in step.text("en") and "career centre" in step.text("en")


@pytest.mark.parametrize("lang", checker.LANGS)
def test_student_facing_effects_carry_no_points(lang: str) -> None:
    """`impact` (the form and the page on how you declined) never names points; `effect` (the
    page for staff) does for every option that has some."""
    points = re.compile(r"\d+\s*(点|to the total)")
    for question in checker.describe(lang)["questions"]:
        for option in question["options"]:
            assert not points.search(option["impact"]), option["impact"]
            assert bool(points.search(option["effect"])) == (option["points"] != 0)


def test_unanswered_manner_does_not_count_as_silent() -> None:
    """Leaving "how you declined" blank never counts as having gone silent (nor as rude)."""
    manner = checker.load_rules().question("manner")
    assert manner.unanswered_as not in ("silent", "rude")
    result = checker.evaluate({"elapsed": "days", "quota": "open", "reason": "clear"})
    assert "manner-silent" not in [m.id for m in result.reasons]


def test_contact_cut_off_is_the_sites_own() -> None:
    """Both `contact` options credit the site's own rule of thumb, and "How the checklist
    decides" names it."""
    rules = checker.load_rules()
    assert {o.source for o in rules.question("contact").options if o.source} == {"site-contact"}
    for lang in checker.LANGS:
        sources = {o["source"] for q in checker.describe(lang)["questions"]
                   for o in q["options"] if q["id"] == "contact"}
        assert rules.source("site-contact", lang) in sources
