"""The templates page's composer in Chromium: the real engine on Pyodide, driven like a reader
would, served and from file://, in both languages. The draft on the page is compared with
what the engine gives on CPython for the same details."""

from __future__ import annotations

import datetime
import importlib
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect
from test_checklist_browser import answer, one_case_per_level, verdict
from test_checklist_browser import wait_ready as checklist_ready

import checker
from checker.model import Condition

pytestmark = pytest.mark.browser

composer = importlib.import_module("checker.compose")
SPEC = composer.spec()
PAGES = {"ja": "templates.html", "en": "en/templates.html"}
UI = {lang: composer.ui_text(lang) for lang in checker.LANGS}
READY_TIMEOUT = 60_000
DETAILS_KEY = "naitei-composer/details"
COMPOSER_LINK = "templates.md#composer"
DETAILS = {"company": "株式会社みなと精機", "name": "鈴木花子", "school": "東西大学経済学部",
           "reason": "health"}
SCRIPT_VALUE = "<img src=x onerror=alert(1)>"
CLIPBOARD = ["clipboard-read", "clipboard-write"]
BLOCKED_STORAGE = """
    Object.defineProperty(window, 'localStorage', { configurable: true,
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
"""
# Each part's Japanese as the page shows it, line by line (what the copy buttons copy).
SHOWN = """() => Object.fromEntries([...document.querySelectorAll('[data-draft-part]')].map(
    (part) => [part.dataset.draftPart,
               [...part.querySelector('[data-draft-text]').children].map((row) => {
                   const ja = row.querySelector('.composer-line__ja');
                   return (ja || row).textContent;
               }).join('\\n')]))"""


