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
