/* See probe.html. The page's and the worker's half of each experiment. */
(function (scope) {
  "use strict";
  const isWorker = typeof document === "undefined";

  async function compile(wasmURL, streaming) {
    const start = performance.now();
    if (streaming) {
      await WebAssembly.compileStreaming(fetch(wasmURL));
    } else {
      const bytes = await (await fetch(wasmURL)).arrayBuffer();
      const fetched = performance.now();
      await WebAssembly.compile(bytes);
      return { fetch_ms: fetched - start, compile_ms: performance.now() - fetched };
    }
    return { compile_ms: performance.now() - start };
  }

  if (isWorker) {
    scope.onmessage = async (event) => {
      const { wasmURL, streaming } = event.data;
      scope.postMessage(await compile(wasmURL, streaming));
    };
    return;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error("could not load " + src));
      document.head.append(script);
    });
  }

  async function engineConfig() {
    const html = await (await fetch("site/checklist.html")).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    const config = JSON.parse(doc.getElementById("checker-config").textContent);
    const dir = new URL("site/" + config.engine.dir + "/", location.href).href;
    return {
      snapshotSaved: false, indexURL: dir, stdLibURL: dir + config.engine.stdlib,
      lockfile: config.engine.lockfile, package: config.engine.package,
      hostURL: dir + "engine-host.js", snapshotStoreURL: dir + "snapshot-store.js",
      workerURL: dir + "worker.js",
    };
  }

  function inWorker(url, message) {
    return new Promise((resolve, reject) => {
      const worker = new Worker(url);
      worker.onmessage = (event) => {
        if (event.data.type === "stage") return;
        worker.terminate();
        if (event.data.type === "failed") reject(new Error(event.data.message));
        else resolve(event.data);
      };
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage(message);
    });
  }

  const experiments = {
    async page(cfg, start) {
      const stages = {};
      for (const name of ["pyodide.asm.js", "pyodide.js", "engine-host.js"]) await loadScript(cfg.indexURL + name);
      stages.scripts_ms = performance.now() - start;
      await window.NaiteiEngineHost.boot(cfg, (stage) => { stages[stage + "_ms"] = performance.now() - start; });
      return stages;
    },
    async worker(cfg) {
      await inWorker(cfg.workerURL, { type: "boot", cfg });
      return {};
    },
    "compile-page": (cfg) => compile(cfg.indexURL + "pyodide.asm.wasm", true),
    "compile-bytes-page": (cfg) => compile(cfg.indexURL + "pyodide.asm.wasm", false),
    "compile-worker": (cfg) => inWorker("probe.js", { wasmURL: cfg.indexURL + "pyodide.asm.wasm", streaming: true }),
    "compile-bytes-worker": (cfg) => inWorker("probe.js", { wasmURL: cfg.indexURL + "pyodide.asm.wasm", streaming: false }),
  };

  (async () => {
    const name = location.search.slice(1);
    try {
      const cfg = await engineConfig();
      const start = performance.now();
      const figures = await experiments[name](cfg, start);
      // every figure in ms from the experiment's start, or a duration
      window.__probe = Object.assign({ experiment: name, done_ms: performance.now() - start }, figures);
    } catch (error) {
      window.__probe = { experiment: name, error: String(error && error.message) };
    }
    document.getElementById("state").textContent = "done";
  })();
})(self);
