"""Security: a strict Content Security Policy in every page (served, from disk, and behind the
headers docs-dev/security.md recommends), and nothing from the URL or storage reaching the page
as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from helpers.server import serve_directory
from playwright.sync_api import BrowserContext, Page, expect
from test_checklist_browser import PAGES, answer, checked, one_case_per_level, verdict, wait_ready
from test_site_browser import SEARCH_ANSWERED

import checker
from site_build.postprocess import csp

ROOT = Path(__file__).resolve().parents[1]

CSP_META = "content-security-policy"
# Source expressions a policy may use: keywords, hashes, and the data:/blob: schemes. Anything
# else (a host, a scheme such as https:, a wildcard) would let another origin in.
ALLOWED_SOURCE = re.compile(
    r"^(?:'(?:self|none|wasm-unsafe-eval)'|'sha256-[A-Za-z0-9+/]+={0,2}'|data:|blob:)$"
)
REQUIRED = {
    "default-src": {"'self'"},
    "script-src": {"'self'", "'wasm-unsafe-eval'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
}
EXECUTED_TYPES = {"", "text/javascript", "application/javascript", "module"}
VIOLATIONS = """
    (() => {
        const record = (event) => {
            const entry = [event.violatedDirective, event.blockedURI,
                           (event.sample || '').slice(0, 80),
                           event.sourceFile + ':' + event.lineNumber].join(' | ');
            try { (window.top.__cspViolations = window.top.__cspViolations || []).push(entry); }
            catch (error) { (window.__cspViolations = window.__cspViolations || []).push(entry); }
        };
        document.addEventListener('securitypolicyviolation', record, true);
    })();
"""


# ------------------------------------------------------------------------------ static


class _Head(HTMLParser):
    """The CSP meta (and what precedes it in <head>) and every <script> with its body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.policy: str | None = None
        self.before_policy: list[str] = []  # tags in <head> before the policy's <meta>
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._body: list[str] = []
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "head":
            self._in_head = True
        elif tag == "meta" and values.get("http-equiv", "").lower() == CSP_META:
            self.policy = values.get("content", "")
        elif self._in_head and self.policy is None:
            self.before_policy.append(tag)
        if tag == "script":
            self._script, self._body = values, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._body)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._body.append(data)


