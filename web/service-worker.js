/* Registers the site's service worker (served pages only; file:// has none) and tells it what
 * this page loaded, so that it keeps the page for offline use; once the reader shows intent (an
 * engine page, or a second page in this visit), and unless the connection asks to save data,
 * it then keeps the whole site (see web/sw/sw.js). Once it answers, the page's
 * `<html data-offline>` says what is kept: "site" or "visited" (for tests and the curious). */

/** The worker's address, marked when the connection asks to save data. Pure.
 * @param {string} url the service worker's URL (sw.js at the site root) @param {boolean} saveData */
export function workerAddress(url, saveData) {
  const address = new URL(url);
  if (saveData) address.searchParams.set("save-data", "on");
  return address.href;
}

/** What this page loaded from its own origin: its address, then each resource. Pure.
 * @param {string} page the page's address @param {string[]} resources addresses it loaded */
export function loadedHere(page, resources) {
  const origin = new URL(page).origin;
  return [...new Set([page, ...resources])].filter((address) => new URL(address).origin === origin);
}

const PAGES_SEEN = "naitei-guide/pages-this-visit";

/** The pages seen in this visit (this tab), `page` added. Pure.
 * @param {string | null} stored the list as stored @param {string} page this page's path */
export function pagesSeen(stored, page) {
  /** @type {string[]} */
  let seen = [];
  try {
    const parsed = JSON.parse(stored || "[]");
    if (Array.isArray(parsed)) seen = parsed.filter((item) => typeof item === "string");
  } catch (error) {
    // a damaged note counts as none
  }
  return [...new Set([...seen, page])];
}

/** Whether the reader has shown they want more than this page: it is an engine page, or the
 * second page they open in this visit. @param {boolean} enginePage */
function readerShowsIntent(enginePage) {
  let seen = [location.pathname];
  try {
    seen = pagesSeen(sessionStorage.getItem(PAGES_SEEN), location.pathname);
    sessionStorage.setItem(PAGES_SEEN, JSON.stringify(seen));
  } catch (error) {
    // storage blocked: only an engine page shows intent
  }
  return enginePage || seen.length > 1;
}

/** Whether the reader's connection asks to save data (only Chromium says; others never). */
function savingData() {
  const connection = /** @type {{connection?: {saveData?: unknown}}} */ (/** @type {unknown} */ (navigator)).connection;
  return Boolean(connection && connection.saveData === true);
}

/** @param {ServiceWorker} worker @param {boolean} intent */
function tellVisited(worker, intent) {
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => {
    const kept = event.data && event.data.kept;
    if (kept) document.documentElement.dataset.offline = kept;
    channel.port1.close();
  };
  const resources = performance.getEntriesByType("resource").map((entry) => entry.name);
  worker.postMessage({ type: "visited", urls: loadedHere(location.href.split("#")[0], resources), intent }, [channel.port2]);
}

/** @param {string} url the service worker's URL (sw.js at the site root)
 * @param {{enginePage?: boolean}} [options] a content page says it is not an engine page */
export function registerServiceWorker(url, { enginePage = true } = {}) {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  const intent = readerShowsIntent(enginePage);
  const address = workerAddress(new URL(url, location.href).href, savingData());
  navigator.serviceWorker.register(address, { scope: new URL("./", address).href })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => { if (registration.active) tellVisited(registration.active, intent); })
    .catch((error) => {
      console.warn("offline support unavailable:", error && error.message);
    });
}
