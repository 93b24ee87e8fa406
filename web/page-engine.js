/* The engine for a page that uses it (the checklist; any page with an engine configuration):
 * a Web Worker on served pages, the host on the page itself from disk, the snapshot stored
 * once the reader pauses and noted for the next visit.
 *
 * Served pages keep the worker in every browser, WebKit included, by measurement
 * (bench/probe.html, WebKitGTK 2.50, a fresh browser each run, medians of 5 on a quiet 2-core
 * machine): on the page the engine started in 1292 ms against 1497 ms in the worker, but held
 * the main thread in one task of about 1 s (1005 ms; the worker: none), so the page would
 * not scroll or answer a tap meanwhile. The worker costs WebKit no more CPU (1.90 s against
 * 1.87 s); what slows it is that WebKit relays a worker's network loads through the page's
 * main thread: while the page is busy (Material's bundle runs for 190-260 ms at load), the
 * worker's files wait (250 ms of page work added 213 ms to the worker's start). */
import { engineClient } from "./engine-client.js";
import { persistOnceUsed, readerChanges } from "./persist.js";
import { noStore } from "./snapshot-store.js";
import { SNAPSHOT_NOTE } from "./storage.js";
import { inPageTransport, workerTransport } from "./transports.js";
import { engineHost } from "./worker-host.js";

/* SNAPSHOT_NOTE names the engine whose snapshot was saved; only then does the worker look
 * for one (a first look into the browser's storage can be slow). */
const STORE_SNAPSHOT_TIMEOUT_MS = 30000;

/** @param {string} src */
function loadScriptElement(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(undefined);
    script.onerror = () => reject(new Error("could not load " + src.split("/").pop()));
    document.head.append(script);
  });
}

/**
 * Start the engine of `files` (config.engine), relative to the site root `siteBase`.
 * @param {import("./types").EngineFiles} files @param {URL} siteBase
 * @param {{onState: Parameters<typeof engineClient>[0]["onState"],
 *          onProgress: (progress: import("./types").EngineProgress) => void,
 *          whenPaused: (task: () => void) => void}} hooks
 */
export function startPageEngine(files, siteBase, { onState, onProgress, whenPaused }) {
  const engineURL = new URL(files.dir + "/", siteBase).href;
  const fromDisk = location.protocol === "file:";
  const snapshotNoted = () => {
    try {
      return localStorage.getItem(SNAPSHOT_NOTE) === files.dir;
    } catch (error) {
      return false;
    }
  };
  const engine = engineClient({
    connect: () => (fromDisk
      ? inPageTransport((post) => engineHost({ post, loadScript: loadScriptElement, store: noStore }))
      : workerTransport(engineURL + "worker.js")),
    boot: () => ({
      indexURL: engineURL,
      stdLibURL: engineURL + files.stdlib,
      lockfile: files.lockfile,
      package: files.package,
      sizes: files.sizes,
      warmUp: files.warmUp,
      snapshotSaved: snapshotNoted(),
      inPage: fromDisk,
    }),
    onProgress,
    onState(state, info) {
      if (state === "ready" && !info.restored) whenPaused(storeSnapshot);
      onState(state, info);
    },
  });

  function storeSnapshot() {
    engine.call("storeSnapshot", [], STORE_SNAPSHOT_TIMEOUT_MS).then((value) => {
      if (!(value && /** @type {{saved?: unknown}} */ (value).saved)) return;
      try {
        localStorage.setItem(SNAPSHOT_NOTE, files.dir);
      } catch (error) {
        // storage blocked: the next visit starts Python afresh, which is only slower
      }
    }, (error) => console.info("checker: engine state not saved:", error && error.message));
  }

  engine.start();
  const askToPersist = persistOnceUsed(navigator.storage, readerChanges(document));
  return {
    start: engine.start,
    get state() { return engine.state; },
    /** @type {typeof engine.call} */
    call: (name, args, timeoutMs) => engine.call(name, args, timeoutMs).then((value) => {
      askToPersist();
      return value;
    }),
  };
}
