"""MkDocs hook: the service worker and its registration script (a thin adapter over
`site_build.offline` and `site_build.scripts`).

Every page but the checklist loads `sw-register.<hash>.min.js` (the checklist's own script
registers the worker once the reader pauses); after every language is built, the site-wide
scripts and the search segmenter are placed (web/site, web/search), then `sw.js` is written at
the site root with every file of the site, the checker's first, and a version that changes
with any.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_build import offline, scripts  # noqa: E402
from site_build.i18n import all_languages_built  # noqa: E402

REGISTER_ENTRY = "sw-register.js"
SCRIPTS_DIR = "assets/javascripts"


def _scripts() -> scripts.Scripts:
    try:
        return scripts.build_scripts()
    except scripts.ScriptsError as error:
        raise PluginError(str(error)) from error


def on_page_context(context: dict, *, page, config: MkDocsConfig, nav) -> dict:
    context["sw_register_script"] = f"{SCRIPTS_DIR}/{_scripts().hashed_name(REGISTER_ENTRY)}"
    return context


@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not all_languages_built(config):
        return
    site_dir = Path(config.site_dir)
    built = _scripts()
    target = site_dir / SCRIPTS_DIR / built.hashed_name(REGISTER_ENTRY)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((built.directory / REGISTER_ENTRY).read_bytes())
    try:  # the site-wide scripts and the search segmenter, before the worker lists every file
        scripts.place_site_scripts(site_dir)
    except scripts.ScriptsError as error:
        raise PluginError(str(error)) from error
    search = config.plugins.get("material/search")
    languages = list(search.config.lang) if search is not None and search.config.lang else None
    (site_dir / "sw.js").write_text(offline.service_worker(site_dir, languages),
                                    encoding="utf-8")
