"""The call page in Firefox ESR and WebKitGTK: one path through the script, served and from
file://, tapped as a reader would; the plan counts from the time in Japan."""

from __future__ import annotations

import json

import pytest
from test_call_browser import DETAILS, PAGES, expected
from test_other_browsers import browser_driver, driver  # noqa: F401 (the browsers' fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETTLED = """(w) => w.document.documentElement.dataset.callShown
  || w.document.documentElement.dataset.callEngine === "failed" && "failed" """
TYPE_DETAILS = """(details) => {
  for (const [id, value] of Object.entries(details)) {
    const input = document.getElementById("call-" + id);
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
  return true;
}"""
AT_NODE = "(w) => w.document.querySelector('[data-call-walk]').dataset.node === NODE"
SHOWN = """() => ({ now: document.querySelector("[data-call-plan]").dataset.now,
  headline: document.querySelector("[data-plan-headline]").textContent,
  lines: document.querySelector("[data-walk-lines]").textContent })"""


@pytest.mark.parametrize("where", ["served", "file"])
def test_a_path_through_the_script(driver, site_url, site_file_url, where):  # noqa: F811
    """The plan the engine gives (on CPython) at the page's moment in Japan, the typed name in
    the lines, and three taps to the outcome with the email to send."""
    base = site_url if where == "served" else site_file_url
    driver.goto(base + PAGES["en"])
    assert driver.wait_for(SETTLED, 90_000) == "plan"
    driver.run(TYPE_DETAILS, DETAILS)
    driver.wait_for(f"(w) => w.document.querySelector('[data-walk-lines]').textContent"
                    f".includes({json.dumps(DETAILS['name'])})", 20_000)
    shown = driver.run(SHOWN)
    plan = expected("en", DETAILS, now=shown["now"])
    assert shown["headline"] == plan["headline"]
    node = plan["script"]["start"]
    for answer in ("hold", "why", "consider"):
        driver.click(f'[data-answer="{answer}"]')
        node = next(a["to"] for a in plan["script"]["nodes"][node]["answers"] if a["id"] == answer)
        driver.wait_for(AT_NODE.replace("NODE", json.dumps(node)), 20_000)
    email = driver.run("() => document.querySelector('[data-outcome-email]').dataset.email")
    assert email == plan["script"]["nodes"][node]["outcome"]["email"]
