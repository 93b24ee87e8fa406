"""Bad input and faults: malformed, oversized, old or unknown answers in a link or in storage,
storage that is blocked or full, and Pyodide files missing or corrupt. Each gets a short
notice, the rest keeps working, and nothing stored is overwritten until the reader answers.
Property-based tests drive the page's own parser (window.NaiteiChecklist) with generated input.
"""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from helpers.guard import PageGuard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, expect
from test_checklist_browser import PAGES, answer, checked, verdict, wait_ready

import checker

pytestmark = pytest.mark.browser

VERSION = checker.RULES_VERSION
KEY = f"naitei-checker/v{VERSION}/answers"
TICKS = f"naitei-checker/v{VERSION}/ticks"
OLD_KEY = "naitei-checker/v0/answers"
UI = checker.ui_text("en")
SAVED = {"elapsed": "week"}  # what storage holds before each link case
TOO_LONG = 5000  # characters: over the 4 KB the page agrees to read


def stored(answers: dict) -> str:
    return json.dumps({"answers": answers})


def seed(page: Page, site_url: str, items: dict[str, str]) -> None:
    """Put `items` in the site's localStorage (through a plain page of the same origin)."""
    page.goto(site_url + "index.html")
    page.evaluate(
        """(items) => { localStorage.clear();
                        const set = Storage.prototype.__realSetItem || Storage.prototype.setItem;
                        for (const [k, v] of Object.entries(items)) {
                            set.call(localStorage, k, v);
                        } }""",
        items,
    )


