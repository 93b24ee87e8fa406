"""web/types.d.ts describes what Python hands the browser: the engine's result (as
Result.to_dict returns it for real verdicts) and the checklist page's configuration. When a
field is added on one side only, these tests name it."""

from __future__ import annotations

import importlib
import json
import re
import tomllib
from pathlib import Path

from helpers import golden

import checker

COMPOSER = importlib.import_module("checker.compose")
ROOT = Path(__file__).resolve().parents[1]
TYPES = (ROOT / "web" / "types.d.ts").read_text(encoding="utf-8")
GOLDEN = golden.scenarios()


def declared(interface: str) -> tuple[set[str], set[str]]:
    """(required, optional) field names of `export interface <name> { ... }` in types.d.ts."""
    match = re.search(r"export interface " + interface + r" \{(.*?)\n\}", TYPES, re.S)
    assert match, f"web/types.d.ts declares no interface {interface}"
    body = re.sub(r"/\*.*?\*/|//[^\n]*", "", match.group(1), flags=re.S)
    fields = re.findall(r"^\s*(\w+)(\??):", body, re.M)
    return {n for n, q in fields if not q}, {n for n, q in fields if q}


def assert_matches(interface: str, dicts: list[dict], source: str) -> None:
    required, optional = declared(interface)
    seen = set().union(*(d.keys() for d in dicts))
    undeclared = seen - required - optional
    assert not undeclared, (
        f"{source} returns {sorted(undeclared)}, which web/types.d.ts's {interface} lacks: "
        "declare them there (and use them in web/ if the page should show them)"
    )
    for d in dicts:
        missing = required - d.keys()
        assert not missing, (
            f"web/types.d.ts's {interface} requires {sorted(missing)}, which {source} did not "
            f"return (for {d.get('answers', d.get('id'))}): drop them or mark them optional (?)"
        )


def verdicts() -> list[dict]:
    return [
        checker.evaluate(case["answers"], lang=lang).to_dict()
        for case in GOLDEN
        for lang in checker.LANGS
    ] + [checker.evaluate({}, lang="en").to_dict()]


def test_the_declared_engine_result_is_what_result_to_dict_returns():
    assert_matches("EngineResult", verdicts(), "Result.to_dict")


def test_the_declared_messages_are_what_message_to_dict_returns():
    messages = [m for v in verdicts() for key in ("reasons", "steps", "warnings") for m in v[key]]
    assert messages, "the golden verdicts hold no reasons, steps or warnings"
    assert_matches("EngineMessage", messages, "Message.to_dict")


def page_configs(built_site: Path, page: str, config_id: str) -> list[tuple[str, dict]]:
    """(path, configuration) of `page` in each language, from its <script id=config_id>."""
    found = []
    for path in (page, f"en/{page}"):
        html = (built_site / path).read_text(encoding="utf-8")
        match = re.search(rf'id="{config_id}"[^>]*>(.*?)</script>', html, re.S)
        assert match, f"{path} carries no {config_id}"
        found.append((path, json.loads(match.group(1))))
    return found


def test_the_declared_page_configuration_is_what_the_site_build_writes(built_site: Path):
    for page, config in page_configs(built_site, "checklist.html", "checker-config"):
        assert_matches("PageConfig", [config], f"the checklist configuration of {page}")
        assert_matches("EngineFiles", [config["engine"]], f"config.engine of {page}")
        assert_matches("QuestionConfig", config["questions"], f"config.questions of {page}")


def drafts() -> list[dict]:
    """The composer's drafts for blank and for full details, with every status, both languages."""
    table = tomllib.loads((ROOT / "tests" / "compose_golden.toml").read_text(encoding="utf-8"))
    statuses = [s["id"] for s in COMPOSER.spec()["statuses"]]
    return [checker.compose(details | {"call_status": status}, lang, today=table["today"])
            for details in ({}, table["details"] | {"reason": "health"})
            for status in statuses for lang in checker.LANGS]


def test_the_declared_draft_is_what_compose_returns():
    assert_matches("ComposeResult", drafts(), "checker.compose")
    lines = [(draft["lang"], line) for draft in drafts() if draft["gloss"]
             for part in draft["gloss"].values() for line in part]
    assert lines, "no glossed draft carried a gloss"
    # web/composer-text.js draftLines reads each line's Japanese and its text in the draft's lang
    assert all(isinstance(line.get("ja"), str) and isinstance(line.get(lang), str)
               for lang, line in lines), "a gloss line without the Japanese or the draft's lang"


def test_the_declared_composer_notice_is_what_compose_returns():
    latin = checker.compose({"company": "Minato Trading", "school": "Hokkai University"}, "en")
    assert latin["notices"], "no notice to check"
    assert_matches("ComposeNotice", latin["notices"], "the notices of checker.compose")


def test_the_declared_composer_error_is_what_compose_json_returns():
    errors = [json.loads(COMPOSER.compose_json(text, lang, ""))
              for text in ("not json", '{"reason": "love"}', '{"colour": "red"}')
              for lang in checker.LANGS]
    assert_matches("ComposeError", errors, "checker.compose.compose_json")


def test_the_declared_composer_configuration_is_what_the_site_build_writes(built_site: Path):
    for page, config in page_configs(built_site, "templates.html", "composer-config"):
        assert_matches("ComposerConfig", [config], f"the composer configuration of {page}")
        assert_matches("ComposerField", config["fields"], f"config.fields of {page}")
        assert_matches("EngineFiles", [config["engine"]], f"config.engine of {page}")


def test_the_checker_finds_an_undeclared_field():
    """The comparison itself can fail, and says which field and where."""
    try:
        assert_matches("EngineMessage", [{"id": "a", "text": "b", "link": None, "extra": 1}], "x")
    except AssertionError as error:
        assert "['extra']" in str(error) and "EngineMessage" in str(error)
    else:
        raise AssertionError("an undeclared field went unnoticed")
