"""The built site: strict build, nothing fetched from other hosts, language parity, links."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fnmatch import fnmatch
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from helpers.mkdocs_config import i18n_language, load_mkdocs_yml
from helpers.site_html import Page, css_urls, is_remote, js_remote_loads

import checker

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOT_FOUND_PAGE = "404.html"
# Hosts that only ever serve fonts, packages or APIs: no built file may name them outside
# an <a href> (readable page text is not code and is not scanned).
FORBIDDEN_HOSTS = (
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "unpkg.com",
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "esm.sh",
    "cdn.skypack.dev",
    "api.github.com",
)


@dataclass(frozen=True)
class Allowed:
    """A forbidden-host string that may stay in a file, with why it is never fetched."""

    file_glob: str  # relative to the site root
    string: str
    reason: str


# Material's bundle names these URLs in code paths this site never takes. Each premise is
# checked by test_allowlisted_code_paths_stay_dead, so the allowlist cannot rot silently.
ALLOWLIST = (
    Allowed(
        "assets/javascripts/bundle.*.min.js",
        "https://unpkg.com/resize-observer-polyfill",
        "loaded only when window.ResizeObserver is undefined; every browser with the other "
        "features the site needs (ES2017, CSS custom properties) has ResizeObserver",
    ),
    Allowed(
        "assets/javascripts/bundle.*.min.js",
        "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
        "loaded only to render `.mermaid` diagrams; no built page has one",
    ),
    Allowed(
        "assets/javascripts/bundle.*.min.js",
        "https://api.github.com/",
        "repository facts (stars, version), fetched only when mkdocs.yml sets repo_url; "
        "it does not",
    ),
    Allowed(
        "assets/checker/engine/*/pyodide.js",
        "https://cdn.jsdelivr.net/pyodide/v",
        "loadPyodide's default cdnUrl, used only when the caller passes no packageBaseUrl; "
        "every loadPyodide call in the site's scripts passes the local one",
    ),
)


def _allowed(path: str, text: str) -> str:
    """`text` with the allowlisted strings of file `path` removed."""
    for entry in ALLOWLIST:
        if fnmatch(path, entry.file_glob):
            text = text.replace(entry.string, "")
    return text


def _forbidden_hosts_in(text: str) -> list[str]:
    return [host for host in FORBIDDEN_HOSTS if host in text]


def _site_files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def _rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


def _is_search_index_data(path: Path) -> bool:
    """search/search_index.js (offline plugin) is page text as data: `var __index = {json}`."""
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r"\s*var __index = (.*?);?\s*", text, re.DOTALL)
    if not match:
        return False
    try:
        json.loads(match[1])
    except ValueError:
        return False
    return True


# --- build ------------------------------------------------------------------------------


def test_strict_build_succeeds_without_warnings(site_build):
    """`mkdocs build --strict` exits 0, prints no WARNING, and writes both languages."""
    if site_build.log is None:
        pytest.skip("SITE_DIR given: the site was built elsewhere")
    assert not [line for line in site_build.log.splitlines() if re.match(r"\s*WARNING\b", line)]
    assert (site_build.path / "index.html").is_file()
    assert (site_build.path / "en" / "index.html").is_file()


# --- nothing from other hosts --------------------------------------------------------------


def test_pages_fetch_nothing_from_other_hosts(site_pages: dict[str, Page]):
    """No page loads a script, stylesheet, icon, image, frame or preload from another host."""
    remote = [
        f"{path}: {element} -> {url}"
        for path, page in site_pages.items()
        for element, url in page.resources
        if is_remote(url)
    ]
    remote += [
        f"{path}: CSS url()/@import -> {url}"
        for path, page in site_pages.items()
        for css in page.styles
        for url in css_urls(css)
        if is_remote(url)
    ]
    remote += [
        f"{path}: inline script loads {snippet!r}"
        for path, page in site_pages.items()
        for script in page.scripts
        for snippet in js_remote_loads(script)
    ]
    assert not remote, "\n".join(remote)


def test_stylesheets_fetch_nothing_from_other_hosts(built_site: Path):
    """No built CSS file has a url() or @import on another host."""
    remote = [
        f"{_rel(built_site, css)}: {url}"
        for css in _site_files(built_site, ".css")
        for url in css_urls(css.read_text(encoding="utf-8"))
        if is_remote(url)
    ]
    assert not remote, "\n".join(remote)


def test_scripts_load_nothing_from_other_hosts(built_site: Path):
    """No built JS file hands a remote URL to importScripts, fetch, import(), Worker, .src..."""
    remote = [
        f"{_rel(built_site, js)}: {snippet!r}"
        for js in _site_files(built_site, ".js", ".mjs")
        for snippet in js_remote_loads(_allowed(_rel(built_site, js), js.read_text("utf-8")))
    ]
    assert not remote, "\n".join(remote)


def test_no_file_names_a_font_cdn_or_api_host(built_site: Path, site_pages: dict[str, Page]):
    """No built HTML, CSS or JS names Google Fonts, a CDN or api.github.com but in <a href>."""
    found = [
        f"{path}: {hosts}"
        for path, page in site_pages.items()
        if (hosts := _forbidden_hosts_in("\n".join(page.markup)))
    ]
    for file in _site_files(built_site, ".css", ".js", ".mjs"):
        path = _rel(built_site, file)
        if path == "search/search_index.js" and _is_search_index_data(file):
            continue  # the pages' own text (links included) as JSON data, never executed
        if hosts := _forbidden_hosts_in(_allowed(path, file.read_text(encoding="utf-8"))):
            found.append(f"{path}: {hosts}")
    assert not found, "\n".join(found)


def test_allowlisted_code_paths_stay_dead(built_site: Path, site_pages: dict[str, Page]):
    """ALLOWLIST premises hold: entries still match, no mermaid, no repo_url, local packages."""
    for entry in ALLOWLIST:
        assert any(
            entry.string in f.read_text(encoding="utf-8")
            for f in _site_files(built_site, ".js")
            if fnmatch(_rel(built_site, f), entry.file_glob)
        ), f"stale allowlist entry (no longer needed): {entry}"
    mermaid = [
        path
        for path in site_pages
        if re.search(r"""class=["'][^"']*\bmermaid\b""", (built_site / path).read_text("utf-8"))
    ]
    assert not mermaid, f"pages with .mermaid diagrams would load Mermaid from unpkg: {mermaid}"
    assert not load_mkdocs_yml().get("repo_url"), "repo_url makes Material call api.github.com"
    # Each loadPyodide({...}) call of ours names packageBaseUrl within its options object.
    calls = [
        (_rel(built_site, js), text[m.start() : m.start() + 800])
        for js in _site_files(built_site, ".js")
        if not js.name.startswith("pyodide")
        for text in [js.read_text(encoding="utf-8")]
        for m in re.finditer(r"\bloadPyodide\(\s*\{", text)
    ]
    without = [path for path, call in calls if "packageBaseUrl" not in call]
    assert not without, f"loadPyodide without packageBaseUrl falls back to the CDN: {without}"


