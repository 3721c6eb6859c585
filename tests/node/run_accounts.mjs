// Rank account files under real Pyodide in Node.js, offline, with what a built
// site serves (site_runtime.mjs), on both of the browser's paths:
//
//   node tests/node/run_accounts.mjs SITE_DIR CASES_JSON
//
// CASES_JSON is {cases: [{csv, currency, rate, score: {row, scores}}]}; prints a JSON
// list holding, per case, the JSON texts of calculators.ranking.run (with the
// worksheet) and of the worker's answers as the prioritise page asks: rank the
// file's bytes, score one row inline, export the worksheet.

import { readFileSync } from "node:fs";
import { loadSite } from "./site_runtime.mjs";

const [siteDir, casesFile] = process.argv.slice(2);
const { pyodide, data } = await loadSite(siteDir);
pyodide.globals.set("PLAYBOOK_JSON", data);
pyodide.globals.set("CASES_JSON", readFileSync(casesFile, "utf8"));
const out = pyodide.runPython(`
import json
from calculators import ranking
from calculators.account_inputs import RATE, read_rates
from calculators.loader import playbook_from_json
from calculators.worker import Worker

def _answers(case, book):
    worker = Worker(book)
    message = lambda i, params: json.dumps({"type": "run", "id": i, "calculator": "batch", "params": params})
    data = case["csv"].encode("utf-8")
    rates = read_rates(RATE, case.get("rate"))
    return [json.dumps(ranking.run(data, book, case.get("currency"), include_csv=True, rates=rates),
                       ensure_ascii=False),
            worker.handle(message(1, {"currency": case.get("currency"), "rate": case.get("rate")}), None, data),
            worker.handle(message(2, case["score"])),
            worker.handle(message(3, {"export": "csv", "offset": 0}))]

_book = playbook_from_json(PLAYBOOK_JSON)
json.dumps([_answers(c, _book) for c in json.loads(CASES_JSON)["cases"]])
`);
process.stdout.write(out);
