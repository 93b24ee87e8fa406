"""The golden table inside real Pyodide (npm package under Node) gives CPython's results."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from helpers import golden

import checker

pytestmark = pytest.mark.pyodide

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESS = os.path.join(ROOT, "tests", "pyodide_harness.mjs")
PYODIDE = os.path.join(ROOT, "node_modules", "pyodide", "pyodide.mjs")
SCENARIOS: list[dict] = golden.scenarios()


@pytest.fixture(scope="module")
def pyodide_run() -> dict:
    """Boot Pyodide once for this module and collect everything the harness reports."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: Pyodide tests need Node (>= 18)")
    if not os.path.isfile(PYODIDE):
        pytest.skip("node_modules/pyodide is missing: run `npm ci`")
    cases = json.dumps([{"name": s["name"], "answers": s["answers"]} for s in SCENARIOS])
    done = subprocess.run([node, HARNESS], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", input=cases, timeout=300, check=False)
    assert done.returncode == 0, f"harness failed:\n{done.stderr[-4000:]}"
    return json.loads(done.stdout)


def test_runs_on_pyodide_python_313(pyodide_run: dict) -> None:
    """The harness really ran in Pyodide's Python 3.13 (emscripten), from the copied package."""
    assert pyodide_run["platform"] == "emscripten"
    assert pyodide_run["python"][:2] == [3, 13]
    assert pyodide_run["checker_file"].startswith("/home/pyodide/site/checker/")
    assert pyodide_run["rules_version"] == checker.RULES_VERSION


def test_golden_levels_match_in_pyodide(pyodide_run: dict) -> None:
    """Every golden scenario gives its expected level in Pyodide, in both languages."""
    expected = [(s["name"], lang, s["level"]) for s in SCENARIOS for lang in checker.LANGS]
    got = [(r["name"], r["lang"], r["level"]) for r in pyodide_run["results"]]
    assert got == expected


def test_golden_results_identical_to_cpython(pyodide_run: dict) -> None:
    """Whole results, via evaluate and via browser.evaluate_json, equal CPython's."""
    by_name = {s["name"]: s for s in SCENARIOS}
    for run in pyodide_run["results"]:
        expected = checker.evaluate(by_name[run["name"]]["answers"], run["lang"]).to_dict()
        assert run["result"] == expected, run["name"]
        assert run["json"] == expected, run["name"]


def test_errors_identical_to_cpython(pyodide_run: dict) -> None:
    """Bad input gives the same {"error": ...} objects in Pyodide as in CPython."""
    assert pyodide_run["errors"]
    for case in pyodide_run["errors"]:
        expected = json.loads(checker.browser.evaluate_json(case["input"], "en"))
        assert set(expected) == {"error"}
        assert case["output"] == expected, case["input"]


def test_describe_and_ui_identical_to_cpython(pyodide_run: dict) -> None:
    """describe() and ui_text() give the same data in Pyodide as in CPython."""
    for lang in checker.LANGS:
        assert pyodide_run["describe"][lang] == checker.describe(lang)
        assert pyodide_run["ui"][lang] == checker.ui_text(lang)
