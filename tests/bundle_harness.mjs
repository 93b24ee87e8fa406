// Runs the shipped engine bundle (trimmed compiled stdlib + compiled wheel + pruned lockfile)
// in Pyodide under Node, exactly as the page boots it, and evaluates the given answers.
// Usage: node tests/bundle_harness.mjs BUNDLE_DIR < cases.json  ->  JSON list of results
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { loadPyodide } = require("pyodide");
const bundle = path.resolve(process.argv[2]) + "/";
const bundleInfo = JSON.parse(readFileSync(bundle + "bundle.json", "utf8"));
const cases = JSON.parse(readFileSync(0, "utf8"));
const pyodide = await loadPyodide({
  indexURL: path.dirname(require.resolve("pyodide")) + "/",
  stdLibURL: bundle + bundleInfo.stdlib,
  lockFileContents: bundleInfo.lockfile,
  packageBaseUrl: bundle,
  packages: Object.keys(bundleInfo.lockfile.packages),
  stdout: () => {},
});
const evaluateJson = pyodide.pyimport("checker.browser").evaluate_json;
const results = cases.map(([answers, lang]) => JSON.parse(evaluateJson(JSON.stringify(answers), lang)));
const loaded = pyodide.runPython(
  "import sys; sorted(n for n, m in sys.modules.items() if (getattr(m, '__file__', '') or '').endswith('.pyc'))",
).toJs();
console.log(JSON.stringify({ results, compiledModules: loaded }));
