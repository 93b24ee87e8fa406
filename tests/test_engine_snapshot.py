"""The engine's memory snapshot: saved after a first start, restored on the next visit.

Each test runs with both stores the worker chooses from: the origin private file system
(Chromium has sync access handles) and IndexedDB, the store of browsers without them (WebKit),
forced here by a test-only switch: the engine's worker script, as this test serves it, first
removes `createSyncAccessHandle` (readers never get that script)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, Route, expect
from test_checklist_browser import PAGES, answer, one_case_per_level, verdict, wait_ready

pytestmark = pytest.mark.browser

NOTE = "naitei-engine/snapshot"
SAVE_TIMEOUT = 20_000
ENGINE_WORKER = "**/assets/checker/engine/*/worker.js"
WITHOUT_SYNC_HANDLES = "delete FileSystemFileHandle.prototype.createSyncAccessHandle;\n"

# JavaScript run in the page, for each store: `entries` lists the stored snapshots (each as
# its name and a Uint8Array), `replace` writes new bytes for one.
OPFS = """{
  async entries() {
    const root = await navigator.storage.getDirectory();
    const out = [];
    for await (const [name, handle] of root.entries()) {
      out.push([name, new Uint8Array(await (await handle.getFile()).arrayBuffer())]);
    }
    return out;
  },
  async replace(name, bytes) {
    const root = await navigator.storage.getDirectory();
    const writable = await (await root.getFileHandle(name)).createWritable();
    await writable.write(bytes);
    await writable.close();
  },
}"""
# Every database of the origin and its every object store: the test names none of them.
IDB = """{
  async each(mode, use) {
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const opening = indexedDB.open(name);
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error);
      });
      const names = [...db.objectStoreNames];
      if (names.length) {
        const tx = db.transaction(names, mode);
        const done = new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = reject;
        });
        await Promise.all(names.map((store) => use(tx.objectStore(store))));
        await done;
      }
      db.close();
    }
  },
  async entries() {
    const out = [];
    const ask = (request) => new Promise((resolve) => {
      request.onsuccess = () => resolve(request.result);
    });
    await this.each("readonly", async (store) => {
      const [keys, values] = await Promise.all([ask(store.getAllKeys()), ask(store.getAll())]);
      keys.forEach((key, i) => out.push([String(key), new Uint8Array(values[i])]));
    });
    return out;
  },
  async replace(name, bytes) {
    await this.each("readwrite", (store) => { store.put(bytes.slice().buffer, name); });
  },
}"""
STORES = {"opfs": OPFS, "idb": IDB}
SIZES = "async () => Object.fromEntries((await (STORE).entries()).map(([n, b]) => [n, b.length]))"
DAMAGE = """async (keep) => {
  const store = STORE;
  for (const [name, bytes] of await store.entries()) {
    await store.replace(name, bytes.slice(0, keep));
  }
}"""
HOLDS = """async (needle) => {
  for (const [, bytes] of await (STORE).entries()) {
    if (new TextDecoder("latin1").decode(bytes).includes(needle)) return true;
  }
  return false;
}"""


def without_sync_handles(route: Route) -> None:
    """The worker's script, led by the switch that makes it choose IndexedDB."""
    response = route.fetch()
    route.fulfill(response=response, body=WITHOUT_SYNC_HANDLES + response.text())


@dataclass
class Store:
    """A page of a fresh browser context whose engine keeps its snapshot in `name`."""

    name: str
    page: Page

    def run(self, script: str, *args: object):
        return self.page.evaluate(script.replace("STORE", STORES[self.name]), *args)

    def sizes(self, name: str | None = None) -> dict[str, int]:
        return self.page.evaluate(SIZES.replace("STORE", STORES[name or self.name]))


@pytest.fixture(params=list(STORES))
def store(request: pytest.FixtureRequest, new_context) -> Store:
    if request.param == "opfs":
        return Store("opfs", new_context().new_page())
    context = new_context(service_workers="block")  # what a service worker serves is not routed
    context.route(ENGINE_WORKER, without_sync_handles)
    return Store("idb", context.new_page())


def started(page: Page) -> str:
    return page.evaluate("() => document.documentElement.dataset.checkerStart")


def wait_saved(page: Page) -> None:
    """The worker stores the snapshot once answering has paused, then the page notes it."""
    page.wait_for_function(
        f"() => localStorage.getItem({json.dumps(NOTE)}) !== null", timeout=SAVE_TIMEOUT
    )


def test_a_second_visit_restores_the_saved_engine_with_the_same_verdicts(
    store: Store, site_url: str
):
    """After a first start saves one snapshot (in the chosen store only), the next visit
    (either language) restores it and gives every golden level, with reasons and steps."""
    page = store.page
    page.goto(site_url + PAGES["ja"])
    wait_ready(page)
    assert started(page) == "fresh"
    wait_saved(page)
    sizes = store.sizes()
    assert len(sizes) == 1 and 0 < next(iter(sizes.values())) < 16 * 2**20, sizes
    other = next(name for name in STORES if name != store.name)
    assert store.sizes(other) == {}, f"a snapshot in {other} too"
    for lang in ("ja", "en"):
        page.goto(site_url + PAGES[lang])
        wait_ready(page)
        assert started(page) == "restored"
        for case in one_case_per_level():
            answer(page, case["answers"])
            expect(verdict(page)).to_have_attribute("data-level", case["level"])
            expect(verdict(page).locator(".checker-steps li").first).to_be_visible()


@pytest.mark.parametrize("keep", [0, 16, 100_000], ids=["empty", "header-only", "cut-short"])
def test_a_damaged_snapshot_is_refused_and_the_engine_starts_afresh(
    store: Store, site_url: str, keep: int
):
    """A snapshot cut short is refused: Python starts afresh, the checker works, and a good
    snapshot is saved again."""
    page = store.page
    page.goto(site_url + PAGES["en"])
    wait_ready(page)
    wait_saved(page)
    store.run(DAMAGE, keep)
    assert set(store.sizes().values()) == {keep}
    page.goto(site_url + PAGES["en"])
    wait_ready(page)
    assert started(page) == "fresh"
    page.evaluate(f"() => localStorage.removeItem({json.dumps(NOTE)})")  # to see the next save
    case = one_case_per_level()[0]
    answer(page, case["answers"])
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    wait_saved(page)
    page.goto(site_url + PAGES["en"])
    wait_ready(page)
    assert started(page) == "restored"


def test_the_snapshot_is_taken_before_the_readers_answers_reach_the_engine(
    store: Store, site_url: str
):
    """Answers restored from a link are evaluated at once, yet the saved snapshot holds none
    of them."""
    page = store.page
    case = one_case_per_level()[2]
    fragment = (
        "#"
        + "&".join(f"{question}={option}" for question, option in case["answers"].items())
        + "&v=1"
    )
    page.goto(site_url + PAGES["en"] + fragment)
    wait_ready(page)
    expect(verdict(page)).to_have_attribute("data-level", case["level"])
    wait_saved(page)
    assert store.run(HOLDS, "checker") is True  # the search itself works
    for question, option in case["answers"].items():  # as JSON.stringify sends them
        assert store.run(HOLDS, f'"{question}":"{option}"') is False, question
