"""Accessibility (WCAG 2.2 AA): axe-core on every page of both languages, the checklist by
keyboard alone, visible focus, one announcement per verdict change, messages tied to their
fields, reflow at 320 px and 200 % zoom, and `lang` on the page and on other-language text.

axe is injected as an inline script, which the site's Content Security Policy rightly blocks,
so the axe scans run in a context that bypasses CSP (tests/test_security.py covers the
policy). Every other test here runs under the real policy. The tests that read every page in
turn watch for external requests rather than route each one (helpers/guard.py), which keeps
the browser's cache on, as a reader's is.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from test_checklist_browser import answer, checked, one_case_per_level, verdict, wait_ready

import checker

VERSION = checker.RULES_VERSION

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
# Moderate or minor violations accepted, each with its reason. Serious and critical ones are
# never accepted: they are fixed in the product.
ALLOWED = {
    "landmark-unique": (
        "Material's bundle wraps the copy button of each code block in an unlabelled "
        '<nav class="md-code__nav">, so pages with several code blocks (templates) hold several '
        "unnamed navigation landmarks. The buttons inside are named; naming the landmarks would "
        "mean patching Material's minified bundle."
    ),
}
CHECKLISTS = {"ja": "checklist.html", "en": "en/checklist.html"}
# Widths: WCAG 1.4.10 reflow (320 CSS px) and 200 % zoom of a 1280 x 800 window (640 x 400).
REFLOW_VIEWPORTS = {"320px": {"width": 320, "height": 640}, "200%": {"width": 640, "height": 400}}
JAPANESE = r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]"


def axe_context(new_context, **options) -> BrowserContext:
    """A guarded context that lets the test inject axe (an inline script) despite the CSP."""
    return new_context(bypass_csp=True, **options)


def run_axe(page: Page, only: list[str] | None = None) -> list[dict]:
    """axe's violations on the page as it is now: [{id, impact, help, targets}]; on an engine
    page (checklist, composer, call page) with WCAG 2.2's `target-size` rule on too; `only`:
    just these rules."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    # Parts out of view (content-visibility: auto) are not styled until a reader scrolls near
    # them, and axe would read their colours as unset: render them for the scan, then restore.
    results = page.evaluate("""async (only) => {
        const skipped = [...document.querySelectorAll("*")]
            .filter((node) => getComputedStyle(node).contentVisibility === "auto");
        skipped.forEach((node) => { node.style.contentVisibility = "visible"; });
        try {
            // WCAG 2.2's target size (off in axe by default) on the pages that run the engine
            const engine = document.querySelector(
                "#checker-config, #composer-config, #call-config");
            const rules = only ? { runOnly: { type: "rule", values: only } }
                : { rules: { "target-size": { enabled: Boolean(engine) } } };
            return await axe.run(document, { resultTypes: ["violations"], ...rules });
        } finally {
            skipped.forEach((node) => { node.style.contentVisibility = ""; });
        }
    }""", only)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [" ".join(map(str, node["target"])) for node in v["nodes"]][:5],
            "summary": " ".join(v["nodes"][0]["failureSummary"].split())[:300]
            if v["nodes"]
            else "",
        }
        for v in results["violations"]
    ]


def unacceptable(violations: list[dict]) -> list[dict]:
    """Serious/critical violations, and moderate/minor ones that are not allowlisted."""
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS or v["id"] not in ALLOWED]


def describe(where: str, violations: list[dict]) -> list[str]:
    return [
        f"{where}: {v['id']} ({v['impact']}) {v['help']} at {v['targets']}: {v['summary']}"
        for v in violations
    ]


def transitions_finished(page: Page) -> None:
    """Wait until no CSS transition runs (colours and fades settle before a check); two frames
    first, so that a transition the last action starts has begun."""
    page.evaluate("""() => new Promise((done) =>
        requestAnimationFrame(() => requestAnimationFrame(done)))""")
    page.wait_for_function("""() => document.getAnimations()
        .every((a) => !(a instanceof CSSTransition) || a.playState !== "running")""")


def content_pages(site_pages: dict) -> list[str]:
    return sorted(site_pages)


def engine_settled(page: Page) -> None:
    page.wait_for_function("() => document.documentElement.dataset.checkerEngine", timeout=60_000)


