"""MkDocs hook: a Content Security Policy in every page, as `<meta http-equiv>` early in <head>.

The policy travels with the files (a static host, a zip opened from disk), so it is written
into each page rather than left to the host. It allows only this site's own files:

- scripts from the site, WebAssembly compilation for Pyodide (`'wasm-unsafe-eval'`), and the
  page's own inline scripts by their sha256, computed here from the final HTML; never
  `'unsafe-inline'` for scripts. JSON `<script type="application/json">` blocks are data, which
  the browser never executes, so they need no hash;
- on pages that carry the iframe-worker shim (search from file://), the one inline script the
  shim writes into its hidden iframe: that iframe inherits this policy, so the script's hash
  is computed here from the shim's own template and the page's search worker URL;
- images from the site and `data:` (Material draws its icons as `data:` SVGs in its CSS);
- styles from the site only; fetches, workers and fonts from the site (a web manifest, if one
  is added, falls back to `default-src 'self'`: WebKit does not know `manifest-src` and logs
  every page's policy as having an unrecognised directive);
- no plugins (`object-src 'none'`), no `<base>` elsewhere, forms only to the site.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
SHIM_SOURCE = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_MARKER = "iframe-worker/shim.js"

# Every directive but script-src; script-src is built per page from its inline scripts.
# Only directives that Chromium, Firefox and WebKit all know (the browser tests read each
# browser's console for a CSP warning).
BASE_POLICY = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
SCRIPT_SOURCES = ["'self'", "'wasm-unsafe-eval'"]

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# Types the browser runs (or parses as script-like rules, which CSP also governs). Any other
# type (application/json, text/template...) is a data block: never executed, needs no hash.
EXECUTED_TYPES = {
    "",
    "module",
    "importmap",
    "speculationrules",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "application/x-javascript",
    "application/x-ecmascript",
    "text/ecmascript",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
}
CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)
CONFIG_BLOCK = re.compile(r'<script\b[^>]*\bid="__config"[^>]*>(.*?)</script>', re.S)


def sha256_source(text: str) -> str:
    """The CSP hash source of a script's text, as the browser computes it (UTF-8 bytes)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _attributes(text: str) -> dict[str, str]:
    found = {}
    for match in ATTRIBUTE.finditer(text):
        value = next((v for v in match.groups()[1:] if v is not None), "")
        found.setdefault(match.group(1).lower(), html.unescape(value))
    return found


def inline_scripts(page_html: str) -> list[str]:
    """Bodies of the inline scripts the browser would execute, in document order."""
    scripts = []
    for match in SCRIPT.finditer(page_html):
        attrs = _attributes(match.group("attrs"))
        if "src" in attrs:
            continue
        if attrs.get("type", "").strip().lower() not in EXECUTED_TYPES:
            continue
        scripts.append(match.group("body"))
    return scripts


# ------------------------------------------------------------------ the iframe-worker shim


def _function_source(code: str, name: str) -> str:
    """The source text of `function name(...){...}` in minified code (what `${name}` yields)."""
    start = code.find(f"function {name}(")
    if start < 0:
        raise PluginError(f"csp: function {name} not found in {SHIM_SOURCE.name}")
    depth, i, opened = 0, start, False
    quote = None
    while i < len(code):
        ch = code[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'`":
            quote = ch
        elif ch == "{":
            depth += 1
            opened = True
        elif ch == "}":
            depth -= 1
            if opened and depth == 0:
                return code[start : i + 1]
        i += 1
    raise PluginError(f"csp: unbalanced function {name} in {SHIM_SOURCE.name}")


def shim_template(code: str) -> str:
    """The inline script the shim writes into its iframe, with `${e}` left for the worker URL.

    The shim does `document.write(`<html><body><script>postMessage=${c};importScripts=${d};
    ...filename:"${e}"...<\\/script>...`)`: `c` and `d` are its own functions (a function in
    a template literal becomes its source text) and `e` is the URL given to `new Worker`.
    """
    match = re.search(r"document\.write\(`<html><body><script>(.*?)<\\/script>", code, re.S)
    if not match:
        raise PluginError(f"csp: {SHIM_SOURCE.name} changed: its iframe script was not found")
    template = match.group(1)
    names = set(re.findall(r"\$\{(\w+)\}", template))
    functions = {name for name in names if f"function {name}(" in code}
    if len(names - functions) != 1:
        raise PluginError(
            f"csp: {SHIM_SOURCE.name} changed: unexpected placeholders {sorted(names)}"
        )
    for name in functions:
        template = template.replace("${" + name + "}", _function_source(code, name))
    (url_name,) = names - functions
    return template.replace("${" + url_name + "}", "{url}")


def _shim_script(page_html: str) -> str | None:
    """The shim's iframe script for this page's search worker, if the page loads the shim."""
    if SHIM_MARKER not in page_html:
        return None
    config = CONFIG_BLOCK.search(page_html)
    worker = json.loads(config.group(1)).get("search") if config else None
    if not worker:
        return None
    if "template" not in _state:
        _state["template"] = shim_template(SHIM_SOURCE.read_text(encoding="utf-8"))
    return _state["template"].replace("{url}", worker)


_state: dict[str, str] = {}


# ------------------------------------------------------------------ the policy


def policy_for(page_html: str) -> str:
    """The page's policy: the base directives plus a hash for each inline script it runs."""
    scripts = inline_scripts(page_html)
    if (shim := _shim_script(page_html)) is not None:
        scripts.append(shim)
    hashes = list(dict.fromkeys(sha256_source(body) for body in scripts))
    directives = {"default-src": BASE_POLICY["default-src"], "script-src": SCRIPT_SOURCES + hashes}
    directives.update({k: v for k, v in BASE_POLICY.items() if k != "default-src"})
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def insert_policy(page_html: str) -> str:
    """`page_html` with the policy's `<meta>` right after `<meta charset>` (else after <head>)."""
    head = HEAD.search(page_html)
    charset = CHARSET.search(page_html, head.end()) if head else None
    anchor = (
        charset if charset and charset.start() < page_html.find("</head>", head.end()) else head
    )
    if not anchor:
        raise PluginError("csp: page has no <head> to put the Content-Security-Policy in")
    policy = policy_for(page_html).replace("&", "&amp;").replace('"', "&quot;")
    meta = f'\n  <meta http-equiv="Content-Security-Policy" content="{policy}">'
    return page_html[: anchor.end()] + meta + page_html[anchor.end() :]


@event_priority(-100)  # after every other hook and plugin has had its say about the HTML
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return insert_policy(output)


@event_priority(-100)
def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """Static templates: 404.html is a page too (sitemaps are not HTML)."""
    return insert_policy(output_content) if template_name.endswith(".html") else output_content
