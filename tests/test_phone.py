"""On a phone: installable, storage kept once the engine is used, and pages that fit."""

from __future__ import annotations

import json
import posixpath
import re
import struct
from pathlib import Path

import pytest
from helpers.mkdocs_config import load_mkdocs_yml
from playwright.sync_api import Page
from test_checklist_browser import PAGES, address_holds, answer, one_case_per_level, wait_ready
from test_site_browser import SEARCH_ANSWERED

from site_build.postprocess.not_found import print_labels

LINK = re.compile(r"<link\b[^>]*>", re.I)
HREF = re.compile(r'\bhref="([^"]*)"')


def head_links(html: str, rel: str) -> list[str]:
    """The href of each <link rel=`rel`> in the page's head."""
    head = html.split("</head>", 1)[0]
    return [HREF.search(tag).group(1) for tag in LINK.findall(head)
            if f'rel="{rel}"' in tag and HREF.search(tag)]


def png_size(file: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (and that it is a PNG)."""
    data = file.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", file
    return struct.unpack(">II", data[16:24])


PLAIN_PAGES = {"404.html", "offline.html"}  # load nothing at all: no theme, script or link


def content_pages(built_site: Path) -> list[Path]:
    """Every built page but the plain "not found" and "offline" pages."""
    return [file for file in sorted(built_site.rglob("*.html")) if file.name not in PLAIN_PAGES]


def test_every_page_links_its_language_manifest_and_the_apple_touch_icon(built_site: Path):
    """Japanese pages link the root manifest, English pages en/manifest.webmanifest; every page
    has an apple-touch-icon that exists and is a 180 px square PNG."""
    pages = content_pages(built_site)
    assert pages
    for file in pages:
        page = file.relative_to(built_site).as_posix()
        html = file.read_text(encoding="utf-8")
        (manifest,) = head_links(html, "manifest")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), manifest))
        expected = "en/manifest.webmanifest" if page.startswith("en/") else "manifest.webmanifest"
        assert resolved == expected, page
        (icon,) = head_links(html, "apple-touch-icon")
        assert png_size(file.parent / icon) == (180, 180), page


@pytest.mark.parametrize("folder", ["", "en/"])
def test_each_manifest_is_valid_with_icons_at_their_declared_sizes(built_site: Path, folder: str):
    """The manifest names the site in its language, opens standalone at its own home page with
    relative addresses, uses the palette's colour, and every icon (one maskable) exists at the
    size it declares."""
    config = load_mkdocs_yml()
    lang = "en" if folder else "ja"
    languages = next(p["i18n"]["languages"] for p in config["plugins"]
                     if isinstance(p, dict) and "i18n" in p)
    names = {item["locale"]: item.get("site_name", config["site_name"]) for item in languages}
    data = json.loads((built_site / folder / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert data["name"] == names[lang] and data["short_name"] and data["lang"] == lang
    assert data["display"] == "standalone"
    assert data["start_url"] == "./index.html" and data["scope"] == "./"
    assert (built_site / folder / data["start_url"]).is_file()
    assert re.fullmatch(r"#[0-9a-f]{6}", data["theme_color"]) and data["background_color"]
    palette = config["theme"]["palette"][1]["primary"]
    assert palette == "indigo"  # Material's indigo is the theme colour below
    assert data["theme_color"] == "#4051b5"
    purposes = set()
    for icon in data["icons"]:
        file = built_site / folder / icon["src"]
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert png_size(file) == (width, height), icon
        assert icon["type"] == "image/png"
        purposes.add(icon["purpose"])
    assert {"any", "maskable"} <= purposes
    assert any(icon["sizes"] == "512x512" for icon in data["icons"])


def test_the_committed_icons_are_what_the_icon_script_draws():
    """The PNGs in the repository are the script's output (rerun it after changing them)."""
    from site_build import icons

    for name, (size, kind) in icons.ICONS.items():
        assert (icons.IMAGES / name).read_bytes() == icons.png(size, icons.draw(size, kind)), name

# Replaces navigator.storage.persist with a stub that records each call.
PERSIST_STUB = """(() => {
  window.__persistCalls = 0;
  const storage = navigator.storage;
  if (storage) {
    storage.persist = () => { window.__persistCalls += 1; return Promise.resolve(true); };
  }
})();"""


@pytest.mark.browser
def test_persistent_storage_is_asked_once_the_engine_has_answered_the_reader(page: Page,
                                                                              site_url: str):
    """Loading the checklist asks nothing; the engine's answer to the reader's first choice
    asks once, and later answers do not ask again."""
    page.add_init_script(PERSIST_STUB)
    page.goto(site_url + PAGES["ja"])
    wait_ready(page)
    page.wait_for_timeout(500)  # an absence: what loading would ask has been asked by now
    assert page.evaluate("window.__persistCalls") == 0
    case = one_case_per_level()[0]
    answer(page, case["answers"])
    page.wait_for_function("window.__persistCalls > 0")
    page.wait_for_timeout(300)  # an absence: a second ask would have come by now
    assert page.evaluate("window.__persistCalls") == 1


# Material's search is ready and waits for a query ("type a keyword").
SEARCH_WAITING = """() => {
    const meta = document.querySelector(".md-search-result__meta");
    const t = JSON.parse(document.getElementById("__config").textContent).translations;
    return Boolean(meta) && meta.textContent.trim() === t["search.result.placeholder"];
}"""


def open_search(page: Page):
    """The search box, opened (phones: behind a header button) and focused, still empty."""
    opener = page.locator('label.md-header__button[for="__search"]')
    if opener.is_visible():
        opener.click()
    box = page.locator(".md-search__input")
    box.focus()
    page.wait_for_function(SEARCH_WAITING)  # the index is ready: only the box's events count now
    return box


def result_pages(page: Page) -> set[str]:
    page.wait_for_function(SEARCH_ANSWERED, timeout=15_000)
    hrefs = page.locator(".md-search-result__link").evaluate_all("as => as.map(a => a.href)")
    return {href.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1] for href in hrefs}


