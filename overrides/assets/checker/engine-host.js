/* Boots the Python engine on Pyodide. Shared by the Web Worker (served pages) and the main
 * thread (pages opened from file://). Classic script: no modules, so it also runs from disk. */
(function (scope) {
  "use strict";

  function fromBase64(text) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /** The payload holds each file gzip-compressed; the browser inflates it natively. */
  function inflate(text) {
    return new Blob([fromBase64(text)]).stream().pipeThrough(new DecompressionStream("gzip"));
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
      if (init && init.integrity) {
        const bytes = new Uint8Array(await new Response(inflate(payload[name])).arrayBuffer());
        await checkIntegrity(bytes, init.integrity, name);
        return new Response(bytes, { status: 200, headers });
      }
      return new Response(inflate(payload[name]), { status: 200, headers });
    };
  }

  async function checkIntegrity(bytes, integrity, name) {
    const expected = integrity.replace(/^sha256-/, "");
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const actual = btoa(String.fromCharCode.apply(null, digest));
    if (actual !== expected) throw new TypeError("integrity check failed for " + name);
  }

  /** Start Pyodide with the trimmed stdlib and the engine wheel; resolve to an evaluator. */
  async function boot(cfg, onStage) {
    if (scope.__naiteiPayload) installPayloadFetch(scope.__naiteiPayload);
    onStage("python");
    const pyodide = await scope.loadPyodide({
      indexURL: cfg.indexURL,
      stdLibURL: cfg.stdLibURL,
      lockFileContents: cfg.lockfile,
      packageBaseUrl: cfg.indexURL,
      packages: [cfg.package],
      stdout: () => {},
      stderr: (line) => console.warn(line),
    });
    onStage("engine");
    const evaluateJson = pyodide.pyimport("checker.browser").evaluate_json;
    return { evaluate: (answersJson, lang) => evaluateJson(answersJson, lang) };
  }

  scope.NaiteiEngineHost = { boot: boot };
})(self);
