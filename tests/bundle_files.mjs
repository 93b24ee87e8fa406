// The shipped engine bundle's files, read for the Node harnesses: its manifest, and the wheel
// checked against the lockfile's sha256 (as the page checks it through fetch integrity).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/** @param {string} directory the bundle's folder */
export function readBundle(directory) {
  const bundle = path.resolve(directory) + "/";
  const bundleInfo = JSON.parse(readFileSync(bundle + "bundle.json", "utf8"));
  const [entry] = Object.values(bundleInfo.lockfile.packages);
  const wheel = new Uint8Array(readFileSync(bundle + entry.file_name));
  if (createHash("sha256").update(wheel).digest("hex") !== entry.sha256) {
    throw new Error("the wheel does not match the lockfile's sha256");
  }
  return { bundle, bundleInfo, entry, wheel };
}

/** Pyodide booted from the shipped bundle as the page boots it (trimmed stdlib, pruned
 * lockfile, the wheel imported as a zip), its output on stderr.
 * @param {string} directory the bundle's folder */
export async function bootBundle(directory) {
  const { createRequire } = await import("node:module");
  const { loadPyodide } = createRequire(import.meta.url)("pyodide");
  const { bundle, bundleInfo, entry, wheel } = readBundle(directory);
  const pyodide = await loadPyodide({
    stdLibURL: bundle + bundleInfo.stdlib,
    lockFileContents: bundleInfo.lockfile,
    packageBaseUrl: bundle,
    stdout: (/** @type {string} */ line) => process.stderr.write(line + "\n"),
    stderr: (/** @type {string} */ line) => process.stderr.write(line + "\n"),
  });
  const wheelPath = "/lib/" + entry.file_name;
  pyodide.FS.writeFile(wheelPath, wheel);
  pyodide.runPython("import sys; sys.path.insert(0, " + JSON.stringify(wheelPath) + ")");
  return pyodide;
}
