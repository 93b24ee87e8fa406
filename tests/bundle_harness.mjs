// Runs the shipped engine bundle (trimmed compiled stdlib + compiled wheel + pruned lockfile)
// in Pyodide under Node, the way the page boots it, and evaluates the given answers twice:
// on a freshly started engine, and on one restored from that engine's memory snapshot after a
// round trip through web/snapshot-store.js's stored form (as a repeat visit does).
// Usage: node tests/bundle_harness.mjs BUNDLE_DIR < cases.json  ->  JSON (see the end)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pack, unpack } from "../web/snapshot-store.js";
import { readBundle } from "./bundle_files.mjs";

const require = createRequire(import.meta.url);
const { loadPyodide } = require("pyodide");
const { bundle, bundleInfo, entry, wheel } = readBundle(process.argv[2]);
const cases = JSON.parse(readFileSync(0, "utf8"));

const options = {
  indexURL: path.dirname(require.resolve("pyodide")) + "/",
  stdLibURL: bundle + bundleInfo.stdlib,
  lockFileContents: bundleInfo.lockfile,
  packageBaseUrl: bundle,
  stdout: () => {},
};

function placeWheel(pyodide, onPath) {
  const wheelPath = "/lib/" + entry.file_name;
  pyodide.FS.writeFile(wheelPath, wheel);
  if (onPath) pyodide.runPython("import sys; sys.path.insert(0, " + JSON.stringify(wheelPath) + ")");
}

function evaluateAll(pyodide) {
  const evaluateJson = pyodide.pyimport("checker.browser").evaluate_json;
  return cases.map(([answers, lang]) => JSON.parse(evaluateJson(JSON.stringify(answers), lang)));
}

// the first visit: start Python, import the engine from its wheel, warm up, take the snapshot
const fresh = await loadPyodide({ ...options, _makeSnapshot: true });
placeWheel(fresh, true);
const warm = fresh.pyimport("checker.browser").evaluate_json;
for (const lang of ["ja", "en"]) warm("{}", lang);
const snapshot = fresh.makeMemorySnapshot();
const results = evaluateAll(fresh);
const compiledModules = fresh.runPython(
  "import sys; sorted(n for n, m in sys.modules.items() if (getattr(m, '__file__', '') or '').endswith('.pyc'))",
).toJs();

// a repeat visit: the stored form, unpacked, restores the engine
const stored = await pack(snapshot).arrayBuffer();
const restored = await loadPyodide({ ...options, _loadSnapshot: unpack(stored) });
placeWheel(restored, false);
const restoredResults = evaluateAll(restored);

console.log(JSON.stringify({
  results,
  restoredResults,
  compiledModules,
  snapshotBytes: snapshot.length,
  storedBytes: stored.byteLength,
}));