# --- language parity -----------------------------------------------------------------------

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
EXPLICIT_ID = re.compile(r"\{[^{}\n]*?#([A-Za-z_][\w:.-]*)[^{}\n]*\}")


def _outside_fences(markdown: str) -> list[str]:
    """The lines of `markdown` that are not inside fenced code blocks."""
    lines, fence = [], None
    for line in markdown.splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence = match[1]
        elif (
            fence is not None
            and match
            and match[1][0] == fence[0]
            and len(match[1]) >= len(fence)
            and not line.strip()[len(match[1]) :].strip()
        ):
            fence = None
        elif fence is None:
            lines.append(line)
    return lines


def _structure(path: Path) -> tuple[int, list[str]]:
    """(number of `## ` headings, explicit {#ids} in order) outside fenced code."""
    lines = _outside_fences(path.read_text(encoding="utf-8"))
    h2 = sum(1 for line in lines if re.match(r"^\s*## ", line))
    ids = [m for line in lines for m in EXPLICIT_ID.findall(line)]
    return h2, ids


JA_PAGES = sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md"))
EN_PAGES = sorted(DOCS.rglob("*.en.md"))


def _en_of(ja: Path) -> Path:
    return ja.with_name(ja.name.removesuffix(".md") + ".en.md")


def _ja_of(en: Path) -> Path:
    return en.with_name(en.name.removesuffix(".en.md") + ".md")