def read_page(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        if words := part.split():
            parsed.setdefault(words[0].lower(), words[1:])
    return parsed


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def executed_inline_scripts(head: _Head) -> list[str]:
    return [
        body
        for attrs, body in head.scripts
        if "src" not in attrs and attrs.get("type", "").lower() in EXECUTED_TYPES
    ]


def data_blocks(head: _Head) -> list[str]:
    return [
        body
        for attrs, body in head.scripts
        if "src" not in attrs and attrs.get("type", "").lower() not in EXECUTED_TYPES
    ]


def test_every_page_carries_a_strict_policy_first_in_its_head(built_site: Path, site_pages: dict):
    """Every page has the CSP meta before any script or style, with the required directives."""
    problems = []
    for path in sorted(site_pages):
        head = read_page(built_site / path)
        if head.policy is None:
            problems.append(f"{path}: no Content-Security-Policy meta")
            continue
        early = [tag for tag in head.before_policy if tag not in ("meta", "title")]
        if early:
            problems.append(f"{path}: {early} come before the policy, which does not cover them")
        policy = directives(head.policy)
        for name, sources in policy.items():
            if name in ("sandbox", "upgrade-insecure-requests"):
                continue
            problems += [
                f"{path}: {name} allows {s}" for s in sources if not ALLOWED_SOURCE.match(s)
            ]
        script_sources = policy.get("script-src", policy.get("default-src", []))
        if "'unsafe-inline'" in script_sources or "'unsafe-eval'" in script_sources:
            problems.append(f"{path}: scripts allow unsafe-inline/unsafe-eval")
        if policy.get("default-src") == ["'none'"] and not head.scripts:
            # A page that loads nothing (the plain 404 pages): stricter than required is fine.
            if policy.get("base-uri") not in (["'none'"], ["'self'"]):
                problems.append(f"{path}: base-uri missing")
            continue
        for name, wanted in REQUIRED.items():
            if not wanted <= set(policy.get(name, [])):
                problems.append(f"{path}: {name} is {policy.get(name)}, needs {sorted(wanted)}")
        if "style-src" in policy and "'unsafe-inline'" in policy["style-src"]:
            problems.append(
                f"{path}: style-src allows 'unsafe-inline', which the site does not need"
            )
    assert not problems, "\n".join(problems)


def test_the_policy_hashes_exactly_the_inline_scripts_that_run(built_site: Path, site_pages: dict):
    """script-src hashes every inline script that runs, no JSON data block, nothing stale."""
    problems = []
    shim_pages = 0
    for path in sorted(site_pages):
        head = read_page(built_site / path)
        if head.policy is None:
            continue
        listed = {
            s for s in directives(head.policy).get("script-src", []) if s.startswith("'sha256-")
        }
        needed = {sha256_source(body) for body in executed_inline_scripts(head)}
        problems += [
            f"{path}: inline script not allowed by hash {h}" for h in sorted(needed - listed)
        ]
        problems += [
            f"{path}: JSON data block hashed (it never runs)"
            for body in data_blocks(head)
            if sha256_source(body) in listed
        ]
        extra = listed - needed
        if any("iframe-worker/shim.js" in attrs.get("src", "") for attrs, _ in head.scripts):
            shim_pages += 1
            if len(extra) != 1:  # the one script the search shim writes into its iframe
                problems.append(
                    f"{path}: expected one hash for the shim's iframe script, found {len(extra)}"
                )
        elif extra:
            problems.append(f"{path}: hashes of no script on the page: {sorted(extra)}")
    assert not problems, "\n".join(problems)
    assert shim_pages > 0, "no page loads the iframe-worker shim: update this test"


def test_the_policy_hashes_scripts_but_not_data_and_never_allows_unsafe_inline():
    """The policy hashes inline scripts, not src scripts or JSON, and goes after <meta charset>."""
    html = (
        '<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
        '<script>var a=1</script><script type="module">import "./x.js"</script>'
        '<script src="x.js"></script><script type="application/json" id="d">{"a": "</p>"}</script>'
        "</head><body></body></html>"
    )
    out = csp.insert_policy(html)
    assert out.index('http-equiv="Content-Security-Policy"') < out.index("<title>")
    assert out.index('<meta charset="utf-8">') < out.index('http-equiv="Content-Security-Policy"')
    policy = directives(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', out).group(1)
    )
    hashes = {s for s in policy["script-src"] if s.startswith("'sha256-")}
    assert hashes == {sha256_source("var a=1"), sha256_source('import "./x.js"')}
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]


def test_the_shim_template_matches_what_the_shim_writes(built_site: Path):
    """The policy step rebuilds the shim's iframe script from the very shim the site serves."""
    shipped = (built_site / "assets/vendor/iframe-worker/shim.js").read_text(encoding="utf-8")
    assert shipped == csp.SHIM_SOURCE.read_text(encoding="utf-8")
    script = csp.shim_template(shipped).replace("{url}", "w.js")
    assert script.startswith("postMessage=function ") and 'filename:"w.js"' in script
    assert "${" not in script


# ------------------------------------------------------------------------------ in the browser


def guarded(context: BrowserContext) -> BrowserContext:
    context.add_init_script(VIOLATIONS)
    return context


