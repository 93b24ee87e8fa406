/* Service worker: after one online visit, every page of both languages and the checker work
 * with the network off; on a connection that asks to save data, the pages the reader opened
 * do. Bundled by site_build/offline.py with the build's data as SW_DATA (esbuild `define`):
 * `version` (a hash of the whole site) and `files`, paths relative to this worker in two
 * groups: `checker` (the engine's files, the pages that start it, and the scripts,
 * stylesheets and images pages load by themselves) and `site` (every other file, pages
 * first). The decisions are in rules.js, the cache work in offline-copy.js (both tested).
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
 *   files.checker and files.site, in that order, in the background (the message's waitUntil
 *   keeps the worker alive meanwhile; each fill skips what the cache holds, so one cut short
 *   goes on from the next page). An engine file the page's own worker downloaded is taken
 *   from the cache that worker keeps (../engine-cache.js), never downloaded twice; that
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
import { offlineCopy } from "./offline-copy.js";
import { route, savesData } from "./rules.js";

const worker = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const copy = offlineCopy({
  version: SW_DATA.version,
  files: SW_DATA.files,
  base: worker.location.href,
  saveData: savesData(worker.location.href),
  caches: worker.caches,
  fetch: (input, init) => worker.fetch(input, init),
});

worker.addEventListener("install", (event) => {
  event.waitUntil(copy.install());
  worker.skipWaiting();
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(copy.activate().then(() => worker.clients.claim()));
});

worker.addEventListener("message", (event) => {
  const message = event.data;
  if (!message || message.type !== "visited" || !Array.isArray(message.urls)) return;
  const reply = event.ports && event.ports[0];
  /** @type {string[]} */
  const urls = message.urls.filter((/** @type {unknown} */ url) => typeof url === "string");
  event.waitUntil(copy.visited(urls, message.intent === true).then(
    (kept) => reply && reply.postMessage({ kept }),
    (error) => {
      console.warn("offline copy incomplete:", error.message);
      if (reply) reply.postMessage({ kept: "", error: error.message });
    },
  ));
});

worker.addEventListener("fetch", (event) => {
  const how = route(event.request, worker.location.origin);
  if (how) event.respondWith(copy.respond(event.request, how, (work) => event.waitUntil(work)));
});
