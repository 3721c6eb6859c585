// Triage CRM exports under real Pyodide in Node.js, offline, with what a built
// site serves (site_runtime.mjs), as the prioritise page's worker does:
//
//   node tests/node/run_triage.mjs SITE_DIR CASES_JSON
//
// CASES_JSON is {cases: [{csv, scores}]}; prints a JSON list holding, per case,
// the JSON text calculators.crm.run_triage returns (with the ranked CSV).

import { readFileSync } from "node:fs";
import { loadSite } from "./site_runtime.mjs";

const [siteDir, casesFile] = process.argv.slice(2);
const { pyodide, data } = await loadSite(siteDir);
pyodide.globals.set("PLAYBOOK_JSON", data);
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
