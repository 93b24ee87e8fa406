"""The engine as the build uses it: its Python modules (reloaded when its sources change, so a
running preview shows edits), its browser bundle and the browser scripts; the engine block of
a page's configuration; and the engine's content-addressed folder in the built site."""

from __future__ import annotations

import functools
import importlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from site_build import bundle as engine_bundle
from site_build import scripts as browser_scripts
from site_build.digest import files_digest
from site_build.errors import BuildError

ENGINE_ROOT = "assets/checker/engine"
WORKER_SCRIPT = "worker.js"  # the engine's Web Worker, in the engine folder
MODULES = ("checker", "checker.compose", "checker.plan")


@dataclass(frozen=True)
class Engine:
    """The engine's modules (by name, MODULES), its bundle and the built browser scripts."""

    digest: str
    modules: dict[str, ModuleType]
    bundle: engine_bundle.Bundle
    scripts: browser_scripts.Scripts

    @property
    def checker(self) -> ModuleType:
        return self.modules["checker"]

    @property
    def compose(self) -> ModuleType:
        return self.modules["checker.compose"]

    @property
    def plan(self) -> ModuleType:
        return self.modules["checker.plan"]


def _import_fresh() -> dict[str, ModuleType]:
    for name in [n for n in sys.modules if n == "checker" or n.startswith("checker.")]:
        del sys.modules[name]
    return {name: importlib.import_module(name) for name in MODULES}


def load(previous: Engine | None = None) -> Engine:
    """The engine, built (or reused from `previous` and the caches) for its current sources."""
    digest = engine_bundle.source_digest()
    try:
        scripts = browser_scripts.build_scripts()
    except browser_scripts.ScriptsError as error:
        raise BuildError(f"checker scripts: {error}") from error
    if previous is not None and previous.digest == digest:
        return Engine(digest, previous.modules, previous.bundle, scripts)
    modules = _import_fresh()
    try:
        built = engine_bundle.build_bundle(engine_bundle.CACHE)
    except engine_bundle.BundleError as error:
        raise BuildError(f"checker bundle: {error}") from error
    return Engine(digest, modules, built, scripts)


def folder_name(engine: Engine) -> str:
    """The engine folder's name: a digest of the bytes of its files and of the worker's
    script. The bytes, not the sources: the same sources built by another Python, compiler or
    zlib can give other bytes, and a name that stayed the same would let a reader's browser
    keep the old files (cached as immutable) beside a page that expects the new. (The
    archives hold no clock time, so rebuilding the same sources keeps the name.)"""
    files = [(name, engine.bundle.directory / name) for name in engine.bundle.files]
    return _named_once((*files, (WORKER_SCRIPT, engine.scripts.directory / WORKER_SCRIPT)))


@functools.lru_cache(maxsize=4)
def _named_once(named: tuple[tuple[str, Path], ...]) -> str:
    """Read once per build: the files sit in content-addressed caches, so a path keeps its bytes."""
    return files_digest(named)[:12]


def engine_config(engine: Engine) -> dict:
    """What a page's script needs to start the engine (EngineFiles in web/types.d.ts)."""
    built = engine.bundle
    downloaded = [*engine_bundle.RUNTIME_FILES, built.stdlib, built.wheel]
    return {
        "dir": f"{ENGINE_ROOT}/{folder_name(engine)}",
        "stdlib": built.stdlib,
        "lockfile": built.lockfile,
        "package": engine_bundle.PACKAGE_NAME,
        "sizes": {name: (built.directory / name).stat().st_size for name in downloaded},
        # every lazily cached step once, in each language, before the snapshot is taken: the
        # checklist's verdict and the composer's draft (one engine serves both pages)
        "warmUp": [[call, [{}, lang]] for call in ("evaluate", "compose")
                   for lang in engine.checker.LANGS],
    }


def page_engine(engine: Engine, page: dict) -> dict:
    """A page's engine block for its template: `page` ({"id", "script", "config"}) with the
    engine's files in its configuration and its script's text (`script_text`)."""
    try:
        text = browser_scripts.inline_script(engine.scripts, page["script"])
    except browser_scripts.ScriptsError as error:
        raise BuildError(str(error)) from error
    return {**page, "config": {**page["config"], "engine": engine_config(engine)},
            "script_text": text}


def write_engine(site_dir: Path, engine: Engine) -> None:
    """Copy the engine's files and its worker into the site's engine folder (the only one)."""
    root = site_dir / ENGINE_ROOT
    shutil.rmtree(root, ignore_errors=True)
    target = root / folder_name(engine)  # content-addressed: safe to cache forever
    target.mkdir(parents=True)
    for name in engine.bundle.files:
        shutil.copyfile(engine.bundle.directory / name, target / name)
    shutil.copyfile(engine.scripts.directory / WORKER_SCRIPT, target / WORKER_SCRIPT)
