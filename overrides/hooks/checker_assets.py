"""MkDocs hook: put the checker on its page, generated from the engine's own data.

- builds the browser engine (see `checker_bundle`) once per content change and copies it,
  with Pyodide's runtime, under `assets/checker/engine/` in the site;
- replaces `<!-- checker:form -->`, `<!-- checker:rules -->` and
  `<!-- checker:options <question> -->` markers in a page's Markdown with the form, the "how
  it decides" text and one question's options, rendered from `checker` data in that page's
  language;
- hands the checklist template its configuration (lockfile, file names, UI strings).
"""

from __future__ import annotations

import hashlib
import importlib
import re
import shutil
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

HOOKS_DIR = Path(__file__).resolve().parent
ROOT = HOOKS_DIR.parents[1]
for path in (ROOT, HOOKS_DIR):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import checker_bundle  # noqa: E402

CACHE = checker_bundle.CACHE
ENGINE_ROOT = "assets/checker/engine"
SCRIPTS = ROOT / "overrides" / "assets" / "checker"
# Run by the engine's Web Worker: shipped inside the content-addressed engine folder, so that
# a repeat visit takes them from the cache without asking the network. The worker's file
# carries all three (one request, not three in a row); the other two also ship on their own
# (the page opened from disk loads engine-host.js).
WORKER_SCRIPTS = ("snapshot-store.js", "engine-host.js", "worker.js")
WORKER_FILE = "worker.js"
# Starts the engine: inlined in the checklist page's head, so it runs without a request.
BOOT_SCRIPT = "engine-start.js"
FORM_MARKER = "<!-- checker:form -->"
RULES_MARKER = "<!-- checker:rules -->"
OPTIONS_MARKER = re.compile(r"<!-- checker:options ([a-z0-9_-]+) -->")

_state: dict = {}


def _checker():
    """The engine, reloaded when its sources changed (so `mkdocs serve` shows edits)."""
    digest = checker_bundle.source_digest()
    if str(ROOT) not in sys.path:  # MkDocs restores sys.path after loading a hook
        sys.path.insert(0, str(ROOT))
    if _state.get("digest") != digest:
        for name in [n for n in sys.modules if n == "checker" or n.startswith("checker.")]:
            del sys.modules[name]
        _state["checker"] = importlib.import_module("checker")
        _state["digest"] = digest
        _state.pop("bundle", None)
    return _state["checker"]


def _bundle() -> checker_bundle.Bundle:
    _checker()
    if "bundle" not in _state:
        try:
            _state["bundle"] = checker_bundle.build_bundle(CACHE)
        except checker_bundle.BundleError as error:
            raise PluginError(f"checker bundle: {error}") from error
    return _state["bundle"]


def _engine_dir(bundle: checker_bundle.Bundle) -> str:
    """The engine folder's name: a digest of the bundle and of the worker scripts."""
    digest = hashlib.sha256(bundle.directory.name.encode())
    for name in WORKER_SCRIPTS:
        digest.update((SCRIPTS / name).read_bytes())
    return digest.hexdigest()[:12]


def _boot_script() -> str:
    script = (SCRIPTS / BOOT_SCRIPT).read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise PluginError(f"{BOOT_SCRIPT} must not contain '</script' (it is inlined)")
    return script


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for watch in (str(ROOT / "checker"), str(SCRIPTS)):
        if watch not in config.watch:
            config.watch.append(watch)
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    _bundle()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if FORM_MARKER not in markdown and RULES_MARKER not in markdown and not (
            OPTIONS_MARKER.search(markdown)):
        return markdown
    lang = _language(config)
    checker = _checker()
    env = config.theme.get_env()
    context = {"lang": lang, "rules": checker.describe(lang), "ui": checker.ui_text(lang)}
    if FORM_MARKER in markdown:
        form = env.get_template("partials/checker-form.html").render(**context)
        markdown = markdown.replace(FORM_MARKER, _one_block(form))
    if RULES_MARKER in markdown:
        rules = env.get_template("partials/checker-rules.md.html").render(**context)
        markdown = markdown.replace(RULES_MARKER, rules)
    return OPTIONS_MARKER.sub(lambda m: _options(context, m.group(1), page), markdown)


def _options(context: dict, question_id: str, page: Page) -> str:
    """One question's options as a Markdown list: label, hint, how it counts, and its source."""
    rules, ui = context["rules"], context["ui"]
    question = next((q for q in rules["questions"] if q["id"] == question_id), None)
    if question is None:
        ids = ", ".join(q["id"] for q in rules["questions"])
        raise PluginError(f"{page.file.src_uri}: checker:options names no question "
                          f"{question_id!r}; accepted: {ids}")
    lines = []
    for option in question["options"]:
        source = option["source"] and f"({ui['rules.sources']}: {option['source']})"
        words = filter(None, (option["hint"], option["effect"], option["exception"], source))
        gap = "" if context["lang"] == "ja" else " "  # Japanese sentences take no space
        lines.append(f"- **{option['label']}**: {gap.join(words)}")
    return "\n".join(lines) + "\n"


def _one_block(html: str) -> str:
    """Raw HTML stays one Markdown block only without blank lines inside it."""
    return "\n".join(line for line in html.splitlines() if line.strip())


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    if page.meta.get("template") != "checklist.html":
        return context
    lang = _language(config)
    checker = _checker()
    bundle = _bundle()
    rules = checker.describe(lang)
    context["checker_config"] = {
        "lang": lang,
        "rulesVersion": checker.RULES_VERSION,
        "questions": [
            {
                "id": q["id"],
                "text": q["text"],
                "options": [o["id"] for o in q["options"]],
                "labels": {o["id"]: o["label"] for o in q["options"]},
            }
            for q in rules["questions"]
        ],
        "levels": {level["id"]: level["label"] for level in rules["levels"]},
        "links": context["checker_links"],  # from the checker_links hook, listed before this
        "ui": checker.ui_text(lang),
        "engine": {
            "dir": f"{ENGINE_ROOT}/{_engine_dir(bundle)}",
            "pyodideVersion": bundle.pyodide_version,
            "stdlib": bundle.stdlib,
            "lockfile": bundle.lockfile,
            "package": checker_bundle.PACKAGE_NAME,
        },
    }
    context["checker_boot_script"] = _boot_script()
    return context


def _all_languages_built(config: MkDocsConfig) -> bool:
    """True in the outermost build, once mkdocs-static-i18n has built every other language."""
    i18n = config.plugins.get("i18n")
    return i18n is None or not i18n.building


@event_priority(-150)  # after mkdocs-static-i18n has built the other languages (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not _all_languages_built(config):
        return
    for name in (*WORKER_SCRIPTS, BOOT_SCRIPT):  # the theme folder's copies are not used
        (Path(config.site_dir) / "assets" / "checker" / name).unlink(missing_ok=True)
    bundle = _bundle()
    root = Path(config.site_dir) / ENGINE_ROOT
    shutil.rmtree(root, ignore_errors=True)
    target = root / _engine_dir(bundle)  # content-addressed: safe to cache forever
    target.mkdir(parents=True)
    for name in bundle.files:
        shutil.copyfile(bundle.directory / name, target / name)
    for name in WORKER_SCRIPTS:
        shutil.copyfile(SCRIPTS / name, target / name)
    parts = [(SCRIPTS / name).read_text(encoding="utf-8") for name in WORKER_SCRIPTS]
    (target / WORKER_FILE).write_text("\n".join(parts), encoding="utf-8")
