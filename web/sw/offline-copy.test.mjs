import assert from "node:assert/strict";
import { test } from "node:test";
import { SHARED_CACHE } from "../engine-cache.js";
import { offlineCopy } from "./offline-copy.js";
import { cacheName } from "./rules.js";

const ORIGIN = "https://example.org";
const BASE = ORIGIN + "/guide/sw.js";
const at = (/** @type {string} */ path) => ORIGIN + "/guide/" + path;
const ENGINE_FILE = "assets/checker/engine/abc123/pyodide.asm.wasm";
const FILES = {
  checker: [ENGINE_FILE, "checklist.html", "assets/stylesheets/main.1a2b3c4d.min.css"],
  site: ["faq.html", "en/faq.html", "offline.html", "en/offline.html"],
};

/** Cache Storage in memory: keys without their query (the worker matches ignoring it). */
function fakeCaches() {
  /** @type {Map<string, Map<string, Response>>} */
  const stores = new Map();
  const bare = (/** @type {RequestInfo} */ key) => {
    const url = new URL(typeof key === "string" ? key : key.url);
    url.search = "";
    return url.href;
  };
  const open = async (/** @type {string} */ name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const entries = /** @type {Map<string, Response>} */ (stores.get(name));
    return {
      match: async (/** @type {RequestInfo} */ key) => entries.get(bare(key))?.clone(),
      put: async (/** @type {RequestInfo} */ key, /** @type {Response} */ response) => { entries.set(bare(key), response); },
    };
  };
  return {
    stores,
    open,
    keys: async () => [...stores.keys()],
    delete: async (/** @type {string} */ name) => stores.delete(name),
    match: async (/** @type {RequestInfo} */ key) => {
      for (const entries of stores.values()) if (entries.has(bare(key))) return entries.get(bare(key))?.clone();
      return undefined;
    },
    /** @param {string} name */
    files: (name) => [...(stores.get(name)?.keys() || [])].map((href) => href.slice(at("").length)),
  };
}

/** A network that answers every site path (or fails when `down`), noting each request. */
function fakeNetwork() {
  /** @type {{url: string, cache: string}[]} */
  const asked = [];
  const net = {
    asked,
    down: false,
    /** @type {Set<string>} */
    httpCache: new Set(),
    /** @param {RequestInfo} input @param {RequestInit} [init] */
    fetch: async (input, init) => {
      const url = typeof input === "string" ? input : input.url;
      const cache = (init && init.cache) || (typeof input === "string" ? "default" : input.cache);
      asked.push({ url, cache });
      if (cache === "only-if-cached") {
        if (net.httpCache.has(url)) return new Response("from the HTTP cache");
        throw new TypeError("not in the HTTP cache");
      }
      if (net.down) throw new TypeError("offline");
      return new Response("body of " + url);
    },
  };
  return net;
}

function setUp({ saveData = false } = {}) {
  const caches = fakeCaches();
  const net = fakeNetwork();
  const copy = offlineCopy({ version: "v2", files: FILES, base: BASE, saveData,
    caches: /** @type {any} */ (caches), fetch: /** @type {any} */ (net.fetch) });
  return { caches, net, copy, CACHE: cacheName("v2") };
}

test("install keeps only the offline pages", async () => {
  const { caches, copy, CACHE } = setUp();
  await copy.install();
  assert.deepEqual(caches.files(CACHE).sort(), ["en/offline.html", "offline.html"]);
});

test("activate deletes older versions' caches and keeps others' caches", async () => {
  const { caches, copy, CACHE } = setUp();
  await caches.open(cacheName("v1"));
  await caches.open(CACHE);
  await caches.open(SHARED_CACHE);
  await copy.activate();
  assert.deepEqual((await caches.keys()).sort(), [CACHE, SHARED_CACHE].sort());
});

test("a first page without intent keeps what it loaded, nothing more", async () => {
  const { caches, net, copy, CACHE } = setUp();
  const kept = await copy.visited([at("faq.html"), at("assets/stylesheets/main.1a2b3c4d.min.css"),
    "https://cdn.example.com/x.js"], false);
  assert.equal(kept, "visited");
  assert.deepEqual(caches.files(CACHE).sort(), ["assets/stylesheets/main.1a2b3c4d.min.css", "faq.html"]);
  assert.ok(net.asked.every((request) => request.cache === "force-cache"), "from the HTTP cache");
});

