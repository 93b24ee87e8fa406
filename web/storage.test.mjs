import assert from "node:assert/strict";
import { test } from "node:test";
import { answerCodec } from "./answers.js";
import { COMPOSER_PREFIX, DETAILS_KEY, SNAPSHOT_NOTE, keysFor, loadStoredAnswers, loadStoredDetails, loadTicks, newestOtherVersionKey, openStore } from "./storage.js";

/** A Storage-like object over a Map; `full` makes every write fail. */
function memoryStorage(items = {}, { full = false } = {}) {
  const map = new Map(Object.entries(items));
  return {
    get length() { return map.size; },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (key) => (map.has(key) ? map.get(key) : null),
    setItem(key, value) { if (full) throw new Error("QuotaExceededError"); map.set(key, String(value)); },
    removeItem: (key) => map.delete(key),
    map,
  };
}

const codec = answerCodec({ rulesVersion: "10", questions: [{ id: "quota", options: ["open", "filled"] }] });

test("older rules versions sort numerically: v9 before v10", () => {
  const keys = ["naitei-checker/v9/answers", "naitei-checker/v10/answers", "naitei-checker/v2/answers"];
  assert.equal(newestOtherVersionKey(keys, "naitei-checker/v11/answers"), "naitei-checker/v10/answers");
  assert.equal(newestOtherVersionKey(["other"], "naitei-checker/v1/answers"), null);
});

test("saved answers of this version load; of another version with otherVersion", () => {
  const same = openStore(memoryStorage({ [keysFor("10").answers]: JSON.stringify({ answers: { quota: "open" } }) }));
  assert.deepEqual(loadStoredAnswers(same, codec).answers, { quota: "open" });
  const old = openStore(memoryStorage({ "naitei-checker/v9/answers": JSON.stringify({ answers: { quota: "filled" } }) }));
  const loaded = loadStoredAnswers(old, codec);
  assert.deepEqual(loaded.answers, { quota: "filled" });
  assert.equal(loaded.otherVersion, true);
});

test("unreadable stored values are reported, not thrown", () => {
  for (const raw of ["{not json", JSON.stringify([1]), JSON.stringify({ answers: "x" }), "x".repeat(5000)]) {
    const store = openStore(memoryStorage({ [keysFor("10").answers]: raw }));
    assert.equal(loadStoredAnswers(store, codec).unreadable, true, raw.slice(0, 20));
  }
});

test("full storage reads what is there and says writes fail", () => {
  const store = openStore(memoryStorage({ [keysFor("10").answers]: JSON.stringify({ answers: { quota: "open" } }) }, { full: true }));
  assert.equal(store.writable, false);
  assert.equal(store.write("naitei-checker/x", 1), false);
  assert.deepEqual(loadStoredAnswers(store, codec).answers, { quota: "open" });
});

test("blocked storage is no storage", () => {
  const blocked = { getItem() { throw new Error("SecurityError"); } };
  const store = openStore(/** @type {any} */ (blocked));
  assert.equal(store.available, false);
  assert.deepEqual(loadStoredAnswers(store, codec).answers, {});
});

test("only true ticks survive, and clear removes only our keys", () => {
  const area = memoryStorage({ "naitei-checker/t": JSON.stringify({ a: true, b: "yes", c: 1 }), theirs: "1" });
  const store = openStore(area);
  assert.deepEqual(loadTicks(store, "naitei-checker/t"), { a: true });
  store.clear();
  assert.deepEqual([...area.map.keys()], ["theirs"]);
});

test("the composer's store clears its own keys only, and the checklist's clear leaves them", () => {
  const answers = keysFor("10").answers;
  const area = memoryStorage({ [DETAILS_KEY]: JSON.stringify({ details: { name: "a" } }), [answers]: "{}" });
  openStore(area, COMPOSER_PREFIX).clear();
  assert.deepEqual([...area.map.keys()], [answers]);
  area.map.set(DETAILS_KEY, "{}");
  openStore(area).clear();
  assert.deepEqual([...area.map.keys()], [DETAILS_KEY]);
  assert.ok(DETAILS_KEY.startsWith(COMPOSER_PREFIX) && !DETAILS_KEY.startsWith("naitei-checker/"));
});

test("saved details: text of known fields kept, anything else dropped and counted", () => {
  const ids = ["company", "name"];
  const saved = { details: { company: "<img src=x>", name: 3, colour: "red", ["__proto__"]: "x" } };
  const store = openStore(memoryStorage({ [DETAILS_KEY]: JSON.stringify(saved) }), COMPOSER_PREFIX);
  const loaded = loadStoredDetails(store, ids);
  assert.deepEqual(loaded.details, { company: "<img src=x>" });
  assert.equal(loaded.dropped, 3);
  assert.equal(loaded.unreadable, false);
  assert.equal(Object.getPrototypeOf(loaded.details), Object.prototype);
  for (const raw of ["{not json", JSON.stringify([1]), JSON.stringify({ details: "x" })]) {
    const bad = openStore(memoryStorage({ [DETAILS_KEY]: raw }), COMPOSER_PREFIX);
    assert.deepEqual(loadStoredDetails(bad, ids), { details: {}, dropped: 1, unreadable: true }, raw);
  }
  const none = openStore(memoryStorage(), COMPOSER_PREFIX);
  assert.deepEqual(loadStoredDetails(none, ids), { details: {}, dropped: 0, unreadable: false });
});

test("clearing either page's keys keeps the engine's snapshot note", () => {
  const area = memoryStorage({
    [keysFor("10").answers]: "{}", [DETAILS_KEY]: "{}", [SNAPSHOT_NOTE]: "engine-abc",
  });
  openStore(area).clear();
  assert.equal(area.map.has(keysFor("10").answers), false);
  openStore(area, COMPOSER_PREFIX).clear();
  assert.equal(area.map.has(DETAILS_KEY), false);
  assert.equal(area.getItem(SNAPSHOT_NOTE), "engine-abc");
});
