"""The browser scripts: web/ (ES modules) bundled by esbuild into classic scripts (IIFE, no
module loading, so `file://` and the strict CSP work as before). One esbuild run builds every
entry of web/entries/; the result is kept per content digest under build/web/. The service
worker, the site-wide scripts and the search segmenter are bundled apart, once the site is
built, with build-time data given as constants (`bundle_with_data`)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from site_build.digest import files_digest
from site_build.errors import BuildError

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
ENTRIES = WEB / "entries"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
CACHE = ROOT / "build" / "web"
SERVICE_WORKER = WEB / "sw" / "sw.js"
# The site-wide scripts, bundled to the paths pages load them from (mkdocs.yml
# extra_javascript), and the Japanese search worker beside Material's, which it loads.
SITE_SCRIPTS = {
    "assets/javascripts/search-input.js": WEB / "every-page" / "search-input.js",
    "assets/javascripts/print-links.js": WEB / "every-page" / "print-links.js",
    "assets/javascripts/language-link.js": WEB / "every-page" / "language-link.js",
}
WORKERS = "assets/javascripts/workers"
SEGMENTER = WEB / "search" / "search-segmenter.js"
# Browsers the site supports have every feature of ES2020; esbuild lowers what is newer.
OPTIONS = ("--bundle", "--format=iife", "--target=es2020", "--minify", "--charset=utf8",
           "--legal-comments=none")


class ScriptsError(BuildError):
    """esbuild is missing or failed; the message says what to do."""


@dataclass(frozen=True)
class Scripts:
    """The built scripts: one file per entry of web/entries/ (checklist.js, worker.js, ...)."""

    directory: Path

    def text(self, entry: str) -> str:
        return (self.directory / entry).read_text(encoding="utf-8")

    def hashed_name(self, entry: str) -> str:
        """`name.<8 hex>.min.js`: a content-addressed name, safe to cache forever."""
        digest = hashlib.sha256((self.directory / entry).read_bytes()).hexdigest()[:8]
        return f"{Path(entry).stem}.{digest}.min.js"


def sources() -> list[Path]:
    """The browser code's sources (tests and the type declarations are not bundled)."""
    return sorted(p for p in WEB.rglob("*.js") if not p.name.endswith(".test.mjs"))


def source_digest() -> str:
    lock = ROOT / "package-lock.json"
    return files_digest(((path.relative_to(ROOT).as_posix(), path) for path in [*sources(), lock]),
                           seed=" ".join(OPTIONS).encode())[:12]


def build_scripts(cache_root: Path = CACHE) -> Scripts:
    """Bundle every entry (or reuse the cached build of the same sources)."""
    directory = cache_root / source_digest()
    if (directory / "done").is_file():
        return Scripts(directory)
    if not ESBUILD.is_file():
        raise ScriptsError("node_modules/.bin/esbuild is missing: run `npm ci` (or `make setup`)")
    cache_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=cache_root))
    entries = sorted(ENTRIES.glob("*.js"))
    done = subprocess.run(
        [str(ESBUILD), *map(str, entries), *OPTIONS, f"--outdir={work}", "--log-level=warning"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0 or done.stderr.strip():
        shutil.rmtree(work, ignore_errors=True)
        raise ScriptsError(f"esbuild failed:\n{done.stdout}{done.stderr}")
    (work / "done").write_text(json.dumps([e.name for e in entries]), encoding="utf-8")
    shutil.rmtree(directory, ignore_errors=True)
    work.rename(directory)
    return Scripts(directory)


def bundle_with_data(entry: Path, constants: dict[str, object] | None = None) -> str:
    """`entry` bundled on its own, each of `constants` (JSON) given as a constant of that name
    (esbuild `define`): build-time values reach the code as data, never by editing its text."""
    if not ESBUILD.is_file():
        raise ScriptsError("node_modules/.bin/esbuild is missing: run `npm ci` (or `make setup`)")
    defines = [f"--define:{name}={json.dumps(value)}" for name, value in (constants or {}).items()]
    done = subprocess.run(
        [str(ESBUILD), str(entry), *OPTIONS, *defines, "--log-level=warning"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False,
    )
    if done.returncode != 0 or done.stderr.strip():
        raise ScriptsError(f"esbuild failed on {entry.name}:\n{done.stderr}")
    return done.stdout


def place_site_scripts(site_dir: Path) -> list[str]:
    """Write the site-wide scripts and the search segmenter (given the name of Material's
    hashed search worker, which it loads) into the built site; returns their paths."""
    material = sorted(path.name for path in (site_dir / WORKERS).glob("search.*.min.js"))
    if len(material) != 1:
        raise ScriptsError(f"expected one Material search worker in {WORKERS}, found {material}")
    texts = {target: bundle_with_data(entry) for target, entry in SITE_SCRIPTS.items()}
    texts[f"{WORKERS}/{SEGMENTER.name}"] = bundle_with_data(
        SEGMENTER, {"MATERIAL_SEARCH_WORKER": material[0]})
    for target, text in texts.items():
        (site_dir / target).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / target).write_text(text, encoding="utf-8")
    return list(texts)


def inline_script(scripts: Scripts, entry: str) -> str:
    """An entry's text for a `<script>` element; refuses one that would end the element."""
    text = scripts.text(entry)
    if "</script" in text.lower():
        raise ScriptsError(f"{entry} must not contain '</script' (it is inlined)")
    return text
