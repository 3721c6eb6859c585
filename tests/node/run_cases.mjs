// Run calculator cases under real Pyodide in Node.js, offline, loading what a
// built site serves: its runtime.json, its lock (so the wheel's sha256 is
// checked), the wheel and the edition's data. Pyodide itself comes from
// node_modules/pyodide, the same version the site copies.
//
//   node tests/node/run_cases.mjs SITE_DIR CASES_JSON
//
// Prints a JSON array with, per case, the string Python's json.dumps made of
// registry.run's result, so the test compares exact text with CPython.

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
pyodide.globals.set("PLAYBOOK_JSON", readFileSync(calculators + manifest.data, "utf8"));
// calculate() as in docs/assets/js/calculator-worker.js.
pyodide.runPython(`
import json
from calculators import registry
from calculators.loader import playbook_from_json

_playbook = playbook_from_json(PLAYBOOK_JSON)
del PLAYBOOK_JSON

def calculate(name, params_json):
    return json.dumps(registry.run(name, json.loads(params_json), _playbook))
`);
const calculate = pyodide.globals.get("calculate");
const cases = JSON.parse(readFileSync(casesFile, "utf8")).cases;
const out = cases.map((c) => calculate(c.calculator, JSON.stringify(c.params)));
process.stdout.write(JSON.stringify({ edition: manifest.edition, results: out }));
