/* Keeps a memory snapshot of the warmed-up engine, so that the next visit restores it instead
 * of starting Python again. Used in the Web Worker only (see entries/worker.js), in one of two
 * stores, the first the browser supports:
 * - the origin private file system, read synchronously (a sync access handle: about ten times
 *   faster than Cache Storage; Chromium, Firefox);
 * - IndexedDB, read asynchronously before Pyodide starts (WebKit, which has no
 *   `navigator.storage`): one transaction replaces the old record with the new, all or nothing;
 *   the record is an ArrayBuffer (WebKit's private sessions refuse a Blob).
 * Both need a secure served page (https or localhost), never file://. Why a stored snapshot and
 * not a shipped one, and the measurements: docs-dev/adr/0005-memory-snapshot-per-visit.md.
 *
 * One snapshot, named after the engine's content-addressed folder: a new engine never meets an
 * old snapshot, and older ones are removed. About half of the interpreter's memory is empty
 * pages; the stored form leaves them out:
 *   uint32 MAGIC, PAGE, full length, n;  uint32 index of each kept page (n);  the kept pages.
 * In a file the header is written last, so an interrupted write leaves a file that is refused;
 * an IndexedDB record is written whole or not at all. pack/unpack are pure; the rest needs the
 * browser's storage. */

const PREFIX = "naitei-engine-snapshot-";
const MAGIC = 0x6e53_0001; // format 1
const PAGE = 65536;

/** @typedef {{supported: boolean, find: (engineURL: string) => Promise<{bytes: Promise<Uint8Array>} | null>,
 *             save: (engineURL: string, snapshot: Uint8Array) => Promise<void>,
 *             forget: (keep?: string) => Promise<void>}} SnapshotStore */

/** @param {Uint8Array} page */
function isEmpty(page) {
  const words = new Uint32Array(page.buffer, page.byteOffset, page.length >>> 2);
  for (let i = 0; i < words.length; i += 1) if (words[i] !== 0) return false;
  for (let i = words.length * 4; i < page.length; i += 1) if (page[i] !== 0) return false;
  return true;
}

/** The stored form's parts (`bytes` must start at a 4-byte boundary). @param {Uint8Array} bytes */
export function layout(bytes) {
  /** @type {number[]} */
  const kept = [];
  for (let index = 0; index * PAGE < bytes.length; index += 1) {
    if (!isEmpty(bytes.subarray(index * PAGE, (index + 1) * PAGE))) kept.push(index);
  }
  const header = new Uint8Array(Uint32Array.of(MAGIC, PAGE, bytes.length, kept.length, ...kept).buffer);
  return { header, pages: kept.map((index) => bytes.subarray(index * PAGE, (index + 1) * PAGE)) };
}

/** The stored form as one Blob. @param {Uint8Array} bytes */
export function pack(bytes) {
  const { header, pages } = layout(bytes);
  return new Blob(/** @type {BlobPart[]} */ ([header, ...pages]));
}

/** The stored form as one ArrayBuffer (what IndexedDB keeps). @param {Uint8Array} bytes */
export function packBuffer(bytes) {
  const { header, pages } = layout(bytes);
  const out = new Uint8Array(pages.reduce((size, page) => size + page.length, header.length));
  out.set(header);
  let at = header.length;
  for (const page of pages) {
    out.set(page, at);
    at += page.length;
  }
  return out.buffer;
}

/** The full snapshot from its stored form (an ArrayBuffer); throws on anything malformed.
 * @param {unknown} stored */
export function unpack(stored) {
  const fail = () => { throw new Error("the saved engine state is malformed"); };
  const buffer = stored instanceof ArrayBuffer ? stored : new ArrayBuffer(0);
  if (buffer.byteLength < 16) fail();
  const [magic, page, length, count] = new Uint32Array(buffer, 0, 4);
  if (magic !== MAGIC || page !== PAGE || buffer.byteLength < 16 + 4 * count) fail();
  const indices = new Uint32Array(buffer, 16, count);
  const bytes = new Uint8Array(length);
  let offset = 16 + 4 * count;
  for (const index of indices) {
    const size = Math.min(PAGE, length - index * PAGE);
    if (size <= 0 || offset + size > buffer.byteLength) fail();
    bytes.set(new Uint8Array(buffer, offset, size), index * PAGE);
    offset += size;
  }
  if (offset !== buffer.byteLength) fail();
  return bytes;
}

/** The engine's content-addressed folder, the key of its snapshot. @param {string} engineURL */
function engineKey(engineURL) {
  return engineURL.replace(/\/+$/, "").split("/").pop() || "";
}

/** @param {string} engineURL */
function fileName(engineURL) {
  return PREFIX + engineKey(engineURL) + ".bin";
}

/** The store of the origin private file system, or one that keeps nothing where it is missing.
 * @param {typeof globalThis} scope @returns {SnapshotStore} */