# ------------------------------------------------------------------------------ axe


# What the colour scheme changes: only colours (Material swaps its palette's custom properties),
# so in dark the page-by-page scan runs the rules that read colours; the others read markup,
# which is the same in both schemes and is scanned in light.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page(
    new_context, site_url: str, site_pages: dict, scheme: str
):
    """axe on every page of both languages, light and dark (there its colour rules):
    nothing serious, nothing unlisted."""
    page = axe_context(new_context, color_scheme=scheme, route=False).new_page()
    problems: list[str] = []
    seen_allowed: set[str] = set()
    paths = content_pages(site_pages)
    assert any(p.startswith("en/") for p in paths) and any(not p.startswith("en/") for p in paths)
    for path in paths:
        page.goto(site_url + path)
        if path in CHECKLISTS.values():
            engine_settled(page)
        violations = run_axe(page, COLOUR_RULES if scheme == "dark" else None)
        seen_allowed |= {v["id"] for v in violations if v["id"] in ALLOWED}
        problems += describe(path, unacceptable(violations))
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)
    stale = {rule for rule in ALLOWED if scheme == "light" or rule in COLOUR_RULES} - seen_allowed
    assert not stale, f"allowlisted rules no longer found anywhere, remove them: {sorted(stale)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_axe_on_the_checklist_in_every_state(new_context, site_url: str, lang: str, scheme: str):
    """axe on the checklist with notices, field messages and each verdict, light and dark."""
    page = axe_context(new_context, color_scheme=scheme).new_page()
    page.goto(site_url + CHECKLISTS[lang] + f"#quota=open&manner=%3Cb%3E&zzz=1&v={VERSION}")
    wait_ready(page)
    expect(page.locator("#checker-notice")).to_be_visible()
    expect(page.locator("#error-manner")).to_be_visible()
    problems = describe("notice", unacceptable(run_axe(page)))
    for case in one_case_per_level():
        answer(page, case["answers"])
        expect(verdict(page)).to_have_attribute("data-level", case["level"])
        problems += describe(case["level"], unacceptable(run_axe(page)))
    page.locator("[data-action=copy]").click()  # leaves the button focused and hovered
    expect(page.locator("#checker-link")).to_be_visible()
    transitions_finished(page)  # Material's colour transitions (hover, focus)
    problems += describe("link shown", unacceptable(run_axe(page)))
    assert not problems, "\n".join(problems)


@pytest.mark.allow_console_errors("Failed to load resource", "net::ERR_FAILED")
def test_axe_on_the_checklist_when_the_engine_fails(new_context, site_url: str):
    """axe on the checklist whose engine could not start: the failure message passes too."""
    page = axe_context(new_context).new_page()
    page.route(re.compile(r"/assets/checker/engine/"), lambda route: route.abort())
    page.goto(site_url + CHECKLISTS["en"])
    engine_settled(page)
    expect(page.locator("#checker-status")).to_have_attribute("data-state", "failed")
    problems = describe("failed", unacceptable(run_axe(page)))
    assert not problems, "\n".join(problems)


TEMPLATES = {"ja": "templates.html", "en": "en/templates.html"}
COMPANY = "株式会社みなと精機"


