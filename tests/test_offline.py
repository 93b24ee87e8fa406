"""Offline everywhere: served with no other host, opened from disk, and after one visit."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers.guard import PageGuard
from helpers.mkdocs_config import load_mkdocs_yml
from helpers.server import serve_directory
from playwright.sync_api import Page, expect
from test_checklist_browser import PAGES, answer, checked, one_case_per_level, verdict, wait_ready
from test_site_browser import search

from site_build import offline

pytestmark = pytest.mark.browser


def content_pages(site_pages: dict) -> list[str]:
    return sorted(
        path for path in site_pages if path.endswith(".html") and not path.endswith("404.html")
    )


def test_every_page_of_both_languages_and_the_checker_request_only_this_host(
    new_context, site_url: str, site_pages: dict, page_guard
):
    """Walking every page of both languages and running the checker asks no other host (the
    guard watches, so the browser's cache is on, as a reader's is)."""
    page = new_context(route=False).new_page()
    requested_hosts: set[str] = set()
    page.on(
        "request",
        lambda request: requested_hosts.add(re.sub(r"^(\w+://[^/]+).*", r"\1", request.url)),
    )
    for path in content_pages(site_pages):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
    page.goto(site_url + "en/checklist.html")
    wait_ready(page)
    case = one_case_per_level()[0]
    answer(page, case["answers"])
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    assert requested_hosts == {site_url.rstrip("/")}
    assert page_guard.external_requests == []


def test_the_site_works_from_disk(file_page: Page, site_file_url: str):
    """From file://: navigate, switch language, search in both languages, and run the checker."""
    page = file_page
    page.goto(site_file_url + "index.html")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.locator(".md-nav__link[href$='steps.html']").first.click()
    expect(page).to_have_url(site_file_url + "steps.html")
    page.locator(".md-header .md-select button").click()
    page.locator('.md-select__link[hreflang="en"]').click()
    expect(page).to_have_url(site_file_url + "en/steps.html")
    assert site_file_url + "en/steps.html" in search(page, "apology")
    page.goto(site_file_url + "index.html")
    assert site_file_url + "steps.html" in search(page, "謝罪")
    page.goto(site_file_url + "checklist.html")
    wait_ready(page)
    case = one_case_per_level()[3]
    answer(page, case["answers"])
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    page.reload()
    assert checked(page) == case["answers"]


def wait_until_kept(page: Page, what: str) -> None:
    """Until the service worker has answered that it keeps `what` ("site" or "visited")."""
    page.wait_for_selector(f"html[data-offline={what}]", state="attached", timeout=60_000)


def test_after_one_visit_the_site_and_checker_work_with_the_network_off(
    new_context, site_url: str
):
    """Visit two pages online; offline, five unvisited pages of both languages and the checker
    work."""
    context = new_context(service_workers="allow")
    page = context.new_page()
    page.goto(site_url + "index.html")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    wait_until_kept(page, "visited")  # one page read: only that page
    page.goto(site_url + "checklist.html")
    wait_ready(page)
    wait_until_kept(page, "site")  # the engine page shows intent: the whole site follows
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    for path in ("faq.html", "en/glossary.html", "en/steps.html", "legal.html", "en/index.html"):
        page.goto(site_url + path)
        expect(page.locator("h1").first).to_be_visible()
    page.goto(site_url + "en/checklist.html")
    wait_ready(page)
    case = one_case_per_level()[2]
    answer(page, case["answers"])
    expect(verdict(page)).to_have_attribute("data-level", case["level"])


def sw_data(built_site: Path) -> dict:
    """The service worker's build data ({"version", "files"}), checked to be what the shipped
    sw.js carries: its version and every file's path as string literals."""
    data = offline.service_worker_data(built_site, SEARCH_LANGUAGES)
    source = (built_site / "sw.js").read_text(encoding="utf-8")
    assert f'"{data["version"]}"' in source
    for path in data["files"]["checker"] + data["files"]["site"]:
        assert f'"{path}"' in source, path
    return data


def test_the_service_worker_is_versioned_by_the_content_and_lists_every_page(
    built_site: Path, site_pages: dict
):
    """sw.js names a version and precaches every page of both languages but not the disk payload;
    its data is given as data (no placeholder left in the bundle)."""
    data = sw_data(built_site)
    assert re.fullmatch(r"[0-9a-f]{16}", data["version"])
    every = data["files"]["checker"] + data["files"]["site"]
    for path in content_pages(site_pages):
        assert path in every, path
    assert not [path for path in every if path.endswith("file-payload.js")]
    source = (built_site / "sw.js").read_text(encoding="utf-8")
    assert "SW_DATA" not in source and "__FILES__" not in source


