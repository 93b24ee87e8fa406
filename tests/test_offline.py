"""Offline everywhere: served with no other host, opened from disk, and after one visit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_checklist_browser import answer, checked, one_case_per_level, verdict, wait_ready
from test_site_browser import search

pytestmark = pytest.mark.browser


def content_pages(site_pages: dict) -> list[str]:
    return sorted(
        path for path in site_pages if path.endswith(".html") and not path.endswith("404.html")
    )


def test_every_page_of_both_languages_and_the_checker_request_only_this_host(
    page: Page, site_url: str, site_pages: dict, page_guard
):
    """Walking every page of both languages and running the checker asks no other host."""
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


def test_after_one_visit_the_site_and_checker_work_with_the_network_off(
    new_context, site_url: str
):
    """Visit two pages online; offline, five unvisited pages of both languages and the checker
    work."""
    context = new_context(service_workers="allow")
    page = context.new_page()
    page.goto(site_url + "index.html")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(site_url + "checklist.html")
    wait_ready(page)
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


def test_the_service_worker_is_versioned_by_the_content_and_lists_every_page(
    built_site: Path, site_pages: dict
):
    """sw.js names a version and precaches every page of both languages but not the disk payload."""
    source = (built_site / "sw.js").read_text(encoding="utf-8")
    assert re.search(r'const VERSION = "[0-9a-f]{16}"', source)
    for path in content_pages(site_pages):
        assert f'"{path}"' in source, path
    assert "file-payload.js" not in source.split("const FILES", 1)[1]
