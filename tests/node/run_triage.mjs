// Triage CRM exports under real Pyodide in Node.js, offline, with what a built
// site serves (its lock, the sha256-checked calculators wheel, the edition's
// data), as the prioritise page's worker does:
//
//   node tests/node/run_triage.mjs SITE_DIR CASES_JSON
//
// CASES_JSON is {cases: [{csv, scores}]}; prints a JSON list holding, per case,
// the JSON text calculators.crm.run_triage returns (with the ranked CSV).

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
  checkIntegrity: true,
  messageCallback: () => {},
  errorCallback: (message) => problems.push(message),
});
if (problems.length) throw new Error(problems.join(" "));
pyodide.globals.set("PLAYBOOK_JSON", readFileSync(calculators + manifest.data, "utf8"));
pyodide.globals.set("CASES_JSON", readFileSync(casesFile, "utf8"));
const out = pyodide.runPython(`
import json
from calculators import crm
from calculators.loader import playbook_from_json
_book = playbook_from_json(PLAYBOOK_JSON)
json.dumps([json.dumps(crm.run_triage(c["csv"], _book, include_csv=True, scores=c.get("scores")), ensure_ascii=False)
            for c in json.loads(CASES_JSON)["cases"]])
`);
process.stdout.write(out);
