"""A web app manifest per language, so that the site can be added to a phone's Home Screen and
opens as an app (which also keeps its storage past Safari's 7-day rule).

`manifest.webmanifest` at the root (Japanese) and `en/manifest.webmanifest` (English). Every
address in them is relative to the manifest, so they work at any host path and from a folder.
The icons are drawn by `python -m site_build.icons`; the colours are the palette's indigo
(mkdocs.yml `primary: indigo`) on white. Pages link their language's manifest from the head
(overrides/main.html, `web_manifest`: `head_links`).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from site_build.postprocess.texts import PAGE_TEXTS

MANIFEST = "manifest.webmanifest"
IMAGES = "assets/images/"
THEME_COLOR = "#4051b5"  # Material's indigo, the palette's primary colour
BACKGROUND_COLOR = "#ffffff"
SHORT_NAMES = PAGE_TEXTS["short_name"]  # by language (page_texts.toml)
ICONS = [
    {"src": "icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
    {"src": "icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
    {"src": "icon-maskable-512.png", "sizes": "512x512", "type": "image/png",
     "purpose": "maskable"},
]
APPLE_TOUCH_ICON = IMAGES + "apple-touch-icon.png"


def manifest(lang: str, here: str, name: str, description: str) -> dict:
    """The manifest of `lang`, written in the folder `here` ("" or "en/")."""
    up = posixpath.relpath(".", here or ".")
    to_root = "" if up == "." else up + "/"
    return {
        "name": name,
        "short_name": SHORT_NAMES.get(lang, name),
        "description": description,
        "lang": lang,
        "dir": "ltr",
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [{**icon, "src": to_root + IMAGES + icon["src"]} for icon in ICONS],
    }


def head_links(folder: str) -> dict[str, str]:
    """What a page of the language in `folder` links from its head (site-relative)."""
    return {"href": folder + MANIFEST, "apple_touch_icon": APPLE_TOUCH_ICON,
            "theme_color": THEME_COLOR}


def write_manifests(site_dir: Path, folders: dict[str, str],
                    texts: dict[str, tuple[str, str]]) -> None:
    """Write the manifest of each language in `texts` (language -> site name, description)."""
    for lang, (name, description) in texts.items():
        here = folders[lang]
        target = site_dir / here / MANIFEST
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(manifest(lang, here, name, description),
                                     ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
