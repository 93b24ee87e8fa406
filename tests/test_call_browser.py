"""The call page in Chromium: the plan and the script from the real engine on Pyodide, tapped
through like a reader during a call, served and from file://, in both languages. What the page
shows is compared with what the engine gives on CPython for the same details and moment."""

from __future__ import annotations

import datetime
import importlib
import json

import pytest
from helpers.server import serve_directory
from playwright.sync_api import Page, expect
from test_accessibility import axe_context, describe, run_axe, unacceptable
from test_offline import sw_files, wait_until_kept

import checker
from site_build.pages import call as call_page

pytestmark = pytest.mark.browser

plan_module = importlib.import_module("checker.plan")
PAGES = {"ja": "call.html", "en": "en/call.html"}
READY_TIMEOUT = 90_000
DETAILS_KEY = "naitei-composer/details"
WALK_KEY = "naitei-call/walk"
DETAILS = {"company": "株式会社みなと精機", "name": "鈴木花子", "school": "東西大学経済学部",
           "contact": "田中"}
# Friday 4 December 2026, 22:10 in Tokyo: the plan says Monday morning.
TOKYO = datetime.timezone(datetime.timedelta(hours=9))
MOMENT = datetime.datetime(2026, 12, 4, 22, 10, tzinfo=TOKYO)
NOW = "2026-12-04T22:10"
# A path through the script: put through, asked why, then they will think about it.
PATH = ["hold", "why", "consider"]
LINES = """() => [...document.querySelectorAll('[data-walk-lines] li')].map((li) => {
    const ja = li.querySelector('.call-line__ja').cloneNode(true);
    ja.querySelectorAll('rt, rp').forEach((node) => node.remove());
    return ja.textContent;
})"""


