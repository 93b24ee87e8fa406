import assert from "node:assert/strict";
import { test } from "node:test";
import { firstSupported, idbStore, noStore, opfsStore, pack, packBuffer, unpack } from "./snapshot-store.js";

const PAGE = 65536;
const ENGINE = (name) => `https://example.test/assets/checker/engine/${name}/`;

/** A snapshot-like buffer: some pages empty, some not, the last one partial. */
function snapshot(fill) {
  const bytes = new Uint8Array(PAGE * 3 + 100);
  bytes[5] = fill;
  bytes[PAGE * 3 + 99] = 7;
  return bytes;
}

/** Enough of IndexedDB for the store: databases of object stores, requests answered in order
 * one task later, a transaction's changes kept only when all its requests succeed.
 * `failPut` makes every put fail (as a full disk would); `databases` may be another fake's. */
function fakeIndexedDB({ failPut = false, databases = new Map() } = {}) {
  const later = (f) => setImmediate(f);
  function transaction(db, name, mode) {
    if (!db.stores.has(name)) throw new DOMException("no such store", "NotFoundError");
    const working = new Map(db.stores.get(name));
    const queue = [];
    const tx = { error: null, objectStore: () => records };
    const ask = (run) => {
      if (mode !== "readwrite" && run.writes) throw new DOMException("read only", "ReadOnlyError");
      const request = { result: undefined, error: null };
      queue.push({ run, request });
      return request;
    };
    const write = (f) => Object.assign(f, { writes: true });
    const records = {
      get: (key) => ask(() => structuredClone(working.get(key))),
      getAllKeys: () => ask(() => [...working.keys()]),
      put: (value, key) => ask(write(() => {
        if (failPut) throw new DOMException("the disk is full", "QuotaExceededError");
        working.set(key, structuredClone(value));
        return key;
      })),
      delete: (key) => ask(write(() => void working.delete(key))),
      clear: () => ask(write(() => void working.clear())),
    };
    const pump = () => {
      const next = queue.shift();
      if (!next) {
        db.stores.set(name, working);
        tx.oncomplete?.();
        return;
      }
      try {
        next.request.result = next.run();
      } catch (error) {
        next.request.error = tx.error = error;
        next.request.onerror?.();
        tx.onerror?.();
        tx.onabort?.();
        return;
      }
      next.request.onsuccess?.();
      later(pump);
    };
    later(pump);
    return tx;
  }
  return {
    databases,
    open(name, version) {
      const request = { result: undefined, error: null };
      later(() => {
        let db = databases.get(name);
        const upgrade = !db || db.version < version;
        if (!db) databases.set(name, (db = { version, stores: new Map() }));
        db.version = version;
        request.result = {
          createObjectStore: (store) => db.stores.set(store, new Map()),
          transaction: (store, mode) => transaction(db, store, mode),
          close: () => {},
        };
        if (upgrade) request.onupgradeneeded?.();
        request.onsuccess?.();
      });
      return request;
    },
  };
}

/** The records the fake holds, by key. */
const recordsOf = (indexedDB) => [...indexedDB.databases.values()][0].stores.values().next().value;

test("pack leaves out empty pages and unpack restores the bytes exactly", async () => {
  const bytes = snapshot(1);
  const stored = await pack(bytes).arrayBuffer();
  assert.ok(stored.byteLength < bytes.length);
  assert.deepEqual(unpack(stored), bytes);
  assert.deepEqual(new Uint8Array(packBuffer(bytes)), new Uint8Array(stored), "one buffer, same form");
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
  for (const notABuffer of [undefined, "text", new Uint8Array(stored)]) {
    assert.throws(() => unpack(notABuffer), /malformed/, String(notABuffer));
  }
});

test("where the browser has no sync access handles the file store keeps nothing", async () => {
  const store = opfsStore(/** @type {any} */ ({ navigator: {} }));
  assert.equal(store.supported, false);
  assert.equal(await store.find("x/"), null);
  assert.equal(noStore.supported, false);
});