def violations(page: Page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || []")


def run_checker(page: Page, url: str) -> None:
    page.goto(url)
    wait_ready(page)
    case = one_case_per_level()[1]
    answer(page, case["answers"])
    expect(verdict(page)).to_have_attribute("data-level", case["level"])


def run_search(page: Page, url: str, query: str) -> None:
    page.goto(url)
    toggle_palette(page)
    box = page.locator(".md-search__input")
    box.fill(query)
    box.press("End")
    page.wait_for_function(SEARCH_ANSWERED, timeout=30_000)


def toggle_palette(page: Page) -> None:
    before = page.evaluate("() => document.body.dataset.mdColorScheme")
    for _ in range(3):
        page.locator("label.md-header__button[for^='__palette']:visible").first.click()
        if page.evaluate("() => document.body.dataset.mdColorScheme") != before:
            return
    raise AssertionError("the palette toggle did not change the colour scheme")


def test_served_pages_run_the_checker_search_palette_and_service_worker_without_violation(
    new_context, site_url: str
):
    """Served: checker (worker, Pyodide, wasm), search, palette and service worker: no violation."""
    context = guarded(new_context(service_workers="allow"))
    page = context.new_page()
    for lang, path in PAGES.items():
        run_checker(page, site_url + path)
        assert violations(page) == [], f"{path}: {violations(page)}"
        run_search(
            page,
            site_url + ("en/index.html" if lang == "en" else "index.html"),
            "apology" if lang == "en" else "謝罪",
        )
        assert violations(page) == [], f"{lang} search/palette: {violations(page)}"
    assert page.evaluate("() => navigator.serviceWorker.ready.then((r) => !!r.active)")
    page.goto(site_url + "steps.html")
    assert violations(page) == []


def test_pages_from_disk_run_the_checker_and_search_without_violation(
    new_context, site_file_url: str
):
    """From file://: Pyodide on the page, search in the shim's iframe, palette: no CSP violation."""
    page = guarded(new_context(service_workers="block")).new_page()
    for lang, path in PAGES.items():
        run_checker(page, site_file_url + path)
        assert violations(page) == [], f"{path}: {violations(page)}"
        run_search(
            page,
            site_file_url + ("en/steps.html" if lang == "en" else "steps.html"),
            "apology" if lang == "en" else "謝罪",
        )
        assert page.locator("iframe").count() >= 1, (
            "search from disk should run in the shim's iframe"
        )
        assert violations(page) == [], f"{lang} search/palette from disk: {violations(page)}"


@pytest.mark.allow_console_errors("Content Security Policy")
def test_the_policy_is_enforced(page: Page, site_url: str):
    """An inline script added to a page is refused (the policy is live, not decoration)."""
    page.context.add_init_script(VIOLATIONS)
    page.goto(site_url + PAGES["en"])
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                   document.head.append(s); }"""
    )
    assert page.evaluate("() => window.__ran") is None
    assert any(v.startswith("script-src") for v in violations(page))


WORKER_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'"
)
PAGE_HEADER_POLICY = (
    "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
IMMUTABLE = re.compile(
    r"^/assets/checker/engine/[0-9a-f]+/"
    r"|^/assets/(?:javascripts|stylesheets)/(?:workers/)?[^/]+\.[0-9a-f]{8}\.min\.(?:js|css)$"
)


def host_headers(path: str) -> dict[str, str]:
    """The headers docs-dev/security.md asks a host to send."""
    headers = {"Referrer-Policy": "no-referrer"}
    if path.endswith((".html", "/")):
        headers["Content-Security-Policy"] = PAGE_HEADER_POLICY
    elif path.endswith(".js"):
        headers["Content-Security-Policy"] = WORKER_POLICY  # governs the scripts run as workers
    headers["Cache-Control"] = (
        "public, max-age=31536000, immutable" if IMMUTABLE.search(path) else "no-cache"
    )
    return headers


def test_the_recommended_host_headers_keep_everything_working(new_context, built_site: Path):
    """Behind the recommended headers (policies, caching) the checker, search and SW all work."""
    with serve_directory(built_site, headers=host_headers) as url:
        page = guarded(new_context(service_workers="allow")).new_page()
        response = page.goto(url + PAGES["en"])
        assert response is not None and response.headers["cache-control"] == "no-cache"
        wait_ready(page)
        run_checker(page, url + PAGES["ja"])
        run_search(page, url + "en/index.html", "apology")
        assert page.evaluate("() => navigator.serviceWorker.ready.then((r) => !!r.active)")
        assert violations(page) == []
        wheel = page.evaluate(
            """() => performance.getEntriesByType('resource').map((e) => e.name)
                   .find((n) => n.endsWith('.whl'))"""
        )
        if wheel:  # fetched by the page's worker: listed only when the worker shares the timeline
            assert "immutable" in host_headers(wheel.split(url.rstrip("/"), 1)[1])["Cache-Control"]


# ------------------------------------------------------------------------------ injection


PAYLOADS = [
    "<img src=x onerror=window.__pwned=1>",
    '"><script>window.__pwned=1</script>',
    "javascript:window.__pwned=1",
    "<svg onload=window.__pwned=1>",
    "');window.__pwned=1;//",
]
INJECTED = """() => ({
    pwned: window.__pwned,
    img: document.querySelectorAll('img[src="x"], svg[onload]').length,
    scripts: [...document.scripts].filter((s) => s.textContent.includes('__pwned')).length,
    handlers: [...document.querySelectorAll('*')].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith('on')
                                    || /^\\s*javascript:/i.test(a.value))).length,
    text: document.body.innerHTML.includes('__pwned') ? 'payload text in the DOM' : '',
})"""


def assert_not_injected(page: Page) -> None:
    found = page.evaluate(INJECTED)
    assert found == {"pwned": None, "img": 0, "scripts": 0, "handlers": 0, "text": ""}, found


def hostile_fragment(payload: str) -> str:
    encoded = quote(payload, safe="")
    return f"#quota={encoded}&{encoded}=open&manner=brief&elapsed={payload}&v={encoded}"


@pytest.mark.parametrize("csp_on", [True, False], ids=["with-csp", "escaping-alone"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_a_link_never_reaches_the_page(
    new_context, site_url: str, payload: str, csp_on: bool
):
    """Script-bearing link values run nothing and add no element, with or without the CSP."""
    page = new_context(bypass_csp=not csp_on, service_workers="block").new_page()
    page.goto(site_url + PAGES["en"] + hostile_fragment(payload))
    expect(page.locator("#checker-notice")).to_be_visible()
    assert checked(page) == {"manner": "brief"}
    assert "pwned" not in page.url  # the address shows at once only what the page took
    wait_ready(page)
    answer(page, {"quota": "open"})
    expect(verdict(page)).not_to_have_attribute("data-level", "")
    expect(page).to_have_url(re.compile(r"quota=open"))  # once answering pauses
    page.locator("[data-action=copy]").click()
    link = page.locator("#checker-link").input_value()
    assert "pwned" not in link and "pwned" not in page.url
    for href in page.locator("a.md-select__link").evaluate_all("(as) => as.map((a) => a.href)"):
        assert "pwned" not in href and not href.lower().startswith("javascript:")
    assert_not_injected(page)


def seed_storage(page: Page, site_url: str, items: dict[str, str]) -> None:
    page.goto(site_url + "index.html")
    page.evaluate(
        "(items) => { for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v); }",
        items,
    )


@pytest.mark.parametrize("csp_on", [True, False], ids=["with-csp", "escaping-alone"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_storage_never_reaches_the_page(
    new_context, site_url: str, payload: str, csp_on: bool
):
    """Script-bearing stored answers, ticks and keys run nothing, with or without the CSP."""
    page = new_context(bypass_csp=not csp_on, service_workers="block").new_page()
    seed_storage(
        page,
        site_url,
        {
            f"naitei-checker/v{checker.RULES_VERSION}/answers": json.dumps(
                {"answers": {"quota": payload, payload: "open", "manner": "brief"}}
            ),
            f"naitei-checker/v{checker.RULES_VERSION}/ticks": json.dumps(
                {payload: True, "contact-now": payload}),
            f"naitei-checker/v{payload}/answers": payload,
        },
    )
    page.goto(site_url + PAGES["en"])
    expect(page.locator("#checker-notice")).to_be_visible()
    assert checked(page) == {"manner": "brief"}
    wait_ready(page)
    answer(page, {"quota": "open", "contact": "no"})
    expect(verdict(page)).not_to_have_attribute("data-level", "")
    assert_not_injected(page)
