/* Service worker: after one online visit, every page of both languages and the checker work
 * with the network off; on a connection that asks to save data, the pages the reader opened
 * do. Filled in by site_build/offline.py: VERSION (a hash of the whole site) and FILES, paths
 * relative to this worker in two groups: `checker` (the engine's files, the pages that start
 * it, and the scripts, stylesheets and images pages load by themselves) and `site` (every
 * other file, pages first).
 *
 * When each file is fetched, and why:
 * - install fetches only the small offline pages (offline.html per language), shown for an
 *   address not kept when the network is off: a reader who opens one page has not asked for
 *   the engine (10 MB), and a phone on a capped plan should not pay for it unasked.
 * - activate deletes the caches of older versions and takes control of open pages.
 * - every page then posts {type: "visited", urls, intent} (its address, the files it loaded,
 *   and whether the reader has shown they want more than this page: an engine page, or a
 *   second page in this visit) and gets back {kept: "site" | "visited"} once done: its files
 *   are kept (from the browser's HTTP cache, which just received them); with intent, then
 *   FILES.checker and FILES.site, in that order, in the background (the message's waitUntil
 *   keeps the worker alive meanwhile; each fill skips what the cache holds, so one cut short
 *   goes on from the next page). An engine file the page's own worker downloaded is taken
 *   from the cache that worker keeps (web/engine-cache.js), never downloaded twice; that
 *   cache is emptied once this worker holds the engine.
 * - saving data: the page registers `sw.js?save-data=on` when its connection asks to save data
 *   (navigator.connection.saveData, which only Chromium reports; other browsers keep the
 *   whole site once the reader shows intent). A visited page's files are kept, and
 *   every site file the HTTP cache already holds (`only-if-cached`: what the reader's pages
 *   and their workers loaded before this worker controlled them, without a byte from the
 *   network); the engine's files once a checklist page was visited (that page has just
 *   downloaded them); and whatever the worker passes on. So what the reader opened stays
 *   available offline, and nothing else is downloaded for it.
 * - fetch: a page the network cannot give and the cache does not hold gets the offline page
 *   of its language (the deepest folder's), not the browser's error page; content-addressed files (the engine folder, Material's hashed bundles) come from the
 *   cache; everything else goes to the network first and falls back to the cache, so an
 *   online reader always gets the newest pages together with the newest scripts. A site file
 *   the cache lacks is kept as it passes.
 * Bytes: a content-addressed file is taken from an older version's cache or the HTTP cache
 * when either has it (`force-cache`), any other file is revalidated (`no-cache`: an unchanged
 * file costs a 304, not its body). */
"use strict";
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = "naitei-guide-" + VERSION;
const SAVE_DATA = new URL(self.location.href).searchParams.get("save-data") === "on";
const IMMUTABLE = /\/assets\/checker\/engine\/|\/assets\/(javascripts|stylesheets)\/(workers\/)?[^/]+\.[0-9a-f]{8}\.min\./;
const ENGINE = /\/assets\/checker\/engine\//;
const PARALLEL = 4; // files fetched at once while filling the cache
const MATCH = { ignoreSearch: true, ignoreVary: true };
/** @type {Set<string>} every file this worker may keep, as an absolute URL */
const SITE_FILES = new Set([...FILES.checker, ...FILES.site].map((file) => new URL(file, self.location.href).href));
const CHECKLIST_PAGES = FILES.checker.filter((file) => file.endsWith(".html"));
/** The offline pages, deepest folder first ("en/offline.html" before "offline.html"). */
const OFFLINE_PAGES = FILES.site.filter((file) => /(^|\/)offline\.html$/.test(file))
  .sort((a, b) => b.split("/").length - a.split("/").length);
/** The cache the engine's own worker keeps its downloads in (web/engine-cache.js). */
const SHARED_ENGINE_CACHE = "naitei-engine-files";

/** The site file a URL names ("…/en/" is "…/en/index.html"), or null. */
function siteFile(href) {
  const url = new URL(href, self.location.href);
  url.search = "";
  url.hash = "";
  if (url.pathname.endsWith("/")) url.pathname += "index.html";
  return SITE_FILES.has(url.href) ? url.href : null;
}

async function fromCache(key) {
  const cache = await caches.open(CACHE);
  return cache.match(key, MATCH);
}

/** Keep `response` under `key` unless the cache already holds that file. */
async function store(key, response) {
  const cache = await caches.open(CACHE);
  if (!(await cache.match(key, MATCH))) await cache.put(key, response);
}

/** [key, request] for each site file: a content-addressed one may come from the HTTP cache,
 * any other is revalidated. */
