// What a built site serves, loaded into real Pyodide in Node.js, offline: its
// runtime.json, its lock (so the wheel's sha256 is checked), the calculators
// wheel and the edition's data. Pyodide itself comes from node_modules/pyodide,
// the same version the site copies. Shared by the Node runners of the tests.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// { pyodide, manifest, data }: Pyodide with the site's calculators package
// loaded, the site's runtime.json, and the edition's data as JSON text.
export async function loadSite(siteDir) {
  const { loadPyodide } = await import(path.join(root, "node_modules/pyodide/pyodide.mjs"));
  const calculators = path.join(path.resolve(siteDir), "assets/calculators") + path.sep;
  const manifest = JSON.parse(readFileSync(calculators + "runtime.json", "utf8"));
  const pyodide = await loadPyodide({
    indexURL: path.join(root, "node_modules/pyodide") + path.sep,
    lockFileContents: readFileSync(calculators + manifest.lock, "utf8"),
    packageBaseUrl: calculators,
    packageCacheDir: calculators,
    stdout: () => {},
  });
  const problems = [];
  await pyodide.loadPackage(manifest.package, {
    checkIntegrity: true, // in Node.js the wheel is read from disk, unchecked; browsers check it (fetch integrity)
    messageCallback: () => {},
    errorCallback: (message) => problems.push(message),
  });
  if (problems.length) throw new Error(problems.join(" "));
  return { pyodide, manifest, data: readFileSync(calculators + manifest.data, "utf8") };
}
