/* See probe.html: where a browser spends the engine's start. An ES module over the site's own
 * browser code (web/), bundled by esbuild into one classic script (bench/other_browsers.py
 * `probe_site`) that is both the page's half and the worker's half of each experiment. */
import { firstSupported, idbStore, noStore, opfsStore } from "../web/snapshot-store.js";
import { engineHost } from "../web/worker-host.js";

const WASM = "pyodide.asm.wasm";
const SCRIPTS = ["pyodide.js", "pyodide.asm.js"];
const BUSY_MS = 250;
const isWorker = typeof document === "undefined";
const now = () => performance.timeOrigin + performance.now(); // comparable across threads

/** The store the site's worker would choose, or none (no `_makeSnapshot`). @param {string} kind */
const storeOf = (kind) => (kind === "none" ? noStore : firstSupported(opfsStore(self), idbStore(self)));

/** @param {string} url @param {boolean} streaming */
async function compile(url, streaming) {
  const start = now();
  if (streaming) {
    await WebAssembly.compileStreaming(fetch(url));
    return { compile_ms: now() - start };
  }
  const bytes = await (await fetch(url)).arrayBuffer();
  const fetched = now();
  await WebAssembly.compile(bytes);
  return { fetch_ms: fetched - start, compile_ms: now() - fetched };
}

/** Pyodide's two scripts, evaluated (importScripts in a worker, script elements on the page),
 * each already in the browser's cache. @param {string} indexURL @param {(url: string) => Promise<void>} load */
async function scripts(indexURL, load) {
  const times = {};
  for (const name of SCRIPTS) {
    const start = now();
    await load(indexURL + name);
    times[name.replace(/\W/g, "_") + "_ms"] = now() - start;
  }
  return times;
}

/** @param {string} src */
function scriptElement(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(undefined);
    script.onerror = () => reject(new Error("could not load " + src));
    document.head.append(script);
  });
}

/** @param {string} url */
async function importScript(url) {
  if (!self.importScripts) throw new Error("not a worker");
  self.importScripts(url);
}

/** Marks (absolute ms) of the steps of the engine's start in this thread, by wrapping the
 * built-ins and scripts that web/pyodide-adapter.js uses: each wrapper records its start and end.
 * @param {Record<string, number>} marks */
function instrument(marks) {
  /** @template {(...args: any[]) => any} F @param {string} name @param {F} f @returns {F} */
  const timed = (name, f) => /** @type {F} */ (function (/** @type {any[]} */ ...args) {
    marks[name + ":start"] ??= now();
    const out = f.apply(this, args);
    const end = () => { marks[name + ":end"] ??= now(); };
    if (out && typeof out.then === "function") out.then(end, end);
    else end();
    return out;
  });
  WebAssembly.compileStreaming = timed("compileStreaming", WebAssembly.compileStreaming);
  WebAssembly.instantiate = timed("instantiate", WebAssembly.instantiate);
  const nativeFetch = self.fetch;
  self.fetch = function (resource, init) {
    const name = String(resource instanceof Request ? resource.url : resource).split("/").pop();
    return timed("fetch " + name, nativeFetch).call(this, resource, init);
  };
  let load = /** @type {any} */ (undefined);
  Object.defineProperty(self, "loadPyodide", {
    configurable: true,
    get: () => load,
    set: (value) => { load = typeof value === "function" ? timed("loadPyodide", value) : value; },
  });
  return (/** @type {string} */ name, /** @type {(url: string) => Promise<void>} */ loadScript) =>
    (/** @type {string} */ url) => timed(name + " " + url.split("/").pop(), loadScript)(url);
}

/** An engine host whose messages carry the time they were sent, its reply the marks too.
 * @param {(m: unknown) => void} post @param {(url: string) => Promise<void>} load @param {string} store */
function timedHost(post, load, store) {
  /** @type {Record<string, number>} */
  const marks = {};
  const wrapLoad = instrument(marks);
  return engineHost({
    post: (message) => post({ ...message, at: now(), ...(message.type === "reply" ? { marks } : {}) }),
    loadScript: wrapLoad("script", load),
    store: storeOf(store),
  });
}

/** Main-thread responsiveness: a timer every 10 ms; a gap over 50 ms counts as a long task.
 * (WebKit has no Long Tasks API.) */
function heartbeat() {
  const gaps = [];
  let last = now();
  let running = true;
  const beat = () => {
    const at = now();
    if (at - last > 50) gaps.push(at - last);
    last = at;
    if (running) setTimeout(beat, 10);
  };
  setTimeout(beat, 10);
  return () => {
    running = false;
    beat();
    return { long_tasks_ms: gaps.reduce((a, b) => a + b, 0), longest_task_ms: Math.max(0, ...gaps) };
  };
}

/** The site's engine configuration, from its checklist page. */
async function bootConfig() {
  const html = await (await fetch("site/checklist.html")).text();
  const doc = new DOMParser().parseFromString(html, "text/html");
  const config = JSON.parse(doc.getElementById("checker-config")?.textContent || "{}");
  const dir = new URL("site/" + config.engine.dir + "/", location.href).href;
  return {
    indexURL: dir, stdLibURL: dir + config.engine.stdlib, lockfile: config.engine.lockfile,
    package: config.engine.package, sizes: config.engine.sizes, warmUp: config.engine.warmUp,
    snapshotSaved: false, inPage: false,
  };
}

