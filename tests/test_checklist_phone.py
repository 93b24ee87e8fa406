"""The checklist in a student's hand (Chromium at 390 x 844): no level before an answer, the
progress line, the result brought into view, its first screen, "check your answers" and
"start again"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from test_checklist_browser import (
    PAGES,
    address_holds,
    answer,
    one_case_per_level,
    verdict,
    wait_ready,
)

import checker
from checker.model import LANGUAGES

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
QUESTIONS = [q["id"] for q in checker.describe("ja")["questions"]]
SCORING = [q["id"] for q in checker.describe("ja")["questions"] if not q["situational"]]
TEXTS = {lang: checker.ui_text(lang) for lang in PAGES}
# Every change of the progress line's text, counted in the page.
WATCH_PROGRESS = """() => {
  const line = document.getElementById('checker-progress');
  window.__progressChanges = 0;
  new MutationObserver(() => { window.__progressChanges += 1; })
    .observe(line, { childList: true, characterData: true, subtree: true });
}"""


def open_phone(page: Page, site_url: str, lang: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + PAGES[lang])
    wait_ready(page)


def progress(lang: str, answered: int) -> str:
    return TEXTS[lang]["progress.line"].format(answered=answered, total=len(QUESTIONS))


def in_order(answers: dict[str, str]) -> dict[str, str]:
    """The answers in the form's order, as a reader goes down the page; a question the case
    leaves blank that does not count towards the level gets its first option."""
    first = {q["id"]: q["options"][0]["id"] for q in checker.describe("ja")["questions"]}
    return {q: answers.get(q) or first[q] for q in QUESTIONS if q in answers or q not in SCORING}


IN_VIEW = """(selector) => {
          const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
          const nodes = [...document.querySelectorAll(selector)];
          return nodes.length > 0 && nodes.every((node) => {
            const box = node.getBoundingClientRect();
            return box.height > 0 && box.top >= header - 1 && box.bottom <= innerHeight + 1;
          });
        }"""


def in_view(page: Page, selector: str) -> bool:
    """Whether every element `selector` matches lies between the sticky header and the
    screen's bottom edge."""
    return page.evaluate(IN_VIEW, selector)


def comes_into_view(page: Page, selector: str) -> None:
    """Wait until `selector` is in view (a smooth scroll takes a moment)."""
    page.wait_for_function(IN_VIEW, arg=selector, timeout=5000)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_level_before_an_answer_nor_after_clearing(page: Page, site_url: str, lang: str):
    """A fresh checklist shows what the result will be, not a level; one scoring answer brings
    a level; "clear answers" returns to no level."""
    open_phone(page, site_url, lang)
    expect(verdict(page)).to_have_attribute("data-level", "")
    expect(verdict(page).locator(".checker-verdict__waiting")).to_have_text(
        LANGUAGES[lang].sentence_gap.join(
            [TEXTS[lang]["verdict.waiting"], TEXTS[lang]["verdict.levels"]]))
    expect(verdict(page).locator(".checker-verdict__level")).to_have_count(0)
    first = one_case_per_level()[0]["answers"]
    answer(page, {SCORING[0]: first[SCORING[0]]})
    expect(verdict(page)).not_to_have_attribute("data-level", "")
    expect(verdict(page).locator(".checker-verdict__level")).to_be_visible()
    page.locator("[data-action=clear]").click()
    expect(verdict(page)).to_have_attribute("data-level", "")
    expect(verdict(page).locator(".checker-verdict__level")).to_have_count(0)
    expect(verdict(page).locator(".checker-verdict__waiting")).to_be_visible()