@pytest.fixture(params=["served", "file"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


def open_composer(new_context, base: str, lang: str, mode: str = "served", **options) -> Page:
    """A guarded page on the templates page (file:// pages get no service worker)."""
    if mode == "file":
        options.setdefault("service_workers", "block")
    page = new_context(**options).new_page()
    page.goto(base + PAGES[lang])
    return page


def base_url(mode: str, site_url: str, site_file_url: str) -> str:
    return site_url if mode == "served" else site_file_url


def wait_ready(page: Page) -> None:
    page.wait_for_function(
        "() => ['ready', 'failed'].includes(document.documentElement.dataset.composerEngine)",
        timeout=READY_TIMEOUT)
    assert page.evaluate("document.documentElement.dataset.composerEngine") == "ready"


def fill(page: Page, details: dict[str, str]) -> None:
    """Type each detail as a reader would: text into its input, a click on a choice."""
    choices = {f["id"] for f in composer.fields() if f["choices"]}
    for field, value in details.items():
        if field in choices:
            page.locator(f'label.composer-option:has(input[name="{field}"][value="{value}"])').click()
        else:
            page.locator(f"#composer-{field}").fill(value)


def local_date(page: Page) -> str:
    return page.evaluate("""() => { const d = new Date(), p = (n) => String(n).padStart(2, '0');
        return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()); }""")


def expected_draft(page: Page, details: dict[str, str], lang: str) -> dict[str, str]:
    """The engine's draft on CPython for these details, today as the browser sees it."""
    draft = checker.compose(details, lang, today=local_date(page))
    return {part: draft[part] for part in composer.PARTS}


def wait_for_draft(page: Page, expected: dict[str, str]) -> None:
    """Until the page shows exactly `expected` (each part's Japanese)."""
    page.wait_for_function(
        f"(expected) => JSON.stringify(({SHOWN})()) === JSON.stringify(expected)",
        arg=expected, timeout=READY_TIMEOUT)


def stored_details(page: Page) -> dict[str, str]:
    return page.evaluate(f"() => localStorage.getItem('{DETAILS_KEY}')")


# ------------------------------------------------------------------------------ drafting


@pytest.mark.parametrize("lang", checker.LANGS)
def test_typing_drafts_the_message_copy_and_mailto_carry_it(
    new_context, site_url: str, site_file_url: str, mode: str, lang: str
):
    """Typed details appear in the draft exactly as the engine writes them; each copy button
    puts its part on the clipboard; the mail link carries the subject."""
    page = open_composer(new_context, base_url(mode, site_url, site_file_url), lang, mode,
                         permissions=CLIPBOARD)
    fill(page, DETAILS)
    wait_ready(page)
    expected = expected_draft(page, DETAILS, lang)
    wait_for_draft(page, expected)
    assert DETAILS["company"] in expected["email"] and DETAILS["name"] in expected["subject"]
    assert checker.compose(DETAILS, lang)["unfilled"] == []
    expect(page.locator("[data-draft-status]")).to_have_text(UI[lang]["draft.complete"])
    for part in ("subject", "email", "phone"):
        page.locator(f'[data-copy="{part}"]').click()
        expect(page.locator("#composer-action-message")).to_have_text(UI[lang]["copy.done"])
        assert page.evaluate("navigator.clipboard.readText()") == expected[part]
        page.locator("#composer-action-message").evaluate("(node) => { node.textContent = ''; }")
    href = page.locator("[data-mailto]").get_attribute("href")
    assert href.startswith("mailto:?")
    query = parse_qs(urlsplit(href).query)
    assert query["subject"] == [expected["subject"]]
    if "body" not in query:  # too long for a mail app's link: the note says to copy it
        expect(page.locator("[data-mailto-note]")).to_have_text(UI[lang]["send.mailto_subject_only"])
    if lang == "en":  # the Japanese to send, each line with its meaning beside it
        expect(page.locator(".composer-draft__note")).to_have_text(UI["en"]["send_note"])
        email = page.locator('[data-draft-part="email"] .composer-line__en')
        expect(email.first).to_have_text(DETAILS["company"])
        expect(page.locator('[data-draft-part="email"] .composer-line__ja[lang="ja"]').first
               ).to_have_text(DETAILS["company"])


def test_details_survive_a_reload_and_clear_forgets_them(
    new_context, site_url: str, site_file_url: str, mode: str
):
    """The details are kept on this device (not in the link): a reload restores them and their
    draft; "clear" empties the form, the storage and the draft."""
    page = open_composer(new_context, base_url(mode, site_url, site_file_url), "ja", mode)
    details = DETAILS | {"declined_on": "2025-11-20", "call_status": "unreached"}
    fill(page, details)
    wait_ready(page)
    wait_for_draft(page, expected_draft(page, details, "ja"))
    assert "#" not in page.url and DETAILS["name"] not in page.url
    assert json.loads(stored_details(page))["details"] == details | {
        f: "" for f in composer.field_ids() if f not in details}
    page.reload()
    wait_ready(page)  # saved details start the engine at once
    wait_for_draft(page, expected_draft(page, details, "ja"))
    for field, value in details.items():
        selector = (f'input[name="{field}"]:checked' if field in ("reason", "call_status")
                    else f"#composer-{field}")
        expect(page.locator(selector)).to_have_value(value)
    page.locator("[data-action=clear]").click()
    expect(page.locator("#composer-form-message")).to_have_text(UI["ja"]["form.cleared"])
    assert stored_details(page) is None
    wait_for_draft(page, expected_draft(page, {}, "ja"))
    assert page.evaluate("() => [...document.querySelectorAll('#composer-form input')]"
                         ".every((i) => ['radio', 'checkbox'].includes(i.type)"
                         " ? !i.checked : i.value === '')")
    page.reload()
    expect(page.locator("#composer-company")).to_have_value("")
    assert page.evaluate("document.documentElement.dataset.composerEngine") is None


def test_the_draft_replaces_the_static_one_without_moving_anything(new_context, site_url: str):
    """Before the engine the draft region shows the build's draft for blank details; the
    engine's draft for the same blank form changes nothing in it (no layout shift)."""
    for lang in checker.LANGS:
        page = open_composer(new_context, site_url, lang)
        region = page.locator("[data-composer-draft]")
        before = region.evaluate("(node) => [node.innerHTML, node.getBoundingClientRect().height]")
        page.evaluate("""() => { window.__draftMutations = 0; new MutationObserver(
            (records) => { window.__draftMutations += records.length; }).observe(
            document.querySelector('[data-composer-draft]'),
            { childList: true, characterData: true, subtree: true }); }""")
        page.locator("#composer-company").focus()  # the reader turns to the form
        wait_ready(page)
        expect(region).to_have_attribute("data-ready", "true")
        after = region.evaluate("(node) => [node.innerHTML, node.getBoundingClientRect().height]")
        assert after == before, lang
        assert page.evaluate("window.__draftMutations") == 0
        wait_for_draft(page, expected_draft(page, {}, lang))


def test_a_reader_who_only_reads_loads_no_pyodide_byte(page: Page, site_url: str):
    """The templates page starts no engine until the reader turns to the form (the service
    worker registers all the same); then it does."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + PAGES["en"])
    page.wait_for_load_state("load")
    page.locator("#email").scroll_into_view_if_needed()  # reading the models
    page.wait_for_function("async () => Boolean(await navigator.serviceWorker.getRegistration())",
                           timeout=READY_TIMEOUT)
    assert page.evaluate("document.documentElement.dataset.composerEngine") is None
    expect(page.locator("#composer-status")).to_have_text(UI["en"]["status.idle"])
    assert [url for url in requested if "/assets/checker/engine/" in url] == []
    page.locator("#composer-name").click()
    wait_ready(page)
    assert any("/assets/checker/engine/" in url for url in requested)
    expect(page.locator("#composer-status")).to_have_text(UI["en"]["status.ready"])


def test_one_engine_serves_the_checklist_and_the_composer(built_site):
    """The templates page starts the checklist's engine (same folder, files and warm-up): one
    worker file, one snapshot, one set of files in the cache."""
    def engine(page: str, config_id: str) -> dict:
        html = (built_site / page).read_text(encoding="utf-8")
        found = re.search(rf'id="{config_id}"[^>]*>(.*?)</script>', html, re.S)
        assert found, f"{page} has no {config_id}"
        return json.loads(found.group(1))["engine"]

    for prefix in ("", "en/"):
        checklist = engine(prefix + "checklist.html", "checker-config")
        assert engine(prefix + "templates.html", "composer-config") == checklist
        assert {call for call, _ in checklist["warmUp"]} == {"evaluate", "compose"}
    (folder,) = (built_site / "assets/checker/engine").iterdir()
    assert checklist["dir"].endswith(folder.name) and (folder / "worker.js").is_file()


# How long a copy button shows what it did (web/page-controller.js FEEDBACK_MS), with room.
FEEDBACK_WAIT_MS = 4000 + 3000
REFUSED_CLIPBOARD = """
    if (navigator.clipboard) navigator.clipboard.writeText = () => Promise.reject(
        new DOMException('denied', 'NotAllowedError'));
"""


@pytest.mark.parametrize("lang", checker.LANGS)
def test_a_copy_button_says_it_copied_and_it_is_announced(new_context, site_url: str, lang: str):
    """The pressed copy button's own label says the text was copied, the polite status beside
    the buttons says it too (what a screen reader announces), and the label comes back."""
    page = open_composer(new_context, site_url, lang, permissions=CLIPBOARD)
    button = page.locator('[data-copy="email"]')
    other = page.locator('[data-copy="subject"]')
    expect(button).to_have_text(UI[lang]["copy.email"])
    button.click()
    expect(button).to_have_text(UI[lang]["copy.done"])
    expect(button).to_have_accessible_name(UI[lang]["copy.done"])
    expect(other).to_have_text(UI[lang]["copy.subject"])
    status = page.locator("#composer-action-message")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text(UI[lang]["copy.done"])
    assert page.evaluate("navigator.clipboard.readText()") == page.evaluate(SHOWN)["email"]
    expect(button).to_have_text(UI[lang]["copy.email"], timeout=FEEDBACK_WAIT_MS)
    expect(status).to_have_text("")


@pytest.mark.parametrize("lang", checker.LANGS)
def test_where_the_clipboard_refuses_the_button_says_to_copy_by_hand(
        new_context, site_url: str, lang: str):
    """No clipboard: the button and the status say to copy by hand, and the text is selected."""
    context = new_context()
    context.add_init_script(REFUSED_CLIPBOARD)
    page = context.new_page()
    page.goto(site_url + PAGES[lang])
    button = page.locator('[data-copy="subject"]')
    button.click()
    expect(button).to_have_text(UI[lang]["copy.manual_label"])
    expect(page.locator("#composer-action-message")).to_have_text(UI[lang]["copy.manual"])
    selected = page.evaluate("() => String(window.getSelection())").strip()
    assert selected.startswith(page.evaluate(SHOWN)["subject"].strip())  # (en: with its gloss)


# ------------------------------------------------------------------------------ files


def test_download_gives_the_text_file(new_context, site_url: str, site_file_url: str, mode: str):
    """"Download" saves a .txt of every part under its name, served and from file://."""
    page = open_composer(new_context, base_url(mode, site_url, site_file_url), "en", mode,
                         accept_downloads=True)
    fill(page, DETAILS)
    wait_ready(page)
    expected = expected_draft(page, DETAILS, "en")
    wait_for_draft(page, expected)
    with page.expect_download() as caught:
        page.locator("[data-action=download]").click()
    download = caught.value
    assert download.suggested_filename == UI["en"]["send.file_name"]
    text = download.path().read_text(encoding="utf-8")
    assert text.startswith(UI["en"]["send_note"])
    for part in composer.PARTS:
        assert f"{UI['en'][part]}\n{'-' * 32}\n{expected[part]}\n" in text, part


# ------------------------------------------------------------------------------ bad input


def test_script_bearing_values_show_as_text(new_context, site_url: str):
    """A value carrying markup, typed or from storage, shows as text: no element, no dialog."""
    context = new_context()
    dialogs: list[str] = []
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page = context.new_page()
    page.goto(site_url + PAGES["en"])
    fill(page, {"company": SCRIPT_VALUE, "reason": "other", "reason_note": SCRIPT_VALUE})
    wait_ready(page)
    details = {"company": SCRIPT_VALUE, "reason": "other", "reason_note": SCRIPT_VALUE}
    wait_for_draft(page, expected_draft(page, details, "en"))
    expect(page.locator('[data-draft-part="email"] .composer-line__ja').first
           ).to_have_text(SCRIPT_VALUE)
    page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
                  [DETAILS_KEY, {"details": {"name": SCRIPT_VALUE}}])
    page.reload()
    expect(page.locator("#composer-name")).to_have_value(SCRIPT_VALUE)
    wait_ready(page)
    wait_for_draft(page, expected_draft(page, {"name": SCRIPT_VALUE}, "en"))
    assert page.locator(".composer img, .composer script").count() == 0
    assert dialogs == []


@pytest.mark.parametrize("lang", checker.LANGS)
def test_a_future_date_gets_its_message_beside_the_field_and_the_draft_stays(
    page: Page, site_url: str, lang: str
):
    """A date after today: the engine's message, in the page's language, beside the date and
    tied to it; the last good draft stays; a good date clears it and enters the draft."""
    page.goto(site_url + PAGES[lang])
    fill(page, {"company": DETAILS["company"]})
    wait_ready(page)
    good = expected_draft(page, {"company": DETAILS["company"]}, lang)
    wait_for_draft(page, good)
    fill(page, {"declined_on": "2999-01-01"})
    message = page.locator("#composer-error-declined_on")
    expect(message).to_be_visible()
    template = SPEC["errors"]["future_date"][lang]
    for piece in filter(None, re.split(r"\{\w+\}", template)):
        expect(message).to_contain_text(piece)
    date = page.locator("#composer-declined_on")
    assert "composer-error-declined_on" in date.get_attribute("aria-describedby").split()
    expect(date).to_have_attribute("aria-invalid", "true")
    assert page.evaluate(SHOWN) == good, "the last good draft stays"
    yesterday = (datetime.date.fromisoformat(local_date(page)) - datetime.timedelta(days=1))
    fill(page, {"declined_on": yesterday.isoformat()})
    wait_for_draft(page, expected_draft(page, {"company": DETAILS["company"],
                                               "declined_on": yesterday.isoformat()}, lang))
    expect(message).to_have_count(0)
    assert date.get_attribute("aria-describedby") is None
    expect(date).not_to_have_attribute("aria-invalid", "true")


def test_blocked_storage_says_details_will_not_be_kept_and_still_drafts(new_context, site_url: str):
    """Storage blocked: the notice that details will not be kept; the draft still follows."""
    context = new_context(service_workers="block")
    context.add_init_script(BLOCKED_STORAGE)
    page = context.new_page()
    page.goto(site_url + PAGES["en"])
    expect(page.locator("#composer-notice")).to_have_text(UI["en"]["status.no_storage"])
    fill(page, DETAILS)
    wait_ready(page)
    wait_for_draft(page, expected_draft(page, DETAILS, "en"))
    page.locator("[data-action=clear]").click()
    expect(page.locator("#composer-notice")).to_have_text(UI["en"]["status.no_storage"])


@pytest.mark.allow_console_errors("Failed to load resource", "net::ERR_FAILED")
def test_a_failed_engine_keeps_the_models_and_the_details(page: Page, site_url: str):
    """With the engine's files blocked the page says so calmly; the static draft and the
    models stay, and the details are still kept."""
    page.route(re.compile(r"/assets/checker/engine/"), lambda route: route.abort())
    page.goto(site_url + PAGES["en"])
    static = page.evaluate(SHOWN)
    fill(page, {"company": DETAILS["company"]})
    page.wait_for_function("() => document.documentElement.dataset.composerEngine === 'failed'",
                           timeout=READY_TIMEOUT)
    expect(page.locator("#composer-status")).to_have_text(UI["en"]["status.failed"])
    assert page.evaluate(SHOWN) == static
    expect(page.locator("[data-composer-model]")).to_have_count(len(SPEC["models"]))
    page.reload()
    expect(page.locator("#composer-company")).to_have_value(DETAILS["company"])


# ------------------------------------------------------------------------------ the way in


def test_the_composer_step_applies_to_every_verdict():
    """The rules' step that links the composer has no condition: every verdict lists it."""
    (step,) = [s for s in checker.load_rules().steps if s.link == COMPOSER_LINK]
    assert step.when == Condition()
    for lang in checker.LANGS:
        assert step.id in [m.id for m in checker.evaluate({}, lang).steps]


@pytest.mark.parametrize("lang", checker.LANGS)
def test_every_verdict_links_to_the_composer(page: Page, site_url: str, lang: str):
    """Each level's verdict on the checklist carries its primary button to the composer, under
    the main steps; following it starts the composer's engine at once (the reader came to
    write)."""
    page.goto(site_url + ("checklist.html" if lang == "ja" else "en/checklist.html"))
    checklist_ready(page)
    button = page.locator('[data-checker-verdict] .checker-verdict__draft '
                          'a.md-button--primary[href$="templates.html#composer"]')
    for case in one_case_per_level():
        answer(page, case["answers"])
        expect(verdict(page)).to_have_attribute("data-level", case["level"])
        expect(button).to_have_count(1)
    button.click()
    page.wait_for_url(re.compile(r"templates\.html#composer$"))
    wait_ready(page)


def test_latin_details_get_a_notice_beside_the_field_on_the_english_page(page: Page,
                                                                          site_url: str):
    """On the English page, a company or school typed in Latin letters gets the notice beside
    its field (the draft is still made); typing it in Japanese takes the notice away."""
    page.goto(site_url + PAGES["en"])
    latin = {"company": "Minato Trading Co.", "name": "Nguyen Van An",
             "school": "Hokkai Gakuin University", "reason": "health"}
    fill(page, latin)
    wait_ready(page)
    wait_for_draft(page, expected_draft(page, latin, "en"))
    notice = SPEC["notices"]["latin"]["en"]
    for field in ("company", "school"):
        expect(page.locator(f"#composer-notice-{field}")).to_have_text(notice)
        described = page.locator(f"#composer-{field}").get_attribute("aria-describedby")
        assert f"composer-notice-{field}" in described.split()
    expect(page.locator("#composer-notice-name")).to_have_count(0)  # romaji is fine for a name
    fill(page, {"company": DETAILS["company"]})
    wait_for_draft(page, expected_draft(page, latin | {"company": DETAILS["company"]}, "en"))
    expect(page.locator("#composer-notice-company")).to_have_count(0)
    expect(page.locator("#composer-notice-school")).to_have_text(notice)


@pytest.mark.parametrize("lang", checker.LANGS)
def test_reconsidered_without_a_note_is_refused_beside_the_note(page: Page, site_url: str,
                                                                 lang: str):
    """Choosing 'thought again' without the note: the engine's message beside the note, in the
    page's language, the last good draft kept; writing the note drafts it."""
    page.goto(site_url + PAGES[lang])
    base = {"company": DETAILS["company"], "name": DETAILS["name"], "school": DETAILS["school"],
            "reason": "health"}
    fill(page, base)
    wait_ready(page)
    good = expected_draft(page, base, lang)
    wait_for_draft(page, good)
    fill(page, {"reason": "reconsidered"})
    message = page.locator("#composer-error-reason_note")
    expect(message).to_be_visible()
    expect(message).to_contain_text("補足欄" if lang == "ja" else "in Japanese")
    assert page.evaluate(SHOWN) == good, "the last good draft stays"
    note = "研修制度を知り、ここで力をつけたいと考えました"
    fill(page, {"reason_note": note})
    wait_for_draft(page, expected_draft(page, base | {"reason": "reconsidered",
                                                      "reason_note": note}, lang))
    expect(message).to_have_count(0)
