// The calculators' Web Worker: loads the site's own Pyodide, the calculators
// wheel (checked against the sha256 in the site's lock) and the edition's
// data, then answers {id, calculator, params} with {id, result}, where result
// is exactly what calculators.registry.run returns. The calculator "batch"
// (the prioritise page) goes to calculators.batch_table.Session instead, which
// keeps the scored list here and reports {type: "progress", id, done, total}
// as it scores; its params carry either the CSV text or the chosen File.
// Python does the thinking; this file only moves data. Everything it fetches
// is under the site's assets/ folder, found relative to this script, so the
// site works under any sub-path.

const assets = new URL("../", import.meta.url);
const pyodideURL = new URL("pyodide/", assets);
const calculatorsURL = new URL("calculators/", assets);

// Run in Python once the package is loaded: a JSON string in, a JSON string out.
const BRIDGE = `
import json
from calculators import registry
from calculators.loader import playbook_from_json

_playbook = playbook_from_json(PLAYBOOK_JSON)
del PLAYBOOK_JSON

def warm_up():
    """Import and run each of the edition's calculators once (imports are lazy)."""
    for name in registry.CALCULATORS:
        registry.run(name, {}, _playbook)

def calculate(name, params_json):
    return json.dumps(registry.run(name, json.loads(params_json), _playbook))

_session = None

def batch(params_json, progress):
    """A request of the prioritise page (internal edition only: the module is imported on first use)."""
    global _session
    if _session is None:
        from calculators.batch_table import Session
        _session = Session(_playbook)
    return json.dumps(_session.handle(json.loads(params_json), progress))
`;

function status(stage, message) {
  self.postMessage({ type: "status", stage, message });
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.text();
}

let warmUp = () => {};
let batch = null;

async function start() {
  status("runtime", "Loading the Python runtime…");
  // runtime.json names this build's lock and data; it is revalidated on
  // every visit, the files it names are content-addressed.
  const manifest = fetch(new URL("runtime.json", calculatorsURL), { cache: "no-cache" })
    .then((response) => {
      if (!response.ok) throw new Error(`runtime.json: HTTP ${response.status}`);
      return response.json();
    });
  const lock = manifest.then((m) => fetchText(new URL(m.lock, calculatorsURL)));
  const data = manifest.then((m) => fetchText(new URL(m.data, calculatorsURL)));
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideURL).href);
  const pyodide = await loadPyodide({
    indexURL: pyodideURL.href,
    lockFileContents: lock,
    packageBaseUrl: calculatorsURL.href,
  });
  status("package", "Loading the calculators…");
  const { package: name } = await manifest;
  // loadPackage reports failures (such as a wheel whose sha256 differs from
  // the lock's) through errorCallback rather than by rejecting.
  const problems = [];
  await pyodide.loadPackage(name, {
    checkIntegrity: true,
    messageCallback: () => {},
    errorCallback: (message) => problems.push(message),
  });
  if (problems.length) throw new Error(problems.join(" "));
  status("data", "Reading the playbook data…");
  pyodide.globals.set("PLAYBOOK_JSON", await data);
  pyodide.runPython(BRIDGE);
  warmUp = pyodide.globals.get("warm_up");
  batch = pyodide.globals.get("batch");
  return pyodide.globals.get("calculate");
}

const ready = start();

// A Python traceback's last line says what went wrong; the console gets all of it.
function lastLine(error) {
  const lines = String((error && error.message) || error).trim().split("\n");
  return lines[lines.length - 1];
}

ready.then(
  () => {
    self.postMessage({ type: "ready" });
    // Straight after "ready", so that a reader's first change is as quick
    // as the rest; a change arriving meanwhile waits for it.
    setTimeout(warmUp, 0);
  },
  (error) => {
    console.error(error);
    self.postMessage({ type: "error", message: lastLine(error) });
  },
);

self.addEventListener("message", async (event) => {
  const { id, calculator, params } = event.data || {};
  let calculate;
  try {
    calculate = await ready;
  } catch {
    return; // the page was told once, by the "error" message
  }
  let result;
  try {
    if (calculator === "batch") {
      const { file, ...rest } = params || {};
      // A chosen file is read here, off the page's thread.
      const json = JSON.stringify(file instanceof Blob ? { ...rest, csv: await file.text() } : rest);
      const progress = (done, total) => self.postMessage({ type: "progress", id, done, total });
      result = JSON.parse(batch(json, progress));
    } else {
      result = JSON.parse(calculate(String(calculator), JSON.stringify(params || {})));
    }
  } catch (error) {
    // registry.run never raises for bad input; this is a bug, shown as such.
    result = { ok: false, calculator, errors: [{ field: "", message: `The calculator failed: ${error.message}` }] };
  }
  self.postMessage({ id, result });
});
