"""The golden call plans in real Pyodide (Node), from the engine bundle the site ships, through
the page's seam (checker.browser.plan_json), equal CPython's: the same dates, script, calendar
file and errors; the holiday calendar comes from the wheel and loads only with the first plan."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from helpers.harness import run_harness

from checker import browser

pytestmark = pytest.mark.pyodide
ROOT = Path(__file__).resolve().parents[1]
GOLDEN = tomllib.loads((ROOT / "tests" / "call_golden.toml").read_text(encoding="utf-8"))
DETAILS = {"company": "株式会社みなと物産", "name": "佐藤花子", "school": "東西大学経済学部",
           "reason": "health", "contact": "鈴木", "phone": "090-1234-5678"}
CASES = [[DETAILS, lang, case["now"]] for case in GOLDEN["plan"] for lang in ("ja", "en")]
CASES += [[DETAILS, "ja", "tomorrow"], [{"shoe": "42"}, "en", "2026-12-04T22:10"],
          [{}, "en", "2026-12-04T22:10"]]


@pytest.fixture(scope="module")
def pyodide_run() -> dict:
    """Build (or reuse) the engine bundle and plan every case in Pyodide once."""
    return run_harness("call_harness.mjs", CASES)


def test_the_plan_and_holidays_come_from_the_wheel_and_load_only_when_asked(pyodide_run):
    """checker.plan and jpholiday were imported from the wheel, and not before the first plan."""
    assert ".whl/checker/plan" in pyodide_run["planFile"]
    assert ".whl/jpholiday/" in pyodide_run["holidaysFile"]
    assert pyodide_run["holidaysBeforePlan"] is False


def test_golden_plans_scripts_and_errors_equal_cpython(pyodide_run):
    """Every golden plan, with its script and calendar file, and every error object, is the
    same in Pyodide as in CPython."""
    assert len(pyodide_run["results"]) == len(CASES)
    for (details, lang, now), got in zip(CASES, pyodide_run["results"], strict=True):
        assert got == json.loads(browser.plan_json(json.dumps(details), lang, now, True)), now
    assert {"error" in r for r in pyodide_run["results"]} == {True, False}
