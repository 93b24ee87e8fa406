"""The engine as the browser gets it: compiled wheel, trimmed compiled stdlib, pruned lockfile."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

import checker
from site_build import bundle as checker_bundle

ROOT = Path(__file__).resolve().parents[1]

GOLDEN = tomllib.loads((ROOT / "tests" / "golden.toml").read_text(encoding="utf-8"))["scenario"]


@pytest.fixture(scope="module")
def bundle() -> checker_bundle.Bundle:
    return checker_bundle.build_bundle(checker_bundle.CACHE)


@pytest.mark.pyodide
def test_the_trimmed_stdlib_runs_every_golden_case_like_cpython(bundle):
    """In Pyodide with only the trimmed stdlib, every golden case gives CPython's result, in both
    languages, on a freshly started engine and on one restored from its stored memory snapshot."""
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    cases = [[case["answers"], lang] for case in GOLDEN for lang in ("ja", "en")]
    cases += [[{"quota": "nonsense"}, "en"], [{"nope": "x"}, "ja"]]
    done = subprocess.run(
        ["node", str(ROOT / "tests" / "bundle_harness.mjs"), str(bundle.directory)],
        input=json.dumps(cases), capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    output = json.loads(done.stdout)
    assert output["restoredResults"] == output["results"]
    assert 0 < output["storedBytes"] < output["snapshotBytes"]  # the empty pages are left out
    for (answers, lang), got in zip(cases, output["results"], strict=True):
        try:
            expected = checker.evaluate(answers, lang=lang).to_dict()
        except checker.InvalidAnswer:
            assert set(got) == {"error"} and got["error"], got
            continue
        assert got == json.loads(json.dumps(expected)), answers
    assert any(name.startswith("checker") for name in output["compiledModules"])


def test_the_stdlib_list_names_only_files_that_exist_and_the_zip_is_compiled(bundle):
    """Every listed stdlib file is shipped, as .pyc, and nothing else from the stdlib is."""
    names = zipfile.ZipFile(bundle.directory / bundle.stdlib).namelist()
    assert names and all(name.endswith(".pyc") for name in names)
    listed = {name.removesuffix(".py") + ".pyc" for name in checker_bundle.stdlib_modules()}
    assert set(names) == listed


def test_a_stdlib_list_naming_a_missing_file_fails_the_build(tmp_path):
    """A typo in the stdlib list stops the build with a message naming the file."""
    with pytest.raises(checker_bundle.BundleError, match="no_such_module.py"):
        checker_bundle.trimmed_stdlib(tmp_path / "x.zip", ["json/__init__.py", "no_such_module.py"])


def test_the_wheel_carries_the_toml_data_as_the_same_json(bundle):
    """The browser's wheel holds rules.json and ui.json, equal to the TOML sources, and no TOML;
    the source tree holds only the TOML (so the CLI and the tests read the source)."""
    wheel = zipfile.ZipFile(bundle.directory / bundle.wheel)
    names = wheel.namelist()
    assert not [name for name in names if name.endswith(".toml")]
    for stem in ("rules", "ui"):
        shipped = json.loads(wheel.read(f"checker/{stem}.json"))
        source = tomllib.loads((ROOT / "checker" / f"{stem}.toml").read_text(encoding="utf-8"))
        assert shipped == source, stem
        assert not (ROOT / "checker" / f"{stem}.json").exists()