def sw_files(built_site: Path) -> dict[str, list[str]]:
    """The service worker's files: {"checker": [...], "site": [...]}, site-relative paths."""
    return sw_data(built_site)["files"]


def test_the_service_worker_fetches_the_engine_and_the_checklist_pages_first(
    built_site: Path, site_pages: dict
):
    """sw.js lists the engine folder's files and the checklist pages in its first group, every
    other precached file once in the second, its pages before the rest."""
    files = sw_files(built_site)
    (engine,) = (built_site / "assets/checker/engine").iterdir()
    engine_files = sorted(p.relative_to(built_site).as_posix() for p in engine.iterdir()
                          if p.name != "file-payload.js")
    checklists = sorted(path for path, page in site_pages.items() if "checker-config" in page.ids)
    assert checklists == ["checklist.html", "en/checklist.html"]
    assert files["checker"][: len(engine_files)] == engine_files
    assert set(checklists) <= set(files["checker"])
    every = [p.relative_to(built_site).as_posix()
             for p in offline.precache_list(built_site, SEARCH_LANGUAGES)]
    assert sorted(files["checker"] + files["site"]) == sorted(every)
    kinds = [name.endswith(".html") for name in files["site"]]
    assert kinds == sorted(kinds, reverse=True), "pages first"
    assert "search/search_index.js" not in every  # only pages opened from disk load it
    stemmers = {name for name in every if name.startswith(offline.LUNR_LANGUAGES)}
    wanted = {offline.LUNR_LANGUAGES + name for name in offline.LUNR_SHARED} | {
        f"{offline.LUNR_LANGUAGES}lunr.{lang}.min.js" for lang in SEARCH_LANGUAGES}
    shipped = {p.relative_to(built_site).as_posix()
               for p in (built_site / offline.LUNR_LANGUAGES).iterdir()}
    assert stemmers == wanted & shipped and len(shipped) > len(stemmers)  # English: built in


def test_from_a_second_content_page_the_worker_fetches_the_engine_before_the_rest(
    new_context, built_site: Path
):
    """A second content page in a visit shows intent: the worker then asks for every engine
    file before any file of the rest, and keeps them all."""
    files = sw_files(built_site)
    requested: list[str] = []  # by the service worker
    # by the pages and their search worker: the service worker passes these on as they come,
    # so they may fall among its own requests in any order
    passed_on: set[str] = set()

    def note(request) -> None:
        path = urlsplit(request.url).path
        if request.service_worker is None:
            passed_on.add(path)
        else:
            requested.append(path)

    with serve_directory(built_site) as url:
        context = new_context(service_workers="allow")
        context.on("request", note)
        page = context.new_page()
        page.goto(url + "faq.html")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_until_kept(page, "visited")
        page.goto(url + "steps.html")
        wait_until_kept(page, "site")
        cached = page.evaluate(CACHED)
        page.close()
    engine = {"/" + name for name in files["checker"] if "/engine/" in name}
    assert engine <= set(cached)
    first = next(i for i, path in enumerate(requested) if path in engine)
    after = requested[first:]
    rest = [i for i, path in enumerate(after)
            if path.lstrip("/") in files["site"] and path not in passed_on]
    assert rest and max(after.index(path) for path in engine) < min(rest), after


