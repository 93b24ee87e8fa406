"""MkDocs hook: check every link in the checker's rules data and resolve it for the page.

The rules data names its links as docs paths, `page.md` or `page.md#anchor`. On the checklist
page of each language this hook finds each one among the pages MkDocs built (their headings,
read from each page's table of contents) and hands the page a map
`{link: {"href": <relative to the checklist page>, "title": <the heading's title>}}` in
`context["checker_links"]`; checker_assets puts it in the page's configuration. A link whose
page or heading does not exist in that language fails the build, naming it.
"""

from __future__ import annotations

import html
import importlib
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[2]
_LANG_SUFFIX = re.compile(r"\.[a-z]{2}\.md$")


def rule_links(rules) -> list[str]:
    """Every link the rules data names (questions, options, steps, warnings), sorted."""
    links = {q.link for q in rules.questions} | {o.link for q in rules.questions
                                                 for o in q.options}
    links |= {a.link for a in rules.steps + rules.warnings}
    return sorted(link for link in links if link)


def _docs_path(src_uri: str) -> str:
    """The language-neutral docs path of a page: `steps.en.md` -> `steps.md`."""
    return _LANG_SUFFIX.sub(".md", src_uri)


def _headings(toc) -> dict[str, str]:
    """Anchor id -> heading title, for every heading of a table of contents."""
    found: dict[str, str] = {}
    for item in toc:
        found[item.id] = html.unescape(item.title).strip()
        found |= _headings(item.children)
    return found


def resolve_links(links: list[str], page, pages) -> dict[str, dict[str, str]]:
    """Resolve each link against `pages` (MkDocs pages with their tables of contents), as seen
    from `page`; raise PluginError listing every link that names no page or heading."""
    by_path = {_docs_path(p.file.src_uri): p for p in pages}
    resolved: dict[str, dict[str, str]] = {}
    bad = []
    for link in links:
        path, _, anchor = link.partition("#")
        target = by_path.get(path)
        if target is None:
            bad.append(f"{link} (no page {path})")
            continue
        href = get_relative_url(target.url, page.url)
        if not anchor:
            resolved[link] = {"href": href, "title": target.title}
            continue
        titles = _headings(target.toc)
        if anchor not in titles:
            bad.append(f"{link} (no heading #{anchor} in {target.file.src_uri})")
            continue
        resolved[link] = {"href": f"{href}#{anchor}", "title": titles[anchor]}
    if bad:
        raise PluginError("checker rules data: links that resolve to no page or heading: "
                          + "; ".join(bad) + ". Use 'page.md' or 'page.md#anchor' with an "
                          "existing page and heading id, in every language.")
    return resolved


def _rules():
    """The checker's rules, from the module checker_assets keeps current."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("checker").load_rules()


def on_page_context(context: dict, *, page, config, nav) -> dict:
    if page.meta.get("template") == "checklist.html":
        context["checker_links"] = resolve_links(rule_links(_rules()), page, nav.pages)
    return context
