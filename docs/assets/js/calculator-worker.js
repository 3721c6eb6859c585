// The calculators' Web Worker: loads the site's own Pyodide, the calculators
// wheel (checked against the sha256 in the site's lock) and the edition's
// data, or restores all three from the build's start-up snapshot
// (pyodide-start.js), then hands each message from the page to calculators.worker.Worker
// and posts back what it answers. The message shapes are declared in one
// place, the docstring of calculators/worker.py; Python makes every answer,
// this file only moves them (and reads a chosen CSV file's bytes, off the
// page's thread). Everything it fetches is under the site's assets/ folder,
// found relative to this script, so the site works under any sub-path: the
// build moves this script and pyodide-start.js into a folder of
// assets/calculators/ named by their content (playbook_plugin/runtime.py).

import { startCalculators } from "./pyodide-start.js";

const calculatorsURL = new URL("../", import.meta.url);

function status(stage, message) {
  self.postMessage({ type: "status", stage, message });
}

async function start() {
  status("runtime", "Loading the Python runtime…");
  // From the start-up snapshot when that is quicker, else the plain way
  // (pyodide-start.js); either way a calculators.worker.Worker.
  return startCalculators(calculatorsURL, status);
}

const ready = start();

// A Python traceback's last line says what went wrong; the console gets all of it.
function lastLine(error) {
  const lines = String((error && error.message) || error).trim().split("\n");
  return lines[lines.length - 1];
}

ready.then(
  ({ worker, build }) => {
    self.postMessage({ type: "ready", build }); // the build runtime.json, and so the data, came from
    // Straight after "ready", so that a reader's first change is as quick
    // as the rest; a change arriving meanwhile waits for it.
    setTimeout(() => worker.warm_up(), 0);
  },
  (error) => {
    console.error(error);
    self.postMessage({ type: "error", message: lastLine(error) });
  },
);

const post = (json) => self.postMessage(JSON.parse(json));

// A call the calculators cannot answer is still answered, with the reason.
function failed(message, why) {
  const result = { ok: false, failed: true, calculator: message.calculator, errors: [{ field: "", message: why }] };
  self.postMessage({ type: "result", id: message.id, result });
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  let worker;
  try {
    ({ worker } = await ready);
  } catch (error) {
    // The page was told by the "error" message; each call is answered too.
    return failed(message, `The live calculator could not start (${lastLine(error)}).`);
  }
  const { file, ...params } = message.params || {};
  try {
    // A chosen file is read here, off the page's thread, as bytes: Python decodes them (calculators/csv_text.py).
    const data = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : undefined; // undefined: None in Python (null would be JsNull)
    const request = file instanceof Blob ? { ...message, params } : message;
    post(worker.handle(JSON.stringify(request), post, data));
  } catch (error) {
    // Worker.handle never raises; a failure here is the runtime's, shown as such.
    failed(message, `The calculator failed: ${lastLine(error)}`);
  }
});
