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

import checker

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
    # the page says this failure is final: no restart is scheduled (none to wait out)
    assert page.evaluate("document.documentElement.dataset.checkerRestarting") == "false"
    assert page.evaluate("document.documentElement.dataset.checkerRestarts") == "1"
    assert checked(page) == first["answers"]
    assert len([w for w in page.workers if "/assets/checker/engine/" in w.url]) <= 1


SLOW_BYTES_PER_SECOND = 256 * 1024  # per file: the 8.6 MB WebAssembly takes about 34 s
ENGINE_PATH = re.compile(r"^/assets/checker/engine/[0-9a-f]+/(?!worker\.js)")


@pytest.mark.slow
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


# Records, from the page's first script on, what the status line shows and the bytes counted.
RECORD_PROGRESS = """(() => {
  window.__progress = [];
  new MutationObserver(() => {
    const status = document.getElementById("checker-status");
    if (!status) return;
    const share = status.querySelector("[data-status-share]");
    const entry = [document.documentElement.dataset.checkerBytes || "",
      status.querySelector("[data-status-text]").textContent,
      share.hidden ? "" : share.textContent, status.dataset.state || ""];
    const last = window.__progress[window.__progress.length - 1];
    if (!last || entry.some((value, i) => value !== last[i])) window.__progress.push(entry);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ["data-checker-bytes", "data-state", "hidden"] });
})()"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_status_line_shows_the_share_of_the_engine_bytes_that_arrived(
    new_context, built_site: Path, lang: str
):
    """Served gzip-compressed and slowly, the status line shows a percentage that rises, stays
    within 0-100 and reaches 100 (the bytes read are the files' sizes on disk); the live
    region's text, what a screen reader hears, changes only with the stage."""
    ui = checker.ui_text(lang)
    with serve_directory(
        built_site,
        rate=lambda path: 1024 * 1024 if ENGINE_PATH.search(path) else None,
        gzip=True,
    ) as url:
        context = new_context(service_workers="block")
        context.add_init_script(RECORD_PROGRESS)
        page = context.new_page()
        page.goto(url + PAGES[lang])
        status = page.locator("#checker-status")
        share = status.locator("[data-status-share]")
        expect(share).to_be_visible(timeout=30_000)
        seen, heard = share.text_content(), status.aria_snapshot()
        wait_ready(page)
        records = page.evaluate("window.__progress")
        page.close()
    while_loading = [r for r in records if r[3] == "loading"]
    counted = [tuple(map(int, r[0].split("/"))) for r in while_loading if r[0]]
    assert counted and all(0 <= got <= expected for got, expected in counted), counted
    assert counted[-1][0] == counted[-1][1], counted[-1]
    shown = [r[2] for r in while_loading if r[2]]
    percents = [int(re.search(r"\d+", text).group()) for text in shown]
    assert shown == [ui["status.progress"].replace("{percent}", str(p)) for p in percents]
    assert percents == sorted(percents) and percents[-1] == 100, percents
    assert any(0 < p < 100 for p in percents), percents
    stages = {ui[f"status.{key}"] for key in ("loading", "python", "engine", "ready")}
    assert {r[1] for r in records} <= stages, {r[1] for r in records}
    assert "%" in seen and "%" not in heard, (seen, heard)
