"""MkDocs hook: a plain "page not found" page per language (`404.html`, `en/404.html`), and a
plain "you are offline" page beside each (`offline.html`, `en/offline.html`), which the service
worker shows for an address it has not kept when the network is off.

Static hosts serve the root `404.html` for a missing URL at any depth, so no relative URL in
it is right everywhere, and a root-absolute one ("/assets/...") breaks when the site lives in
a sub-path. So these pages load nothing (no theme, stylesheet, script or image: they look the
same at any depth, and their policy is `default-src 'none'`) and only link to the home pages,
relatively: right for a missing page at the site's top level (the usual case with flat
`.html` URLs) and, where the host serves the nearest 404.html, for one under `en/` too.
Material's themed 404 page (English at the root, root-absolute URLs) is not built.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

# The offline page: what happened, and the pages kept for offline use once the site is.
OFFLINE_TEXT = {
    "ja": {
        "title": "オフラインです",
        "body": "このページはまだこの端末に保存されていないため、いまは開けません。"
        "インターネットにつながったら、もう一度開いてください。"
        "一度開いたページは、オフラインでも読めます。",
        "home": "ホーム（日本語）",
    },
    "en": {
        "title": "You are offline",
        "body": "This page is not saved on this device yet, so it cannot open now. "
        "Try again when you are back online. Pages you have opened before work offline.",
        "home": "Home (English)",
    },
}
# Pages the offline page also links to, in its own language, by the label for each language.
OFFLINE_LINKS = {
    "checklist.html": {"ja": "確認チェックリスト", "en": "Checklist"},
    "templates.html": {"ja": "電話・メールの文例", "en": "Templates"},
}
TEXT = {
    "ja": {
        "title": "ページが見つかりません",
        "body": "お探しのページは見つかりませんでした。URL をご確認のうえ、"
        "ホームからお探しください。",
        "home": "ホーム（日本語）",
    },
    "en": {
        "title": "Page not found",
        "body": "There is no page at this address. Check the URL, or start from the home page.",
        "home": "Home (English)",
    },
}
PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" \
content="default-src 'none'; img-src data:; base-uri 'none'">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} - {site_name}</title>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{body}</p>
<ul>
{links}
</ul>
</main>
</body>
</html>
"""

OFFLINE_PAGE = "offline.html"
_site_names: dict[str, str] = {}  # per language, recorded while each language is built


def _folder(config: MkDocsConfig, lang: str) -> str:
    """Folder of a language's pages from the site root: "" for the default language, else "en/"."""
    return "" if lang == config.plugins["i18n"].default_language else f"{lang}/"


def _page(config: MkDocsConfig, lang: str, languages: list[str],
          texts: dict = TEXT, extra: dict | None = None) -> str:
    """The 404 page of `lang` (or another plain page, by its `texts`): its text, then links to
    every home page, its own first, with the `extra` pages of its language after its home."""
    here = _folder(config, lang) or "."
    items = []
    for other in sorted(languages, key=lambda other: other != lang):
        items.append(
            f'<li><a href="{posixpath.relpath(_folder(config, other) + "index.html", here)}"'
            f' hreflang="{other}" lang="{other}">{escape(texts[other]["home"])}</a></li>')
        if other == lang:
            items += [f'<li><a href="{page}">{escape(labels[lang])}</a></li>'
                      for page, labels in (extra or {}).items()]
    links = "\n".join(items)
    text = {key: escape(value) for key, value in texts[lang].items()}
    site_name = escape(_site_names.get(lang, config.site_name))
    return PAGE.format(lang=lang, site_name=site_name, links=links, **text)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.theme.static_templates.discard("404.html")  # replaced by the pages written below
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Remember this language's site name (each language's build runs this)."""
    _site_names[config.plugins["i18n"].current_language] = config.site_name


# After mkdocs-static-i18n built the other languages (-100), before offline.py lists files (-200)
@event_priority(-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Write every language's 404 page, once all languages are built."""
    i18n = config.plugins["i18n"]
    if i18n.building:  # a language build inside the default one
        return
    languages = [lang for lang in i18n.build_languages if lang in TEXT]
    for lang in languages:
        folder = Path(config.site_dir) / _folder(config, lang)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "404.html").write_text(_page(config, lang, languages), encoding="utf-8")
        (folder / OFFLINE_PAGE).write_text(
            _page(config, lang, languages, OFFLINE_TEXT, OFFLINE_LINKS), encoding="utf-8")
