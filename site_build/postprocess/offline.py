"""The service worker and its registration script in the built site (the worker's text is
`site_build.offline`'s; the scripts are built from web/ by `site_build.scripts`).

Every page but those that run the engine loads `sw-register.<hash>.min.js` (an engine page's
own script registers the worker once the reader pauses); once every file is in place, `sw.js`
is written at the site root with every file of the site, the engine's first, and a version
that changes with any.
"""

from __future__ import annotations

from pathlib import Path

from site_build import offline
from site_build.scripts import Scripts

REGISTER_ENTRY = "sw-register.js"
SCRIPTS_DIR = "assets/javascripts"


def register_script(scripts: Scripts) -> str:
    """The registration script's site-relative path (content-addressed)."""
    return f"{SCRIPTS_DIR}/{scripts.hashed_name(REGISTER_ENTRY)}"


def write_service_worker(site_dir: Path, scripts: Scripts, search_languages: list[str] | None,
                         loaded_by: dict[str, list[str]] | None = None) -> None:
    """Copy the registration script in, then write `sw.js` over every file of `site_dir`: the
    last step of a build (`loaded_by`: what each page loads, as the build read it)."""
    target = site_dir / register_script(scripts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((scripts.directory / REGISTER_ENTRY).read_bytes())
    (site_dir / "sw.js").write_text(
        offline.service_worker(site_dir, search_languages, loaded_by), encoding="utf-8")
