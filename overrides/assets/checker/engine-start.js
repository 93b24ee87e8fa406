/* Starts the checker's Python engine as early as possible: this classic script is inlined in
 * the page head, before the page body is parsed, so Pyodide boots while the page renders.
 * Served pages get a Web Worker; pages opened from disk (file://, where workers and fetch are
 * refused) run Pyodide on the page, fed by the payload script. checklist.js, at the end of
 * the page, takes the engine from `window.NaiteiEngine`:
 *   { ready: Promise<{restored}>, evaluate(answers) -> Promise<json string>, onStage(callback) }
 * where `restored` says the engine came from a snapshot saved on an earlier visit. */
(function () {
  "use strict";
  const configElement = document.getElementById("checker-config");
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent);
  const siteBase = new URL((configElement.dataset.base || ".") + "/", location.href);
  const stageListeners = [];
  let lastStage = null;

  function scriptURL(path) {
    return new URL(path, siteBase).href;
  }

  function reportStage(stage) {
    lastStage = stage;
    stageListeners.forEach((listener) => listener(stage));
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error("could not load " + src.split("/").pop()));
      document.head.append(script);
    });
  }

  /** A note, kept beside the answers, of the engine whose snapshot the worker saved; only then
   * does the worker look for one (a first look into the browser's storage can be slow). */
  const SNAPSHOT_NOTE = "naitei-checker/engine-snapshot";

  function snapshotNoted() {
    try {
      return localStorage.getItem(SNAPSHOT_NOTE) === config.engine.dir;
    } catch (error) {
      return false;
    }
  }

  function noteSnapshot() {
    try {
      localStorage.setItem(SNAPSHOT_NOTE, config.engine.dir);
    } catch (error) {
      // storage blocked: the next visit starts Python afresh, which is only slower
    }
  }

  function engineConfig() {
    const dir = scriptURL(config.engine.dir + "/");
    return {
      snapshotSaved: snapshotNoted(),
      indexURL: dir,
      stdLibURL: dir + config.engine.stdlib,
      lockfile: config.engine.lockfile,
      package: config.engine.package,
      hostURL: dir + "engine-host.js",
      snapshotStoreURL: dir + "snapshot-store.js",
      workerURL: dir + "worker.js",
    };
  }

  /** Served pages: a Web Worker keeps the page responsive while Python starts. */
  function workerEngine(cfg) {
    const worker = new Worker(cfg.workerURL);
    const pending = new Map();
    let counter = 0;
    const ready = new Promise((resolve, reject) => {
      worker.onmessage = (event) => {
        const message = event.data;
        if (message.type === "stage") reportStage(message.stage);
        else if (message.type === "saved") noteSnapshot();
        else if (message.type === "ready") resolve({ restored: Boolean(message.restored) });
        else if (message.type === "failed") reject(new Error(message.message));
        else if (message.type === "result" && pending.has(message.id)) {
          pending.get(message.id)(message.json);
          pending.delete(message.id);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message || "worker failed"));
      };
    });
    worker.postMessage({ type: "boot", cfg });
    return {
      ready,
      evaluate(answers) {
        counter += 1;
        const id = counter;
        return new Promise((resolve) => {
          pending.set(id, resolve);
          worker.postMessage({ type: "evaluate", id, answers, lang: config.lang });
        });
      },
    };
  }

  /** Pages opened from disk: Python runs on the page itself. */
  function pageEngine(cfg) {
    let host = null;
    const ready = (async () => {
      for (const name of ["pyodide.asm.js", "file-payload.js", "pyodide.js"]) {
        await loadScript(cfg.indexURL + name);
      }
      await loadScript(cfg.hostURL);
      host = await window.NaiteiEngineHost.boot(cfg, reportStage);
      return { restored: host.restored };
    })();
    return {
      ready,
      evaluate: (answers) => Promise.resolve(host.evaluate(JSON.stringify(answers), config.lang)),
    };
  }

  // Material's search worker builds its index as soon as the page loads, on the other core
  // of a small phone or laptop, while Python starts. On this page it starts once the engine
  // has settled and answering has paused, or at once when the reader searches.
  const SEARCH_WORKER = /\/workers\/search[^/]*\.js(?:[?#]|$)/;
  const QUIET_MS = 2000;

  /** Stands in for the search worker until `start()`: queues what Material posts to it and
   * passes on what it answers. */
  class DeferredWorker extends EventTarget {
    constructor(NativeWorker, url, options) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.queue = [];
      this.worker = null;
      this.start = () => {
        if (this.worker) return;
        this.worker = new NativeWorker(url, options);
        for (const type of ["message", "error", "messageerror"]) {
          this.worker.addEventListener(type, (event) => this.pass(event));
        }
        this.queue.forEach((args) => this.worker.postMessage(...args));
        this.queue = null;
      };
    }

    pass(event) {
      const copy = event.type === "error" ? new Event("error") : new MessageEvent(event.type, { data: event.data });
      this.dispatchEvent(copy);
      const handler = this["on" + event.type];
      if (typeof handler === "function") handler.call(this, copy);
    }

    postMessage(...args) {
      if (this.worker) return this.worker.postMessage(...args);
      this.queue.push(args);
      if (this.queue.length > 1) this.start(); // past its set-up: the reader is searching
    }

    terminate() {
      if (this.worker) this.worker.terminate();
      this.queue = [];
    }
  }

  function deferSearchWorker(settled) {
    const NativeWorker = window.Worker;
    if (typeof NativeWorker !== "function" || typeof EventTarget !== "function") return;
    const waiting = [];
    window.Worker = function Worker(url, options) {
      if (!SEARCH_WORKER.test(String(url))) return new NativeWorker(url, options);
      const deferred = new DeferredWorker(NativeWorker, url, options);
      waiting.push(deferred);
      return deferred;
    };
    window.Worker.prototype = NativeWorker.prototype;
    let timer = 0;
    const startAll = () => waiting.splice(0).forEach((deferred) => deferred.start());
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        document.removeEventListener("change", restart);
        window.Worker = NativeWorker;
        startAll();
      }, QUIET_MS);
    };
    settled.then(restart, restart).then(() => document.addEventListener("change", restart));
  }

  let engine;
  try {
    engine = location.protocol === "file:" ? pageEngine(engineConfig()) : workerEngine(engineConfig());
  } catch (error) {
    engine = { ready: Promise.reject(error), evaluate: () => Promise.reject(error) };
  }
  engine.ready.catch(() => {}); // reported by checklist.js; never an unhandled rejection
  if (location.protocol !== "file:") deferSearchWorker(engine.ready);
  window.NaiteiEngine = {
    ready: engine.ready,
    evaluate: engine.evaluate,
    onStage(listener) {
      stageListeners.push(listener);
      if (lastStage) listener(lastStage);
    },
  };
})();
