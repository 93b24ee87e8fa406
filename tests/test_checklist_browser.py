"""The in-page checklist: the real engine on Pyodide, driven like a reader would."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from helpers import golden
from playwright.sync_api import Page, expect

import checker

pytestmark = pytest.mark.browser

GOLDEN = golden.scenarios()
LEVELS = ("high", "moderate", "low", "very_low")
READY_TIMEOUT = 60_000
PAGES = {"ja": "checklist.html", "en": "en/checklist.html"}
VERSION = checker.RULES_VERSION
SCORING_IDS = {q.id for q in checker.load_rules().scoring_questions}


def one_case_per_level() -> list[dict]:
    """The first golden case of each level whose every scoring question is answered."""
    cases = {}
    for case in GOLDEN:
        if case["level"] not in cases and SCORING_IDS <= set(case["answers"]):
            cases[case["level"]] = case
    assert set(cases) == set(LEVELS), (
        f"golden.toml lacks a fully answered case for {set(LEVELS) - set(cases)}"
    )
    return [cases[level] for level in LEVELS]


def wait_ready(page: Page) -> None:
    page.wait_for_function(
        "() => document.documentElement.dataset.checkerEngine", timeout=READY_TIMEOUT
    )
    assert page.evaluate("document.documentElement.dataset.checkerEngine") == "ready"


def answer(page: Page, answers: dict[str, str]) -> None:
    for question, option in answers.items():
        page.locator(f'label.checker-option:has(input[name="{question}"][value="{option}"])').click()


def address_holds(page: Page, answers: dict[str, str]) -> None:
    """Wait until the address holds every one of `answers`: it follows them once answering
    pauses, never between an answer and its verdict, so the verdict on screen is then the one
    for all of them (under load, a pause may come before the last answer)."""
    page.wait_for_function("(pairs) => pairs.every((pair) => location.hash.includes(pair))",
                           arg=[f"{question}={option}" for question, option in answers.items()])


def checked(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#checker-form input:checked')]
               .map((i) => [i.name, i.value]))"""
    )


def verdict(page: Page):
    return page.locator("[data-checker-verdict]")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_clicking_labels_gives_the_golden_level_in_each_language(
    page: Page, site_url: str, lang: str
):
    """Answering by clicking labels shows, for one golden case per level, that level with
    reasons and steps."""
    page.goto(site_url + PAGES[lang])
    wait_ready(page)
    for case in one_case_per_level():
        answer(page, case["answers"])
        expect(verdict(page)).to_have_attribute("data-level", case["level"])
        expect(verdict(page).locator(".checker-reasons li").first).to_be_visible()
        expect(verdict(page).locator(".checker-steps li").first).to_be_visible()
    expect(verdict(page)).to_have_attribute("aria-live", "polite")
    assert page.evaluate("document.documentElement.lang") == lang


def test_answers_and_ticked_steps_survive_a_reload(page: Page, site_url: str):
    """A reload restores the answers from storage and the ticks of the to-do list."""
    case = one_case_per_level()[1]
    page.goto(site_url + PAGES["ja"])
    wait_ready(page)
    answer(page, case["answers"])
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    page.locator(".checker-steps input[type=checkbox]").first.check()
    page.goto(site_url + PAGES["ja"])  # a fresh load without the fragment: storage only
    wait_ready(page)
    assert checked(page) == case["answers"]
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    expect(page.locator(".checker-steps input[type=checkbox]").first).to_be_checked()


def test_a_copied_link_restores_the_answers_in_the_other_language(new_context, site_url: str):
    """The link from "copy link" carries the answers; opened in English it restores them."""
    case = one_case_per_level()[2]
    first = new_context().new_page()
    first.goto(site_url + PAGES["ja"])
    wait_ready(first)
    answer(first, case["answers"])
    button = first.locator("[data-action=copy]")
    button.click()
    ui = checker.ui_text("ja")  # the button says what happened, and so does the status beside it
    expect(button).not_to_have_text(ui["button.copy_link"])
    assert button.text_content() in {ui["copied"], ui["copy.manual_label"]}
    expect(first.locator("#checker-action-message")).to_have_text(button.text_content())
    link = first.locator("#checker-link").input_value()
    assert "#" in link and "v=" in link
    english = link.replace("/checklist.html", "/en/checklist.html")
    second = new_context().new_page()  # a different context: no shared storage
    second.goto(english)
    wait_ready(second)
    assert checked(second) == case["answers"]
    expect(verdict(second)).to_have_attribute("data-level", case["level"])


def test_the_language_switcher_keeps_the_answers(page: Page, site_url: str):
    """Switching language on the checklist lands on the other checklist with the same answers."""
    case = one_case_per_level()[0]
    page.goto(site_url + PAGES["ja"])
    wait_ready(page)
    answer(page, case["answers"])
    page.locator('a.md-select__link[hreflang="en"]').dispatch_event("click")
    page.wait_for_url(re.compile(r"/en/checklist\.html"))
    wait_ready(page)
    assert checked(page) == case["answers"]


