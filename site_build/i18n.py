"""The site's languages as the build lays them out: the default language at the site root,
each other one in its own folder (mkdocs-static-i18n's suffix layout)."""

from __future__ import annotations


def folder(lang: str, default_language: str) -> str:
    """Folder of a language's pages from the site root: "" for the default language, else
    "<lang>/"."""
    return "" if lang == default_language else f"{lang}/"
