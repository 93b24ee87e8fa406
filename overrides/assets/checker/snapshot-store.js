/* Keeps a memory snapshot of the warmed-up engine in the browser's Cache Storage, so that the
 * next visit restores it instead of starting Python again. Loaded by the Web Worker only:
 * Cache Storage needs a secure served page (https or localhost), never file://.
 *
 * Stored under the engine's content-addressed folder, so a new engine never meets an old
 * snapshot, and only one snapshot is kept. About half of the interpreter's memory is empty
 * pages; the stored form leaves them out (about 11 of 21 MB), which halves the read:
 *   uint32 MAGIC, PAGE, full length, n;  uint32 index of each kept page (n);  the kept pages. */
(function (scope) {
  "use strict";

  const CACHE_NAME = "naitei-engine-snapshot";
  const FILE_NAME = "memory-snapshot.bin";
  const MAGIC = 0x6e53_0001; // format 1
  const PAGE = 65536;

  function isEmpty(page) {
    const words = new Uint32Array(page.buffer, page.byteOffset, page.length >>> 2);
    for (let i = 0; i < words.length; i += 1) if (words[i] !== 0) return false;
    for (let i = words.length * 4; i < page.length; i += 1) if (page[i] !== 0) return false;
    return true;
  }

  /** The snapshot without its empty pages, as a Blob. `bytes` must start at offset 0. */
  function pack(bytes) {
    const kept = [];
    for (let index = 0; index * PAGE < bytes.length; index += 1) {
      if (!isEmpty(bytes.subarray(index * PAGE, (index + 1) * PAGE))) kept.push(index);
    }
    const header = Uint32Array.of(MAGIC, PAGE, bytes.length, kept.length, ...kept);
    return new Blob([header, ...kept.map((index) => bytes.subarray(index * PAGE, (index + 1) * PAGE))]);
  }

  /** The full snapshot from its stored form; throws on anything malformed. */
  function unpack(buffer) {
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

  const supported = typeof scope.caches !== "undefined" && scope.location.protocol !== "file:";

  function key(engineURL) {
    return engineURL + FILE_NAME;
  }

  /** null when none is saved for this engine; else { bytes: Promise<Uint8Array> }, so the
   * read goes on while Pyodide loads. */
  async function find(engineURL) {
    if (!supported) return null;
    try {
      const cache = await scope.caches.open(CACHE_NAME);
      const stored = await cache.match(key(engineURL));
      return stored ? { bytes: stored.arrayBuffer().then(unpack) } : null;
    } catch (error) {
      return null; // storage blocked: start Python instead
    }
  }

  /** Replace whatever was saved with this engine's snapshot. */
  async function save(engineURL, snapshot) {
    if (!supported) return;
    const cache = await scope.caches.open(CACHE_NAME);
    for (const request of await cache.keys()) await cache.delete(request);
    const headers = { "Content-Type": "application/octet-stream" };
    await cache.put(key(engineURL), new Response(pack(snapshot), { headers }));
  }

  async function forget() {
    if (supported) await scope.caches.delete(CACHE_NAME).catch(() => false);
  }

  scope.NaiteiSnapshotStore = { supported, find, save, forget, pack, unpack };
})(self);
