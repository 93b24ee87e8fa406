/* Starts the Python engine on Pyodide: every use of Pyodide's options, private ones included
 * (`_makeSnapshot`, `_loadSnapshot`), and every stand-in for a browser built-in lives here.
 *
 * Faster than a plain loadPyodide() in three ways, each measured by `make bench` (see
 * bench/README.md and docs-dev/adr/0004-small-compiled-engine.md):
 * - the engine's files are requested, and the WebAssembly compiled, before Pyodide's own
 *   script is evaluated; Pyodide's later requests get these responses;
 * - the engine wheel is checked against the lockfile's sha256 and imported as a zip;
 * - after a first start, a memory snapshot of the warmed-up interpreter is kept (see
 *   snapshot-store.js); the next visit restores it instead of starting Python again. It is
 *   taken before any answer is evaluated: it holds no reader data.
 *
 * Two built-ins are stood in for while loadPyodide runs, and put back when it returns:
 * - `fetch` and `WebAssembly.instantiateStreaming`, so that Pyodide takes the early stdlib
 *   response and the early compiled module: Pyodide has no option to be handed either;
 * - on pages opened from disk `fetch` answers from file-payload.js (file:// refuses fetch and a
 *   classic script is the only way to read bytes there; it can hand them over only as a
 *   global, `__naiteiPayload`). */
import { byteCounter, countedResponse } from "./progress.js";

const WASM = "pyodide.asm.wasm";
const SCRIPT = "pyodide.asm.js";
const LOADER = "pyodide.js";
const PAYLOAD = "file-payload.js";

/**
 * @typedef {{call: (name: string, args: unknown[]) => unknown, restored: boolean,
 *            takeSnapshot: () => (null | (() => Promise<void>))}} Engine
 * @typedef {{onProgress: (stage: import("./types").BootStage, received: number, expected: number) => void,
 *            loadScript: (url: string) => Promise<void>,
 *            store: import("./snapshot-store.js").SnapshotStore,
 *            found: Promise<{bytes: Promise<Uint8Array>} | null>}} StartOptions
 */

/** @param {string} text */
function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** @param {Uint8Array} bytes */
function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/** "sha256-<base64>" for fetch's integrity option, from the lockfile's hex digest. @param {string} hex */
export function integrityOf(hex) {
  const pairs = hex.match(/../g) || [];
  return "sha256-" + toBase64(Uint8Array.from(pairs, (pair) => parseInt(pair, 16)));
}

