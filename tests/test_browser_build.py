"""The browser scripts' build (site_build.scripts): esbuild bundles web/entries/ into classic
scripts, content-addressed, and the page script is safe to inline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.mkdocs_config import load_mkdocs_yml

from site_build import scripts

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built() -> scripts.Scripts:
    return scripts.build_scripts()


def test_every_entry_is_bundled_as_a_classic_script(built: scripts.Scripts):
    """One file per entry, with no module syntax left (IIFE: file:// and the CSP need it)."""
    entries = sorted(p.name for p in scripts.ENTRIES.glob("*.js"))
    assert entries and sorted(p.name for p in built.directory.glob("*.js")) == entries
    for entry in entries:
        text = built.text(entry)
        assert not re.search(r"^\s*(import|export)\b", text, re.M), entry
        assert "require(" not in text, entry


def test_names_follow_the_content(built: scripts.Scripts, tmp_path: Path):
    name = built.hashed_name("sw-register.js")
    assert re.fullmatch(r"sw-register\.[0-9a-f]{8}\.min\.js", name)
    copy = scripts.Scripts(tmp_path)
    (tmp_path / "sw-register.js").write_text(built.text("sw-register.js") + ";", encoding="utf-8")
    assert copy.hashed_name("sw-register.js") != name


def test_a_script_that_would_end_its_element_is_not_inlined(tmp_path: Path):
    (tmp_path / "x.js").write_text('console.log("</SCRIPT>")', encoding="utf-8")
    with pytest.raises(scripts.ScriptsError, match="must not contain '</script'"):
        scripts.inline_script(scripts.Scripts(tmp_path), "x.js")


def code(source: Path) -> str:
    """A module's text without its comments."""
    text = source.read_text(encoding="utf-8")
    return re.sub(r"/\*.*?\*/|^\s*//[^\n]*", "", text, flags=re.S | re.M)


def test_the_browser_code_parses_no_link_format():
    """Links come resolved from the build (config.links): no module knows `page.md#anchor`."""
    for source in scripts.sources():
        text = code(source)
        assert not re.search(r"\\\.md|\.md[#\"'/]", text), source.relative_to(ROOT)


def test_no_module_shares_state_through_a_global():
    """Modules import each other; the only globals written are the browser's own, stood in for
    in the two modules that say why, and the tests' inspection surface."""
    allowed = {"pyodide-adapter.js": {"fetch"}, "search-deferral.js": {"Worker"},
               # the worker's own message handler, and its fetch that keeps the engine's files
               # where the service worker looks first (web/engine-cache.js)
               "worker.js": {"onmessage", "fetch"}}
    for source in scripts.sources():
        text = code(source)
        written = set(re.findall(r"\b(?:window|self|globalThis|scope)\.(\w+)\s*=[^=]", text))
        assert written <= allowed.get(source.name, set()), (source.name, written)


def test_build_time_data_reaches_a_bundle_as_a_constant(tmp_path: Path):
    """The service worker's data is given to esbuild as a constant, not written into its text."""
    entry = tmp_path / "entry.js"
    entry.write_text("console.log(DATA.version, DATA.files.length);", encoding="utf-8")
    text = scripts.bundle_with_data(entry, {"DATA": {"version": "0a1b", "files": ["en/faq.html"]}})
    assert '"0a1b"' in text and '"en/faq.html"' in text
    assert "DATA" not in text
    entry.write_text("console.log(DATA.version", encoding="utf-8")
    with pytest.raises(scripts.ScriptsError, match="esbuild failed on entry.js"):
        scripts.bundle_with_data(entry, {"DATA": {}})


def test_the_site_scripts_keep_their_paths_and_the_segmenter_names_materials_worker(
        tmp_path: Path):
    """The site-wide scripts land where mkdocs.yml's extra_javascript loads them, and the search
    segmenter beside Material's worker, which it loads by the name given at build time."""
    workers = tmp_path / scripts.WORKERS
    with pytest.raises(scripts.ScriptsError, match="expected one Material search worker"):
        scripts.place_site_scripts(tmp_path)
    workers.mkdir(parents=True)
    (workers / "search.0a1b2c3d.min.js").write_text("", encoding="utf-8")
    placed = scripts.place_site_scripts(tmp_path)
    extra = load_mkdocs_yml()["extra_javascript"]
    assert set(extra) <= set(placed)
    assert f"{scripts.WORKERS}/search-segmenter.js" in placed
    segmenter = (workers / "search-segmenter.js").read_text(encoding="utf-8")
    assert '"search.0a1b2c3d.min.js"' in segmenter
    assert "MATERIAL_SEARCH_WORKER" not in segmenter
