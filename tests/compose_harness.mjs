// Runs the message composer in the shipped engine bundle (trimmed compiled stdlib + compiled
// wheel + pruned lockfile) in Pyodide under Node, the way the page boots the engine, and
// drafts each case through checker.browser.compose_json, the call the templates page makes.
// Usage: node tests/compose_harness.mjs BUNDLE_DIR < cases.json   (cases: [[details, lang,
// today], ...])  ->  JSON {results, datetimeImported, composeFile}
import { readFileSync } from "node:fs";
import { bootBundle } from "./bundle_files.mjs";

const cases = JSON.parse(readFileSync(0, "utf8"));
const pyodide = await bootBundle(process.argv[2]);

const composeJson = pyodide.runPython("import checker\nfrom checker.browser import compose_json\ncompose_json");
const results = cases.map(([details, lang, today]) =>
  JSON.parse(composeJson(JSON.stringify(details), lang, today ?? "")));
console.log(JSON.stringify({
  results,
  datetimeImported: pyodide.runPython("'datetime' in sys.modules"),
  composeFile: pyodide.runPython("sys.modules['checker.compose'].__file__"),
}));
