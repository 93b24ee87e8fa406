import assert from "node:assert/strict";
import { test } from "node:test";
import { persistOnceUsed } from "./persist.js";

function recordingStorage() {
  const calls = [];
  return { calls, persist: async () => { calls.push("persist"); return true; } };
}

test("persistence is not asked before the reader acts, then asked once", () => {
  const storage = recordingStorage();
  let acted = false;
  const afterAnswer = persistOnceUsed(storage, () => acted);
  afterAnswer(); // an answer on page load (restored answers)
  assert.deepEqual(storage.calls, []);
  acted = true;
  afterAnswer();
  afterAnswer();
  assert.deepEqual(storage.calls, ["persist"]);
});

test("a browser without storage.persist, or one that refuses, is left alone", () => {
  assert.doesNotThrow(() => persistOnceUsed(undefined, () => true)());
  assert.doesNotThrow(() => persistOnceUsed({}, () => true)());
  const refusing = { persist: () => Promise.reject(new Error("denied")) };
  assert.doesNotThrow(() => persistOnceUsed(refusing, () => true)());
});
