import assert from "node:assert/strict";
import { test } from "node:test";

import { buttonFeedback, engineStatus, latestReply, statusFor, storageOrNull } from "./page-controller.js";

test("only the latest ticket's reply may be shown", () => {
  const replies = latestReply();
  const first = replies.next();
  const second = replies.next();
  assert.equal(replies.isLatest(first), false);
  assert.equal(replies.isLatest(second), true);
});

test("each engine state has its status text", () => {
  assert.deepEqual(statusFor("loading", ""), { key: "status.loading", state: "loading" });
  assert.deepEqual(statusFor("ready", "loading"), { key: "status.ready", state: "ready" });
  assert.deepEqual(statusFor("failed", "ready"), { key: "status.failed", state: "failed" });
  assert.deepEqual(statusFor("idle", ""), { key: "status.idle", state: "ready" });
});

test("the same state again, or a restart after a failure, leaves the line alone", () => {
  assert.equal(statusFor("ready", "ready"), null);
  assert.equal(statusFor("loading", "failed"), null);
});

test("the status line is set once per change", () => {
  /** @type {string[]} */
  const said = [];
  const status = engineStatus({ set: (key, state) => said.push(key + " " + state) });
  for (const state of ["loading", "loading", "failed", "loading", "ready"]) status.show(state);
  assert.deepEqual(said, ["status.loading loading", "status.failed failed", "status.ready ready"]);
  assert.equal(status.shown, "ready");
});

const later = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("a button says what it did, the live region announces it, and the label comes back", async () => {
  const button = /** @type {HTMLElement} */ (/** @type {unknown} */ ({ textContent: "Copy the body" }));
  const region = /** @type {HTMLElement} */ (/** @type {unknown} */ ({ textContent: "" }));
  buttonFeedback(button, region, "Copied.", 30);
  assert.equal(button.textContent, "Copied.");
  assert.equal(region.textContent, "Copied.");
  await later(10);
  buttonFeedback(button, region, "Copied.", 30); // pressed again: the wait starts again
  await later(25);
  assert.equal(button.textContent, "Copied.");
  await later(20);
  assert.equal(button.textContent, "Copy the body", "its own label, not the feedback");
  assert.equal(region.textContent, "");
});

test("the region keeps a newer message when the label comes back", async () => {
  const button = /** @type {HTMLElement} */ (/** @type {unknown} */ ({ textContent: "Copy" }));
  const region = /** @type {HTMLElement} */ (/** @type {unknown} */ ({ textContent: "" }));
  buttonFeedback(button, region, "Copied.", 10);
  region.textContent = "Cleared.";
  await later(20);
  assert.equal(button.textContent, "Copy");
  assert.equal(region.textContent, "Cleared.");
});

test("a region another button spoke in since is left to that button", async () => {
  const first = /** @type {HTMLElement} */ (/** @type {unknown} */ ({ textContent: "Copy the subject" }));
  const second = /** @type {HTMLElement} */ (/** @type {unknown} */ ({ textContent: "Copy the body" }));
  const region = /** @type {HTMLElement} */ (/** @type {unknown} */ ({ textContent: "" }));
  buttonFeedback(first, region, "Copied.", 10);
  buttonFeedback(second, region, "Copied.", 40);
  await later(20);
  assert.equal(first.textContent, "Copy the subject");
  assert.equal(region.textContent, "Copied.", "the second press is still being shown");
  await later(40);
  assert.equal(second.textContent, "Copy the body");
  assert.equal(region.textContent, "");
});

test("a blocked storage area is none", () => {
  assert.equal(storageOrNull(() => { throw new Error("SecurityError"); }), null);
  const area = /** @type {Storage} */ (/** @type {unknown} */ ({}));
  assert.equal(storageOrNull(() => area), area);
});

test("a short label on the button, the whole sentence in the live region, both cleared after", async () => {
  const button = /** @type {HTMLElement} */ (/** @type {unknown} */ ({ textContent: "Copy the body" }));
  const region = /** @type {HTMLElement} */ (/** @type {unknown} */ ({ textContent: "" }));
  buttonFeedback(button, region, "Copy it by hand", 10, "Could not copy automatically. The text is selected.");
  assert.equal(button.textContent, "Copy it by hand");
  assert.equal(region.textContent, "Could not copy automatically. The text is selected.");
  await later(20);
  assert.equal(button.textContent, "Copy the body");
  assert.equal(region.textContent, "");
});