def test_every_page_exists_in_both_languages():
    """docs/X.md has docs/X.en.md and vice versa."""
    assert JA_PAGES, "no Markdown pages in docs/"
    missing = [str(_en_of(p).relative_to(ROOT)) for p in JA_PAGES if not _en_of(p).is_file()]
    missing += [str(_ja_of(p).relative_to(ROOT)) for p in EN_PAGES if not _ja_of(p).is_file()]
    assert not missing, f"missing translations: {missing}"


@pytest.mark.parametrize("ja", JA_PAGES, ids=[p.relative_to(DOCS).as_posix() for p in JA_PAGES])
def test_both_languages_have_the_same_sections(ja: Path):
    """X.md and X.en.md have as many `## ` headings and the same {#ids} in the same order."""
    en = _en_of(ja)
    if not en.is_file():
        pytest.fail(f"{en.relative_to(ROOT)} missing")
    (ja_h2, ja_ids), (en_h2, en_ids) = _structure(ja), _structure(en)
    assert ja_h2 == en_h2, f"## headings: {ja.name} has {ja_h2}, {en.name} has {en_h2}"
    assert ja_ids == en_ids, f"explicit ids differ:\n  ja {ja_ids}\n  en {en_ids}"


def _nav_files(nav: list) -> list[str]:
    """Every page file named in a MkDocs nav, sections included."""
    files = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            files += _nav_files(value) if isinstance(value, list) else [str(value)]
    return files


def test_every_page_is_in_the_nav():
    """Each docs/X.md is listed in mkdocs.yml's nav (a page left out is hard to find)."""
    listed = set(_nav_files(load_mkdocs_yml()["nav"]))
    missing = [p.relative_to(DOCS).as_posix() for p in JA_PAGES]
    missing = [page for page in missing if page not in listed]
    assert not missing, f"pages not in mkdocs.yml nav: {missing}"


def _page_urls() -> list[str]:
    """Site-relative URLs of the pages, from docs/ (index.md -> index.html)."""
    return [p.relative_to(DOCS).with_suffix(".html").as_posix() for p in JA_PAGES]


def test_every_page_is_built_in_both_languages(built_site: Path, site_pages: dict[str, Page]):
    """X.html and en/X.html exist, with the same number of <h2> on both."""
    missing = [
        url for page in _page_urls() for url in (page, f"en/{page}") if url not in site_pages
    ]
    assert not missing, f"not built: {missing}"
    h2 = {url: (built_site / url).read_text(encoding="utf-8").count("<h2") for url in site_pages}
    differ = [
        f"{p}: {h2[p]} vs en/{p}: {h2[f'en/{p}']}" for p in _page_urls() if h2[p] != h2[f"en/{p}"]
    ]
    assert not differ, "built <h2> counts differ:\n" + "\n".join(differ)


def _nav_titles(nav: list) -> list[str]:
    """Every title in a MkDocs nav, sections included; an untitled entry gives ''."""
    titles = []
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                titles.append(title or "")
                if isinstance(value, list):
                    titles += _nav_titles(value)
        else:
            titles.append("")  # a bare "page.md": its title would come from the page itself
    return titles


def test_every_nav_entry_has_a_japanese_and_an_english_title(site_pages: dict[str, Page]):
    """Each nav title of mkdocs.yml has an English nav_translation, shown on English pages."""
    config = load_mkdocs_yml()
    ja_titles = _nav_titles(config["nav"])
    assert "" not in ja_titles, f"nav entries without a title: {config['nav']}"
    translations = i18n_language(config, "en").get("nav_translations") or {}
    untranslated = [t for t in ja_titles if not str(translations.get(t, "")).strip()]
    assert not untranslated, f"no English nav title for: {untranslated}"
    same = [t for t in ja_titles if translations[t] == t]
    assert not same, f"English nav title identical to the Japanese one: {same}"

    en_home = site_pages["en/index.html"]
    shown = {a.text for a in en_home.anchors if "md-nav__link" in a.classes}
    leaked = set(ja_titles) & shown
    assert not leaked, f"Japanese titles in the English nav: {leaked}"
    assert {translations[t] for t in ja_titles} <= shown, "English titles missing from en nav"


# --- links ---------------------------------------------------------------------------------

BASE = "http://site.invalid/"


