"""Copy browser-side files pinned in package.json from node_modules into the built site.

Nothing is fetched at build or run time: `npm ci` brings the exact pinned versions and this
hook copies the few files the site serves.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"

# (source under node_modules, destination under site/)
VENDORED = [
    ("iframe-worker/shim/index.js", "assets/vendor/iframe-worker/shim.js"),
]


def _copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise PluginError(f"missing {source.relative_to(ROOT)}: run `npm ci` (or `make setup`)")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def on_post_build(*, config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    for source, target in VENDORED:
        _copy(NODE_MODULES / source, site_dir / target)