function siteEntries(files) {
  return files.map((file) => {
    const key = new URL(file, self.location.href).href;
    return [key, new Request(key, { cache: IMMUTABLE.test(new URL(key).pathname) ? "force-cache" : "no-cache" })];
  });
}

/** Keep the file `key` unless the cache holds it: a content-addressed file from any cache
 * (an older version's too), else fetched by `request`. */
async function keep(cache, key, request) {
  if (await cache.match(key, MATCH)) return;
  const response = (IMMUTABLE.test(new URL(key).pathname) && (await caches.match(key, MATCH))) || (await fetch(request));
  if (!response.ok) throw new Error(key + " answered " + response.status);
  await cache.put(key, response);
}

/** Keep every [key, request] of `entries`, PARALLEL at a time, in their order. */
async function fill(entries) {
  const cache = await caches.open(CACHE);
  const queue = [...entries];
  const failed = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await keep(cache, ...next).catch((error) => failed.push(error.message || String(error)));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  if (failed.length) throw new Error("not kept: " + failed.join("; "));
}

/** Keep the file `key` if the browser's HTTP cache has it (no byte from the network): what the
 * reader's pages and their workers loaded before this worker controlled them. */
async function keepIfDownloaded(key) {
  const cache = await caches.open(CACHE);
  if (await cache.match(key, MATCH)) return;
  const response = await fetch(key, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null);
  if (response && response.status === 200) await cache.put(key, response);
}

let fillingSite = null;
/** The whole site, the checker's files first; one fill at a time. */
function fillSite() {
  fillingSite ||= fill(siteEntries(FILES.checker))
    .then(() => caches.delete(SHARED_ENGINE_CACHE))
    .then(() => fill(siteEntries(FILES.site)))
    .finally(() => { fillingSite = null; });
  return fillingSite;
}

/** What a page loaded: kept (mostly from the HTTP cache); then, if the reader has shown
 * intent, the site, or when saving data the engine's files if the page was a checklist.
 * Resolves to what is now kept. */
async function visited(urls, intent) {
  const files = urls.map((href) => [siteFile(href), new Request(href, { cache: "force-cache" })]).filter(([key]) => key);
  if (!SAVE_DATA) {
    if (!intent) {
      await fill(files);
      return "visited";
    }
    await fill(files).catch(() => {}); // the site's fill fetches what the HTTP cache did not have
    await fillSite();
    return "site";
  }
  await fill(files);
  await Promise.all([...SITE_FILES].map((key) => keepIfDownloaded(key)));
  const pages = new Set(CHECKLIST_PAGES.map((page) => new URL(page, self.location.href).href));
  if (files.some(([key]) => pages.has(key))) {
    await fill(siteEntries(FILES.checker.filter((file) => ENGINE.test(new URL(file, self.location.href).pathname))));
  }
  return "visited";
}

self.addEventListener("install", (event) => {
  event.waitUntil(fill(siteEntries(OFFLINE_PAGES)).catch(() => {}));
  self.skipWaiting();
});

/** The offline page for the page at `href`: its language folder's, else the root's. */
function offlinePage(href) {
  const path = new URL(href).href;
  for (const file of OFFLINE_PAGES) {
    const folder = new URL(file.replace(/offline\.html$/, "") || "./", self.location.href).href;
    if (path.startsWith(folder)) return fromCache(new URL(file, self.location.href).href);
  }
  return Promise.resolve(undefined);
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("naitei-guide-") && key !== CACHE)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const message = event.data;
  if (!message || message.type !== "visited" || !Array.isArray(message.urls)) return;
  const reply = event.ports && event.ports[0];
  const urls = message.urls.filter((url) => typeof url === "string");
  event.waitUntil(visited(urls, message.intent === true).then(
    (kept) => reply && reply.postMessage({ kept }),
    (error) => {
      console.warn("offline copy incomplete:", error.message);
      if (reply) reply.postMessage({ kept: "", error: error.message });
    },
  ));
});

async function networkFirst(event, key) {
  try {
    const response = await fetch(event.request);
    if (key && response.status === 200 && !response.redirected) event.waitUntil(store(key, response.clone()));
    return response;
  } catch (error) {
    const cached = (await fromCache(key || event.request))
      || (event.request.mode === "navigate" ? await offlinePage(event.request.url) : undefined);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(event, key) {
  const cached = await fromCache(key || event.request);
  if (cached) return cached;
  const response = await fetch(event.request);
  if (key && response.status === 200) event.waitUntil(store(key, response.clone()));
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const key = siteFile(request.url);
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(event, key) : networkFirst(event, key));
});