def _target(page: str, href: str) -> tuple[str, str] | None:
    """(site-relative file, fragment) that `href` on `page` points to; None if off-site."""
    url = urlsplit(urljoin(BASE + page, href.strip()))
    if f"{url.scheme}://{url.netloc}/" != BASE:
        return None
    path = unquote(url.path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, unquote(url.fragment)


def _broken(site: Path, pages: dict[str, Page], page: str, href: str) -> str | None:
    """Why `href` on `page` does not resolve, or None."""
    if not href.strip() or href.strip() == "#":
        return None
    target = _target(page, href)
    if target is None:
        return None
    path, fragment = target
    file = site / path
    if file.is_dir():
        path, file = f"{path}/index.html", file / "index.html"
    if not file.is_file():
        return f"no file {path}"
    if fragment and not fragment.startswith("__") and path.endswith(".html"):
        if path not in pages:
            return f"{path} is not a parsed page"
        if fragment not in pages[path].ids:
            return f"no id #{fragment} in {path}"
    return None


def test_every_internal_link_and_anchor_resolves(built_site: Path, site_pages: dict[str, Page]):
    """Every same-site <a href>/<link rel=alternate> on every page names a file and an id."""
    broken = [
        f"{path}: {element} href={href!r}: {why}"
        for path, page in site_pages.items()
        for element, href in page.links
        if (why := _broken(built_site, site_pages, path, href))
    ]
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken)


def test_every_local_script_stylesheet_and_image_exists(
    built_site: Path, site_pages: dict[str, Page]
):
    """Every local resource a page loads (script, stylesheet, icon, image) is in the site."""
    missing = [
        f"{path}: {element} -> {url}: {why}"
        for path, page in site_pages.items()
        for element, url in page.resources
        if not is_remote(url) and not url.startswith(("data:", "blob:"))
        if (why := _broken(built_site, site_pages, path, url.split("#")[0]))
    ]
    assert not missing, "\n".join(missing)


# --- language and portability ------------------------------------------------------------


def test_html_lang_is_ja_at_the_root_and_en_under_en(site_pages: dict[str, Page]):
    """<html lang> is "ja" on Japanese pages and "en" on pages under en/."""
    wrong = [
        f"{path}: lang={page.lang!r}"
        for path, page in site_pages.items()
        if path != NOT_FOUND_PAGE and page.lang != ("en" if path.startswith("en/") else "ja")
    ]
    assert not wrong, "\n".join(wrong)


def _root_absolute(page: Page) -> list[str]:
    urls = [(e, u) for e, u in page.links + page.resources]
    return [f"{e}={u!r}" for e, u in urls if u.startswith("/") and not u.startswith("//")]


def test_no_page_links_from_the_site_root(site_pages: dict[str, Page]):
    """No page uses a root-absolute "/..." URL: the site must work in a sub-path and file://."""
    found = [
        f"{path}: {', '.join(urls)}"
        for path, page in site_pages.items()
        if path != NOT_FOUND_PAGE and (urls := _root_absolute(page))
    ]
    assert not found, "\n".join(found)


def test_not_found_page_is_japanese_and_works_in_a_sub_path(site_pages: dict[str, Page]):
    """The root 404.html is Japanese and uses no root-absolute "/..." URL."""
    page = site_pages.get(NOT_FOUND_PAGE)
    if page is None:
        pytest.skip("no 404.html built")
    problems = [f"lang={page.lang!r}"] if page.lang != "ja" else []
    problems += _root_absolute(page)
    assert not problems, f"{NOT_FOUND_PAGE}: " + "\n".join(problems)


POINTS = re.compile(r"[+-]?\d+\s*(点|points?\b|to the total)")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_students_see_no_points(built_site: Path, prefix: str):
    """The checklist form and the options on the page about how you declined say what an answer
    does to the level in words; the points stay on "how the checklist decides" (for staff)."""
    for page in ("checklist.html", "manner-of-decline.html"):
        html = (built_site / f"{prefix}{page}").read_text(encoding="utf-8")
        text = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
        assert not POINTS.search(text), (page, POINTS.search(text))
    staff = (built_site / f"{prefix}how-it-decides.html").read_text(encoding="utf-8")
    assert POINTS.search(re.sub(r"<[^>]+>", " ", staff))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_next_working_day_cut_off_is_labelled_the_sites_own(built_site: Path, lang: str):
    """"How the checklist decides" names the site's own source beside the contact question."""
    page = built_site / ("" if lang == "ja" else "en/") / "how-it-decides.html"
    text = unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    assert checker.load_rules().source("site-contact", lang) in text
