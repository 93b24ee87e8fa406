"""MkDocs hook: write the service worker that keeps the whole site available offline.

Runs after every language is built (mkdocs-static-i18n builds the others inside the default
language's `on_post_build`, at priority -100), lists every file of the site, and writes
`sw.js` at the site root with that list and a version that changes with any file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

SW_SOURCE = Path(__file__).with_name("sw.js")
# Not precached: source maps, sitemaps, the file:// payload (served pages never load it).
SKIPPED_SUFFIXES = (".map", ".gz", ".xml")
SKIPPED_NAMES = {"sw.js", "file-payload.js"}


def _all_languages_built(config: MkDocsConfig) -> bool:
    """True in the outermost build, once mkdocs-static-i18n has built every other language."""
    i18n = config.plugins.get("i18n")
    return i18n is None or not i18n.building


def precache_list(site_dir: Path) -> list[Path]:
    """Every file a reader may need offline, in a stable order."""
    return sorted(
        path
        for path in site_dir.rglob("*")
        if path.is_file()
        and path.name not in SKIPPED_NAMES
        and not path.name.endswith(SKIPPED_SUFFIXES)
    )


def service_worker(site_dir: Path) -> str:
    files = precache_list(site_dir)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(site_dir).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    names = ["./"] + [path.relative_to(site_dir).as_posix() for path in files]
    source = SW_SOURCE.read_text(encoding="utf-8")
    return source.replace("__VERSION__", digest.hexdigest()[:16]).replace(
        "__FILES__", json.dumps(names)
    )


@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not _all_languages_built(config):
        return
    site_dir = Path(config.site_dir)
    # the theme folder copies our hooks' files
    shutil.rmtree(site_dir / "hooks", ignore_errors=True)
    (site_dir / "sw.js").write_text(service_worker(site_dir), encoding="utf-8")
