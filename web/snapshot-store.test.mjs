import assert from "node:assert/strict";
import { test } from "node:test";
import { noStore, opfsStore, pack, unpack } from "./snapshot-store.js";

const PAGE = 65536;

test("pack leaves out empty pages and unpack restores the bytes exactly", async () => {
  const bytes = new Uint8Array(PAGE * 3 + 100);
  bytes[5] = 1;
  bytes[PAGE * 3 + 99] = 7; // the last, partial page
  const stored = await pack(bytes).arrayBuffer();
  assert.ok(stored.byteLength < bytes.length);
  assert.deepEqual(unpack(stored), bytes);
});

test("a damaged stored form is refused", async () => {
  const bytes = new Uint8Array(PAGE * 2).fill(3);
  const stored = await pack(bytes).arrayBuffer();
  for (const cut of [0, 15, 16, stored.byteLength - 1]) {
    assert.throws(() => unpack(stored.slice(0, cut)), /malformed/, String(cut));
  }
  const wrongMagic = stored.slice(0);
  new Uint32Array(wrongMagic)[0] = 1;
  assert.throws(() => unpack(wrongMagic), /malformed/);
});

test("where the browser has no sync access handles the store keeps nothing", async () => {
  const store = opfsStore(/** @type {any} */ ({ navigator: {} }));
  assert.equal(store.supported, false);
  assert.equal(await store.find("x/"), null);
  assert.equal(noStore.supported, false);
});
