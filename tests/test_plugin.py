"""The naitei plugin (site_build/mkdocs_plugin.py): registered once, placed after the plugins
it must follow, calling the build's steps in a fixed order; and the build's rooms kept apart."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers.mkdocs_config import load_mkdocs_yml

from site_build import mkdocs_plugin
from site_build.finished_pages import FinishedPages

ROOT = Path(__file__).resolve().parents[1]


def test_the_plugin_is_installed_by_its_entry_point():
    """`naitei` in mkdocs.yml resolves to the plugin class through the installed project."""
    [found] = [ep for ep in entry_points(group="mkdocs.plugins") if ep.name == "naitei"]
    assert found.load() is mkdocs_plugin.NaiteiPlugin


def test_mkdocs_yml_lists_the_plugin_last_and_no_hooks():
    """The plugin comes after search, offline and i18n (its steps follow theirs at equal
    priority), and the site has no hooks."""
    config = load_mkdocs_yml()
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert names[-1] == "naitei" and {"search", "offline", "i18n"} <= set(names[:-1])
    assert "hooks" not in config
    assert not (ROOT / "overrides" / "hooks").exists()


def test_the_site_wide_steps_run_after_every_language_and_before_nothing_else():
    """mkdocs-static-i18n builds the other languages at -100; the plugin's site-wide steps
    run after it, and its page post-processing after the other plugins' (-100)."""
    plugin = mkdocs_plugin.NaiteiPlugin
    assert plugin.on_post_build.mkdocs_priority < -100
    assert plugin.on_post_page.mkdocs_priority <= -100


def _recorder(calls: list[str], name: str):
    def record(*args, **kwargs):
        calls.append(name)
        return args[0] if args and isinstance(args[0], str) else None
    return record


def test_the_site_wide_steps_run_in_order_with_the_service_worker_last(monkeypatch, tmp_path):
    """Engine folder, site-wide scripts, search index, plain pages, manifests and vendored
    files are written before the service worker, which lists every file; then the finished
    pages this build did not use are dropped; nothing runs in an inner build."""
    calls: list[str] = []
    steps = {"engine_steps": ["write_engine"], "scripts": ["place_site_scripts"],
             "search_index": ["split_index", "search_settings"],
             "not_found": ["write_plain_pages"], "manifest": ["write_manifests"],
             "vendor": ["copy_vendored"], "offline": ["write_service_worker"]}
    for module, names in steps.items():
        for name in names:
            monkeypatch.setattr(getattr(mkdocs_plugin, module), name, _recorder(calls, name))
    i18n = SimpleNamespace(building=True)
    config = SimpleNamespace(plugins={"i18n": i18n}, site_dir=str(tmp_path),
                             theme=SimpleNamespace(get_env=lambda: None))
    plugin = mkdocs_plugin.NaiteiPlugin()
    plugin.build = mkdocs_plugin.Build(["ja", "en"], {"ja": "", "en": "en/"},
                                       engine=SimpleNamespace(scripts=None),
                                       finished=FinishedPages(tmp_path / "finished"))
    monkeypatch.setattr(plugin.build.finished, "prune", _recorder(calls, "prune"))
    plugin.on_post_build(config=config)
    assert calls == []
    i18n.building = False
    plugin.on_post_build(config=config)
    assert calls[0] == "write_engine" and calls[-2:] == ["write_service_worker", "prune"]
    assert calls.index("copy_vendored") < calls.index("write_service_worker")
    assert calls.index("place_site_scripts") < calls.index("write_service_worker")


def test_a_pages_html_gets_its_search_settings_before_its_policy(monkeypatch, tmp_path):
    """The policy is computed last, from the page as it will be written; what the written
    page loads is read for the service worker; the next build gets both back unchanged."""
    calls: list[str] = []
    monkeypatch.setattr(mkdocs_plugin.search_index, "point_search",
                        _recorder(calls, "point_search"))
    monkeypatch.setattr(mkdocs_plugin.csp, "insert_policy", _recorder(calls, "insert_policy"))
    plugin = mkdocs_plugin.NaiteiPlugin()
    config = SimpleNamespace(plugins={"i18n": SimpleNamespace(current_language="ja")})
    page = SimpleNamespace(file=SimpleNamespace(dest_uri="en/faq.html"))
    html = '<html><head><script src="../a.js"></script></head></html>'
    for _ in range(2):
        plugin.build = mkdocs_plugin.Build(
            ["ja"], {"ja": ""}, engine=None, finished=FinishedPages(tmp_path))
        assert plugin.on_post_page(html, page=page, config=config) == html
        assert calls == ["point_search", "insert_policy"]  # the second build: kept
        assert plugin.build.loaded_by == {"en/faq.html": ["a.js"]}


@pytest.mark.parametrize("path", sorted((ROOT / "site_build").rglob("*.py")),
                         ids=lambda path: path.relative_to(ROOT).as_posix())
def test_only_the_plugin_imports_mkdocs(path: Path):
    """The build's steps run without MkDocs: only the plugin adapter imports it."""
    text = path.read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|import)\s+(mkdocs\S*|material\S*)", text, re.M)
    assert not imports or path.name == "mkdocs_plugin.py", imports


def test_no_code_edits_the_import_path():
    """The project is installed, so no module of the engine, the build, the benchmark or the
    tests edits the import path."""
    edit = re.compile(r"sys\.path\s*(?:\[|\.insert|\.append|\.extend|=)")
    for room in ("checker", "site_build", "bench", "tests"):
        for path in (ROOT / room).rglob("*.py"):
            assert not edit.search(path.read_text(encoding="utf-8")), path