def composer_ready(page: Page) -> None:
    page.wait_for_function(
        "() => ['ready', 'failed'].includes(document.documentElement.dataset.composerEngine)",
        timeout=60_000)
    assert page.evaluate("document.documentElement.dataset.composerEngine") == "ready"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_axe_on_the_composer_with_a_draft_a_field_message_and_a_copy(
    new_context, site_url: str, lang: str, scheme: str
):
    """axe on the templates page's composer: filled in, with a refused date's message beside
    its field, and after a copy (button focused and hovered, its message shown)."""
    page = axe_context(new_context, color_scheme=scheme).new_page()
    page.goto(site_url + TEMPLATES[lang])
    page.locator("#composer-company").fill(COMPANY)
    composer_ready(page)
    expect(page.locator('[data-draft-part="email"] [data-draft-text]')).to_contain_text(COMPANY)
    problems = describe("draft", unacceptable(run_axe(page)))
    page.locator("#composer-declined_on").fill("2999-01-01")
    expect(page.locator("#composer-error-declined_on")).to_be_visible()
    problems += describe("field message", unacceptable(run_axe(page)))
    page.locator('[data-copy="email"]').click()
    expect(page.locator("#composer-action-message")).not_to_be_empty()
    transitions_finished(page)  # Material's colour transitions (hover, focus)
    problems += describe("copied", unacceptable(run_axe(page)))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_draft_announces_only_the_lines_that_changed(page: Page, site_url: str, lang: str):
    """The draft is a polite live region; a new detail replaces only the lines that name it, in
    one batch, so a screen reader hears those lines and not the whole email again."""
    page.goto(site_url + TEMPLATES[lang])
    region = page.locator("[data-composer-draft]")
    expect(region).to_have_attribute("aria-live", "polite")
    page.locator("#composer-company").fill(COMPANY)
    composer_ready(page)
    expect(region.locator('[data-draft-part="email"]')).to_contain_text(COMPANY)
    page.evaluate("""() => {
        window.__added = []; window.__batches = 0;
        new MutationObserver((records) => {
            window.__batches += 1;
            for (const r of records) {
                for (const n of r.addedNodes) window.__added.push(n.textContent);
            }
        }).observe(document.querySelector('[data-composer-draft]'),
                   { childList: true, characterData: true, subtree: true });
    }""")
    page.locator("#composer-contact").fill("佐藤")
    expect(region.locator('[data-draft-part="email"]')).to_contain_text("佐藤")
    page.wait_for_timeout(300)  # anything else would have arrived by now
    added = page.evaluate("window.__added")
    assert added and all("佐藤" in text for text in added), added
    assert page.evaluate("window.__batches") == 1
    lines = page.locator("[data-draft-part] .composer-line").count()
    assert len(added) < lines / 5, f"{len(added)} of {lines} lines replaced"


# ------------------------------------------------------------------------------ keyboard


FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getClientRects()[0] || el.getBoundingClientRect();  // a link's first line
    const x = rect.left + rect.width / 2, y = rect.top + rect.height / 2;
    const hit = document.elementFromPoint(x, y);
    const label = el.closest("label") || (el.id && document.querySelector(`label[for="${el.id}"]`));
    return {
        tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
        value: el.value || "", checked: !!el.checked, action: el.dataset.action || "",
        text: (el.textContent || "").trim().slice(0, 40),
        outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        inChecker: !!el.closest(".checker"),
        unobscured: !!hit && (hit === el || el.contains(hit) || (!!label && label.contains(hit))),
        hit: hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join(".")}`
                 : `nothing at ${x},${y}`,
    };
}"""


def focus_state(page: Page) -> dict | None:
    return page.evaluate(FOCUS_STATE)


def assert_focus_visible(state: dict) -> None:
    where = f"{state['tag']} {state['name'] or state['text']!r}"
    visible = (state["outlineStyle"] != "none" and state["outlineWidth"] >= 2) or state[
        "boxShadow"
    ] not in ("", "none")
    assert visible, f"no visible focus indicator on {where}: {state}"
    assert state["unobscured"], f"focused {where} is hidden under {state['hit']}"


def tab_until(page: Page, wanted, limit: int = 200, key: str = "Tab") -> dict:
    """Press Tab until `wanted(state)`; every stop inside the checklist must show its focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        state = focus_state(page)
        if state and state["inChecker"] and not state["unobscured"]:
            transitions_finished(page)  # an overlay closing (search, when focus left it) fades out
            state = focus_state(page)
        if state and state["inChecker"]:
            assert_focus_visible(state)
        if state and wanted(state):
            return state
    raise AssertionError(f"{key} never reached the wanted element in {limit} presses")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_checklist_can_be_completed_by_keyboard_alone(page: Page, site_url: str, lang: str):
    """Tab into each radio group, Space and arrows choose, the verdict comes; focus always shows."""
    case = one_case_per_level()[1]
    page.goto(site_url + CHECKLISTS[lang])
    wait_ready(page)
    options = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#checker-form fieldset')]
               .map((f) => [f.querySelector('input').name,
                            [...f.querySelectorAll('input[type=radio]')].map((i) => i.value)]))"""
    )
    for question, target in case["answers"].items():
        state = tab_until(page, lambda s, q=question: s["type"] == "radio" and s["name"] == q)
        assert state["value"] == options[question][0], (
            "Tab should enter a group on its first option"
        )
        page.keyboard.press("Space")
        assert focus_state(page)["checked"], f"Space did not choose {question}={state['value']}"
        for _ in range(options[question].index(target)):
            page.keyboard.press("ArrowDown")
        state = focus_state(page)
        assert (state["name"], state["value"], state["checked"]) == (question, target, True)
        assert_focus_visible(state)
    assert checked(page) == case["answers"]
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    # The action buttons and the steps' checkboxes are reachable and show their focus too.
    for action in ("clear", "copy", "print"):
        tab_until(page, lambda s, a=action: s["action"] == a, limit=10)
    tab_until(page, lambda s: s["type"] == "checkbox", limit=60)
    page.keyboard.press("Space")
    expect(page.locator(".checker-steps input[type=checkbox]").first).to_be_checked()
    tab_until(page, lambda s: s["action"] == "clear", key="Shift+Tab", limit=60)
    page.keyboard.press("Enter")
    assert checked(page) == {}


# ------------------------------------------------------------------------------ live region


COUNT_MUTATIONS = """() => {
    const region = document.querySelector('[data-checker-verdict]');
    region.__watched = true;
    window.__verdictChanges = 0;
    new MutationObserver((records) => {
        // one callback per batch of synchronous changes: what a screen reader announces once
        if (records.some((r) => r.type !== 'attributes')) window.__verdictChanges += 1;
    }).observe(region, { childList: true, characterData: true, subtree: true });
}"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_verdict_is_announced_once_per_change(page: Page, site_url: str, lang: str):
    """Each answer updates the live region's content in one go, exactly once (only the parts that
    changed are replaced); the region itself stays."""
    page.goto(site_url + CHECKLISTS[lang])
    wait_ready(page)
    region = verdict(page)
    expect(region).to_have_attribute("aria-live", "polite")
    page.evaluate(COUNT_MUTATIONS)
    changes = [
        ("quota", "open"),
        ("elapsed", "days"),
        ("quota", "filled"),
        ("manner", "rude"),
        ("contact", "yes"),
    ]
    for number, (question, option) in enumerate(changes, start=1):
        answer(page, {question: option})
        page.wait_for_function(f"() => window.__verdictChanges >= {number}")
        page.wait_for_timeout(300)  # anything else would have arrived by now
        assert page.evaluate("() => window.__verdictChanges") == number, (
            f"change {number} mutated the region more than once"
        )
        assert page.evaluate(
            "() => document.querySelector('[data-checker-verdict]').__watched === true"
        )
        expect(region).not_to_have_attribute("aria-busy", "true")
        expect(region.locator(".checker-verdict__level")).to_be_visible()


# ------------------------------------------------------------------------------ messages


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_messages_are_tied_to_their_fields(page: Page, site_url: str, lang: str):
    """A question whose linked value was unusable says so in its fieldset, via aria-describedby."""
    fragment = f"#quota=open&manner=nonsense&reason=%3Cb%3E&v={VERSION}"
    page.goto(site_url + CHECKLISTS[lang] + fragment)
    notice = page.locator("#checker-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "alert")
    for question in ("manner", "reason"):
        fieldset = page.locator(f"#question-{question}")
        message = fieldset.locator(f"#error-{question}")
        expect(message).to_be_visible()
        expect(message).not_to_be_empty()
        described = fieldset.get_attribute("aria-describedby").split()
        assert f"error-{question}" in described and f"hint-{question}" in described
    assert page.locator(".checker-question__error").count() == 2
    # Every id a fieldset points to exists.
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap((el) =>
               el.getAttribute('aria-describedby').split(/\\s+/)
                 .filter((id) => id && !document.getElementById(id)))"""
    )
    assert missing == []
    wait_ready(page)
    answer(page, {"manner": "brief"})
    expect(page.locator("#error-manner")).to_have_count(0)
    assert "error-manner" not in page.locator("#question-manner").get_attribute("aria-describedby")
    expect(page.locator("#error-reason")).to_be_visible()


# ------------------------------------------------------------------------------ reflow


OVERFLOW = """() => {
    const root = document.documentElement;
    const wide = [...document.body.querySelectorAll('*')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > root.clientWidth + 1
            && getComputedStyle(el).position !== 'fixed'
            && !el.closest(`.md-sidebar, .md-search, .md-typeset__scrollwrap, pre,
                            .md-typeset__table, .md-select__inner`);
    }).slice(0, 3).map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'));
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
}"""


@pytest.mark.parametrize("size", list(REFLOW_VIEWPORTS))
def test_every_page_reflows_without_horizontal_scrolling(
    new_context, site_url: str, site_pages: dict, size: str
):
    """At 320 px and 200 % zoom no page (nor the checklist with its verdict) scrolls sideways."""
    page = new_context(viewport=REFLOW_VIEWPORTS[size], route=False).new_page()
    problems = []
    for path in content_pages(site_pages):
        page.goto(site_url + path)
        if path in CHECKLISTS.values():
            wait_ready(page)
            answer(page, one_case_per_level()[3]["answers"])
            expect(verdict(page)).not_to_have_attribute("data-level", "")
            page.locator("[data-action=copy]").click()
            expect(page.locator("#checker-link")).to_be_visible()
        found = page.evaluate(OVERFLOW)
        if found["scrollWidth"] > found["clientWidth"]:
            problems.append(
                f"{path}: scrollWidth {found['scrollWidth']} > {found['clientWidth']}"
                f" ({found['wide']})"
            )
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------ languages


OTHER_LANGUAGE_TEXT = r"""(pageLang) => {
    const japanese = /JAPANESE/;
    const englishWords = /\b[A-Za-z]{2,}(?:[\s,.'’-]+[A-Za-z]{2,})+/;
    const langOf = (el) =>
        (el.closest('[lang]') || document.documentElement).getAttribute('lang') || '';
    const isOther = (text) => pageLang === 'en' ? japanese.test(text)
        : !japanese.test(text) && !/^(https?:|www\.)/.test(text) && englishWords.test(text);
    const other = pageLang === 'en' ? 'ja' : 'en';
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const text = node.textContent.trim();
        if (!el || !text) continue;
        if (el.closest('script, style, code, pre, svg, [aria-hidden="true"]')) continue;
        if (isOther(text) && !langOf(el).startsWith(other)) found.push(text.slice(0, 50));
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [alt], [placeholder]')) {
        for (const name of ['title', 'aria-label', 'alt', 'placeholder']) {
            const value = el.getAttribute(name);
            if (value && isOther(value) && !langOf(el).startsWith(other)) {
                found.push(`${name}=${value.slice(0, 50)}`);
            }
        }
    }
    return found;
}""".replace("JAPANESE", JAPANESE)


def test_pages_declare_their_language_and_mark_the_other_one(
    new_context, site_url: str, site_pages: dict
):
    """Pages are lang="ja" or lang="en"; text in the other language carries its own lang."""
    page = new_context(route=False).new_page()
    problems = []
    for path in content_pages(site_pages):
        expected = "en" if path.startswith("en/") else "ja"
        page.goto(site_url + path)
        lang = page.evaluate("() => document.documentElement.getAttribute('lang')")
        if lang != expected:
            problems.append(f"{path}: <html lang={lang!r}>, expected {expected!r}")
            continue
        problems += [
            f"{path}: language link {text!r} lacks lang={hreflang}"
            for text, hreflang in page.evaluate("""() => [...document.querySelectorAll(
                "a[hreflang]")].filter((a) => a.lang !== a.hreflang)
                .map((a) => [a.innerText, a.hreflang])""")
        ]
        problems += [
            f"{path}: unmarked {('Japanese' if lang == 'en' else 'English')} text {text!r}"
            for text in page.evaluate(OTHER_LANGUAGE_TEXT, lang)
        ]
    assert not problems, "\n".join(problems)
    # The checker's verdict, rendered by script, stays in the page's language too.
    for lang, path in CHECKLISTS.items():
        page.goto(site_url + path)
        wait_ready(page)
        answer(page, one_case_per_level()[0]["answers"])
        expect(verdict(page)).not_to_have_attribute("data-level", "")
        assert page.evaluate(OTHER_LANGUAGE_TEXT, lang) == [], (
            f"{path}: verdict has unmarked other-language text"
        )
