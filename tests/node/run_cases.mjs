// Run calculator cases under real Pyodide in Node.js, offline, loading what a
// built site serves: its runtime.json, its lock (so the wheel's sha256 is
// checked), the wheel and the edition's data. Pyodide itself comes from
// node_modules/pyodide, the same version the site copies.
//
//   node tests/node/run_cases.mjs SITE_DIR CASES_JSON
//
// Each case goes through calculators.worker, as in the browser's worker
// (docs/assets/js/calculator-worker.js): a "run" message in, the JSON text of
// its "result" message out. Prints {edition, results: [that text per case]},
// so the test compares exact text with CPython's Worker.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [siteDir, casesFile] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
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
const worker = pyodide.pyimport("calculators.worker").start(readFileSync(calculators + manifest.data, "utf8"));
const cases = JSON.parse(readFileSync(casesFile, "utf8")).cases;
const out = cases.map((c, id) =>
  worker.handle(JSON.stringify({ type: "run", id, calculator: c.calculator, params: c.params })));
process.stdout.write(JSON.stringify({ edition: manifest.edition, results: out }));
