"""MkDocs hook: each language searches its own pages, and Japanese queries are segmented.

mkdocs-static-i18n merges every language into the root `search/search_index.json` (with the
search settings of all languages at once), and Material's offline plugin inlines only one
language into `search/search_index.js`. Once every language is built, this hook splits the
merged index: the default language's pages go to `search/`, another language's to
`<lang>/search/` (locations relative to `<lang>/`), each with Material's search settings for
that language. On every page it edits Material's `__config`:

- pages of another language get `base` = their language's folder, so Material loads that
  language's index and resolves result links inside it (base is used for nothing else here:
  no versions, no instant navigation, no alternate-link sitemaps);
- Japanese pages get `assets/javascripts/workers/search-segmenter.js` as search worker: it
  wraps Material's and segments the query like the index (web/search/). The build gives it
  the name of Material's worker (site_build.scripts.place_site_scripts; not in its URL:
  offline, the service worker answers from a cache that ignores query strings, and a worker's
  URL is its response's).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

INDEX = "search/search_index.json"
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)')
SEGMENTED = {"ja"}  # languages whose text Material's worker segments with TinySegmenter
SEGMENTER_WORKER = "search-segmenter.js"  # beside Material's search worker


def _folder(config: MkDocsConfig, lang: str) -> str:
    """Folder of a language's pages from the site root: "" for the default language, else "en/"."""
    return "" if lang == config.plugins["i18n"].default_language else f"{lang}/"


def _search_settings(config: MkDocsConfig, lang: str) -> dict:
    """Material's search defaults for `lang` (lang, separator, pipeline), as for a site in it."""
    # mkdocs.yml sets only `lang` (for the merged index); a `separator` or `pipeline` set there
    # would be replaced here. English keeps Material's English default pipeline (no stemmer):
    # stemmed index words ("apolog") never match Material's prefix queries ("apology*").
    template = config.theme.get_env().get_template("partials/language.html")
    t = template.make_module({"config": {"theme": {"language": lang}}}).t
    return {
        "lang": [str(t("search.config.lang"))],
        "separator": str(t("search.config.separator")),
        "pipeline": [fn for fn in re.split(r"\s*,\s*", str(t("search.config.pipeline"))) if fn],
    }


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Point the page's search at its language's index, and Japanese pages at the segmenter."""
    lang = config.plugins["i18n"].current_language
    folder = _folder(config, lang)

    def edit(match: re.Match[str]) -> str:
        app = json.loads(match[2])
        if folder:
            app["base"] = f"{app['base']}/{folder}"  # ".." -> "../en/" (trailing slash: a folder)
        if lang in SEGMENTED:
            app["search"] = f"{app['search'].rpartition('/')[0]}/{SEGMENTER_WORKER}"
        return match[1] + str(htmlsafe_json_dumps(app)) + match[3]

    return CONFIG_SCRIPT.sub(edit, output, count=1)


# After mkdocs-static-i18n built the other languages (-100), before offline.py lists files (-200)
@event_priority(-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Split the merged search index by language."""
    i18n = config.plugins["i18n"]
    if i18n.building:  # a language build inside the default one: the index is not merged yet
        return
    site_dir = Path(config.site_dir)
    merged = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))
    with_script = (site_dir / INDEX).with_suffix(".js").is_file()  # the offline plugin is on
    folders = {lang: _folder(config, lang) for lang in i18n.build_languages}

    def language_of(location: str) -> str:
        found = (lang for lang, folder in folders.items() if folder and location.startswith(folder))
        return next(found, i18n.default_language)

    for lang, folder in folders.items():
        docs = [
            {**doc, "location": doc["location"][len(folder) :]}
            for doc in merged["docs"]
            if language_of(doc["location"]) == lang
        ]
        index = {"config": {**merged["config"], **_search_settings(config, lang)}, "docs": docs}
        data = json.dumps(index, separators=(",", ":"))
        target = site_dir / folder / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data, encoding="utf-8")
        if with_script:  # for file://, as Material's offline plugin writes it
            target.with_suffix(".js").write_text(f"var __index = {data}", encoding="utf-8")

