"""A Content Security Policy in every page, as `<meta http-equiv>` early in <head>.

The policy travels with the files (a static host, a zip opened from disk), so it is written
into each page rather than left to the host. It allows only this site's own files:

- scripts from the site, WebAssembly compilation for Pyodide (`'wasm-unsafe-eval'`), and the
  page's own inline scripts by their sha256, computed here from the final HTML (read with the
  standard library's HTML parser); never `'unsafe-inline'` for scripts. JSON
  `<script type="application/json">` blocks are data, which the browser never executes, so
  they need no hash;
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
import functools
import hashlib
import json
import re
from pathlib import Path

from site_build.errors import BuildError
from site_build.postprocess.markup import elements, splice, tags

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


def sha256_source(text: str) -> str:
    """The CSP hash source of a script's text, as the browser computes it (UTF-8 bytes)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_scripts(page_html: str) -> list[str]:
    """Bodies of the inline scripts the browser would execute, in document order."""
    scripts = []
    for script in elements(page_html, "script"):
        attrs = script.tag.attrs
        if "src" in attrs or attrs.get("type", "").strip().lower() not in EXECUTED_TYPES:
            continue
        scripts.append(page_html[script.body_start : script.body_end])
    return scripts


def material_config(page_html: str) -> tuple[int, int] | None:
    """The span of Material's `__config` JSON in the page, if it has one."""
    for script in elements(page_html, "script"):
        if script.tag.attrs.get("id") == "__config":
            return script.body_start, script.body_end
    return None


# ------------------------------------------------------------------ the iframe-worker shim

def _function_source(code: str, name: str) -> str:
    """The source text of `function name(...){...}` in minified code (what `${name}` yields)."""
    start = code.find(f"function {name}(")
    if start < 0:
        raise BuildError(f"csp: function {name} not found in {SHIM_SOURCE.name}")
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
    raise BuildError(f"csp: unbalanced function {name} in {SHIM_SOURCE.name}")


def shim_template(code: str) -> str:
    """The inline script the shim writes into its iframe, with `${e}` left for the worker URL.

    The shim does `document.write(`<html><body><script>postMessage=${c};importScripts=${d};
    ...filename:"${e}"...<\\/script>...`)`: `c` and `d` are its own functions (a function in
    a template literal becomes its source text) and `e` is the URL given to `new Worker`.
    """
    match = re.search(r"document\.write\(`<html><body><script>(.*?)<\\/script>", code, re.S)
    if not match:
        raise BuildError(f"csp: {SHIM_SOURCE.name} changed: its iframe script was not found")
    template = match.group(1)
    names = set(re.findall(r"\$\{(\w+)\}", template))
    functions = {name for name in names if f"function {name}(" in code}
    if len(names - functions) != 1:
        raise BuildError(
            f"csp: {SHIM_SOURCE.name} changed: unexpected placeholders {sorted(names)}"
        )
    for name in functions:
        template = template.replace("${" + name + "}", _function_source(code, name))
    (url_name,) = names - functions
    return template.replace("${" + url_name + "}", "{url}")


@functools.cache
def shipped_shim_template() -> str:
    """The iframe script of the shim the site ships (node_modules, copied by vendor.py)."""
    return shim_template(SHIM_SOURCE.read_text(encoding="utf-8"))


def _shim_script(page_html: str, template: str | None) -> str | None:
    """The shim's iframe script for this page's search worker, if the page loads the shim."""
    if SHIM_MARKER not in page_html:
        return None
    span = material_config(page_html)
    worker = json.loads(page_html[span[0] : span[1]]).get("search") if span else None
    if not worker:
        return None
    return (template or shipped_shim_template()).replace("{url}", worker)


# ------------------------------------------------------------------ the policy


def policy_for(page_html: str, shim: str | None = None) -> str:
    """The page's policy: the base directives plus a hash for each inline script it runs
    (`shim`: the shim's iframe template, by default the shipped one's)."""
    scripts = inline_scripts(page_html)
    if (script := _shim_script(page_html, shim)) is not None:
        scripts.append(script)
    hashes = list(dict.fromkeys(sha256_source(body) for body in scripts))
    directives = {"default-src": BASE_POLICY["default-src"], "script-src": SCRIPT_SOURCES + hashes}
    directives.update({k: v for k, v in BASE_POLICY.items() if k != "default-src"})
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _anchor(page_html: str) -> int:
    """Where the policy goes: after `<meta charset>` in <head>, else after `<head>`."""
    found = tags(page_html)
    head = next((tag for tag in found if tag.name == "head" and not tag.closing), None)
    if head is None:
        raise BuildError("csp: page has no <head> to put the Content-Security-Policy in")
    for tag in found[found.index(head) + 1 :]:
        if tag.name == "head" and tag.closing:
            break
        if tag.name == "meta" and not tag.closing and "charset" in tag.attrs:
            return tag.end
    return head.end


def insert_policy(page_html: str, shim: str | None = None) -> str:
    """`page_html` with the policy's `<meta>` right after `<meta charset>` (else after <head>)."""
    anchor = _anchor(page_html)
    policy = policy_for(page_html, shim).replace("&", "&amp;").replace('"', "&quot;")
    meta = f'\n  <meta http-equiv="Content-Security-Policy" content="{policy}">'
    return splice(page_html, [(anchor, anchor, meta)])