def test_a_link_with_garbage_shows_a_notice_and_keeps_what_is_valid(page: Page, site_url: str):
    """Unknown ids and values in a link are ignored with a notice; valid answers are restored."""
    page.goto(
        site_url + PAGES["en"] + "#quota=open&elapsed=yesterday&zzz=1&manner=%3Cscript%3E"
        + f"&v={VERSION}"
    )
    expect(page.locator("#checker-notice")).to_be_visible()
    assert checked(page) == {"quota": "open"}
    wait_ready(page)
    answer(page, {"elapsed": "days"})
    expect(verdict(page)).not_to_have_attribute("data-level", "")


@pytest.mark.allow_console_errors("Failed to load resource", "net::ERR_FAILED")
def test_blocked_pyodide_files_show_the_failure_and_keep_the_form(page: Page, site_url: str):
    """With the engine's files blocked the page says so plainly and the form still works."""
    page.route(re.compile(r"/assets/checker/engine/"), lambda route: route.abort())
    page.goto(site_url + PAGES["en"])
    page.wait_for_function(
        "() => document.documentElement.dataset.checkerEngine", timeout=READY_TIMEOUT
    )
    assert page.evaluate("document.documentElement.dataset.checkerEngine") == "failed"
    status = page.locator("#checker-status")
    expect(status).to_have_attribute("data-state", "failed")
    expect(status).to_contain_text("How the checklist decides")
    answer(page, {"quota": "filled"})
    assert checked(page) == {"quota": "filled"}
    page.reload()
    assert checked(page)["quota"] == "filled"