# Every file in the worker's caches, as site paths.
CACHED = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
  }
  return paths;
}"""
# The pages shown offline for an address not kept (kept from the start).
OFFLINE_PAGES = {"/offline.html", "/en/offline.html"}
# A connection that asks to save data, as Chromium reports it when the reader has set so.
SEARCH_LANGUAGES = next(p["search"]["lang"] for p in load_mkdocs_yml()["plugins"]
                        if isinstance(p, dict) and "search" in p)
SAVE_DATA = """Object.defineProperty(Navigator.prototype, "connection", { configurable: true,
  get: () => ({ saveData: true, effectiveType: "4g" }) });"""


@pytest.mark.parametrize("save_data", [True, False])
def test_a_connection_that_saves_data_keeps_only_what_the_reader_opened(
    browser, new_context, built_site: Path, save_data: bool
):
    """Saving data, a visit to a content page keeps that page and what it loaded, no other page
    and no engine file; the checklist's visit then keeps the engine and every file the browser
    downloaded; offline, both pages work, the first one's search included. Without it, one
    visit to a content page keeps only that page, and a second one the whole site."""
    files = sw_files(built_site)
    every = {"/" + name for group in files.values() for name in group}
    engine = {"/" + name for name in files["checker"] if "/engine/" in name}
    requested: set[str] = set()
    with serve_directory(built_site, headers=lambda path: requested.add(path) or {}) as url:
        if not save_data:
            page = new_context(service_workers="allow").new_page()
            page.goto(url + "faq.html")
            wait_until_kept(page, "visited")
            assert not set(page.evaluate(CACHED)) & engine
            page.goto(url + "steps.html")
            wait_until_kept(page, "site")
            assert set(page.evaluate(CACHED)) == every
            return
        # Not routed (Playwright's routing turns the HTTP cache off, and the worker keeps what
        # the browser downloaded from there); errors are watched all the same.
        guard = PageGuard()
        context = browser.new_context(service_workers="allow")
        context.add_init_script(SAVE_DATA)
        try:
            page = context.new_page()
            guard.watch(page)
            page.goto(url + "faq.html")
            wait_until_kept(page, "visited")
            cached = set(page.evaluate(CACHED))
            pages = {path for path in cached if path.endswith(".html")} - OFFLINE_PAGES
            assert pages == {"/faq.html"} and not cached & engine, sorted(cached)
            page.goto(url + PAGES["en"])
            wait_ready(page)
            wait_until_kept(page, "visited")
            cached = set(page.evaluate(CACHED))
            assert engine <= cached and requested & every <= cached, sorted(requested - cached)
            assert not {"/steps.html", "/en/steps.html", "/checklist.html"} & cached
            context.set_offline(True)
            page.goto(url + "faq.html")
            expect(page.locator("h1").first).to_be_visible()
            assert url + "steps.html" in search(page, "謝罪")
            page.goto(url + PAGES["en"])
            wait_ready(page)
            case = one_case_per_level()[1]
            answer(page, case["answers"])
            expect(verdict(page)).to_have_attribute("data-level", case["level"])
            assert guard.problems() == []
        finally:
            context.close()


def test_a_first_checklist_visit_downloads_the_webassembly_once(new_context, built_site: Path):
    """On a first visit to the checklist, the page's worker and the installing service worker
    share one download of each engine file (counted at the server), and the service worker
    keeps them all."""
    files = sw_files(built_site)
    engine = {"/" + name for name in files["checker"] if "/engine/" in name}
    requested: list[str] = []
    with serve_directory(built_site, headers=lambda path: requested.append(path) or {}) as url:
        page = new_context(service_workers="allow").new_page()
        page.goto(url + PAGES["ja"])
        wait_ready(page)
        wait_until_kept(page, "site")
        cached = set(page.evaluate(CACHED))
        page.close()
    wasm = [path for path in requested if path.endswith(".wasm")]
    assert len(wasm) == 1, wasm
    assert engine <= cached
    downloaded_twice = {path for path in engine if requested.count(path) > 1}
    assert not downloaded_twice & {p for p in engine if p.endswith((".wasm", ".zip", ".whl"))}


def test_a_visit_to_the_home_page_alone_downloads_no_engine_file(new_context, built_site: Path):
    """One page read, the service worker registered and told: no engine byte is requested."""
    requested: list[str] = []
    with serve_directory(built_site, headers=lambda path: requested.append(path) or {}) as url:
        page = new_context(service_workers="allow").new_page()
        page.goto(url + "index.html")
        wait_until_kept(page, "visited")
        page.wait_for_timeout(1000)  # anything the worker would fetch next
        page.close()
    assert requested and not [path for path in requested if "/assets/checker/engine/" in path]


@pytest.mark.parametrize(("path", "title"), [("no-such-page.html", "オフラインです"),
                                             ("en/no-such-page.html", "You are offline")])
def test_offline_an_address_not_kept_gets_the_sites_offline_page(
    new_context, site_url: str, path: str, title: str
):
    """After reading one page, offline, an address the worker has not kept shows the offline
    page of its language, which links back home, instead of the browser's error page."""
    page = new_context(service_workers="allow").new_page()
    page.goto(site_url + "index.html")
    wait_until_kept(page, "visited")
    assert OFFLINE_PAGES <= set(page.evaluate(CACHED))
    page.context.set_offline(True)
    page.goto(site_url + path)
    expect(page.locator("h1")).to_have_text(title)
    home = page.locator("a[hreflang]").first
    folder = "en/" if path.startswith("en/") else ""
    assert home.evaluate("(a) => a.href") == site_url + folder + "index.html"
