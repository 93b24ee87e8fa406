"""On a phone: installable, storage kept once the engine is used, and pages that fit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from test_checklist_browser import PAGES, answer, one_case_per_level, wait_ready

pytestmark = pytest.mark.browser

# Replaces navigator.storage.persist with a stub that records each call.
PERSIST_STUB = """(() => {
  window.__persistCalls = 0;
  const storage = navigator.storage;
  if (storage) {
    storage.persist = () => { window.__persistCalls += 1; return Promise.resolve(true); };
  }
})();"""


def test_persistent_storage_is_asked_once_the_engine_has_answered_the_reader(page: Page,
                                                                              site_url: str):
    """Loading the checklist asks nothing; the engine's answer to the reader's first choice
    asks once, and later answers do not ask again."""
    page.add_init_script(PERSIST_STUB)
    page.goto(site_url + PAGES["ja"])
    wait_ready(page)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__persistCalls") == 0
    case = one_case_per_level()[0]
    answer(page, case["answers"])
    page.wait_for_function("window.__persistCalls > 0")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__persistCalls") == 1