/** @param {RequestInfo | URL} resource */
const urlOf = (resource) => String(resource instanceof Request ? resource.url : resource);
/** @param {string} url */
const nameOf = (url) => url.split(/[?#]/)[0].split("/").pop() || "";

/** A fetch answering the payload's files (gzip + base64) and nothing else. @param {Record<string, string>} payload
 * @returns {typeof fetch} */
function payloadFetch(payload) {
  /** @type {Record<string, string>} */
  const types = { wasm: "application/wasm", zip: "application/zip", whl: "application/zip" };
  return async (resource, init) => {
    const name = nameOf(urlOf(resource));
    if (!Object.prototype.hasOwnProperty.call(payload, name)) throw new TypeError("not available offline: " + name);
    const headers = { "Content-Type": types[name.split(".").pop() || ""] || "application/octet-stream" };
    const body = new Blob([/** @type {BlobPart} */ (fromBase64(payload[name]))]).stream().pipeThrough(new DecompressionStream("gzip"));
    if (init && init.integrity) {
      const bytes = new Uint8Array(await new Response(body).arrayBuffer());
      const actual = toBase64(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
      if ("sha256-" + actual !== init.integrity) throw new TypeError("integrity check failed for " + name);
      return new Response(bytes, { status: 200, headers });
    }
    return new Response(body, { status: 200, headers });
  };
}

/**
 * Request the stdlib and the wheel, and compile the WebAssembly while it downloads, at once;
 * until `restore()`, Pyodide's request for the stdlib gets the early response and its
 * WebAssembly instantiation the early compiled module.
 * @param {import("./types").BootConfig} cfg @param {typeof fetch} baseFetch
 * @param {ReturnType<typeof byteCounter>} counter
 */
function startDownloads(cfg, baseFetch, counter) {
  const scope = globalThis;
  const wasmURL = cfg.indexURL + WASM;
  /** @param {string} url @param {RequestInit} [init] */
  const counted = (url, init) => baseFetch(url, init).then((response) => countedResponse(
    response, (bytes) => counter.add(nameOf(url), bytes), () => counter.done(nameOf(url))));
  const nativeFetch = scope.fetch;
  const nativeInstantiate = WebAssembly.instantiateStreaming;
  const early = new Map([[cfg.stdLibURL, counted(cfg.stdLibURL)]]);
  const compiled = WebAssembly.compileStreaming(counted(wasmURL));
  const standIns = new WeakSet();
  const entry = cfg.lockfile.packages[cfg.package];
  const wheel = counted(cfg.indexURL + entry.file_name, { integrity: integrityOf(entry.sha256) })
    .then(async (response) => {
      if (!response.ok) throw new Error("could not load " + entry.file_name + " (" + response.status + ")");
      return new Uint8Array(await response.arrayBuffer());
    });
  compiled.catch(() => {});
  wheel.catch(() => {});
  scope.fetch = (resource, init) => {
    const url = urlOf(resource);
    if (url === wasmURL) {
      const standIn = new Response(null, { headers: { "Content-Type": "application/wasm" } });
      standIns.add(standIn);
      return Promise.resolve(standIn);
    }
    const response = early.get(url);
    if (response) {
      early.delete(url);
      return response;
    }
    return baseFetch(resource, init);
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (!standIns.has(response)) return nativeInstantiate.call(WebAssembly, response, imports);
    const module = await compiled;
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
  return {
    compiled,
    wheel,
    restore() {
      scope.fetch = nativeFetch;
      WebAssembly.instantiateStreaming = nativeInstantiate;
    },
  };
}

/** @param {import("./types").BootConfig} cfg @param {Record<string, unknown>} extra */
function pyodideOptions(cfg, extra) {
  return {
    indexURL: cfg.indexURL,
    stdLibURL: cfg.stdLibURL,
    lockFileContents: cfg.lockfile,
    packageBaseUrl: cfg.indexURL,
    stdout: () => {},
    stderr: (/** @type {string} */ line) => console.warn(line),
    ...extra,
  };
}

/** loadPyodide, failing at once (not after a timeout) when the WebAssembly cannot load.
 * @param {Promise<WebAssembly.Module>} compiled @param {Record<string, unknown>} options */
function loadPython(compiled, options) {
  const load = globalThis.loadPyodide;
  if (typeof load !== "function") throw new Error(LOADER + " did not define loadPyodide");
  const wasmFailed = compiled.then(() => new Promise(() => {}));
  return /** @type {Promise<import("./types").PyodideLike>} */ (Promise.race([load(options), wasmFailed]));
}

/** Put the engine's wheel (checked against the lockfile) where Python imports it straight
 * from the zip; after a restore only the file is needed again (the path is in the snapshot).
 * @param {import("./types").PyodideLike} pyodide @param {import("./types").BootConfig} cfg
 * @param {Uint8Array} bytes @param {boolean} onPath */
function placeWheel(pyodide, cfg, bytes, onPath) {
  const wheelPath = "/lib/" + cfg.lockfile.packages[cfg.package].file_name;
  pyodide.FS.writeFile(wheelPath, bytes);
  if (onPath) pyodide.runPython("import sys; sys.path.insert(0, " + JSON.stringify(wheelPath) + ")");
}

/** Engine calls: `name` runs checker.browser's `<name>_json`; object arguments go as JSON, and
 * the JSON it returns comes back parsed. @param {import("./types").PyodideLike} pyodide */
function engineCalls(pyodide) {
  const browser = pyodide.pyimport("checker.browser");
  return (/** @type {string} */ name, /** @type {unknown[]} */ args) => {
    const fn = browser[name + "_json"];
    if (typeof fn !== "function") throw new Error("the engine has no call named " + JSON.stringify(name));
    const text = fn(...args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))));
    return JSON.parse(String(text));
  };
}

/** Start Pyodide with the trimmed stdlib and the engine wheel, or restore the saved snapshot.
 * @param {import("./types").BootConfig} cfg @param {StartOptions} options @returns {Promise<Engine>} */
export async function startEngine(cfg, { onProgress, loadScript, store, found }) {
  /** @type {import("./types").BootStage} */
  let stage = "download";
  const counter = byteCounter({ sizes: cfg.sizes, report: (received, expected) => onProgress(stage, received, expected) });
  /** @param {string} name */
  const load = async (name) => {
    await loadScript(cfg.indexURL + name);
    counter.done(name);
  };
  const pageFetch = globalThis.fetch;
  /** @type {typeof fetch} */
  let baseFetch = pageFetch.bind(globalThis);
  if (cfg.inPage) { // pages opened from disk: scripts only, the bytes from the payload
    for (const name of [SCRIPT, PAYLOAD, LOADER]) await load(name);
    if (!globalThis.__naiteiPayload) throw new Error(PAYLOAD + " did not run");
    baseFetch = payloadFetch(globalThis.__naiteiPayload);
    globalThis.fetch = baseFetch;
  }
  const downloads = startDownloads(cfg, baseFetch, counter);
  try {
    // Pyodide's scripts arrive counted too; evaluated from the cache once they are here
    const scripts = cfg.inPage ? Promise.resolve() : Promise.all([SCRIPT, LOADER].map((name) =>
      baseFetch(cfg.indexURL + name).then((response) => countedResponse(response,
        (bytes) => counter.add(name, bytes), () => counter.done(name)).arrayBuffer())));
    const saved = await found; // a few quick steps, each of which would wait behind the script
    saved?.bytes.catch(() => {}); // a failed read is handled where loadPyodide awaits it
    await scripts;
    if (!cfg.inPage) {
      await loadScript(cfg.indexURL + LOADER);
      await loadScript(cfg.indexURL + SCRIPT); // now, not inside loadPyodide (which skips it then)
    }
    stage = "python";
    onProgress(stage, counter.total(), counter.expected);
    if (saved) {
      try {
        const pyodide = await loadPython(downloads.compiled, pyodideOptions(cfg, { _loadSnapshot: saved.bytes }));
        placeWheel(pyodide, cfg, await downloads.wheel, false);
        return { call: engineCalls(pyodide), restored: true, takeSnapshot: () => null };
      } catch (error) {
        console.warn("checker: saved engine state not usable, starting afresh:", error instanceof Error ? error.message : error);
        await store.forget().catch(() => {});
      }
    }
    const pyodide = await loadPython(downloads.compiled, pyodideOptions(cfg, { _makeSnapshot: store.supported }));
    stage = "engine";
    onProgress(stage, counter.total(), counter.expected);
    placeWheel(pyodide, cfg, await downloads.wheel, true);
    const call = engineCalls(pyodide);
    for (const [name, args] of cfg.warmUp) call(name, args); // so a snapshot now needs no file later
    return {
      call,
      restored: false,
      takeSnapshot() {
        if (!store.supported) return null;
        const snapshot = pyodide.makeMemorySnapshot();
        return () => store.save(cfg.indexURL, snapshot);
      },
    };
  } finally {
    downloads.restore();
    globalThis.fetch = pageFetch;
  }
}