@pytest.mark.browser
@pytest.mark.parametrize("how", ["insert_text", "compositionend"])
def test_search_finds_a_word_committed_without_key_events(page: Page, site_url: str, how: str):
    """撤回 committed as an input method commits it (text inserted with no key event, or a
    composition that ends) is searched at once."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "index.html")
    open_search(page)
    if how == "insert_text":
        page.keyboard.insert_text("撤回")
    else:
        page.locator(".md-search__input").evaluate("""(box) => {
            box.dispatchEvent(new CompositionEvent("compositionstart", { data: "" }));
            box.value = "撤回";
            box.dispatchEvent(new InputEvent("input", { data: "撤回", isComposing: true }));
            box.dispatchEvent(new CompositionEvent("compositionend", { data: "撤回" }));
        }""")
    assert "when-it-can-work.html" in result_pages(page)


# Form controls a printout would show (visible in print media).
PRINTED_CONTROLS = """() => [...document.querySelectorAll(
        ".md-content input, .md-content select, .md-content textarea, .md-content button")]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .map((el) => el.outerHTML.slice(0, 80))"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["templates.html", "en/templates.html"])
def test_the_templates_page_prints_the_models_and_no_form_control(page: Page, site_url: str,
                                                                  path: str):
    """Printed with no details given, the templates page shows the blank models, not the form
    or its empty draft, and no input, list, box or button."""
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    assert page.evaluate(PRINTED_CONTROLS) == []
    assert page.locator(".composer-model").first.is_visible()
    assert not page.locator(".composer-draft").is_visible()


# The text a printed link adds after itself (its ::after content).
AFTER_TEXT = "(a) => getComputedStyle(a, '::after').content"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_checklist_printout_has_addresses_and_no_form_control(page: Page, site_url: str,
                                                                  lang: str):
    """Printed after answering: no form control, the verdict's links with their full
    addresses, and the site's address at the end, without the answers in the fragment."""
    page.goto(site_url + PAGES[lang])
    wait_ready(page)
    case = one_case_per_level()[1]
    answer(page, case["answers"])
    address_holds(page, case["answers"])  # the verdict for every answer is on the page
    page.wait_for_selector(f'[data-checker-verdict][data-level="{case["level"]}"]')
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(PRINTED_CONTROLS) == []
    link = page.locator("[data-checker-verdict] a[href]:not([href^='#'])").first
    assert site_url in link.evaluate(AFTER_TEXT)
    address = page.locator(".print-address")
    assert address.is_visible() and site_url in address.inner_text()
    assert all(label.strip() in address.inner_text() for label in print_labels(lang).values())
    assert "#" not in address.inner_text()
    page.emulate_media(media="screen")
    assert not address.is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["checklist.html", "en/steps.html"])
def test_nothing_fixed_covers_a_heading(page: Page, site_url: str, path: str):
    """On a phone, a heading scrolled to stops below the header, and the back-to-top button,
    once shown by scrolling up, sits in the lower half of the screen, away from the headings."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + path)
    heading = page.locator(".md-typeset :is(h2, legend)").nth(2)
    heading.evaluate("(el) => el.scrollIntoView()")
    header = page.locator(".md-header").bounding_box()
    assert heading.bounding_box()["y"] >= header["y"] + header["height"]
    start = page.evaluate("scrollY")
    page.mouse.wheel(0, 1500)
    page.wait_for_function(f"() => scrollY > {start} + 1000")
    page.mouse.wheel(0, -400)
    top = page.locator(".md-top")
    top.wait_for(state="visible")
    assert top.bounding_box()["y"] > 844 / 2


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_visually_hidden_text_is_heard_not_seen(page: Page, site_url: str, lang: str):
    """The checklist's labels for screen readers take no visible room, and stay in the page."""
    page.goto(site_url + PAGES[lang])
    hidden = page.locator(".md-visually-hidden")
    assert hidden.count() > 0
    for i in range(hidden.count()):
        box = hidden.nth(i).bounding_box()
        assert box is None or (box["width"] <= 1 and box["height"] <= 1), i
        assert hidden.nth(i).text_content().strip()


@pytest.mark.browser
@pytest.mark.parametrize(("start", "lang", "end"), [
    ("en/templates.html#composer", "ja", "templates.html#composer"),
    ("templates.html#composer", "en", "en/templates.html#composer"),
])
def test_the_language_switch_keeps_the_fragment_and_marks_the_current_language(
        page: Page, site_url: str, start: str, lang: str, end: str):
    """Switching language lands on the same place of the other page; the menu marks the
    page's own language, and only it."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + start)
    here = page.evaluate("document.documentElement.lang")
    current = page.locator("a.md-select__link[aria-current='page']")
    assert current.count() == 1 and current.get_attribute("hreflang") == here
    page.locator(".md-header .md-select button").click()
    page.locator(f'a.md-select__link[hreflang="{lang}"]').click()
    page.wait_for_url(site_url + end)
    assert page.evaluate("document.documentElement.lang") == lang
