"""The engine keeps going: a worker that dies after the start is restarted once (the answers
stay), and a start on a slow network follows the bytes, not the clock."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from helpers.server import serve_directory
from playwright.sync_api import Page, Worker, expect
from test_checklist_browser import PAGES, answer, checked, one_case_per_level, verdict, wait_ready

pytestmark = pytest.mark.browser

# Records every state the page shows for the engine (and its status line), in order.
RECORD_STATES = """() => {
  window.__states = [];
  const status = document.getElementById("checker-status");
  const record = () => window.__states.push(
    [document.documentElement.dataset.checkerEngine, status.dataset.state].join("/"));
  new MutationObserver(record).observe(document.documentElement,
    { attributes: true, attributeFilter: ["data-checker-engine"] });
  new MutationObserver(record).observe(status,
    { attributes: true, attributeFilter: ["data-state"] });
}"""
STATES = "() => window.__states.filter((s, i, all) => s !== all[i - 1])"


def engine_worker(page: Page) -> Worker:
    workers = [w for w in page.workers if "/assets/checker/engine/" in w.url]
    assert len(workers) == 1, [w.url for w in page.workers]
    return workers[0]


def kill(worker: Worker) -> None:
    """The worker exits (as a crashed or evicted one would): it just stops answering."""
    worker.evaluate("() => { setTimeout(() => self.close(), 0); }")


def test_a_worker_that_dies_after_the_start_shows_the_failure_keeps_the_answers_and_recovers_once(
    page: Page, site_url: str
):
    first, second = one_case_per_level()[:2]
    page.goto(site_url + PAGES["en"])
    wait_ready(page)
    answer(page, first["answers"])
    expect(verdict(page)).to_have_attribute("data-level", first["level"])
    page.evaluate(RECORD_STATES)
    kill(engine_worker(page))
    answer(page, second["answers"])  # asks the dead worker
    page.wait_for_function("() => window.__states.includes('failed/failed')", timeout=15_000)
    assert checked(page) == second["answers"]
    page.wait_for_function("() => document.documentElement.dataset.checkerEngine === 'ready'",
                           timeout=30_000)
    expect(verdict(page)).to_have_attribute("data-level", second["level"])
    assert checked(page) == second["answers"]
    assert page.evaluate(STATES) == ["failed/failed", "ready/ready"]
    assert page.evaluate("document.documentElement.dataset.checkerRestarts") == "1"

    # once only: a second death is final, and the form still holds the answers
    kill(engine_worker(page))
    answer(page, first["answers"])
    page.wait_for_function("() => document.documentElement.dataset.checkerEngine === 'failed'",
                           timeout=15_000)
    expect(page.locator("#checker-status")).to_have_attribute("data-state", "failed")
    page.wait_for_timeout(2000)
    assert page.evaluate("document.documentElement.dataset.checkerEngine") == "failed"
    assert checked(page) == first["answers"]
    assert len([w for w in page.workers if "/assets/checker/engine/" in w.url]) <= 1


SLOW_BYTES_PER_SECOND = 256 * 1024  # per file: the 8.6 MB WebAssembly takes about 34 s
ENGINE_PATH = re.compile(r"^/assets/checker/engine/[0-9a-f]+/(?!worker\.js)")


def test_engine_files_trickling_for_over_30_s_start_the_checker(new_context, built_site: Path):
    """Served slowly (every engine file at a steady 256 KB/s, never stalling, for more than
    30 s in all), the checker follows the bytes and starts: it does not give up."""
    sent: dict[str, list[float]] = {}
    with serve_directory(
        built_site,
        rate=lambda path: SLOW_BYTES_PER_SECOND if ENGINE_PATH.search(path) else None,
        sent=sent,
    ) as url:
        page = new_context(service_workers="block").new_page()
        start = time.monotonic()
        page.goto(url + PAGES["en"])
        page.wait_for_function("() => document.documentElement.dataset.checkerEngine",
                               timeout=120_000)
        assert page.evaluate("document.documentElement.dataset.checkerEngine") == "ready", (
            f"the checker gave up after {time.monotonic() - start:.0f} s"
        )
        case = one_case_per_level()[0]
        answer(page, case["answers"])
        expect(verdict(page)).to_have_attribute("data-level", case["level"])
        received, expected = map(int, page.evaluate(
            "document.documentElement.dataset.checkerBytes").split("/"))
        page.close()  # before the server stops: nothing left in flight
    chunks = sorted(t for times in sent.values() for t in times)
    assert chunks, "no engine file was throttled"
    assert chunks[-1] - chunks[0] > 30, f"the bytes arrived within {chunks[-1] - chunks[0]:.0f} s"
    assert max(b - a for a, b in zip(chunks, chunks[1:], strict=False)) < 5, "the bytes stalled"
    assert received == expected > 0, (received, expected)
