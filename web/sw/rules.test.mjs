import assert from "node:assert/strict";
import { test } from "node:test";
import { CACHE_PREFIX, cacheName, enginePages, engineFiles, fetchMode, offlinePageFor, offlinePages, route, savesData, siteFile, siteFileSet, staleCaches } from "./rules.js";

const BASE = "https://example.org/guide/sw.js";
const FILES = {
  checker: ["assets/checker/engine/abc123/pyodide.asm.wasm", "checklist.html", "en/checklist.html",
    "assets/javascripts/bundle.1a2b3c4d.min.js"],
  site: ["index.html", "en/index.html", "offline.html", "en/offline.html", "assets/images/icon.png"],
};

test("each version has its own cache, and only older versions of ours are stale", () => {
  assert.equal(cacheName("0123456789abcdef"), CACHE_PREFIX + "0123456789abcdef");
  const current = cacheName("new");
  const keys = [cacheName("old"), current, "naitei-engine-files", "someone-else"];
  assert.deepEqual(staleCaches(keys, current), [cacheName("old")]);
});

test("the save-data mark comes from the worker's own address", () => {
  assert.equal(savesData(BASE + "?save-data=on"), true);
  assert.equal(savesData(BASE), false);
  assert.equal(savesData(BASE + "?save-data=off"), false);
});

test("a URL names a site file without its query or fragment; a folder names its index", () => {
  const known = siteFileSet(FILES, BASE);
  assert.equal(siteFile("https://example.org/guide/checklist.html?x=1#q1=a", known, BASE),
    "https://example.org/guide/checklist.html");
  assert.equal(siteFile("https://example.org/guide/en/", known, BASE), "https://example.org/guide/en/index.html");
  assert.equal(siteFile("https://example.org/guide/nothing.html", known, BASE), null);
  assert.equal(siteFile("https://example.org/other/index.html", known, BASE), null);
});

test("content-addressed files may come from the HTTP cache; others are revalidated", () => {
  assert.equal(fetchMode("https://example.org/guide/assets/checker/engine/abc123/pyodide.asm.wasm"), "force-cache");
  assert.equal(fetchMode("https://example.org/guide/assets/javascripts/bundle.1a2b3c4d.min.js"), "force-cache");
  assert.equal(fetchMode("https://example.org/guide/assets/javascripts/workers/search.1a2b3c4d.min.js"), "force-cache");
  assert.equal(fetchMode("https://example.org/guide/assets/javascripts/search-input.js"), "no-cache");
  assert.equal(fetchMode("https://example.org/guide/checklist.html"), "no-cache");
});

test("the cache answers first for content-addressed files, the network for the rest", () => {
  const origin = "https://example.org";
  assert.equal(route({ method: "GET", url: origin + "/guide/assets/checker/engine/abc/x.js" }, origin), "cache-first");
  assert.equal(route({ method: "GET", url: origin + "/guide/faq.html" }, origin), "network-first");
  assert.equal(route({ method: "POST", url: origin + "/guide/faq.html" }, origin), null);
  assert.equal(route({ method: "GET", url: "https://cdn.example.com/x.js" }, origin), null);
});

test("the engine pages are the checker group's pages; the engine files its folder's", () => {
  assert.deepEqual(enginePages(FILES), ["checklist.html", "en/checklist.html"]);
  assert.deepEqual(engineFiles(FILES, BASE), ["assets/checker/engine/abc123/pyodide.asm.wasm"]);
});

test("a page gets its language's offline page, the deepest folder first", () => {
  const pages = offlinePages(FILES);
  assert.deepEqual(pages, ["en/offline.html", "offline.html"]);
  assert.equal(offlinePageFor("https://example.org/guide/en/faq.html", pages, BASE),
    "https://example.org/guide/en/offline.html");
  assert.equal(offlinePageFor("https://example.org/guide/faq.html", pages, BASE),
    "https://example.org/guide/offline.html");
  assert.equal(offlinePageFor("https://example.org/elsewhere.html", pages, BASE), null);
  assert.equal(offlinePageFor("https://example.org/guide/", [], BASE), null);
});
