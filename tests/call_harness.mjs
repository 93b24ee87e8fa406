// Runs the call plan in the shipped engine bundle (trimmed compiled stdlib + compiled wheel,
// jpholiday inside it, + pruned lockfile) in Pyodide under Node, the way the page boots the
// engine, through checker.browser.plan_json, the call the call page makes.
// Usage: node tests/call_harness.mjs BUNDLE_DIR < cases.json   (cases: [[details, lang, now],
// ...])  ->  JSON {results, holidaysBeforePlan, planFile, holidaysFile}
import { readFileSync } from "node:fs";
import { bootBundle } from "./bundle_files.mjs";

const cases = JSON.parse(readFileSync(0, "utf8"));
const pyodide = await bootBundle(process.argv[2]);

const planJson = pyodide.runPython("import checker\nfrom checker.browser import plan_json\nplan_json");
const holidaysBeforePlan = pyodide.runPython("'jpholiday' in sys.modules");
const results = cases.map(([details, lang, now]) =>
  JSON.parse(planJson(JSON.stringify(details), lang, now, true)));
console.log(JSON.stringify({
  results,
  holidaysBeforePlan,
  planFile: pyodide.runPython("sys.modules['checker.plan'].__file__"),
  holidaysFile: pyodide.runPython("sys.modules['jpholiday'].__file__"),
}));
