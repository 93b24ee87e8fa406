/* Boots the Python engine on Pyodide. Shared by the Web Worker (served pages) and the main
 * thread (pages opened from file://). Classic script: no modules, so it also runs from disk.
 *
 * Faster than a plain loadPyodide() in three ways, each measured by `make bench`:
 * - the engine's three files are requested, and the WebAssembly compiled, before Pyodide's
 *   own 1 MB script is evaluated; Pyodide's later requests get these responses;
 * - the engine wheel is checked against the lockfile's sha256 and imported as a zip;
 * - after a first start, a memory snapshot of the warmed-up interpreter is kept in the
 *   browser (snapshot-store.js, Web Worker only); the next visit restores it instead of
 *   starting Python again. It is taken before any answer is evaluated: no reader data. */
(function (scope) {
  "use strict";

  function fromBase64(text) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function toBase64(bytes) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]);
    return btoa(binary);
  }

  /** The payload holds each file gzip-compressed; the browser inflates it natively. */
  function inflate(stream) {
    return stream.pipeThrough(new DecompressionStream("gzip"));
  }

  /** On file://, fetch() is refused: answer the engine's few binary files from the payload. */
  function installPayloadFetch(payload) {
    const nativeFetch = scope.fetch ? scope.fetch.bind(scope) : null;
    const types = { wasm: "application/wasm", zip: "application/zip", whl: "application/zip" };
    scope.fetch = async function (resource, init) {
      const url = String(resource instanceof Request ? resource.url : resource);
      const name = url.split(/[?#]/)[0].split("/").pop();
      if (!Object.prototype.hasOwnProperty.call(payload, name)) {
        if (nativeFetch) return nativeFetch(resource, init);
        throw new TypeError("not available offline: " + name);
      }
      const type = types[name.split(".").pop()] || "application/octet-stream";
      const headers = { "Content-Type": type };
      const body = inflate(new Blob([fromBase64(payload[name])]).stream());
      if (init && init.integrity) {
        const bytes = new Uint8Array(await new Response(body).arrayBuffer());
        await checkIntegrity(bytes, init.integrity, name);
        return new Response(bytes, { status: 200, headers });
      }
      return new Response(body, { status: 200, headers });
    };
  }

  async function checkIntegrity(bytes, integrity, name) {
    const expected = integrity.replace(/^sha256-/, "");
    const actual = toBase64(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
    if (actual !== expected) throw new TypeError("integrity check failed for " + name);
  }

  /** "sha256-<base64>" for fetch's integrity option, from the lockfile's hex digest. */
  function integrityOf(hex) {
    return "sha256-" + toBase64(Uint8Array.from(hex.match(/../g), (pair) => parseInt(pair, 16)));
  }

  function wheelInfo(cfg) {
    const entry = cfg.lockfile.packages[cfg.package];
    return { name: entry.file_name, url: cfg.indexURL + entry.file_name, integrity: integrityOf(entry.sha256) };
  }

  /** Put the engine's wheel (a zip of compiled modules, checked against the lockfile) where
   * Python imports it straight from the zip, without unpacking; after a restore, only the file
   * is needed again (the path is part of the snapshot). */
  function placeWheel(pyodide, cfg, bytes, { onPath }) {
    const wheelPath = "/lib/" + wheelInfo(cfg).name;
    pyodide.FS.writeFile(wheelPath, bytes);
    if (onPath) pyodide.runPython("import sys; sys.path.insert(0, " + JSON.stringify(wheelPath) + ")");
  }

  async function fetchBytes(url, init) {
    const response = await scope.fetch(url, init);
    if (!response.ok) throw new Error("could not load " + url.split("/").pop() + " (" + response.status + ")");
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Request the stdlib and the wheel, and compile the WebAssembly while it downloads, at once.
   * Until `restore()`, Pyodide's own request for the stdlib gets the early response and its
   * WebAssembly instantiation uses the early compiled module (reusable for a retry). */
  function startDownloads(cfg) {
    const wasmURL = cfg.indexURL + "pyodide.asm.wasm";
    const nativeFetch = scope.fetch;
    const nativeInstantiate = WebAssembly.instantiateStreaming;
    const early = new Map([[cfg.stdLibURL, nativeFetch.call(scope, cfg.stdLibURL)]]);
    const compiled = WebAssembly.compileStreaming(nativeFetch.call(scope, wasmURL));
    const standIns = new WeakSet();
    const wheel = wheelInfo(cfg);
    const downloads = {
      compiled,
      wheel: fetchBytes(wheel.url, { integrity: wheel.integrity }),
      restore() {
        scope.fetch = nativeFetch;
        WebAssembly.instantiateStreaming = nativeInstantiate;
      },
    };
    compiled.catch(() => {});
    downloads.wheel.catch(() => {});
    scope.fetch = function (resource, init) {
      const url = String(resource instanceof Request ? resource.url : resource);
      if (url === wasmURL) {
        const standIn = new Response(null, { headers: { "Content-Type": "application/wasm" } });
        standIns.add(standIn);
        return Promise.resolve(standIn);
      }
      if (early.has(url)) {
        const response = early.get(url);
        early.delete(url);
        return response;
      }
      return nativeFetch.call(scope, resource, init);
    };
    WebAssembly.instantiateStreaming = async function (source, imports) {
      const response = await source;
      if (!standIns.has(response)) return nativeInstantiate.call(WebAssembly, response, imports);
      const module = await compiled;
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    };
    return downloads;
  }

  /** Snapshots are kept by snapshot-store.js, which only the Web Worker loads. */
  const noStore = { supported: false, find: async () => null, save: async () => {}, forget: async () => {} };

  function pyodideOptions(cfg, extra) {
    return Object.assign({
      indexURL: cfg.indexURL,
      stdLibURL: cfg.stdLibURL,
      lockFileContents: cfg.lockfile,
      packageBaseUrl: cfg.indexURL,
      stdout: () => {},
      stderr: (line) => console.warn(line),
    }, extra);
  }

  /** In a worker, run pyodide.asm.js now rather than from inside loadPyodide (which skips it
   * once loaded); the page (file://) has loaded it already as a script element. */
  function evaluatePyodideScript(cfg) {
    if (typeof scope._createPyodideModule !== "function" && typeof scope.importScripts === "function") {
      scope.importScripts(cfg.indexURL + "pyodide.asm.js");
    }
  }

  /** loadPyodide, failing at once (not after a timeout) when the WebAssembly cannot load. */
  function loadPython(downloads, options) {
    const wasmFailed = downloads.compiled.then(() => new Promise(() => {}));
    return Promise.race([scope.loadPyodide(options), wasmFailed]);
  }

  /** Run every lazily cached step once (rules and texts of both languages), so the first real
   * answer is fast and a snapshot taken now needs no file later. */
  function warmUp(evaluateJson) {
    for (const lang of ["ja", "en"]) evaluateJson("{}", lang);
  }

  /** Start Pyodide with the trimmed stdlib and the engine wheel, or restore the snapshot that
   * `found` (from snapshot-store.js's find) resolves to.
   * Resolves to { evaluate(answersJson, lang) -> json, restored: bool, takeSnapshot() }, where
   * takeSnapshot(), called before the first answer, takes one at once and returns a function
   * that stores it (-> Promise), or returns null when there is nothing to store. */
  async function boot(cfg, onStage, found = Promise.resolve(null)) {
    if (scope.__naiteiPayload) installPayloadFetch(scope.__naiteiPayload);
    const store = scope.NaiteiSnapshotStore || noStore;
    const downloads = startDownloads(cfg);
    if (typeof scope.loadPyodide !== "function") scope.importScripts(cfg.indexURL + "pyodide.js");
    try {
      onStage("python");
      // first the snapshot (a few quick steps, each of which would wait behind the script),
      // then the 1 MB script, while the WebAssembly compiles
      const saved = await found;
      evaluatePyodideScript(cfg);
      if (saved) {
        saved.bytes.catch(() => {}); // a failed read is handled where loadPyodide awaits it
        try {
          const pyodide = await loadPython(downloads, pyodideOptions(cfg, { _loadSnapshot: saved.bytes }));
          placeWheel(pyodide, cfg, await downloads.wheel, { onPath: false });
          const evaluateJson = pyodide.pyimport("checker.browser").evaluate_json;
          return { evaluate: evaluateJson, restored: true, takeSnapshot: () => null };
        } catch (error) {
          console.warn("checker: saved engine state not usable, starting afresh:", error && error.message);
          await store.forget().catch(() => {});
        }
      }
      const pyodide = await loadPython(downloads, pyodideOptions(cfg, { _makeSnapshot: store.supported }));
      onStage("engine");
      placeWheel(pyodide, cfg, await downloads.wheel, { onPath: true });
      const evaluateJson = pyodide.pyimport("checker.browser").evaluate_json;
      warmUp(evaluateJson);
      return {
        evaluate: evaluateJson,
        restored: false,
        takeSnapshot() {
          if (!store.supported) return null;
          const snapshot = pyodide.makeMemorySnapshot();
          return () => store.save(cfg.indexURL, snapshot);
        },
      };
    } finally {
      downloads.restore();
    }
  }

  scope.NaiteiEngineHost = { boot: boot };
})(self);