def storage(page: Page) -> dict[str, str]:
    """The checker's items in localStorage (Material keeps its own palette there too)."""
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage)
                   .filter((k) => k.startsWith('naitei-checker/'))
                   .map((k) => [k, localStorage.getItem(k)]))"""
    )


def notice(page: Page) -> str:
    box = page.locator("#checker-notice")
    return box.text_content() if box.is_visible() else ""


def settle(page: Page) -> None:
    """Engine started and the first verdict shown (or, with no scoring answer, the area's
    note that there is none yet): everything the page does on load is done."""
    wait_ready(page)
    page.wait_for_function(
        "() => ['true', 'waiting'].includes("
        "document.querySelector('[data-checker-verdict]').dataset.ready)"
    )


@pytest.fixture
def page(new_context) -> Page:
    """A guarded page without service workers, so that routes see every request."""
    return new_context(service_workers="block").new_page()


# ------------------------------------------------------------------------------ links

LINK_CASES = {
    # id: (fragment, answers restored, notices shown, questions flagged in their fieldset)
    "malformed-encoding": (
        f"#quota=open&elapsed=%E0%A4%A&manner&&=&v={VERSION}",
        {"quota": "open"},
        ["notice.bad_link"],
        ["elapsed", "manner"],
    ),
    "wrong-types": (
        f"#quota%5B%5D=open&elapsed=1&evaluation=true&contact=yes&v={VERSION}",
        {"contact": "yes"},
        ["notice.bad_link"],
        ["elapsed", "evaluation"],
    ),
    "unknown-ids": (
        f"#zzz=1&quota=open&situation=none&__proto__=x&constructor=y&v={VERSION}",
        {"quota": "open", "situation": "none"},
        ["notice.bad_link"],
        [],
    ),
    "conflicting-duplicates": (
        f"#quota=open&quota=filled&manner=brief&v={VERSION}&v={VERSION}",
        {"manner": "brief"},
        ["notice.bad_link"],
        ["quota"],
    ),
    "older-rules-version": (
        "#quota=open&manner=brief&v=0",
        {"quota": "open", "manner": "brief"},
        ["notice.old_version"],
        [],
    ),
    "older-rules-version-with-a-removed-option": (
        "#quota=open&manner=poor&v=1",
        {"quota": "open"},
        ["notice.old_version", "notice.bad_link"],
        ["manner"],
    ),
    "garbage-version": ("#quota=open&v=%3Cb%3E", {"quota": "open"}, ["notice.old_version"], []),
    "oversized": (
        "#quota=open&pad=" + "x" * TOO_LONG + f"&v={VERSION}",
        SAVED,
        ["notice.unreadable_link"],
        [],
    ),
    "plain-anchor": ("#about-the-checklist", SAVED, [], []),
}


def assert_restored_without_saving(page: Page, case: str, expected: dict, notices, flagged, before):
    """The valid answers are checked, the notices shown, and storage is untouched until a change."""
    assert checked(page) == expected
    shown = notice(page)
    for key in notices:
        assert UI[key] in shown, f"{case}: notice {shown!r} lacks {key}"
    if not notices:
        assert shown == ""
    assert sorted(
        page.locator(".checker-question__error").evaluate_all("(ps) => ps.map((p) => p.id)")
    ) == [f"error-{q}" for q in sorted(flagged)]
    settle(page)
    assert storage(page) == before, "loading must not overwrite what is stored"
    answer(page, {"contact": "no"})
    expect(verdict(page)).not_to_have_attribute("data-level", "")
    assert json.loads(storage(page)[KEY]) == {"answers": {**expected, "contact": "no"}}


@pytest.mark.parametrize("case", list(LINK_CASES))
def test_a_bad_link_gives_a_notice_restores_the_rest_and_saves_nothing(
    page: Page, site_url: str, case: str
):
    """Bad links: a notice, valid answers restored, storage untouched until an answer changes."""
    fragment, expected, notices, flagged = LINK_CASES[case]
    seed(page, site_url, {KEY: stored(SAVED)})
    before = storage(page)
    page.goto(site_url + PAGES["en"] + fragment)
    assert_restored_without_saving(page, case, expected, notices, flagged, before)


# ------------------------------------------------------------------------------ storage

STORED_CASES = {
    # id: (items in storage, answers restored, notices shown, questions flagged)
    "bad-json": ({KEY: '{"answers": {"quota": "open"'}, {}, ["notice.unreadable_storage"], []),
    "array": ({KEY: "[]"}, {}, ["notice.unreadable_storage"], []),
    "string": ({KEY: '"quota=open"'}, {}, ["notice.unreadable_storage"], []),
    "number": ({KEY: "5"}, {}, ["notice.unreadable_storage"], []),
    "null": ({KEY: "null"}, {}, ["notice.unreadable_storage"], []),
    "answers-not-an-object": (
        {KEY: '{"answers": ["quota", "open"]}'},
        {},
        ["notice.unreadable_storage"],
        [],
    ),
    "wrong-value-types": (
        {KEY: json.dumps({"answers": {"quota": 5, "manner": "brief", "elapsed": ["days"]}})},
        {"manner": "brief"},
        ["notice.bad_storage"],
        ["elapsed", "quota"],
    ),
    "unknown-ids": (
        {KEY: stored({"zzz": "1", "quota": "open", "__proto__": "x"})},
        {"quota": "open"},
        ["notice.bad_storage"],
        [],
    ),
    "oversized": (
        {KEY: json.dumps({"answers": {"quota": "open"}, "pad": "x" * TOO_LONG})},
        {},
        ["notice.unreadable_storage"],
        [],
    ),
    "older-rules-version": (
        {OLD_KEY: stored({"quota": "open", "manner": "brief"})},
        {"quota": "open", "manner": "brief"},
        ["notice.old_version"],
        [],
    ),
    "newest-other-version-unreadable": (
        {
            OLD_KEY: stored({"quota": "open", "gone": "x"}),
            "naitei-checker/v10/answers": "{bad",
            "naitei-checker/vx/y/answers": "{}",
        },
        {},
        ["notice.unreadable_storage"],
        [],
    ),
    "garbage-ticks": (
        {KEY: stored({"quota": "open"}), TICKS: '["contact-now", 1]'},
        {"quota": "open"},
        [],
        [],
    ),
}


@pytest.mark.parametrize("case", list(STORED_CASES))
def test_bad_stored_answers_give_a_notice_restore_the_rest_and_are_not_overwritten(
    page: Page, site_url: str, case: str
):
    """Bad stored answers: a notice, the rest restored, storage untouched until a change."""
    items, expected, notices, flagged = STORED_CASES[case]
    seed(page, site_url, items)
    before = storage(page)
    page.goto(site_url + PAGES["en"])
    assert_restored_without_saving(page, case, expected, notices, flagged, before)


def test_newest_older_version_wins_numerically(page: Page, site_url: str):
    """With answers of rules v0, v9 and v10 stored, the numerically newest (v10) is restored."""
    seed(
        page,
        site_url,
        {
            "naitei-checker/v0/answers": stored({"quota": "filled"}),
            "naitei-checker/v10/answers": stored({"quota": "open"}),
            "naitei-checker/v9/answers": stored({"quota": "unknown"}),
        },
    )
    page.goto(site_url + PAGES["en"])
    assert checked(page) == {"quota": "open"}
    assert UI["notice.old_version"] in notice(page)


# ------------------------------------------------------------------------------ storage faults

BLOCKED_STORAGE = """
    Object.defineProperty(window, 'localStorage', { configurable: true,
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
"""
FULL_STORAGE = """
    Storage.prototype.__realSetItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
"""
FULL_FOR_ANSWERS = """
    Storage.prototype.__realSetItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
        if (String(key).endsWith('/answers')) throw new DOMException('full', 'QuotaExceededError');
        return Storage.prototype.__realSetItem.call(this, key, value);
    };
"""


def test_blocked_storage_leaves_a_working_checker_and_says_answers_will_not_be_kept(
    new_context, site_url: str
):
    """Blocked storage: no page error, a verdict, and a notice that answers will not be kept."""
    context = new_context(service_workers="block")
    context.add_init_script(BLOCKED_STORAGE)
    page = context.new_page()
    page.goto(site_url + PAGES["en"])
    expect(page.locator("#checker-notice")).to_contain_text(UI["status.no_storage"])
    settle(page)
    answer(page, {"quota": "open", "manner": "brief"})
    expect(verdict(page)).not_to_have_attribute("data-level", "")
    page.locator(
        ".checker-steps input[type=checkbox]"
    ).first.check()  # ticks cannot be saved either
    page.locator(
        "label.md-header__button[for^='__palette']:visible"
    ).first.click()  # Material copes too
    page.goto(site_url + PAGES["en"])
    assert checked(page) == {}


def test_full_storage_restores_what_was_saved_and_says_new_answers_will_not_be_kept(
    new_context, site_url: str
):
    """Full storage (QuotaExceededError): saved answers restored, checker works, notice shown."""
    context = new_context(service_workers="block")
    context.add_init_script(FULL_STORAGE)
    page = context.new_page()
    seed(page, site_url, {KEY: stored({"quota": "open"})})
    before = storage(page)
    page.goto(site_url + PAGES["en"])
    assert checked(page) == {"quota": "open"}
    expect(page.locator("#checker-notice")).to_contain_text(UI["status.no_storage"])
    settle(page)
    answer(page, {"manner": "rude"})
    expect(verdict(page)).not_to_have_attribute("data-level", "")
    assert storage(page) == before
    expect(page.locator("#checker-notice")).to_contain_text(UI["status.no_storage"])


def test_storage_filling_up_later_shows_the_notice_when_a_save_fails(new_context, site_url: str):
    """Storage that fills up later: the notice appears at the first save that fails."""
    context = new_context(service_workers="block")
    context.add_init_script(FULL_FOR_ANSWERS)
    page = context.new_page()
    page.goto(site_url + PAGES["en"])
    settle(page)
    expect(page.locator("#checker-notice")).to_be_hidden()
    answer(page, {"quota": "open"})
    expect(page.locator("#checker-notice")).to_contain_text(UI["status.no_storage"])
    page.locator("[data-action=clear]").click()  # clearing the answers does not hide that
    expect(page.locator("#checker-notice")).to_contain_text(UI["status.no_storage"])


# ------------------------------------------------------------------------------ Pyodide faults

FAULTS = {
    "corrupt-wheel": (r"\.whl$", b"PK\x03\x04 these are not the bytes the lockfile hashed"),
    "missing-wheel": (r"\.whl$", None),
    "missing-wasm": (r"pyodide\.asm\.wasm$", None),
    "corrupt-wasm": (r"pyodide\.asm\.wasm$", b"\x00asm\x01\x00\x00\x00garbage"),
    "corrupt-stdlib": (r"python_stdlib[^/]*\.zip$", b"not a zip file"),
    "missing-loader": (r"/pyodide\.js$", None),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.allow_console_errors(
    "Failed to load resource", "net::ERR_FAILED", "pyodide", "Pyodide", "wasm", "WebAssembly"
)
def test_missing_or_corrupt_engine_files_show_the_failure_and_keep_the_answers(
    page: Page, site_url: str, fault: str
):
    """A missing or corrupt Pyodide file (sha256 mismatch too): failure message, answers kept."""
    pattern, body = FAULTS[fault]
    seed(page, site_url, {KEY: stored({"quota": "open", "manner": "brief"})})

    def respond(route):
        if body is None:
            route.fulfill(status=404, body="not found")
        else:
            route.fulfill(
                status=200, body=body, headers={"Content-Type": "application/octet-stream"}
            )

    page.route(re.compile(r"/assets/checker/engine/.*" + pattern), respond)
    page.goto(site_url + PAGES["en"])
    page.wait_for_function("() => document.documentElement.dataset.checkerEngine", timeout=60_000)
    assert page.evaluate("() => document.documentElement.dataset.checkerEngine") == "failed"
    status = page.locator("#checker-status")
    expect(status).to_have_attribute("data-state", "failed")
    expect(status).to_contain_text(UI["status.failed"])
    expect(status.locator("a[href$='how-it-decides.html']")).to_be_visible()
    assert checked(page) == {"quota": "open", "manner": "brief"}
    answer(page, {"contact": "yes"})
    page.reload()
    assert checked(page) == {"quota": "open", "manner": "brief", "contact": "yes"}


# ------------------------------------------------------------------------------ properties


@pytest.fixture(scope="module")
def parser_page(browser: Browser, site_url: str) -> Iterator[Page]:
    """One checklist page for every generated example; fails on any page or console error."""
    guard = PageGuard()
    context = browser.new_context(service_workers="block")
    guard.attach(context)
    page = context.new_page()
    page.route(
        re.compile(r"/assets/checker/engine/"), lambda route: route.abort()
    )  # the parser needs no engine
    guard.allow_console_errors("Failed to load resource", "net::ERR_FAILED")
    page.goto(site_url + PAGES["en"])
    page.wait_for_function(
        "() => window.NaiteiChecklist && document.documentElement.dataset.checkerEngine"
    )
    yield page
    context.close()
    assert not guard.problems(), guard.problems()


QUESTIONS = {q.id: [o.id for o in q.options] for q in checker.load_rules().questions}
valid_answers = st.fixed_dictionaries(
    {}, optional={q: st.sampled_from(opts) for q, opts in QUESTIONS.items()}
)
junk = st.text(max_size=20)
pairs = st.lists(
    st.one_of(
        st.sampled_from(list(QUESTIONS)).flatmap(
            lambda q: st.tuples(st.just(q), st.sampled_from(QUESTIONS[q]))
        ),
        st.tuples(st.sampled_from(list(QUESTIONS)), junk),
        st.tuples(junk, junk),
        st.tuples(st.just("v"), st.sampled_from([VERSION, "0", "", "2", "<b>"])),
    ),
    max_size=12,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def parse(page: Page, fragment: str) -> dict:
    return page.evaluate("(hash) => window.NaiteiChecklist.parseFragment(hash)", fragment)


def assert_only_valid(result: dict) -> None:
    for question, option in result["answers"].items():
        assert option in QUESTIONS[question], result
    assert set(result["invalid"]) <= set(QUESTIONS)
    assert not set(result["invalid"]) & set(result["answers"])
    assert result["dropped"] >= 0


@PROPERTY_SETTINGS
@given(text=st.text(max_size=300) | st.text(alphabet="=&%#v<>\"'quotaelpsd0123", max_size=200))
def test_property_any_fragment_parses_to_valid_answers_only(parser_page: Page, text: str):
    """Any fragment parses to valid answers only; text with no '=' and no v is not a link."""
    for fragment in (text, "#" + text):
        result = parse(parser_page, fragment)
        assert_only_valid(result)
        if "=" not in text and "v" not in text:
            assert result["present"] is False and result["answers"] == {}


@PROPERTY_SETTINGS
@given(answers=valid_answers)
def test_property_a_copied_link_round_trips(parser_page: Page, answers: dict):
    """toFragment then parseFragment gives back exactly the answers, with nothing dropped."""
    fragment = parser_page.evaluate("(a) => window.NaiteiChecklist.toFragment(a)", answers)
    result = parse(parser_page, fragment)
    assert result["answers"] == answers
    assert (result["dropped"], result["invalid"], result["otherVersion"], result["unreadable"]) == (
        0,
        [],
        False,
        False,
    )


@PROPERTY_SETTINGS
@given(items=pairs)
def test_property_each_question_is_restored_only_from_one_valid_value(
    parser_page: Page, items: list
):
    """A question comes back iff it appears once with a known option; the rest is reported."""
    fragment = "#" + urlencode(items)
    result = parse(parser_page, fragment)
    assert_only_valid(result)
    counts = Counter(key for key, _ in items)
    for key, value in items:
        if key in QUESTIONS and counts[key] == 1 and value in QUESTIONS[key]:
            assert result["answers"].get(key) == value
        elif key in QUESTIONS:
            assert key not in result["answers"] and key in result["invalid"]
    restored = len(result["answers"])
    versions = [value for key, value in items if key == "v"]
    leftovers = len(items) - len(versions) - restored
    assert (result["dropped"] > 0) == (leftovers > 0 or len(versions) > 1)
    assert result["otherVersion"] == any(v != VERSION for v in versions)


@PROPERTY_SETTINGS
@given(extra=st.integers(min_value=1, max_value=3000), answers=valid_answers)
def test_property_oversized_fragments_are_refused_whole(
    parser_page: Page, extra: int, answers: dict
):
    """A fragment over 4 KB is not read at all: unreadable, no answers."""
    fragment = "#" + urlencode({**answers, "pad": "x" * (4096 + extra), "v": VERSION})
    result = parse(parser_page, fragment)
    assert result["unreadable"] is True and result["answers"] == {} and result["present"] is True


def load_stored(page: Page, raw: str | None) -> dict:
    return page.evaluate(
        """([key, raw]) => { localStorage.clear(); if (raw !== null) localStorage.setItem(key, raw);
                             return window.NaiteiChecklist.loadStoredAnswers(); }""",
        [KEY, raw],
    )


@PROPERTY_SETTINGS
@given(value=json_values, wrap=st.booleans())
def test_property_any_stored_json_loads_to_valid_answers_only(parser_page: Page, value, wrap: bool):
    """Any JSON in storage, bare or as {"answers": ...}, loads to valid answers only."""
    result = load_stored(parser_page, json.dumps({"answers": value} if wrap else value))
    assert_only_valid(result)
    if not (wrap and isinstance(value, dict)):
        assert result["answers"] == {} and result["unreadable"] is True


@PROPERTY_SETTINGS
@given(raw=st.text(max_size=200) | st.text(min_size=4097, max_size=4200, alphabet='{}"a:'))
def test_property_any_stored_text_loads_without_error(parser_page: Page, raw: str):
    """Any text in storage loads without error; unparseable or over 4 KB is reported unreadable."""
    result = load_stored(parser_page, raw)
    assert_only_valid(result)
    if len(raw) > 4096:
        assert result["unreadable"] is True


@PROPERTY_SETTINGS
@given(answers=valid_answers)
def test_property_saved_answers_load_back_exactly(parser_page: Page, answers: dict):
    """What the page saves ({"answers": ...}) loads back exactly, with no notice."""
    result = load_stored(parser_page, stored(answers))
    assert result["answers"] == answers
    assert (result["dropped"], result["unreadable"], result["otherVersion"]) == (0, False, False)


def test_every_text_the_page_script_uses_exists_in_both_languages():
    """Each ui["key"] a page script shows (notices included) exists in Japanese and English:
    the checklist's in checker/ui.toml, the composer's (web/composer-*.js) in compose.toml, the
    call page's (web/call-*.js) in call.toml [page]."""
    web = Path(__file__).parents[1] / "web"
    call_page = checker.loader.read_data("call")["page"]
    texts = {"checklist": checker.ui_text, "composer": importlib.import_module(
        "checker.compose").ui_text, "call": lambda lang: call_page[lang]}
    keys: dict[str, set[str]] = {"checklist": set(), "composer": set(), "call": set()}
    for source in web.glob("*.js"):
        page = next((name for name in ("composer", "call") if source.name.startswith(name + "-")),
                    "checklist")
        keys[page] |= set(re.findall(r'ui\["([a-z_.]+)"\]', source.read_text(encoding="utf-8")))
    assert {"notice.unreadable_link", "notice.old_version", "notice.bad_value"} <= keys["checklist"]
    assert {"status.no_storage", "copy.done", "send.mailto_subject_only"} <= keys["composer"]
    for page, used in keys.items():
        for lang in checker.LANGS:
            known = set(texts[page](lang))
            assert used <= known, (page, lang, sorted(used - known))