def test_situational_answers_alone_bring_no_level(page: Page, site_url: str):
    """Answers that do not count towards the level (the route, the residence status) bring no
    level on their own."""
    open_phone(page, site_url, "en")
    situational = [q for q in QUESTIONS if q not in SCORING]
    assert situational, "rules.toml has no situational question to try"
    answer(page, in_order({}))  # each situational question's first option
    expect(page.locator("#checker-progress")).not_to_have_text(progress("en", 0))
    expect(verdict(page)).to_have_attribute("data-level", "")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_progress_line_counts_and_changes_once_per_answer(page: Page, site_url: str,
                                                              lang: str):
    """The progress line says how many questions are answered, in a status region, and its
    text changes once per new answer (announced once), not when an answer is changed."""
    open_phone(page, site_url, lang)
    line = page.locator("#checker-progress")
    expect(line).to_have_attribute("role", "status")
    expect(line).to_have_text(progress(lang, 0))
    page.evaluate(WATCH_PROGRESS)
    case = in_order(one_case_per_level()[1]["answers"])
    for count, (question, option) in enumerate(case.items(), start=1):
        answer(page, {question: option})
        expect(line).to_have_text(progress(lang, count))
    assert page.evaluate("window.__progressChanges") == len(case)
    other = next(o for o in checker.describe(lang)["questions"][0]["options"]
                 if o["id"] != case[QUESTIONS[0]])
    answer(page, {QUESTIONS[0]: other["id"]})
    expect(verdict(page)).to_have_attribute("data-ready", "true")
    assert page.evaluate("window.__progressChanges") == len(case)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_jump_link_shows_the_result_and_keeps_the_address(page: Page, site_url: str,
                                                              lang: str):
    """"See the result" brings the verdict into view and puts the keyboard on it; the address
    keeps the answers (no anchor replaces them)."""
    open_phone(page, site_url, lang)
    case = one_case_per_level()[2]["answers"]
    answer(page, {SCORING[0]: case[SCORING[0]]})
    expect(verdict(page)).not_to_have_attribute("data-level", "")
    page.evaluate("window.scrollTo(0, 0)")
    address_holds(page, {SCORING[0]: case[SCORING[0]]})
    address = page.evaluate("location.hash")
    page.locator(".checker-progress__jump").click()
    page.wait_for_function("() => document.activeElement.id === 'checker-result'")
    comes_into_view(page, ".checker-verdict__level")
    assert page.evaluate("location.hash") == address


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_verdicts_first_screen_holds_level_summary_main_steps_and_draft_button(
        page: Page, site_url: str, lang: str):
    """Answering down the form, the last answer brings the result into view (focus stays on
    the answer), and its first screen at 390 x 844 holds the level, the summary, the main
    steps and the button to draft the message, for one case of each level."""
    main_steps = checker.load_rules().main_steps
    for case in one_case_per_level():
        open_phone(page, site_url, lang)
        page.locator("[data-action=clear]").click()
        answer(page, in_order(case["answers"]))
        expect(verdict(page)).to_have_attribute("data-level", case["level"])
        page.wait_for_function("() => Math.abs(document.getElementById('checker-result')"
                               ".getBoundingClientRect().top - 70) < 30")
        assert page.evaluate("document.activeElement.type") == "radio"  # focus not taken
        expect(verdict(page).locator(".checker-verdict__section").first
               .locator(".checker-steps > li")).to_have_count(main_steps)
        for part in (".checker-verdict__level", ".checker-verdict__summary",
                     ".checker-verdict__section:first-of-type .checker-steps > li",
                     ".checker-verdict__draft .md-button--primary"):
            assert in_view(page, part), f"{part} is off the first screen ({case['level']})"
        draft = verdict(page).locator(".checker-verdict__draft a")
        expect(draft).to_have_text(TEXTS[lang]["verdict.draft"])
        expect(draft).to_have_attribute("href", "templates.html#composer")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_check_your_answers_lists_every_answer_with_a_working_change_link(
        page: Page, site_url: str, lang: str):
    """Under the result, every question with its answer (or "not answered") and a change link
    that takes the reader back to that question's chosen option; "start again" clears every
    answer, shows no level and goes back to the first question."""
    open_phone(page, site_url, lang)
    described = {q["id"]: q for q in checker.describe(lang)["questions"]}
    case = one_case_per_level()[0]["answers"]
    left_blank = QUESTIONS[-1]
    given = {q: o for q, o in in_order(case).items() if q != left_blank}
    answer(page, given)
    rows = page.locator("#checker-answers .checker-answers__row")
    expect(rows).to_have_count(len(QUESTIONS))
    for question in QUESTIONS:
        row = page.locator(f'#checker-answers [data-question="{question}"]')
        expect(row.locator("dt")).to_have_text(described[question]["label"])
        labels = {o["id"]: o["label"] for o in described[question]["options"]}
        shown = labels[given[question]] if question in given else TEXTS[lang]["print.unanswered"]
        expect(row.locator("[data-answer]")).to_have_text(shown)
    address_holds(page, given)
    address = page.evaluate("location.hash")
    for question in (QUESTIONS[1], QUESTIONS[-2]):  # both answered (only the last is blank)
        page.locator(f'#checker-answers a[data-change="{question}"]').click()
        focused = page.evaluate("[document.activeElement.name, document.activeElement.value]")
        assert focused == [question, given[question]]
        comes_into_view(page, f"#question-{question} legend")
        assert page.evaluate("location.hash") == address
    page.locator("#checker-answers [data-action=restart]").click()
    expect(verdict(page)).to_have_attribute("data-level", "")
    assert page.evaluate("document.querySelectorAll('#checker-form input:checked').length") == 0
    assert page.evaluate("document.activeElement.name") == QUESTIONS[0]
    expect(page.locator("#checker-progress")).to_have_text(progress(lang, 0))
    expect(page.locator("#checker-answers")).to_be_hidden()


@pytest.mark.parametrize("home", ["index.html", "en/index.html"])
def test_the_home_pages_first_screen_leads_to_the_checklist(page: Page, site_url: str, home: str):
    """On a phone, the home page's first screen holds its way into the checklist."""
    page.set_viewport_size(PHONE)
    page.goto(site_url + home)
    link = page.locator(".home-actions a.md-button--primary")
    expect(link).to_have_attribute("href", "checklist.html")
    assert in_view(page, ".home-actions a.md-button--primary")
