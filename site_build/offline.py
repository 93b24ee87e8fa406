"""The service worker that keeps the whole site available offline: `sw.js` (the template
beside this file) filled with every file of the site and a version that changes with any."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SW_TEMPLATE = Path(__file__).with_name("sw.js")
# Not precached: source maps, sitemaps, the file:// payload (served pages never load it).
SKIPPED_SUFFIXES = (".map", ".gz", ".xml")
SKIPPED_NAMES = {"sw.js", "file-payload.js"}


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
    """The text of sw.js for the site in `site_dir`."""
    files = precache_list(site_dir)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(site_dir).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    names = ["./"] + [path.relative_to(site_dir).as_posix() for path in files]
    source = SW_TEMPLATE.read_text(encoding="utf-8")
    return source.replace("__VERSION__", digest.hexdigest()[:16]).replace(
        "__FILES__", json.dumps(names)
    )