export function opfsStore(scope) {
  const supported = Boolean(scope.navigator && scope.navigator.storage
    && typeof scope.navigator.storage.getDirectory === "function"
    && typeof scope.FileSystemFileHandle === "function"
    && "createSyncAccessHandle" in scope.FileSystemFileHandle.prototype);

  /** Synchronous access to one file, closed afterwards (it locks the file meanwhile).
   * @template T @param {string} name @param {boolean} create @param {(access: SyncAccessHandle) => T} use */
  async function withFile(name, create, use) {
    const root = await scope.navigator.storage.getDirectory();
    const handle = await root.getFileHandle(name, { create });
    const access = await handle.createSyncAccessHandle();
    try {
      return use(access);
    } finally {
      access.close();
    }
  }

  /** @param {string} [keep] remove every saved snapshot but this file */
  async function forget(keep) {
    if (!supported) return;
    const root = await scope.navigator.storage.getDirectory();
    for await (const name of root.keys()) {
      if (name.startsWith(PREFIX) && name !== keep) await root.removeEntry(name).catch(() => {});
    }
  }

  return {
    supported,
    /** null when none is saved for this engine (or it cannot be read now); else its bytes. */
    async find(engineURL) {
      if (!supported) return null;
      try {
        const stored = await withFile(fileName(engineURL), false, (access) => {
          const buffer = new ArrayBuffer(access.getSize());
          access.read(new Uint8Array(buffer), { at: 0 });
          return buffer;
        });
        return { bytes: Promise.resolve(stored).then(unpack) };
      } catch (error) {
        return null; // none saved, or storage blocked: start Python instead
      }
    },
    /** Save this engine's snapshot, and remove the files of any other engine. */
    async save(engineURL, snapshot) {
      if (!supported) return;
      await forget(fileName(engineURL));
      const { header, pages } = layout(snapshot);
      await withFile(fileName(engineURL), true, (access) => {
        access.truncate(0);
        let at = header.length;
        for (const page of pages) at += access.write(page, { at });
        access.flush();
        access.write(header, { at: 0 }); // last: until now the file is refused
        access.flush();
      });
    },
    forget,
  };
}

const DATABASE = "naitei-engine-snapshot";
const RECORDS = "snapshots";

/** The store of IndexedDB: one record per engine, keyed by its folder; or one that keeps nothing
 * where IndexedDB is missing. @param {typeof globalThis} scope @returns {SnapshotStore} */
export function idbStore(scope) {
  const supported = Boolean(scope.indexedDB && typeof scope.indexedDB.open === "function");

  /** @template T @param {IDBRequest<T> | IDBOpenDBRequest} request @returns {Promise<T>} */
  const settled = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(/** @type {T} */ (request.result));
    request.onerror = () => reject(request.error || new Error("IndexedDB refused the request"));
  });

  /** One transaction on the records, the database closed afterwards; resolves once it is
   * committed (a readwrite one is all or nothing), with what `use` returns (awaited).
   * @template T @param {IDBTransactionMode} mode @param {(records: IDBObjectStore) => T | Promise<T>} use
   * @returns {Promise<T>} */
  async function transact(mode, use) {
    const opening = scope.indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(RECORDS);
    const db = await settled(opening);
    db.onversionchange = () => db.close(); // never block a page that deletes the database
    try {
      const transaction = db.transaction(RECORDS, mode);
      const done = new Promise((resolve, reject) => {
        transaction.oncomplete = resolve;
        transaction.onerror = () => reject(transaction.error || new Error("IndexedDB refused the transaction"));
        transaction.onabort = () => reject(transaction.error || new Error("the IndexedDB transaction was aborted"));
      });
      const [value] = await Promise.all([use(transaction.objectStore(RECORDS)), done]);
      return value;
    } finally {
      db.close();
    }
  }

  /** @param {string} [keep] remove every saved snapshot but this engine's (its folder) */
  async function forget(keep) {
    if (!supported) return;
    await transact("readwrite", (records) => {
      if (keep === undefined) {
        records.clear();
        return;
      }
      const listing = records.getAllKeys();
      listing.onsuccess = () => {
        for (const key of listing.result) if (key !== keep) records.delete(key);
      };
    });
  }

  return {
    supported,
    /** null when none is saved for this engine (or it cannot be read now); else its bytes, read
     * in full before this resolves (nothing then waits behind Pyodide's script). */
    async find(engineURL) {
      if (!supported) return null;
      try {
        const stored = await transact("readonly", (records) => settled(records.get(engineKey(engineURL))));
        if (stored === undefined) return null;
        return { bytes: Promise.resolve(stored).then(unpack) };
      } catch (error) {
        return null; // storage blocked or broken: start Python instead
      }
    },
    /** Save this engine's snapshot and remove any other engine's, in one transaction. */
    async save(engineURL, snapshot) {
      if (!supported) return;
      const record = packBuffer(snapshot);
      await transact("readwrite", (records) => {
        records.clear();
        records.put(record, engineKey(engineURL));
      });
    },
    forget: (keep) => forget(keep),
  };
}

/** The first store the browser supports, else one that keeps nothing.
 * @param {SnapshotStore[]} stores @returns {SnapshotStore} */
export function firstSupported(...stores) {
  return stores.find((store) => store.supported) || noStore;
}

/** Pages opened from disk keep no snapshot. @type {SnapshotStore} */
export const noStore = { supported: false, find: async () => null, save: async () => {}, forget: async () => {} };
