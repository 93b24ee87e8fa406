/* Service worker: after one online visit, every page of both languages and the checker work
 * with the network off. Filled in by site_build/offline.py (VERSION and FILES)
 * (every file of the site, as paths relative to this worker).
 *
 * - install: precache FILES into a cache named by VERSION (a hash of the whole site);
 * - activate: delete the caches of older versions, take control of open pages;
 * - fetch: content-addressed files (the engine, Material's hashed bundles) come from the
 *   cache; everything else goes to the network first and falls back to the cache, so an
 *   online reader always gets the newest pages together with the newest scripts. */
"use strict";
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = "naitei-guide-" + VERSION;
const IMMUTABLE = /\/assets\/checker\/engine\/|\/assets\/(javascripts|stylesheets)\/[^/]+\.[0-9a-f]{8}\.min\./;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: "reload" })))),
  );
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("naitei-guide-") && key !== CACHE)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  return cache.match(request, { ignoreSearch: true });
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await fromCache(request);
    if (cached) return cached;
    if (request.mode === "navigate") {
      const url = new URL(request.url);
      if (url.pathname.endsWith("/")) {
        const index = await fromCache(new Request(url.href + "index.html"));
        if (index) return index;
      }
    }
    throw error;
  }
}

async function cacheFirst(request) {
  return (await fromCache(request)) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(IMMUTABLE.test(new URL(request.url).pathname) ? cacheFirst(request) : networkFirst(request));
});
