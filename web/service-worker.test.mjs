import assert from "node:assert/strict";
import { test } from "node:test";
import { loadedHere, pagesSeen, workerAddress } from "./service-worker.js";

test("the worker's address says save-data=on only when the connection asks to save data", () => {
  assert.equal(workerAddress("https://example.org/guide/sw.js", false), "https://example.org/guide/sw.js");
  assert.equal(workerAddress("https://example.org/guide/sw.js", true), "https://example.org/guide/sw.js?save-data=on");
});

test("what a page loaded: itself first, then its own origin's resources, each once", () => {
  const page = "https://example.org/guide/en/faq.html";
  const resources = ["https://example.org/guide/assets/a.css", "https://cdn.example.com/x.js",
    "https://example.org/guide/assets/a.css", page];
  assert.deepEqual(loadedHere(page, resources), [page, "https://example.org/guide/assets/a.css"]);
});

test("the pages seen in a visit: each path once, a damaged note counting as none", () => {
  assert.deepEqual(pagesSeen(null, "/guide/faq.html"), ["/guide/faq.html"]);
  assert.deepEqual(pagesSeen('["/guide/faq.html"]', "/guide/faq.html"), ["/guide/faq.html"]);
  assert.deepEqual(pagesSeen('["/guide/faq.html"]', "/guide/steps.html"), ["/guide/faq.html", "/guide/steps.html"]);
  assert.deepEqual(pagesSeen("{not json", "/guide/steps.html"), ["/guide/steps.html"]);
});