test("with intent, the checker's files come first, then the rest of the site", async () => {
  const { caches, net, copy, CACHE } = setUp();
  await caches.open(SHARED_CACHE);
  const kept = await copy.visited([at("faq.html")], true);
  assert.equal(kept, "site");
  assert.deepEqual(caches.files(CACHE).sort(), [...FILES.checker, ...FILES.site].sort());
  const order = net.asked.slice(1).map((request) => request.url.slice(at("").length));
  assert.deepEqual(order.slice(0, FILES.checker.length).sort(), [...FILES.checker].sort());
  assert.equal(await caches.keys().then((keys) => keys.includes(SHARED_CACHE)), false,
    "the engine worker's cache is emptied once this worker holds the engine");
  const modes = Object.fromEntries(net.asked.slice(1).map((request) => [request.url, request.cache]));
  assert.equal(modes[at(ENGINE_FILE)], "force-cache");
  assert.equal(modes[at("en/faq.html")], "no-cache");
});

test("a content-addressed file is taken from any cache, never downloaded again", async () => {
  const { caches, net, copy } = setUp();
  const old = await caches.open(cacheName("v1"));
  await old.put(at(ENGINE_FILE), new Response("old version's copy"));
  await copy.visited([at("checklist.html")], true);
  assert.equal(net.asked.some((request) => request.url === at(ENGINE_FILE)), false);
});

test("saving data: what was loaded and what the HTTP cache holds; the engine after an engine page", async () => {
  const { caches, net, copy, CACHE } = setUp({ saveData: true });
  net.httpCache.add(at("en/faq.html"));
  assert.equal(await copy.visited([at("faq.html")], true), "visited");
  assert.deepEqual(caches.files(CACHE).sort(), ["en/faq.html", "faq.html"]);
  await copy.visited([at("checklist.html")], true);
  assert.ok(caches.files(CACHE).includes(ENGINE_FILE));
  assert.equal(caches.files(CACHE).includes("offline.html"), false, "nothing else downloaded");
});

test("a failed fill says what went wrong, file by file", async () => {
  const { net, copy } = setUp();
  net.down = true;
  await assert.rejects(copy.visited([at("faq.html"), at("en/faq.html")], false), /^Error: not kept: offline; offline$/);
});

test("offline, a page comes from the cache, else its language's offline page", async () => {
  const { net, copy } = setUp();
  await copy.install();
  await copy.visited([at("faq.html")], false);
  net.down = true;
  const waits = /** @type {Promise<unknown>[]} */ ([]);
  const page = (/** @type {string} */ url) => /** @type {Request} */ ({ url, mode: "navigate", method: "GET" });
  assert.equal(await (await copy.respond(page(at("faq.html")), "network-first", (w) => waits.push(w))).text(),
    "body of " + at("faq.html"));
  assert.equal(await (await copy.respond(page(at("en/faq.html")), "network-first", (w) => waits.push(w))).text(),
    "body of " + at("en/offline.html"));
  const script = /** @type {Request} */ ({ url: at("en/faq.html"), mode: "no-cors", method: "GET" });
  await assert.rejects(copy.respond(script, "network-first", (w) => waits.push(w)), /offline/);
});

test("online, a site file is kept as it passes; a content-addressed one is answered from the cache", async () => {
  const { caches, net, copy, CACHE } = setUp();
  /** @type {Promise<unknown>[]} */
  const waits = [];
  const get = (/** @type {string} */ url) => new Request(url);
  await copy.respond(get(at("en/faq.html")), "network-first", (w) => waits.push(w));
  await copy.respond(get(at(ENGINE_FILE)), "cache-first", (w) => waits.push(w));
  await Promise.all(waits);
  assert.deepEqual(caches.files(CACHE).sort(), [ENGINE_FILE, "en/faq.html"]);
  const before = net.asked.length;
  await copy.respond(get(at(ENGINE_FILE)), "cache-first", (w) => waits.push(w));
  assert.equal(net.asked.length, before, "no second download");
});
