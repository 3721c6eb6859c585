// The calculators' start-up snapshot: Pyodide's memory after loading the
// calculators wheel (sha256-checked against the site's lock), importing every
// module of the package and reading the edition's data, so a browser restores
// a ready worker instead of starting Python and importing everything itself.
// Run by playbook_plugin/snapshot.py at build time, with Node.js only (no browser).
//
//   node scripts/make_snapshot.mjs make  CALCULATORS_DIR OUT_FILE
//   node scripts/make_snapshot.mjs check CALCULATORS_DIR SNAPSHOT_FILE CASES_JSON
//   node scripts/make_snapshot.mjs stdlib CALCULATORS_DIR CASES_JSON MODULES_JSON
//   node scripts/make_snapshot.mjs cases CALCULATORS_DIR STDLIB_ZIP CASES_JSON
//
// CALCULATORS_DIR holds what the site serves under assets/calculators/: a
// runtime.json naming the lock, the data and the package, and the wheel.
// `make` writes the raw snapshot; `check` restores one in a fresh Node
// process and prints the JSON text of each case's "result" message, as
// tests/node/run_cases.mjs does for the plain start (the caller compares them
// with CPython's). The Worker lives in Python's __main__ as SNAPSHOT_WORKER,
// the name pyodide-start.js reads after a restore, beside SNAPSHOT_OF, the
// names of the lock and data it was made from.
//
// Pyodide's snapshot options are private (`@ignore` in pyodide.d.ts) and tied
// to the pinned Pyodide build: playbook_plugin/snapshot.py keys the snapshot on it.

import nodeCrypto, { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [command, dir, file, casesFile] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const indexURL = path.join(root, "node_modules/pyodide") + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));
const calculators = path.resolve(dir) + path.sep;
const manifest = JSON.parse(readFileSync(calculators + "runtime.json", "utf8"));

const UNPACK = `
import site, zipfile
with zipfile.ZipFile("/tmp/calculators.whl") as _wheel:
    _wheel.extractall(site.getsitepackages()[0])
del _wheel
`;

// Every module of the package imported now, so nothing is read from the
// (not snapshotted) file system after a restore; the Worker made from the data.
const PREPARE = `
import importlib, json, pkgutil, sys
import calculators
for _info in pkgutil.iter_modules(calculators.__path__):
    importlib.import_module("calculators." + _info.name)
from calculators.worker import start as _start
SNAPSHOT_WORKER = _start(_DATA)
SNAPSHOT_OF = _MADE_OF
del _start, _info
`;

// The same sources make the same snapshot: Python's memory keeps what the
// clock and the random source said while it was made (file times, the
// random module's state, the C library's random state), so in this process,
// which only makes the snapshot, both are fixed. A browser restoring it
// reseeds Python's random module (pyodide-start.js).
function fixClockAndRandomness() {
  let tick = 0;
  Date.now = () => 1_600_000_000_000 + tick++;
  performance.now = () => tick++;
  let state = 0x2545f491;
  Math.random = () => {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const fill = (array) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5; // xorshift32
      bytes[i] = state & 0xff;
    }
    return array;
  };
  nodeCrypto.randomFillSync = fill; // what Pyodide's C library asks in Node.js
  crypto.getRandomValues = fill;
}

// Pyodide with the calculators wheel (checked against the lock's sha256)
// unpacked, every module of the package imported and the Worker made from
// the edition's data. `stdLibURL`: the standard library to start with, the
// trimmed one runtime.json names (playbook_plugin/stdlib.py) unless given.
async function started({ stdLibURL = manifest.stdlib && calculators + manifest.stdlib, makeSnapshot = false } = {}) {
  const pyodide = await loadPyodide({
    indexURL,
    ...(stdLibURL ? { stdLibURL } : {}),
    lockFileContents: readFileSync(calculators + manifest.lock, "utf8"),
    packageBaseUrl: calculators,
    packageCacheDir: calculators,
    stdout: () => {},
    env: { PYTHONHASHSEED: "0" }, // the same sources make the same snapshot
    _makeSnapshot: makeSnapshot,
  });
  // Not pyodide.loadPackage: it leaves JavaScript state a snapshot cannot
  // hold. The wheel is checked against the lock's sha256 here, then unpacked.
  const lock = JSON.parse(readFileSync(calculators + manifest.lock, "utf8"));
  const entry = lock.packages[manifest.package];
  const wheel = readFileSync(calculators + entry.file_name);
  const sha256 = createHash("sha256").update(wheel).digest("hex");
  if (sha256 !== entry.sha256) {
    throw new Error(`${entry.file_name}: sha256 ${sha256} differs from the lock's ${entry.sha256}`);
  }
  prepare(pyodide, wheel);
  return pyodide;
}

