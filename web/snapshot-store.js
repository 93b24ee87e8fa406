/* Keeps a memory snapshot of the warmed-up engine in the browser's origin private file system,
 * so that the next visit restores it instead of starting Python again. Used in the Web Worker
 * only, which alone may read such a file synchronously (about ten times faster than Cache
 * Storage; needs a secure served page: https or localhost, never file://).
 *
 * One file, named after the engine's content-addressed folder: a new engine never meets an old
 * snapshot, and older files are removed. About half of the interpreter's memory is empty
 * pages; the file leaves them out (about 11 of 21 MB):
 *   uint32 MAGIC, PAGE, full length, n;  uint32 index of each kept page (n);  the kept pages.
 * The header is written last, so an interrupted write leaves a file that is refused.
 * pack/unpack are pure; the rest needs the browser's storage. */

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

/** The full snapshot from its stored form; throws on anything malformed. @param {ArrayBuffer} buffer */
export function unpack(buffer) {
  const fail = () => { throw new Error("the saved engine state is malformed"); };
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

/** @param {string} engineURL */
function fileName(engineURL) {
  return PREFIX + engineURL.replace(/\/+$/, "").split("/").pop() + ".bin";
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

/** Pages opened from disk keep no snapshot. @type {SnapshotStore} */
export const noStore = { supported: false, find: async () => null, save: async () => {}, forget: async () => {} };
