"""Each language searches its own pages, and Japanese queries are segmented.

mkdocs-static-i18n merges every language into the root `search/search_index.json` (with the
search settings of all languages at once), and Material's offline plugin inlines only one
language into `search/search_index.js`. Once every language is built, `split_index` splits
the merged index: the default language's pages go to `search/`, another language's to
`<lang>/search/` (locations relative to `<lang>/`), each with Material's search settings for
that language. On every page, `point_search` edits Material's `__config` (found with the HTML
parser):

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

from jinja2 import Environment
from jinja2.utils import htmlsafe_json_dumps

from site_build.postprocess.csp import material_config
from site_build.postprocess.markup import splice

INDEX = "search/search_index.json"
SEGMENTED = {"ja"}  # languages whose text Material's worker segments with TinySegmenter
SEGMENTER_WORKER = "search-segmenter.js"  # beside Material's search worker


def search_settings(env: Environment, lang: str) -> dict:
    """Material's search defaults for `lang` (lang, separator, pipeline), as for a site in it,
    read from the theme's `partials/language.html` in `env`."""
    # mkdocs.yml sets only `lang` (for the merged index); a `separator` or `pipeline` set there
    # would be replaced here. English keeps Material's English default pipeline (no stemmer):
    # stemmed index words ("apolog") never match Material's prefix queries ("apology*").
    template = env.get_template("partials/language.html")
    t = template.make_module({"config": {"theme": {"language": lang}}}).t
    return {
        "lang": [str(t("search.config.lang"))],
        "separator": str(t("search.config.separator")),
        "pipeline": [fn for fn in re.split(r"\s*,\s*", str(t("search.config.pipeline"))) if fn],
    }


def point_search(page_html: str, lang: str, folder: str) -> str:
    """Point a page's search at its language's index (in `folder`, "" or "en/"), and a page in
    a segmented language at the segmenter."""
    span = material_config(page_html)
    if span is None:
        return page_html
    app = json.loads(page_html[span[0] : span[1]])
    if folder:
        app["base"] = f"{app['base']}/{folder}"  # ".." -> "../en/" (trailing slash: a folder)
    if lang in SEGMENTED:
        app["search"] = f"{app['search'].rpartition('/')[0]}/{SEGMENTER_WORKER}"
    return splice(page_html, [(span[0], span[1], str(htmlsafe_json_dumps(app)))])


def split_index(site_dir: Path, folders: dict[str, str], settings: dict[str, dict]) -> None:
    """Split the merged index of `site_dir` by language (`folders`: language -> "" or "en/",
    the default language's is ""), each with its language's `settings`."""
    merged = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))
    with_script = (site_dir / INDEX).with_suffix(".js").is_file()  # the offline plugin is on
    default = next(lang for lang, folder in folders.items() if not folder)

    def language_of(location: str) -> str:
        found = (lang for lang, folder in folders.items() if folder and location.startswith(folder))
        return next(found, default)

    for lang, folder in folders.items():
        docs = [
            {**doc, "location": doc["location"][len(folder) :]}
            for doc in merged["docs"]
            if language_of(doc["location"]) == lang
        ]
        index = {"config": {**merged["config"], **settings[lang]}, "docs": docs}
        data = json.dumps(index, separators=(",", ":"))
        target = site_dir / folder / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data, encoding="utf-8")
        if with_script:  # for file://, as Material's offline plugin writes it
            target.with_suffix(".js").write_text(f"var __index = {data}", encoding="utf-8")
