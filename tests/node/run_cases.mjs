// Run calculator cases under real Pyodide in Node.js, offline, loading what a
// built site serves (site_runtime.mjs).
//
//   node tests/node/run_cases.mjs SITE_DIR CASES_JSON
//
// Each case goes through calculators.worker, as in the browser's worker
// (docs/assets/js/calculator-worker.js): a "run" message in, the JSON text of
// its "result" message out. Prints {edition, results: [that text per case]},
// so the test compares exact text with CPython's Worker.

import { readFileSync } from "node:fs";
import { loadSite } from "./site_runtime.mjs";

const [siteDir, casesFile] = process.argv.slice(2);
const { pyodide, manifest, data } = await loadSite(siteDir);
const worker = pyodide.pyimport("calculators.worker").start(data);
const cases = JSON.parse(readFileSync(casesFile, "utf8")).cases;
const out = cases.map((c, id) =>
  worker.handle(JSON.stringify({ type: "run", id, calculator: c.calculator, params: c.params })));
process.stdout.write(JSON.stringify({ edition: manifest.edition, results: out }));
