// Runs the message composer in the shipped engine bundle (trimmed compiled stdlib + compiled
// wheel + pruned lockfile) in Pyodide under Node, the way the page boots the engine, and
// drafts each case through checker.browser.compose_json, the call the templates page makes.
// Usage: node tests/compose_harness.mjs BUNDLE_DIR < cases.json   (cases: [[details, lang,
// today], ...])  ->  JSON {results, datetimeImported, composeFile}
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { readBundle } from "./bundle_files.mjs";

const require = createRequire(import.meta.url);
const { loadPyodide } = require("pyodide");
const { bundle, bundleInfo, entry, wheel } = readBundle(process.argv[2]);
const cases = JSON.parse(readFileSync(0, "utf8"));

const pyodide = await loadPyodide({
  stdLibURL: bundle + bundleInfo.stdlib,
  lockFileContents: bundleInfo.lockfile,
  packageBaseUrl: bundle,
  stdout: (line) => process.stderr.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
const wheelPath = "/lib/" + entry.file_name;
pyodide.FS.writeFile(wheelPath, wheel);
pyodide.runPython("import sys; sys.path.insert(0, " + JSON.stringify(wheelPath) + ")");

const composeJson = pyodide.runPython("import checker\nfrom checker.browser import compose_json\ncompose_json");
const results = cases.map(([details, lang, today]) =>
  JSON.parse(composeJson(JSON.stringify(details), lang, today ?? "")));
console.log(JSON.stringify({
  results,
  datetimeImported: pyodide.runPython("'datetime' in sys.modules"),
  composeFile: pyodide.runPython("sys.modules['checker.compose'].__file__"),
}));