@pytest.fixture(params=["served", "file"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


def open_call(new_context, base: str, lang: str, mode: str = "served", **options) -> Page:
    """The call page at MOMENT (the clock fixed; timers run), guarded."""
    if mode == "file":
        options.setdefault("service_workers", "block")
    page = new_context(**options).new_page()
    page.clock.set_fixed_time(MOMENT)
    page.goto(base + PAGES[lang])
    return page


def wait_for_plan(page: Page) -> None:
    page.wait_for_function(
        "() => document.documentElement.dataset.callShown === 'plan'"
        " || document.documentElement.dataset.callEngine === 'failed'", timeout=READY_TIMEOUT)
    assert page.evaluate("document.documentElement.dataset.callEngine") == "ready"


def expected(lang: str, details: dict[str, str], now: str = NOW) -> dict:
    """The plan the engine gives on CPython (at MOMENT unless told)."""
    return plan_module.plan(details, lang, now=now)


def type_details(page: Page, details: dict[str, str]) -> None:
    for field, value in details.items():
        page.locator(f"#call-{field}").fill(value)


def at_node(page: Page, node: str) -> None:
    expect(page.locator("[data-call-walk]")).to_have_attribute("data-node", node)


def tap(page: Page, answer: str) -> None:
    page.locator(f'[data-walk-answers] [data-answer="{answer}"]').click()


def stored_details(page: Page) -> dict[str, str]:
    raw = page.evaluate(f"localStorage.getItem({DETAILS_KEY!r})")
    return json.loads(raw)["details"] if raw else {}


@pytest.mark.parametrize("lang", checker.LANGS)
def test_a_path_through_the_script_is_tapped(new_context, site_url, site_file_url, mode, lang):
    """The plan's words, the reader's details in their lines, each tap to the answer's node,
    back one step, the place kept over a reload, and the outcome's email and date."""
    base = site_url if mode == "served" else site_file_url
    page = open_call(new_context, base, lang, mode, timezone_id="America/Los_Angeles")  # abroad
    wait_for_plan(page)
    type_details(page, DETAILS)
    plan = expected(lang, DETAILS)
    script = plan["script"]
    expect(page.locator("[data-call-plan]")).to_have_attribute("data-now", NOW)  # Japan time
    expect(page.locator("[data-plan-headline]")).to_have_text(plan["headline"])
    expect(page.locator("[data-plan-follow-up]")).to_have_text(plan["follow_up_text"])
    node = script["start"]
    at_node(page, node)
    expect(page.locator("[data-walk-lines]")).to_contain_text(DETAILS["name"])
    assert page.evaluate(LINES) == [line["ja"] for line in script["nodes"][node]["lines"]]
    for answer in PATH:
        labels = {a["id"]: a["label"] for a in script["nodes"][node]["answers"]}
        expect(page.locator(f'[data-answer="{answer}"]')).to_have_text(labels[answer])
        tap(page, answer)
        node = next(a["to"] for a in script["nodes"][node]["answers"] if a["id"] == answer)
        at_node(page, node)
        assert page.evaluate(LINES) == [line["ja"] for line in script["nodes"][node]["lines"]]
    page.locator('[data-action="back"]').click()
    at_node(page, "explain")
    tap(page, PATH[-1])
    at_node(page, node)
    page.reload()
    wait_for_plan(page)
    at_node(page, node)
    outcome = script["nodes"][node]["outcome"]
    expect(page.locator("[data-outcome-next]")).to_have_text(outcome["next"])
    expect(page.locator("[data-outcome-date]")).to_have_text(outcome["follow_up"])
    expect(page.locator("[data-walk-answers-box]")).to_be_hidden()
    (status,) = [f for f in importlib.import_module("checker.compose").fields(lang)
                 if f["id"] == "call_status"]
    email_name = next(c["label"] for c in status["choices"] if c["id"] == outcome["email"])
    expect(page.locator("[data-outcome-email-name]")).to_contain_text(email_name)
    page.locator("[data-outcome-email]").click()
    page.wait_for_url("**/templates.html#composer")
    assert stored_details(page) == DETAILS | {"call_status": outcome["email"]}
    expect(page.locator(f'input[name="call_status"][value="{outcome["email"]}"]')).to_be_checked()
    expect(page.locator("#composer-name")).to_have_value(DETAILS["name"])


def test_the_english_page_shows_furigana_and_the_meaning(new_context, site_url):
    """On the English page each line to say has its readings over the kanji and its meaning."""
    page = open_call(new_context, site_url, "en")
    wait_for_plan(page)
    line = expected("en", {})["script"]["nodes"]["ask_for_contact"]["lines"][0]
    readings = [reading for _, reading in line["ruby"] if reading]
    first = page.locator("[data-walk-lines] li").first
    assert first.locator("rt").all_text_contents() == readings
    expect(first.locator(".call-line__en")).to_have_text(line["en"])


def test_details_typed_in_the_composer_are_in_the_script(new_context, site_url):
    """Typed once, on the templates page: the call page's form and lines have them."""
    page = open_call(new_context, site_url, "ja")
    page.goto(site_url + "templates.html")
    page.locator("#composer-name").fill(DETAILS["name"])
    page.wait_for_function(f"() => (localStorage.getItem({DETAILS_KEY!r}) || '')"
                           f".includes({DETAILS['name']!r})")
    page.goto(site_url + PAGES["ja"])
    wait_for_plan(page)
    expect(page.locator("#call-name")).to_have_value(DETAILS["name"])
    expect(page.locator("[data-walk-lines]")).to_contain_text(DETAILS["name"])
    assert DETAILS["name"] not in page.url


def test_add_to_calendar_gives_the_engines_calendar_file(new_context, site_url, site_file_url,
                                                         mode):
    """The .ics downloaded is the one the engine writes for the same details and moment."""
    base = site_url if mode == "served" else site_file_url
    page = open_call(new_context, base, "en", mode, accept_downloads=True)
    wait_for_plan(page)
    with page.expect_download() as info:
        page.locator('[data-action="calendar"]').click()
    text = info.value.path().read_bytes().decode("utf-8")
    ics = importlib.import_module("checker.ics").ics(expected("en", {}))
    assert text == ics and "BEGIN:VCALENDAR" in text


BLOCKED_STORAGE = """
    for (const name of ["localStorage", "sessionStorage"]) {
        Object.defineProperty(window, name, { configurable: true,
            get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });
    }
"""


def test_blocked_storage_says_details_will_not_be_kept_and_still_plans(new_context, site_url):
    """Without storage the page says so, and the typed details still reach the script."""
    context = new_context()
    context.add_init_script(BLOCKED_STORAGE)
    page = context.new_page()
    page.goto(site_url + PAGES["en"])
    wait_for_plan(page)
    ui = call_page.page_texts(plan_module, "en")
    expect(page.locator("#call-notice")).to_have_text(ui["storage.none"])
    type_details(page, {"name": DETAILS["name"]})
    expect(page.locator("[data-walk-lines]")).to_contain_text(DETAILS["name"])
    tap(page, "hold")
    at_node(page, "request")


@pytest.mark.allow_console_errors("Failed to load resource", "net::ERR_FAILED")
def test_the_whole_script_reads_before_the_engine_and_prints(new_context, site_url):
    """With the engine's files blocked, every node of the script is on the page, with its
    lines; printed, the companion is hidden and the script is not."""
    context = new_context(service_workers="block")
    context.route("**/assets/checker/engine/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(site_url + PAGES["en"])
    script = expected("en", {})["script"]
    for node_id, node in script["nodes"].items():
        section = page.locator(f"#call-node-{node_id}")
        expect(section).to_be_visible()
        expect(section.locator(".call-line")).to_have_count(len(node["lines"]))
    page.emulate_media(media="print")
    expect(page.locator("#call-node-request")).to_be_visible()
    expect(page.locator("[data-call-walk]")).to_be_hidden()


def test_the_call_page_is_an_engine_page_for_the_service_worker(built_site):
    """sw.js fetches the call pages of both languages with the engine, first."""
    files = sw_files(built_site)
    assert set(PAGES.values()) <= set(files["checker"])


def test_after_one_visit_the_call_page_works_offline(new_context, built_site):
    """Visited once online (the worker keeps the site), the server gone: the other language's
    call page gives its plan and walks to an outcome."""
    with serve_directory(built_site) as url:
        context = new_context(service_workers="allow")
        page = context.new_page()
        page.clock.set_fixed_time(MOMENT)
        page.goto(url + PAGES["ja"])
        wait_for_plan(page)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        wait_until_kept(page, "site")
        context.set_offline(True)
        page.goto(url + PAGES["en"])
        wait_for_plan(page)
        expect(page.locator("[data-plan-headline]")).to_have_text(expected("en", {})["headline"])
        tap(page, "out")
        at_node(page, "contact_out")
        expect(page.locator("[data-outcome-email]")).to_have_attribute("data-email", "unreached")


def settled_axe(page: Page, where: str) -> list[str]:
    """axe's unacceptable violations once the page's transitions (the header's title, the
    back-to-top button, a hovered button) have finished."""
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
    return describe(where, unacceptable(run_axe(page)))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", checker.LANGS)
def test_axe_on_the_call_page_in_every_state(new_context, site_url, lang, scheme):
    """axe at the start, in the middle of the call, and at an outcome, light and dark; and with
    the plan's skipped days and notices shown (the New Year break)."""
    page = axe_context(new_context, color_scheme=scheme).new_page()
    page.clock.set_fixed_time(datetime.datetime(2026, 12, 28, 17, 0, tzinfo=TOKYO))
    page.goto(site_url + PAGES[lang])
    wait_for_plan(page)
    expect(page.locator("[data-plan-notices]")).to_be_visible()
    expect(page.locator("[data-plan-skipped]")).to_be_visible()
    problems = settled_axe(page, "start")
    tap(page, "what_about")
    at_node(page, "purpose")
    problems += settled_axe(page, "middle")
    tap(page, "hold")
    tap(page, "refuse")
    at_node(page, "accept_no")
    problems += settled_axe(page, "outcome")
    assert not problems, "\n".join(problems)


def test_clear_forgets_the_fields_shown_here_and_keeps_the_composers_others(new_context,
                                                                           site_url):
    """Clearing the call page's short form blanks its fields, here and in the shared store,
    and leaves the details only the email writer asks for."""
    page = open_call(new_context, site_url, "ja")
    page.evaluate(f"localStorage.setItem({DETAILS_KEY!r}, JSON.stringify("
                  f"{{details: {json.dumps(DETAILS | {'reason': 'family'})}}}))")
    page.reload()
    wait_for_plan(page)
    expect(page.locator("#call-name")).to_have_value(DETAILS["name"])
    page.locator('[data-call-form] [data-action="clear"]').click()
    expect(page.locator("#call-name")).to_have_value("")
    assert stored_details(page) == dict.fromkeys(DETAILS, "") | {"reason": "family"}
    expect(page.locator("[data-walk-lines]")).not_to_contain_text(DETAILS["name"])
