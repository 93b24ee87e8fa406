// Runs the checker inside real Pyodide (the npm package, under Node) and prints one JSON object.
// Usage: node tests/pyodide_harness.mjs < scenarios.json   (paths are resolved from this file)
// The checker package files (*.py, *.toml) are written into Pyodide's in-memory filesystem, as
// a wheel would install them, and the golden scenarios on stdin ([{"name", "answers"}], the
// table of tests/golden.toml with each scenario's whole answers) are run through
// checker.evaluate and checker.browser.evaluate_json in both languages.
// tests/test_pyodide_node.py compares the output with CPython. Python's own stdout goes to stderr, keeping stdout JSON only.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pyodideDir = path.join(root, "node_modules", "pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

const pyodide = await loadPyodide({
  indexURL: pyodideDir + path.sep,
  stdout: (line) => process.stderr.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});

const site = "/home/pyodide/site";
pyodide.FS.mkdirTree(`${site}/checker`);
for (const name of readdirSync(path.join(root, "checker"))) {
  if (name.endsWith(".py") || name.endsWith(".toml")) {
    pyodide.FS.writeFile(`${site}/checker/${name}`, readFileSync(path.join(root, "checker", name)));
  }
}
pyodide.FS.writeFile("/home/pyodide/scenarios.json", readFileSync(0));

const output = pyodide.runPython(`
import json, sys
sys.path.insert(0, "${site}")
import checker, checker.browser

with open("/home/pyodide/scenarios.json", encoding="utf-8") as handle:
    scenarios = json.load(handle)
results = []
for scenario in scenarios:
    for lang in checker.LANGS:
        result = checker.evaluate(scenario["answers"], lang)
        results.append({
            "name": scenario["name"],
            "lang": lang,
            "level": result.level.value,
            "result": result.to_dict(),
            "json": json.loads(checker.browser.evaluate_json(json.dumps(scenario["answers"]), lang)),
        })
bad_inputs = ['{"quota": "maybe"}', '{"colour": "red"}', "not json", "[]", '{"quota": 1}']
json.dumps({
    "python": list(sys.version_info[:3]),
    "platform": sys.platform,
    "checker_file": checker.__file__,
    "rules_version": checker.RULES_VERSION,
    "results": results,
    "errors": [{"input": text, "output": json.loads(checker.browser.evaluate_json(text, "en"))}
               for text in bad_inputs],
    "describe": {lang: checker.describe(lang) for lang in checker.LANGS},
    "ui": {lang: checker.ui_text(lang) for lang in checker.LANGS},
}, ensure_ascii=False)
`);
process.stdout.write(output + "\n");
