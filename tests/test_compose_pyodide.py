"""The golden drafts in real Pyodide (Node), from the engine bundle the site ships, through the
page's seam (checker.browser.compose_json), equal CPython's: the same texts, the same gloss,
the same errors and the same messages for the reader."""

from __future__ import annotations

import importlib
import json
import tomllib
from pathlib import Path

import pytest
from helpers.harness import run_harness

ROOT = Path(__file__).resolve().parents[1]

import checker  # noqa: E402

pytestmark = pytest.mark.pyodide
composer = importlib.import_module("checker.compose")
GOLDEN = tomllib.loads((ROOT / "tests" / "compose_golden.toml").read_text(encoding="utf-8"))
SPEC = composer.spec()
CASES = [[GOLDEN["details"] | {"call_status": status["id"], "reason": reason["id"]}, lang,
          GOLDEN["today"]]
         for status in SPEC["statuses"] for reason in SPEC["reasons"] for lang in checker.LANGS]
CASES += [[{}, "ja", None], [{"company": "A社", "reason": "other"}, "en", None],
          [{"reason": "love"}, "en", None], [{"declined_on": "2026-12-02"}, "ja", GOLDEN["today"]],
          [{"name": "a\u0007b"}, "ja", None], [{"colour": "red"}, "en", None]]


@pytest.fixture(scope="module")
def pyodide_run() -> dict:
    """Build (or reuse) the engine bundle and draft every case in Pyodide once."""
    return run_harness("compose_harness.mjs", CASES)


def test_the_composer_runs_from_the_shipped_wheel_without_datetime(pyodide_run):
    """The composer came from the wheel (its data as JSON) and never imported datetime."""
    assert ".whl/checker/compose" in pyodide_run["composeFile"]
    assert pyodide_run["datetimeImported"] is False


def test_golden_drafts_and_errors_equal_cpython(pyodide_run):
    """Every golden draft and every error object is the same in Pyodide as in CPython."""
    assert len(pyodide_run["results"]) == len(CASES)
    for (details, lang, today), got in zip(CASES, pyodide_run["results"], strict=True):
        expected = json.loads(composer.compose_json(json.dumps(details), lang, today or ""))
        assert got == expected, (details, lang)
    assert {"error" in r for r in pyodide_run["results"]} == {True, False}  # drafts and errors
