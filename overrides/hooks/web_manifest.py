"""MkDocs hook: a web app manifest per language, so that the site can be added to a phone's
Home Screen and opens as an app (which also keeps its storage past Safari's 7-day rule).

`manifest.webmanifest` at the root (Japanese) and `en/manifest.webmanifest` (English). Every
address in them is relative to the manifest, so they work at any host path and from a folder.
The icons are drawn by `python -m site_build.icons`; the colours are the palette's indigo
(mkdocs.yml `primary: indigo`) on white. Pages link their language's manifest from the head
(overrides/main.html, `web_manifest`).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

MANIFEST = "manifest.webmanifest"
IMAGES = "assets/images/"
THEME_COLOR = "#4051b5"  # Material's indigo, the palette's primary colour
BACKGROUND_COLOR = "#ffffff"
SHORT_NAMES = {"ja": "内定辞退の撤回", "en": "Naitei Guide"}
ICONS = [
    {"src": "icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
    {"src": "icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
    {"src": "icon-maskable-512.png", "sizes": "512x512", "type": "image/png",
     "purpose": "maskable"},
]
APPLE_TOUCH_ICON = IMAGES + "apple-touch-icon.png"

_languages: dict[str, dict[str, str]] = {}  # per language: name and description, as built


def folder(config: MkDocsConfig, lang: str) -> str:
    """Folder of a language's pages from the site root: "" for the default language, else "en/"."""
    i18n = config.plugins.get("i18n")
    return "" if i18n is None or lang == i18n.default_language else f"{lang}/"


def _current(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


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


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Remember this language's name and description (each language's build runs this)."""
    _languages[_current(config)] = {"name": config.site_name,
                                    "description": config.site_description or ""}


def on_page_context(context: dict, *, page, config: MkDocsConfig, nav) -> dict:
    context["web_manifest"] = {"href": folder(config, _current(config)) + MANIFEST,
                               "apple_touch_icon": APPLE_TOUCH_ICON,
                               "theme_color": THEME_COLOR}
    return context


# After mkdocs-static-i18n built the other languages (-100), before offline.py lists files (-200)
@event_priority(-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    for lang, text in _languages.items():
        here = folder(config, lang)
        target = Path(config.site_dir) / here / MANIFEST
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(manifest(lang, here, text["name"], text["description"]),
                                     ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
