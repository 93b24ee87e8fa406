"""The rules data's links, checked and resolved for the checklist page of each language.

The rules data names its links as docs paths, `page.md` or `page.md#anchor`. Each one is found
among the built pages of the checklist's language (with their headings) and becomes
`{"href": <relative to the checklist page>, "title": <the page's or heading's title>}`. A link
whose page or heading does not exist in that language fails the build, naming it.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from site_build.errors import BuildError

_LANG_SUFFIX = re.compile(r"\.[a-z]{2}\.md$")


@dataclass(frozen=True)
class Target:
    """A built page: its docs path (`steps.en.md`), its URL, its title, and its headings
    (anchor id -> title)."""

    src_uri: str
    url: str
    title: str
    headings: dict[str, str] = field(default_factory=dict)


def rule_links(rules) -> list[str]:
    """Every link the rules data names (questions, options, steps, warnings, the draft button),
    sorted."""
    links = {q.link for q in rules.questions} | {o.link for q in rules.questions
                                                 for o in q.options}
    links |= {a.link for a in rules.steps + rules.warnings}
    links.add(rules.draft_link)
    return sorted(link for link in links if link)


def docs_path(src_uri: str) -> str:
    """The language-neutral docs path of a page: `steps.en.md` -> `steps.md`."""
    return _LANG_SUFFIX.sub(".md", src_uri)


def headings(toc: Iterable) -> dict[str, str]:
    """Anchor id -> heading title, for every heading of a table of contents (items with `id`,
    `title` and `children`)."""
    found: dict[str, str] = {}
    for item in toc:
        found[item.id] = html.unescape(item.title).strip()
        found |= headings(item.children)
    return found


def relative_url(url: str, here: str) -> str:
    """`url` as seen from the page at `here` (both site-relative file URLs)."""
    return posixpath.relpath(url, posixpath.dirname(here) or ".")


def resolve_links(links: list[str], here: str, pages: list[Target]) -> dict[str, dict[str, str]]:
    """Resolve each link against `pages` of one language, as seen from the page at URL `here`;
    raise BuildError listing every link that names no page or heading."""
    by_path = {docs_path(p.src_uri): p for p in pages}
    resolved: dict[str, dict[str, str]] = {}
    bad = []
    for link in links:
        path, _, anchor = link.partition("#")
        target = by_path.get(path)
        if target is None:
            bad.append(f"{link} (no page {path})")
            continue
        href = relative_url(target.url, here)
        if not anchor:
            resolved[link] = {"href": href, "title": target.title}
            continue
        if anchor not in target.headings:
            bad.append(f"{link} (no heading #{anchor} in {target.src_uri})")
            continue
        resolved[link] = {"href": f"{href}#{anchor}", "title": target.headings[anchor]}
    if bad:
        raise BuildError("checker rules data: links that resolve to no page or heading: "
                         + "; ".join(bad) + ". Use 'page.md' or 'page.md#anchor' with an "
                         "existing page and heading id, in every language.")
    return resolved
