"""MkDocs hook: put the checker on its page, generated from the engine's own data.

A thin adapter over `site_build`: builds the browser engine (`site_build.bundle`) and the
browser scripts (`site_build.scripts`) once per content change, and
- replaces `<!-- checker:form -->`, `<!-- checker:rules -->` and
  `<!-- checker:options <question> -->` markers in a page's Markdown with the form, the "how
  it decides" text and one question's options, rendered from `checker` data in that page's
  language;
- gives each page with the engine its configuration and inline script (`page_engine`, which
  main.html puts in the head): the checklist (template `checklist.html`: questions, texts,
  links) and any page an earlier hook asked for (the templates page's composer, from
  composer_models), each with the same engine block (the engine's files and its warm-up);
- writes the engine's content-addressed folder `assets/checker/engine/<hash>/` into the site.
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

from site_build import bundle as engine_bundle  # noqa: E402
from site_build import scripts as browser_scripts  # noqa: E402
from site_build.i18n import all_languages_built, current_language  # noqa: E402

ENGINE_ROOT = "assets/checker/engine"
PAGE_SCRIPT = "checklist.js"  # inlined in the checklist page's head: runs without a request
CONFIG_ID = "checker-config"
WORKER_SCRIPT = "worker.js"  # the engine's Web Worker, in the engine folder
FORM_MARKER = "<!-- checker:form -->"
RULES_MARKER = "<!-- checker:rules -->"
OPTIONS_MARKER = re.compile(r"<!-- checker:options ([a-z0-9_-]+) -->")

_state: dict = {}


def _checker():
    """The engine, reloaded when its sources changed (so `mkdocs serve` shows edits)."""
    digest = engine_bundle.source_digest()
    if str(ROOT) not in sys.path:  # MkDocs restores sys.path after loading a hook
        sys.path.insert(0, str(ROOT))
    if _state.get("digest") != digest:
        for name in [n for n in sys.modules if n == "checker" or n.startswith("checker.")]:
            del sys.modules[name]
        _state["checker"] = importlib.import_module("checker")
        _state["digest"] = digest
        _state.pop("bundle", None)
    return _state["checker"]


def _bundle() -> engine_bundle.Bundle:
    _checker()
    if "bundle" not in _state:
        try:
            _state["bundle"] = engine_bundle.build_bundle(engine_bundle.CACHE)
        except engine_bundle.BundleError as error:
            raise PluginError(f"checker bundle: {error}") from error
    return _state["bundle"]


def _scripts() -> browser_scripts.Scripts:
    try:
        return browser_scripts.build_scripts()
    except browser_scripts.ScriptsError as error:
        raise PluginError(f"checker scripts: {error}") from error


def _engine_dir(bundle: engine_bundle.Bundle, scripts: browser_scripts.Scripts) -> str:
    """The engine folder's name: a digest of the bundle and of the worker's script."""
    digest = hashlib.sha256(bundle.directory.name.encode())
    digest.update(scripts.text(WORKER_SCRIPT).encode())
    return digest.hexdigest()[:12]


def _engine_config(checker, bundle: engine_bundle.Bundle, scripts) -> dict:
    """What the page's script needs to start the engine (see EngineFiles in web/types.d.ts)."""
    downloaded = [*engine_bundle.RUNTIME_FILES, bundle.stdlib, bundle.wheel]
    return {
        "dir": f"{ENGINE_ROOT}/{_engine_dir(bundle, scripts)}",
        "stdlib": bundle.stdlib,
        "lockfile": bundle.lockfile,
        "package": engine_bundle.PACKAGE_NAME,
        "sizes": {name: (bundle.directory / name).stat().st_size for name in downloaded},
        # every lazily cached step once, in each language, before the snapshot is taken: the
        # checklist's verdict and the composer's draft (one engine serves both pages)
        "warmUp": [[call, [{}, lang]] for call in ("evaluate", "compose")
                   for lang in checker.LANGS],
    }


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for watch in (str(ROOT / "checker"), str(browser_scripts.WEB)):
        if watch not in config.watch:
            config.watch.append(watch)
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    _bundle()
    _scripts()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if FORM_MARKER not in markdown and RULES_MARKER not in markdown and not (
            OPTIONS_MARKER.search(markdown)):
        return markdown
    lang = current_language(config)
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
    """One question's options as a Markdown list: label, hint, what it does to the level (in
    words, no points: the points are for staff on "how the checklist decides"), and its source."""
    rules, ui = context["rules"], context["ui"]
    question = next((q for q in rules["questions"] if q["id"] == question_id), None)
    if question is None:
        ids = ", ".join(q["id"] for q in rules["questions"])
        raise PluginError(f"{page.file.src_uri}: checker:options names no question "
                          f"{question_id!r}; accepted: {ids}")
    lines = []
    for option in question["options"]:
        ja = context["lang"] == "ja"  # Japanese: full-width marks, no space between sentences
        source = option["source"] and (f"（{ui['rules.sources']}：{option['source']}）" if ja
                                       else f"({ui['rules.sources']}: {option['source']})")
        words = filter(None, (option["hint"], option["impact"], option["exception"], source))
        colon, gap = ("：", "") if ja else (": ", " ")
        lines.append(f"- **{option['label']}**{colon}{gap.join(words)}")
    return "\n".join(lines) + "\n"


def _one_block(html: str) -> str:
    """Raw HTML stays one Markdown block only without blank lines inside it."""
    return "\n".join(line for line in html.splitlines() if line.strip())


def _checklist_config(checker, lang: str, links: dict) -> dict:
    """The checklist's configuration (PageConfig in web/types.d.ts) without its engine block."""
    rules = checker.describe(lang)
    return {
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
        "links": links,
        "callWindowSteps": [s.id for s in checker.load_rules().steps if s.call_window],
        "ui": checker.ui_text(lang),
    }


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    if page.meta.get("template") == "checklist.html":
        links = context["checker_links"]  # from the checker_links hook, listed before this
        context["page_engine"] = {"id": CONFIG_ID, "script": PAGE_SCRIPT,
                                  "config": _checklist_config(_checker(), current_language(config),
                                                              links)}
    engine_page = context.get("page_engine")  # {"id", "script", "config"}
    if not engine_page:
        return context
    checker = _checker()
    scripts = _scripts()
    engine_page["config"]["engine"] = _engine_config(checker, _bundle(), scripts)
    try:
        engine_page["script_text"] = browser_scripts.inline_script(scripts, engine_page["script"])
    except browser_scripts.ScriptsError as error:
        raise PluginError(str(error)) from error
    return context


@event_priority(-150)  # after mkdocs-static-i18n has built the other languages (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not all_languages_built(config):
        return
    bundle, scripts = _bundle(), _scripts()
    root = Path(config.site_dir) / ENGINE_ROOT
    shutil.rmtree(root, ignore_errors=True)
    target = root / _engine_dir(bundle, scripts)  # content-addressed: safe to cache forever
    target.mkdir(parents=True)
    for name in bundle.files:
        shutil.copyfile(bundle.directory / name, target / name)
    shutil.copyfile(scripts.directory / WORKER_SCRIPT, target / WORKER_SCRIPT)
