"""A plain "page not found" page per language (`404.html`, `en/404.html`), and a plain "you
are offline" page beside each (`offline.html`, `en/offline.html`), which the service worker
shows for an address it has not kept when the network is off. Texts: plain_pages.toml.

Static hosts serve the root `404.html` for a missing URL at any depth, so no relative URL in
it is right everywhere, and a root-absolute one ("/assets/...") breaks when the site lives in
a sub-path. So these pages load nothing (no theme, stylesheet, script or image: they look the
same at any depth, and their policy is `default-src 'none'`) and only link to the home pages,
relatively: right for a missing page at the site's top level (the usual case with flat
`.html` URLs) and, where the host serves the nearest 404.html, for one under `en/` too.
The generator's themed 404 page is not built (the plugin drops it).
"""

from __future__ import annotations

import posixpath
import tomllib
from html import escape
from pathlib import Path

from site_build.errors import BuildError

TEXTS = tomllib.loads(Path(__file__).with_name("plain_pages.toml").read_text(encoding="utf-8"))
NOT_FOUND_PAGE = "404.html"


def print_labels(lang: str) -> dict[str, str]:
    """The labels before a printout's addresses in `lang` ({"site", "page"})."""
    labels = {key: texts.get(lang) for key, texts in TEXTS["print_address"].items()}
    if None in labels.values():
        raise BuildError(f"plain_pages.toml [print_address]: no text in {lang}")
    return labels
OFFLINE_PAGE = "offline.html"
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


def plain_page(lang: str, folders: dict[str, str], site_name: str, texts: dict,
               extra: dict | None = None) -> str:
    """The plain page of `lang` with `texts` (per language: title, body, home): its text, then
    links to every home page (`folders`: language -> "" or "en/"), its own first, with the
    `extra` pages of its language after its home."""
    here = folders[lang] or "."
    items = []
    for other in sorted(folders, key=lambda other: other != lang):
        items.append(
            f'<li><a href="{posixpath.relpath(folders[other] + "index.html", here)}"'
            f' hreflang="{other}" lang="{other}">{escape(texts[other]["home"])}</a></li>')
        if other == lang:
            items += [f'<li><a href="{page}">{escape(labels[lang])}</a></li>'
                      for page, labels in (extra or {}).items()]
    links = "\n".join(items)
    text = {key: escape(value) for key, value in texts[lang].items()}
    return PAGE.format(lang=lang, site_name=escape(site_name), links=links, **text)


def write_plain_pages(site_dir: Path, folders: dict[str, str], site_names: dict[str, str]) -> None:
    """Write both plain pages of every language in `folders` that has texts."""
    folders = {lang: folder for lang, folder in folders.items() if lang in TEXTS["not_found"]}
    for lang, folder in folders.items():
        target = site_dir / folder
        target.mkdir(parents=True, exist_ok=True)
        (target / NOT_FOUND_PAGE).write_text(
            plain_page(lang, folders, site_names[lang], TEXTS["not_found"]), encoding="utf-8")
        (target / OFFLINE_PAGE).write_text(
            plain_page(lang, folders, site_names[lang], TEXTS["offline"],
                       TEXTS["offline_links"]), encoding="utf-8")