/** Boot through the protocol; the time of each stage's first message, from `start`.
 * @param {(post: (m: any) => void) => {send: (m: unknown) => void}} connect @param {object} cfg
 * @param {number} start @param {number} [busyMs] */
function boot(connect, cfg, start, busyMs = 0) {
  return new Promise((resolve, reject) => {
    /** @type {Record<string, number>} */
    const stages = {};
    const channel = connect((message) => {
      if (message.type === "progress") {
        stages[message.stage + "_ms"] ??= message.at - start;
      } else if (message.ok) {
        const marks = Object.fromEntries(Object.entries(message.marks || {})
          .map(([name, at]) => [name.replace(/\W+/g, "_") + "_ms", /** @type {number} */ (at) - start]));
        resolve({ ...stages, ...marks, ready_ms: message.at - start, received_ms: now() - start });
      } else {
        reject(new Error(message.error));
      }
    });
    channel.send({ type: "request", id: 1, call: "boot", args: [cfg], timeoutMs: 60000 });
    if (busyMs) busy(busyMs); // the page's own work while the engine starts
  });
}

/** Keep the page's main thread busy, as a page's scripts and first layout do. @param {number} ms */
function busy(ms) {
  const end = now() + ms;
  while (now() < end) { /* busy */ }
}

/** @param {string} url */
function worker(url) {
  return (/** @type {(m: any) => void} */ onMessage) => {
    const w = new Worker(url);
    w.onmessage = (event) => onMessage(event.data);
    w.onerror = (event) => onMessage({ type: "reply", ok: false, error: event.message });
    return { send: (/** @type {unknown} */ message) => w.postMessage(message) };
  };
}

/** @param {string} store */
function onPage(store) {
  return (/** @type {(m: any) => void} */ onMessage) => {
    const host = timedHost(onMessage, scriptElement, store);
    return { send: (/** @type {unknown} */ message) => host.handle(message) };
  };
}

/** @param {string} url @param {object} message */
function askWorker(url, message) {
  return new Promise((resolve, reject) => {
    const w = new Worker(url);
    w.onmessage = (event) => { w.terminate(); resolve(event.data); };
    w.onerror = (event) => reject(new Error(event.message));
    w.postMessage(message);
  });
}

/** @type {Record<string, (cfg: any, start: number) => Promise<object>>} */
const EXPERIMENTS = {
  page: (cfg, start) => boot(onPage("auto"), cfg, start),
  worker: (cfg, start) => boot(worker("probe.js?store=auto"), cfg, start),
  "page-nostore": (cfg, start) => boot(onPage("none"), cfg, start),
  "worker-nostore": (cfg, start) => boot(worker("probe.js?store=none"), cfg, start),
  "site-worker": (cfg, start) => boot(worker(cfg.indexURL + "worker.js"), cfg, start),
  // with the page's main thread busy for 250 ms right after the boot request (Material's
  // bundle takes about that in WebKit): in parallel with a worker, unless the worker's loads
  // wait for the main thread
  "site-worker-busy": (cfg, start) => boot(worker(cfg.indexURL + "worker.js"), cfg, start, BUSY_MS),
  "page-nostore-busy": (cfg, start) => boot(onPage("none"), cfg, start, BUSY_MS),
  "scripts-page": (cfg) => scripts(cfg.indexURL, scriptElement),
  "scripts-worker": (cfg) => askWorker("probe.js", { probe: "scripts", url: cfg.indexURL }),
  "compile-page": (cfg) => compile(cfg.indexURL + WASM, true),
  "compile-worker": (cfg) => askWorker("probe.js", { probe: "compile", url: cfg.indexURL + WASM, streaming: true }),
  "compile-bytes-page": (cfg) => compile(cfg.indexURL + WASM, false),
  "compile-bytes-worker": (cfg) => askWorker("probe.js", { probe: "compile", url: cfg.indexURL + WASM, streaming: false }),
};

async function runExperiment() {
  const name = location.search.slice(1);
  const state = document.getElementById("state");
  try {
    const experiment = EXPERIMENTS[name];
    if (!experiment) throw new Error("no experiment " + JSON.stringify(name) + "; known: " + Object.keys(EXPERIMENTS).join(", "));
    const cfg = await bootConfig();
    const stop = heartbeat();
    const start = now();
    const figures = await experiment(cfg, start);
    // every figure in ms from the experiment's start, or a duration
    window.__probe = { experiment: name, done_ms: now() - start, ...figures, ...stop() };
  } catch (error) {
    window.__probe = { experiment: name, error: String(error instanceof Error ? error.message : error) };
  }
  if (state) state.textContent = "done";
}

if (isWorker) {
  const store = new URLSearchParams(self.location.search).get("store") || "auto";
  const host = timedHost((message) => self.postMessage(message), importScript, store);
  self.onmessage = async (event) => {
    const { probe, url, streaming } = event.data;
    if (probe === "compile") self.postMessage(await compile(url, streaming));
    else if (probe === "scripts") self.postMessage(await scripts(url, importScript));
    else host.handle(event.data);
  };
} else {
  runExperiment();
}
