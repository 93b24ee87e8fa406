import assert from "node:assert/strict";
import { test } from "node:test";
import { SHARED_CACHE, sharedCacheFetch } from "./engine-cache.js";

const ENGINE = "https://example.org/guide/assets/checker/engine/abc/pyodide.asm.wasm";

/** A CacheStorage stand-in: named caches of url -> Response. */
function fakeStorage() {
  /** @type {Map<string, Map<string, Response>>} */
  const caches = new Map();
  return {
    caches,
    async match(url) {
      for (const cache of caches.values()) if (cache.has(url)) return cache.get(url).clone();
      return undefined;
    },
    async open(name) {
      if (!caches.has(name)) caches.set(name, new Map());
      const cache = caches.get(name);
      return { put: async (url, response) => { cache.set(url, response); } };
    },
  };
}

function countingFetch() {
  const calls = [];
  const fetch = async (url) => { calls.push(String(url)); return new Response("bytes", { status: 200 }); };
  return { calls, fetch };
}

test("an engine file is downloaded once, then answered from the shared cache", async () => {
  const storage = fakeStorage();
  const { calls, fetch } = countingFetch();
  const cachedFetch = sharedCacheFetch(fetch, storage);
  assert.equal(await (await cachedFetch(ENGINE)).text(), "bytes");
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.ok(storage.caches.get(SHARED_CACHE).has(ENGINE));
  assert.equal(await (await cachedFetch(ENGINE)).text(), "bytes");
  assert.deepEqual(calls, [ENGINE]);
});

test("a file already in another cache (the service worker's) is not downloaded", async () => {
  const storage = fakeStorage();
  (await storage.open("naitei-guide-1")).put(ENGINE, new Response("kept"));
  const { calls, fetch } = countingFetch();
  assert.equal(await (await sharedCacheFetch(fetch, storage)(ENGINE)).text(), "kept");
  assert.deepEqual(calls, []);
});

test("other addresses, failed answers and no cache storage go straight to the network", async () => {
  const storage = fakeStorage();
  const { calls, fetch } = countingFetch();
  const page = "https://example.org/guide/faq.html";
  await sharedCacheFetch(fetch, storage)(page);
  assert.equal(storage.caches.size, 0);
  const failing = sharedCacheFetch(async () => new Response("", { status: 404 }), storage);
  await failing(ENGINE);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(storage.caches.size, 0);
  assert.equal(sharedCacheFetch(fetch, undefined), fetch);
  assert.deepEqual(calls, [page]);
});
