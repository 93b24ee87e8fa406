"""Copy browser-side files pinned in package.json from node_modules into the built site.

Nothing is fetched at build or run time: `npm ci` brings the exact pinned versions and this
step copies the few files the site serves.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from site_build.errors import BuildError

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"

# (source under node_modules, destination under the site)
VENDORED = [
    ("iframe-worker/shim/index.js", "assets/vendor/iframe-worker/shim.js"),
]


def copy_vendored(site_dir: Path, node_modules: Path = NODE_MODULES) -> None:
    """Copy every VENDORED file into `site_dir`; a missing one names the fix."""
    for source, target in VENDORED:
        origin, copy = node_modules / source, site_dir / target
        if not origin.is_file():
            raise BuildError(f"missing node_modules/{source}: run `npm ci` (or `make setup`)")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, copy)