// The wheel unpacked, every module of the package imported and the Worker made.
function prepare(pyodide, wheel) {
  pyodide.FS.writeFile("/tmp/calculators.whl", wheel);
  pyodide.runPython(UNPACK);
  // SNAPSHOT_OF names the lock and data it was made from: a browser refuses a
  // snapshot of another build (docs/assets/js/pyodide-start.js).
  pyodide.runPython(PREPARE.replace("_MADE_OF", JSON.stringify(`${manifest.lock} ${manifest.data}`))
    .replace("_DATA", JSON.stringify(readFileSync(calculators + manifest.data, "utf8"))));
}

async function make() {
  fixClockAndRandomness();
  const pyodide = await started({ makeSnapshot: true });
  writeFileSync(file, pyodide.makeMemorySnapshot());
}

function runCases(worker, cases) {
  return cases.map((c, id) => worker.handle(JSON.stringify({ type: "run", id, calculator: c.calculator, params: c.params })));
}

async function check() {
  const snapshot = readFileSync(file);
  const pyodide = await loadPyodide({
    indexURL, stdout: () => {}, _loadSnapshot: new Uint8Array(snapshot),
    ...(manifest.stdlib ? { stdLibURL: calculators + manifest.stdlib } : {}), // the one it was made with
  });
  const worker = pyodide.globals.get("SNAPSHOT_WORKER");
  if (!worker) throw new Error("the restored snapshot has no SNAPSHOT_WORKER");
  const cases = JSON.parse(readFileSync(casesFile, "utf8")).cases;
  process.stdout.write(JSON.stringify({ edition: manifest.edition, results: runCases(worker, cases) }));
}

// A plain start as the browser makes one (docs/assets/js/pyodide-start.js):
// Pyodide on `stdLibURL`, the wheel loaded by loadPackage (checked against
// the lock's sha256), the Worker made from the edition's data.
async function plainStart(stdLibURL) {
  const pyodide = await loadPyodide({
    indexURL, stdLibURL, stdout: () => {},
    lockFileContents: readFileSync(calculators + manifest.lock, "utf8"),
    packageBaseUrl: calculators,
    packageCacheDir: calculators,
  });
  const problems = [];
  await pyodide.loadPackage(manifest.package, {
    checkIntegrity: true, messageCallback: () => {}, errorCallback: (message) => problems.push(message),
  });
  if (problems.length) throw new Error(problems.join(" "));
  const worker = pyodide.pyimport("calculators.worker").start(readFileSync(calculators + manifest.data, "utf8"));
  return { pyodide, worker };
}

// The files of Pyodide's full standard library that the calculators use:
// what is imported once a plain start and the snapshot's preparation have
// run, the cases have run and every standard module the package names
// (MODULES_JSON) is imported.
//   node scripts/make_snapshot.mjs stdlib CALCULATORS_DIR CASES_JSON MODULES_JSON
async function stdlib() {
  const { pyodide, worker } = await plainStart(indexURL + "python_stdlib.zip");
  runCases(worker, JSON.parse(readFileSync(file, "utf8")).cases);
  worker.warm_up();
  prepare(pyodide, readFileSync(calculators + JSON.parse( // what making the snapshot imports, too
    readFileSync(calculators + manifest.lock, "utf8")).packages[manifest.package].file_name));
  pyodide.globals.set("_NAMED", JSON.parse(readFileSync(casesFile, "utf8")).modules);
  const used = pyodide.runPython(USED_FILES).toJs();
  process.stdout.write(JSON.stringify({ files: used }));
}

const USED_FILES = `
import importlib, sys
for _name in _NAMED:
    try:
        importlib.import_module(_name)
    except ImportError:
        pass
_zip = [p for p in sys.path if p.endswith(".zip")][0] + "/"
sorted({m.__spec__.origin[len(_zip):] for m in list(sys.modules.values())
        if getattr(m, "__spec__", None) and (m.__spec__.origin or "").startswith(_zip)})
`;

// The cases run by a plain start on STDLIB_ZIP alone (no fallback): the
// trimmed standard library checked, printed as `check` prints them.
//   node scripts/make_snapshot.mjs cases CALCULATORS_DIR STDLIB_ZIP CASES_JSON
async function cases() {
  const { worker } = await plainStart(path.resolve(file));
  const results = runCases(worker, JSON.parse(readFileSync(casesFile, "utf8")).cases);
  worker.warm_up(); // every calculator once more, with its defaults
  process.stdout.write(JSON.stringify({ edition: manifest.edition, results }));
}

if (command === "make") await make();
else if (command === "check") await check();
else if (command === "stdlib") await stdlib();
else if (command === "cases") await cases();
else throw new Error(`unknown command ${command}: expected make, check, stdlib or cases`);
