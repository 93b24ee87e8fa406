"""Read built pages with html.parser: ids, links, fetched resources, and code to scan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Attributes that make the browser fetch something, per element.
RESOURCE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),  # SVG
    "use": ("href", "xlink:href"),  # SVG
}
# <link rel> values that fetch (or connect to) the href.
RESOURCE_RELS = frozenset(
    {
        "stylesheet",
        "preload",
        "modulepreload",
        "prefetch",
        "preconnect",
        "dns-prefetch",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "mask-icon",
        "manifest",
    }
)
# <link rel> values that are navigation links, checked like <a href>.
LINK_RELS = frozenset({"alternate", "canonical", "prev", "next"})


@dataclass
class Anchor:
    """An <a href> with its classes and readable text."""

    href: str
    classes: frozenset[str]
    text: str = ""


@dataclass
class Page:
    """What one built HTML page declares."""

    path: str  # relative to the site root, POSIX
    lang: str | None = None
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (element, href)
    anchors: list[Anchor] = field(default_factory=list)  # every <a href>, with its text
    resources: list[tuple[str, str]] = field(default_factory=list)  # (element.attribute, url)
    scripts: list[str] = field(default_factory=list)  # inline <script> bodies
    styles: list[str] = field(default_factory=list)  # <style> bodies and style="" values
    markup: list[str] = field(default_factory=list)  # every attribute value but <a href>,
    # plus scripts, styles and comments: all the page holds except readable text and link targets


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset value."""
    return [item.split()[0] for item in value.split(",") if item.split()]


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._raw: str | None = None  # "script" or "style" while inside one
        self._anchor: Anchor | None = None  # the <a href> being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        page = self.page
        if tag == "html" and "lang" in values:
            page.lang = values["lang"]
        if "id" in values:
            page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            page.ids.add(values["name"])
        for name, value in values.items():
            if not (tag == "a" and name == "href"):
                page.markup.append(value)
            if name == "style":
                page.styles.append(value)
        if tag == "a" and "href" in values:
            page.links.append(("a", values["href"]))
            self._anchor = Anchor(values["href"], frozenset(values.get("class", "").split()))
            page.anchors.append(self._anchor)
        if tag == "link" and "href" in values:
            rels = set(values.get("rel", "").lower().split())
            if rels & RESOURCE_RELS:
                page.resources.append((f"link[rel={values.get('rel')}]", values["href"]))
            elif rels & LINK_RELS:
                page.links.append((f"link[rel={values.get('rel')}]", values["href"]))
        for name in RESOURCE_ATTRIBUTES.get(tag, ()):
            if name in values:
                urls = srcset_urls(values[name]) if name == "srcset" else [values[name]]
                page.resources += [(f"{tag}.{name}", url) for url in urls if url]
        if tag in ("script", "style"):
            self._raw = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._raw = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None
        if tag == "a" and self._anchor is not None:
            self._anchor.text = " ".join(self._anchor.text.split())
            self._anchor = None

    def handle_data(self, data: str) -> None:
        if self._anchor is not None and self._raw is None:
            self._anchor.text += data
        if self._raw == "script":
            self.page.scripts.append(data)
            self.page.markup.append(data)
        elif self._raw == "style":
            self.page.styles.append(data)
            self.page.markup.append(data)

    def handle_comment(self, data: str) -> None:
        self.page.markup.append(data)


def parse_page(site: Path, file: Path) -> Page:
    """Parse one built HTML file of `site`."""
    page = Page(path=file.relative_to(site).as_posix())
    parser = _Parser(page)
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    return page


def html_files(site: Path) -> list[Path]:
    """Every HTML file of the built site, sorted."""
    return sorted(site.rglob("*.html"))


# CSS: url(...) and @import "..." / @import url(...)
CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>.*?)(?P=q)\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?P<q>['"])(?P<url>.*?)(?P=q)""", re.IGNORECASE)


def css_urls(css: str) -> list[str]:
    """URLs a stylesheet (or style attribute) fetches."""
    return [m["url"] for pattern in (CSS_URL, CSS_IMPORT) for m in pattern.finditer(css)]


# JS: a remote URL literal handed straight to something that loads or connects.
_REMOTE = r"""[`'"]\s*(?:(?:https?|wss?):)?//"""
JS_REMOTE_LOADS = [
    re.compile(
        r"\b(?:importScripts|fetch|import|Worker|SharedWorker|EventSource|WebSocket|sendBeacon"
        r"|register)\s*\(\s*" + _REMOTE
    ),
    re.compile(r"\bimport\s*(?:[\w$*{},\s]+\s+from\s*)?" + _REMOTE),  # static import
    re.compile(r"\.open\(\s*[`'\"]\w+[`'\"]\s*,\s*" + _REMOTE),  # XMLHttpRequest.open
    re.compile(r"\.(?:src|href)\s*=\s*" + _REMOTE),  # script.src = "https://..."
    re.compile(r"""setAttribute\(\s*[`'"](?:src|href)[`'"]\s*,\s*""" + _REMOTE),
]


def js_remote_loads(code: str) -> list[str]:
    """Snippets of `code` that load or connect to a remote URL."""
    return [
        code[max(m.start() - 40, 0) : m.end() + 60]
        for pattern in JS_REMOTE_LOADS
        for m in pattern.finditer(code)
    ]


def is_remote(url: str) -> bool:
    """True if the URL names a host (http://x, https://x, //x): anything not in the site."""
    return re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE) is not None and not (
        url.strip().lower().startswith("file:")
    )
