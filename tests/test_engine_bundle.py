"""The engine as the browser gets it: compiled wheel, trimmed compiled stdlib, pruned lockfile."""

from __future__ import annotations

import ast
import importlib.util
import json
import marshal
import shutil
import subprocess
import tomllib
import types
import zipfile
from pathlib import Path

import pytest
from helpers import golden

import checker
from site_build import bundle as checker_bundle

ROOT = Path(__file__).resolve().parents[1]

GOLDEN = golden.scenarios()


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


def test_the_wheel_metadata_carries_no_readme(bundle):
    """The README stays in the repository for people; the wheel's METADATA is headers only, so
    readers do not download it (it was about a quarter of the wheel)."""
    wheel = zipfile.ZipFile(bundle.directory / bundle.wheel)
    [name] = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
    metadata = wheel.read(name).decode()
    headers, _, body = metadata.partition("\n\n")
    assert body.strip() == ""
    assert "Description-Content-Type" not in headers
    readme = (ROOT / "README.md").read_bytes()
    assert len(metadata.encode()) < len(readme) // 4


def test_only_the_readme_and_the_plugin_entry_point_leave_the_project_file():
    """The wheel's project file drops the README and the MkDocs plugin, nothing else."""
    project = tomllib.loads(checker_bundle.for_the_wheel(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8")))["project"]
    full = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "readme" in full and "mkdocs.plugins" in full["entry-points"]
    expected = {key: value for key, value in full.items() if key != "readme"}
    expected["entry-points"] = {group: entries for group, entries in full["entry-points"].items()
                                if group != "mkdocs.plugins"}
    if not expected["entry-points"]:
        del expected["entry-points"]
    assert project == expected


def _code_objects(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _docstrings(source: str) -> set[str]:
    nodes = [node for node in ast.walk(ast.parse(source)) if isinstance(
        node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)]
    return {doc for node in nodes if (doc := ast.get_docstring(node, clean=False))}


def _sources(archive: str, bundle) -> dict[str, str]:
    """The Python source of each compiled file in the shipped `archive`, by its .pyc name."""
    if archive == bundle.stdlib:
        with zipfile.ZipFile(checker_bundle.PYODIDE_DIR / "python_stdlib.zip") as source:
            return {name + "c": source.read(name).decode() for name in source.namelist()
                    if name.endswith(".py")}
    return {f"{path.relative_to(base).as_posix()}c": path.read_text(encoding="utf-8")
            for base, package in _PACKAGES for path in (base / package).rglob("*.py")}


# The packages the wheel carries: the engine, and the holiday calendar vendored from the venv.
_PACKAGES = [(ROOT, "checker"),
             (Path(importlib.util.find_spec("jpholiday").origin).parents[1], "jpholiday")]


@pytest.mark.parametrize("which", ["wheel", "stdlib"])
def test_the_shipped_python_has_no_docstrings_nor_column_ranges_and_is_deflated(bundle, which):
    """Each .pyc in the wheel and the stdlib zip, deflated, keeps none of its source's
    docstrings and no column positions (compiled with -OO -X no_debug_ranges)."""
    archive = getattr(bundle, which)
    sources = _sources(archive, bundle)
    checked = 0
    with zipfile.ZipFile(bundle.directory / archive) as shipped:
        for info in shipped.infolist():
            if not info.filename.endswith(".pyc"):
                continue
            assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
            module = marshal.loads(shipped.read(info)[16:])  # after the 16-byte header
            codes = list(_code_objects(module))
            strings = {c for code in codes for c in code.co_consts if isinstance(c, str)}
            docstrings = _docstrings(sources[info.filename])
            assert not docstrings & strings, info.filename
            columns = {col for code in codes for _, _, col, _ in code.co_positions()}
            assert columns <= {None}, info.filename
            checked += bool(docstrings)
    assert checked  # the check saw files whose source does have docstrings


@pytest.mark.parametrize("which", ["wheel", "stdlib"])
def test_the_shipped_archives_hold_no_clock_time(bundle, which):
    """Every entry of the wheel and the stdlib zip is dated ZIP_TIME, and every compiled file
    is timestamp-based (PEP 552 flags 0) with its source time zero: two builds give the same
    bytes."""
    with zipfile.ZipFile(bundle.directory / getattr(bundle, which)) as shipped:
        infos = shipped.infolist()
        assert {info.date_time for info in infos} == {checker_bundle.ZIP_TIME}
        headers = {shipped.read(info)[4:12] for info in infos if info.filename.endswith(".pyc")}
    assert headers == {bytes(8)}


def test_compiling_the_same_archive_twice_gives_the_same_bytes(tmp_path):
    """py_compile, run on two copies of one archive written at different times, makes equal
    files, with no clock in them (the compiler alone dates its entries and compiled files by
    the clock, so two runs a second apart would differ)."""
    made = []
    for name, written in (("early", (2001, 1, 1, 0, 0, 0)), ("late", (2031, 6, 1, 12, 0, 0))):
        folder = tmp_path / name
        folder.mkdir()
        with zipfile.ZipFile(folder / "python_stdlib.zip", "w") as archive:
            archive.writestr(zipfile.ZipInfo("mod.py", written), '"""Doc."""\nX = 1\n')
        compiled = checker_bundle.py_compile(folder / "python_stdlib.zip")
        with zipfile.ZipFile(compiled) as archive:
            [info] = archive.infolist()
            assert info.date_time == checker_bundle.ZIP_TIME
            assert archive.read(info)[4:12] == bytes(8)  # timestamp-based, the time zero
        made.append(compiled.read_bytes())
    assert made[0] == made[1]


def test_nothing_in_the_engine_relies_on_asserts_or_docstrings():
    """The engine runs compiled with -OO: no `assert` and no `__doc__` in checker/ nor in the
    holiday calendar the wheel carries."""
    for path in sorted(p for base, package in _PACKAGES for p in (base / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        uses = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)
                or (isinstance(node, ast.Attribute) and node.attr == "__doc__")
                or (isinstance(node, ast.Name) and node.id == "__doc__")]
        assert uses == [], f"{path.name}: lines {uses}"
