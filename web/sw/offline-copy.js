/* The service worker's cache work, given the browser's `caches` and `fetch` (tests pass fakes,
 * offline-copy.test.mjs): the install's offline pages, the fill of the site, what a visited page
 * keeps, and the answers to fetches. sw.js says when each runs, and why. */
import { SHARED_CACHE } from "../engine-cache.js";
import { MATCH, PARALLEL, absolute, cacheName, enginePages, engineFiles, fetchMode, isImmutable, offlinePageFor, offlinePages, siteFile, siteFileSet, staleCaches } from "./rules.js";

/** @typedef {[string, Request]} Entry a file's key (absolute URL) and the request that fetches it */

/**
 * @param {{version: string, files: import("./rules.js").SiteFiles, base: string, saveData: boolean,
 *   caches: CacheStorage, fetch: typeof fetch}} setup
 */
export function offlineCopy({ version, files, base, saveData, caches, fetch }) {
  const CACHE = cacheName(version);
  const known = siteFileSet(files, base);
  const offline = offlinePages(files);

  /** @param {RequestInfo} key */
  async function fromCache(key) {
    const cache = await caches.open(CACHE);
    return cache.match(key, MATCH);
  }

  /** Keep `response` under `key` unless the cache already holds that file.
   * @param {string} key @param {Response} response */
  async function store(key, response) {
    const cache = await caches.open(CACHE);
    if (!(await cache.match(key, MATCH))) await cache.put(key, response);
  }

  /** [key, request] for each site file. @param {string[]} paths @returns {Entry[]} */
  function siteEntries(paths) {
    return paths.map((file) => {
      const key = absolute(file, base);
      return [key, new Request(key, { cache: fetchMode(key) })];
    });
  }

  /** Keep the file `key` unless the cache holds it: a content-addressed file from any cache
   * (an older version's too), else fetched by `request`.
   * @param {Cache} cache @param {string} key @param {Request} request */
  async function keep(cache, key, request) {
    if (await cache.match(key, MATCH)) return;
    const response = (isImmutable(key) && (await caches.match(key, MATCH))) || (await fetch(request));
    if (!response.ok) throw new Error(key + " answered " + response.status);
    await cache.put(key, response);
  }

  /** Keep every entry, PARALLEL at a time, in their order. @param {Entry[]} entries */
  async function fill(entries) {
    const cache = await caches.open(CACHE);
    const queue = [...entries];
    /** @type {string[]} */
    const failed = [];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await keep(cache, ...next).catch((error) => failed.push(error.message || String(error)));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    if (failed.length) throw new Error("not kept: " + failed.join("; "));
  }

  /** Keep the file `key` if the browser's HTTP cache has it (no byte from the network).
   * @param {string} key */
  async function keepIfDownloaded(key) {
    const cache = await caches.open(CACHE);
    if (await cache.match(key, MATCH)) return;
    const response = await fetch(key, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null);
    if (response && response.status === 200) await cache.put(key, response);
  }

  /** @type {Promise<void> | null} */
  let fillingSite = null;
  /** The whole site, the checker's files first; one fill at a time. */
  function fillSite() {
    fillingSite ||= fill(siteEntries(files.checker))
      .then(() => caches.delete(SHARED_CACHE))
      .then(() => fill(siteEntries(files.site)))
      .finally(() => { fillingSite = null; });
    return fillingSite;
  }

  /** What a page loaded: kept (mostly from the HTTP cache); then, with intent, the site, or
   * when saving data the engine's files if the page started the engine.
   * @param {string[]} urls @param {boolean} intent @returns {Promise<"site" | "visited">} */
  async function visited(urls, intent) {
    /** @type {Entry[]} */
    const loaded = [];
    for (const href of urls) {
      const key = siteFile(href, known, base);
      if (key) loaded.push([key, new Request(href, { cache: "force-cache" })]);
    }
    if (!saveData) {
      if (!intent) {
        await fill(loaded);
        return "visited";
      }
      await fill(loaded).catch(() => {}); // the site's fill fetches what the HTTP cache did not have
      await fillSite();
      return "site";
    }
    await fill(loaded);
    await Promise.all([...known].map((key) => keepIfDownloaded(key)));
    const pages = new Set(enginePages(files).map((page) => absolute(page, base)));
    if (loaded.some(([key]) => pages.has(key))) await fill(siteEntries(engineFiles(files, base)));
    return "visited";
  }

  /** The install's work: the offline pages only (a few KB). */
  const install = () => fill(siteEntries(offline)).catch(() => {});

  /** The activation's work: older versions' caches deleted. */
  async function activate() {
    await Promise.all(staleCaches(await caches.keys(), CACHE).map((key) => caches.delete(key)));
  }

  /** @param {Request} request @param {(work: Promise<unknown>) => void} waitUntil
   * @param {string | null} key */
  async function networkFirst(request, waitUntil, key) {
    try {
      const response = await fetch(request);
      if (key && response.status === 200 && !response.redirected) waitUntil(store(key, response.clone()));
      return response;
    } catch (error) {
      const cached = (await fromCache(key || request))
        || (request.mode === "navigate" ? await offlinePage(request.url) : undefined);
      if (cached) return cached;
      throw error;
    }
  }

  /** @param {string} href */
  async function offlinePage(href) {
    const page = offlinePageFor(href, offline, base);
    return page ? fromCache(page) : undefined;
  }

  /** @param {Request} request @param {(work: Promise<unknown>) => void} waitUntil
   * @param {string | null} key */
  async function cacheFirst(request, waitUntil, key) {
    const cached = await fromCache(key || request);
    if (cached) return cached;
    const response = await fetch(request);
    if (key && response.status === 200) waitUntil(store(key, response.clone()));
    return response;
  }

  /** The answer to a fetch the worker takes (see rules.js route).
   * @param {Request} request @param {"cache-first" | "network-first"} how
   * @param {(work: Promise<unknown>) => void} waitUntil */
  function respond(request, how, waitUntil) {
    const key = siteFile(request.url, known, base);
    return how === "cache-first" ? cacheFirst(request, waitUntil, key) : networkFirst(request, waitUntil, key);
  }

  return { install, activate, visited, respond };
}