test("the IndexedDB store gives back what it saved, one record for the newest engine", async () => {
  const indexedDB = fakeIndexedDB();
  const store = idbStore(/** @type {any} */ ({ indexedDB }));
  assert.equal(store.supported, true);
  assert.equal(await store.find(ENGINE("aaaa")), null, "nothing saved yet");
  await store.save(ENGINE("aaaa"), snapshot(1));
  await store.save(ENGINE("bbbb"), snapshot(2));
  assert.deepEqual([...recordsOf(indexedDB).keys()], ["bbbb"], "the older engine's record is gone");
  assert.equal(await store.find(ENGINE("aaaa")), null);
  assert.deepEqual(await (await store.find(ENGINE("bbbb"))).bytes, snapshot(2));
});

test("a damaged IndexedDB record is found but refused, and forget removes it", async () => {
  const indexedDB = fakeIndexedDB();
  const store = idbStore(/** @type {any} */ ({ indexedDB }));
  await store.save(ENGINE("aaaa"), snapshot(1));
  const records = recordsOf(indexedDB);
  records.set("aaaa", records.get("aaaa").slice(0, 1000));
  const found = await store.find(ENGINE("aaaa"));
  await assert.rejects(found.bytes, /malformed/);
  await store.forget();
  assert.equal(recordsOf(indexedDB).size, 0);
});

test("forget keeps the named engine's record and removes the others", async () => {
  const indexedDB = fakeIndexedDB();
  const store = idbStore(/** @type {any} */ ({ indexedDB }));
  await store.save(ENGINE("aaaa"), snapshot(1));
  recordsOf(indexedDB).set("old", new ArrayBuffer(8));
  await store.forget("aaaa");
  assert.deepEqual([...recordsOf(indexedDB).keys()], ["aaaa"]);
});

test("a save that fails leaves the earlier snapshot whole", async () => {
  const indexedDB = fakeIndexedDB();
  await idbStore(/** @type {any} */ ({ indexedDB })).save(ENGINE("aaaa"), snapshot(1));
  const full = fakeIndexedDB({ failPut: true, databases: indexedDB.databases });
  const store = idbStore(/** @type {any} */ ({ indexedDB: full }));
  await assert.rejects(store.save(ENGINE("bbbb"), snapshot(2)), /disk is full/);
  assert.deepEqual([...recordsOf(indexedDB).keys()], ["aaaa"], "not cleared either");
  assert.deepEqual(await (await store.find(ENGINE("aaaa"))).bytes, snapshot(1));
});

test("where IndexedDB is missing or refuses to open, the store keeps nothing", async () => {
  assert.equal(idbStore(/** @type {any} */ ({})).supported, false);
  const refusing = {
    open() {
      const request = { error: new DOMException("blocked", "SecurityError") };
      setImmediate(() => request.onerror?.());
      return request;
    },
  };
  const store = idbStore(/** @type {any} */ ({ indexedDB: refusing }));
  assert.equal(store.supported, true);
  assert.equal(await store.find(ENGINE("aaaa")), null);
  await assert.rejects(store.save(ENGINE("aaaa"), snapshot(1)), /blocked/);
});

test("the worker's choice: sync file handles where they exist, else IndexedDB, else nothing", () => {
  const withHandles = {
    navigator: { storage: { getDirectory: async () => ({}) } },
    FileSystemFileHandle: class { createSyncAccessHandle() {} },
    indexedDB: fakeIndexedDB(),
  };
  const webkitLike = { navigator: {}, indexedDB: fakeIndexedDB() };
  const choose = (scope) => {
    const stores = [opfsStore(/** @type {any} */ (scope)), idbStore(/** @type {any} */ (scope))];
    return stores.indexOf(firstSupported(...stores));
  };
  assert.equal(choose(withHandles), 0);
  assert.equal(choose(webkitLike), 1);
  assert.equal(firstSupported(opfsStore(/** @type {any} */ ({ navigator: {} })), idbStore(/** @type {any} */ ({}))), noStore);
});
