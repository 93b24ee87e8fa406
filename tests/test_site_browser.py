"""The served site in Chromium: search in each language, and the language switcher."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from helpers.mkdocs_config import i18n_language, load_mkdocs_yml
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
HOME = {"ja": "index.html", "en": "en/index.html"}
# True once Material's result meta shows a count ("# matching documents", or none found)
# rather than "Initializing search" or the placeholder: the worker has answered the query.
SEARCH_ANSWERED = r"""() => {
    const meta = document.querySelector(".md-search-result__meta");
    const t = JSON.parse(document.getElementById("__config").textContent).translations;
    const text = meta ? meta.textContent.trim() : "";
    const [before, after] = t["search.result.other"].split("#");
    const counted = text.startsWith(before) && text.endsWith(after)
        && /^\d+$/.test(text.slice(before.length, text.length - after.length));
    return counted || text === t["search.result.none"] || text === t["search.result.one"];
}"""


def _page_url(url: str) -> str:
    """`url` without query (?h= from search.highlight) and fragment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def search(page: Page, query: str) -> list[str]:
    """Type `query` into Material's search box; return the result pages (URLs, deduplicated)."""
    opener = page.locator('label.md-header__button[for="__search"]')  # phones: opens overlay
    if opener.is_visible():
        opener.click()
    box = page.locator(".md-search__input")
    expect(box).to_be_visible()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup; fill() sends none
    page.wait_for_function(SEARCH_ANSWERED)
    hrefs = page.locator(".md-search-result__link").evaluate_all("as => as.map(a => a.href)")
    return list(dict.fromkeys(_page_url(href) for href in hrefs))


def _nav_title(page_file: str) -> dict[str, str]:
    """{"ja": title, "en": title} of a nav entry in mkdocs.yml."""
    config = load_mkdocs_yml()
    ja = next(t for item in config["nav"] for t, f in item.items() if f == page_file)
    return {"ja": ja, "en": i18n_language(config, "en")["nav_translations"][ja]}


def _in_language(url: str, site_url: str, lang: str) -> bool:
    return url.startswith(site_url + "en/") == (lang == "en")


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_search_finds_a_page_by_its_title(new_context, site_url: str, lang: str, form: str):
    """Typing a page's nav title into the search box lists that page (desktop and phone)."""
    page = new_context(**(PHONE if form == "phone" else DESKTOP)).new_page()
    page.goto(site_url + HOME[lang])
    expected = site_url + ("en/steps.html" if lang == "en" else "steps.html")
    results = search(page, _nav_title("steps.md")[lang])
    assert expected in results, f"{expected} not in {results}"


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("ja", "採用枠", {"why-companies-refuse.html", "when-it-can-work.html"}),
        ("ja", "謝罪", {"steps.html"}),
        ("en", "apology", {"en/steps.html"}),
    ],
)
def test_search_finds_the_page_in_its_own_language(
    page: Page, site_url: str, lang: str, query: str, expected: set[str]
):
    """A search for 採用枠, 謝罪 or "apology" lists the right page, and no other-language page."""
    page.goto(site_url + HOME[lang])
    results = search(page, query)
    wanted = {site_url + path for path in expected}
    assert wanted & set(results), f"{query!r}: none of {sorted(wanted)} in {results}"
    other = [url for url in results if not _in_language(url, site_url, lang)]
    assert not other, f"{query!r} on the {lang} site lists other-language pages: {other}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_language_searches_its_own_index(page: Page, site_url: str, lang: str):
    """The search index a page loads holds the pages of its own language only."""
    with page.expect_request(lambda r: "/search/search_index." in r.url) as request:
        page.goto(site_url + HOME[lang])
        page.locator(".md-search__input").focus()  # in case the index is fetched on first use
    index_url = request.value.url
    response = request.value.response()
    assert response is not None and response.ok, f"{index_url} failed"
    base = index_url.rsplit("search/search_index.", 1)[0]
    docs = response.json()["docs"]
    locations = {_page_url(urljoin(base, doc["location"])) for doc in docs}
    other = sorted(url for url in locations if not _in_language(url, site_url, lang))
    assert not other, (
        f"the {lang} pages load {index_url}, which also indexes {len(other)} page(s) of the "
        f"other language, e.g. {other[:3]}"
    )


# --- language switcher ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hreflang", "landing"),
    [("steps.html", "en", "en/steps.html"), ("en/steps.html", "ja", "steps.html")],
    ids=["ja-to-en", "en-to-ja"],
)
def test_language_switcher_keeps_the_reader_on_the_same_page(
    page: Page, site_url: str, start: str, hreflang: str, landing: str
):
    """Choosing the other language in the header on a deep page opens that page translated."""
    page.goto(site_url + start)
    selector = page.locator(".md-header .md-select")
    selector.locator("button").click()  # opens the list (hover or focus-within)
    link = selector.locator(f'.md-select__link[hreflang="{hreflang}"]')
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(site_url + landing)
    expect(page.locator("html")).to_have_attribute("lang", hreflang)


CHECKLIST = {"ja": "checklist.html", "en": "en/checklist.html"}
SEARCH_WORKER_STARTED = """() => performance.getEntriesByType("resource")
    .some((entry) => /\\/workers\\/search[^/]*\\.js/.test(entry.name))"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_on_the_checklist_search_waits_for_the_engine_but_answers_a_reader_at_once(
    page: Page, site_url: str, lang: str
):
    """On the checklist page the search worker does not start while the engine starts; a
    reader who searches at once still gets results."""
    page.goto(site_url + CHECKLIST[lang])
    page.wait_for_function("() => document.documentElement.dataset.checkerEngine")
    assert page.evaluate(SEARCH_WORKER_STARTED) is False
    results = search(page, "謝罪" if lang == "ja" else "apology")
    assert site_url + ("steps.html" if lang == "ja" else "en/steps.html") in results


def test_on_the_checklist_search_starts_by_itself_once_answering_pauses(page: Page, site_url: str):
    """Without a search, the checklist page starts the search worker once the engine is ready
    and answering has paused."""
    page.goto(site_url + CHECKLIST["en"])
    page.wait_for_function("() => document.documentElement.dataset.checkerEngine")
    page.wait_for_function(SEARCH_WORKER_STARTED, timeout=15_000)
