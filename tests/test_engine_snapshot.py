"""The engine's memory snapshot: saved after a first start, restored on the next visit."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect
from test_checklist_browser import PAGES, answer, one_case_per_level, verdict, wait_ready

pytestmark = pytest.mark.browser

NOTE = "naitei-checker/engine-snapshot"
SAVE_TIMEOUT = 20_000

# JavaScript run in the page: the snapshot files in the origin private file system.
SNAPSHOT_FILES = """async () => {
  const root = await navigator.storage.getDirectory();
  const files = {};
  for await (const [name, handle] of root.entries()) files[name] = (await handle.getFile()).size;
  return files;
}"""
DAMAGE = """async (keep) => {
  const root = await navigator.storage.getDirectory();
  for await (const [name, handle] of root.entries()) {
    const file = await handle.getFile();
    const writable = await handle.createWritable();
    await writable.write(await file.slice(0, keep).arrayBuffer());
    await writable.close();
  }
}"""
HOLDS = """async (needle) => {
  const root = await navigator.storage.getDirectory();
  for await (const [, handle] of root.entries()) {
    const text = new TextDecoder("latin1").decode(await (await handle.getFile()).arrayBuffer());
    if (text.includes(needle)) return true;
  }
  return false;
}"""


def started(page: Page) -> str:
    return page.evaluate("() => document.documentElement.dataset.checkerStart")


def wait_saved(page: Page) -> None:
    """The worker stores the snapshot once answering has paused, then the page notes it."""
    page.wait_for_function(
        f"() => localStorage.getItem({json.dumps(NOTE)}) !== null", timeout=SAVE_TIMEOUT
    )


def test_a_second_visit_restores_the_saved_engine_with_the_same_verdicts(page: Page, site_url: str):
    """After a first start saves a snapshot, the next visit (either language) restores it and
    gives every golden level, with reasons and steps."""
    page.goto(site_url + PAGES["ja"])
    wait_ready(page)
    assert started(page) == "fresh"
    wait_saved(page)
    files = page.evaluate(SNAPSHOT_FILES)
    assert len(files) == 1 and 0 < next(iter(files.values())) < 16 * 2**20
    for lang in ("ja", "en"):
        page.goto(site_url + PAGES[lang])
        wait_ready(page)
        assert started(page) == "restored"
        for case in one_case_per_level():
            answer(page, case["answers"])
            expect(verdict(page)).to_have_attribute("data-level", case["level"])
            expect(verdict(page).locator(".checker-steps li").first).to_be_visible()


@pytest.mark.parametrize("keep", [0, 16, 100_000], ids=["empty", "header-only", "cut-short"])
def test_a_damaged_snapshot_is_refused_and_the_engine_starts_afresh(
    page: Page, site_url: str, keep: int
):
    """A snapshot file cut short is refused: Python starts afresh, the checker works, and a
    good snapshot is saved again."""
    page.goto(site_url + PAGES["en"])
    wait_ready(page)
    wait_saved(page)
    page.evaluate(DAMAGE, keep)
    page.goto(site_url + PAGES["en"])
    wait_ready(page)
    assert started(page) == "fresh"
    page.evaluate(f"() => localStorage.removeItem({json.dumps(NOTE)})")  # to see the next save
    case = one_case_per_level()[0]
    answer(page, case["answers"])
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    wait_saved(page)
    page.goto(site_url + PAGES["en"])
    wait_ready(page)
    assert started(page) == "restored"


def test_the_snapshot_is_taken_before_the_readers_answers_reach_the_engine(
    page: Page, site_url: str
):
    """Answers restored from a link are evaluated at once, yet the saved snapshot holds none
    of them."""
    case = one_case_per_level()[2]
    fragment = (
        "#"
        + "&".join(f"{question}={option}" for question, option in case["answers"].items())
        + "&v=1"
    )
    page.goto(site_url + PAGES["en"] + fragment)
    wait_ready(page)
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    wait_saved(page)
    assert page.evaluate(HOLDS, "checker") is True  # the search itself works
    for question, option in case["answers"].items():  # as JSON.stringify sends them
        assert page.evaluate(HOLDS, f'"{question}":"{option}"') is False, question
