"""Which language MkDocs is building, for the hooks (mkdocs-static-i18n builds one per run)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig


def current_language(config: MkDocsConfig) -> str:
    """The locale being built ("ja", "en")."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def languages(config: MkDocsConfig) -> list[str]:
    """Locales in mkdocs.yml order."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [config.theme["language"]]
    return [language.locale for language in i18n.config.languages]


def all_languages_built(config: MkDocsConfig) -> bool:
    """True in the outermost build, once mkdocs-static-i18n has built every other language
    (it builds them inside the default language's `on_post_build`, at priority -100)."""
    i18n = config.plugins.get("i18n")
    return i18n is None or not i18n.building


def folder(lang: str, default_language: str) -> str:
    """Folder of a language's pages from the site root: "" for the default language, else
    "<lang>/" (mkdocs-static-i18n's layout)."""
    return "" if lang == default_language else f"{lang}/"