def test_content_pages_load_no_pyodide_byte(page: Page, site_url: str):
    """Pages without the checker request nothing from the engine's folder."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("index.html", "steps.html", "en/index.html", "en/faq.html"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
    assert [url for url in requested if "/assets/checker/" in url] == []


def engine_dir(built_site: Path) -> Path:
    (directory,) = (built_site / "assets/checker/engine").iterdir()
    return directory


def test_the_shipped_wheel_is_compiled_and_matches_the_lockfile(built_site: Path):
    """The wheel the browser loads holds .pyc only, without the command line, and its sha256
    is the lockfile's."""
    directory = engine_dir(built_site)
    lockfile = json.loads((directory / "pyodide-lock.json").read_text(encoding="utf-8"))
    (entry,) = lockfile["packages"].values()
    wheel = directory / entry["file_name"]
    names = zipfile.ZipFile(wheel).namelist()
    assert not [name for name in names if name.endswith(".py")]
    assert any(name.endswith(".pyc") for name in names)
    assert "checker/__main__.pyc" not in names and "checker/engine.pyc" in names
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    page = (built_site / "checklist.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'id="checker-config"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert config["engine"]["lockfile"] == lockfile


def test_the_form_is_plain_html_from_the_engine_data(built_site: Path):
    """Each question is a fieldset with a legend and one radio per option, named by ids."""
    html = (built_site / "en/checklist.html").read_text(encoding="utf-8")
    text = unescape(html)
    for question in checker.load_rules().questions:
        assert f'id="question-{question.id}"' in html
        for option in question.options:
            assert f'name="{question.id}" value="{option.id}"' in html
        assert question.text("en") in text


def test_a_change_replaces_only_what_changed_and_keeps_what_the_reader_opened(
    page: Page, site_url: str
):
    """After an answer, a new reason is a new node, while the reason that stays, the
    disclaimer and the opened "other steps" keep their nodes (so the browser neither lays
    them out nor announces them again, and the reader's open part stays open)."""
    page.goto(site_url + PAGES["en"])
    wait_ready(page)
    answer(page, {"quota": "open"})
    reasons = verdict(page).locator(".checker-reasons li")
    expect(reasons).to_have_count(1)
    verdict(page).locator(".checker-verdict__more summary").click()
    page.evaluate("""() => {
        const verdict = document.querySelector('[data-checker-verdict]');
        const parts = verdict.querySelectorAll(
            '.checker-reasons li, .checker-verdict__disclaimer, .checker-verdict__more');
        for (const node of parts) node.__before = true;
    }""")
    answer(page, {"elapsed": "days"})
    expect(reasons).to_have_count(2)
    kept = page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('[data-checker-verdict] .checker-reasons li')]
          .map((li) => [li.dataset.id, li.__before === true]))""")
    assert kept == {"elapsed-days": False, "quota-open": True}
    assert page.evaluate("""() => [...document.querySelectorAll(
        '[data-checker-verdict] :is(.checker-verdict__disclaimer, .checker-verdict__more)')]
        .every((node) => node.__before === true)""")
    expect(verdict(page).locator(".checker-verdict__more")).to_have_attribute("open", "")


def test_the_address_follows_the_answers_once_the_verdict_is_shown(page: Page, site_url: str):
    """The page address carries the answers (after the verdict, to keep the verdict fast), and
    reloading that address restores them."""
    case = one_case_per_level()[1]
    page.goto(site_url + PAGES["ja"])
    wait_ready(page)
    answer(page, case["answers"])
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    last_question, last_option = list(case["answers"].items())[-1]
    page.wait_for_function(f"() => location.hash.includes('{last_question}={last_option}')")
    page.reload()
    wait_ready(page)
    assert checked(page) == case["answers"]


def test_a_reload_right_after_an_answer_keeps_that_answer(page: Page, site_url: str):
    """Opened from a link, then answered and at once reloaded: the reload shows the latest
    answers (the tab remembers its newest address even before the address bar has it)."""
    page.goto(site_url + PAGES["ja"] + f"#quota=open&v={VERSION}")
    wait_ready(page)
    answer(page, {"elapsed": "days"})
    page.reload()
    wait_ready(page)
    assert checked(page) == {"quota": "open", "elapsed": "days"}
    page.goto(site_url + PAGES["en"] + f"#quota=filled&v={VERSION}")  # a link opened anew wins
    wait_ready(page)
    assert checked(page) == {"quota": "filled"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_main_steps_lead_and_the_others_fold_on_screen_and_open_in_print(
        page: Page, site_url: str, lang: str):
    """The verdict lists the engine's main steps first; the other steps sit under a keyboard-
    reachable summary, folded on screen and shown in full in print."""
    answers = {"elapsed": "week", "quota": "unknown", "evaluation": "average",
               "manner": "courteous", "reason": "clear", "situation": "none", "contact": "yes",
               "route": "agent"}
    expected = checker.evaluate(answers, lang)
    others = [m for m in expected.steps if m.id not in expected.main_steps]
    assert len(expected.main_steps) == checker.load_rules().main_steps and others
    page.goto(site_url + PAGES[lang])
    wait_ready(page)
    answer(page, answers)
    more = verdict(page).locator("details.checker-verdict__more")
    expect(more.locator("summary")).to_have_text(checker.ui_text(lang)["verdict.other_steps"])
    main = verdict(page).locator(".checker-verdict__section > .checker-steps > li")
    expect(main).to_have_count(len(expected.main_steps))
    assert main.evaluate_all("items => items.map((i) => i.dataset.id)") == list(
        expected.main_steps)
    assert "contact-now" not in page.locator("[data-checker-verdict] li").evaluate_all(
        "items => items.map((i) => i.dataset.id)")
    folded = more.locator(f'li[data-id="{others[0].id}"]')
    expect(folded).to_be_hidden()
    page.emulate_media(media="print")
    expect(folded).to_be_visible()
    page.emulate_media(media="screen")
    expect(folded).to_be_hidden()
    more.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(folded).to_be_visible()


def test_printing_opens_the_folded_steps_and_folds_them_again(page: Page, site_url: str):
    """Where the print CSS cannot open a closed <details>, the page opens it for printing."""
    page.goto(site_url + PAGES["en"])
    wait_ready(page)
    answer(page, {"route": "school", "quota": "unknown"})
    more = verdict(page).locator("details.checker-verdict__more")
    expect(more).not_to_have_attribute("open", "")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(more).to_have_attribute("open", "")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(more).not_to_have_attribute("open", "")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_contact_step_shows_the_next_call_window_from_the_engine(
    page: Page, site_url: str, lang: str
):
    """Under the 'call the company' step, the next call window in Japan time, as the call plan
    gives it for this minute (the same engine, holidays included); not on the agent route."""
    import datetime
    from zoneinfo import ZoneInfo

    from checker.plan import when

    page.goto(site_url + PAGES[lang])
    wait_ready(page)
    page.wait_for_function("() => document.documentElement.dataset.callWindow === 'ready'",
                           timeout=READY_TIMEOUT)  # asked for once the engine is ready
    answer(page, {"route": "direct", "quota": "open"})
    line = verdict(page).locator("li[data-id=contact-now] .checker-step__when")
    expect(line).to_have_count(1, timeout=READY_TIMEOUT)
    now = datetime.datetime.now(ZoneInfo("Asia/Tokyo")).replace(tzinfo=None, second=0,
                                                                microsecond=0)
    expected = {when(now - datetime.timedelta(minutes=m), lang)["headline"] for m in (0, 1)}
    expect(line).not_to_have_text("")
    assert line.text_content() in expected
    answer(page, {"route": "agent"})
    expect(verdict(page).locator(".checker-step__when")).to_have_count(0)
