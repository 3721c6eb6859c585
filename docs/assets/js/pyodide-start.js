// How the calculator worker starts Python, the quickest way this visit allows.
// Imported by calculator-worker.js; everything is found through the build's
// assets/calculators/runtime.json (made by playbook_plugin/runtime.py), which names this
// build's Pyodide folder, lock, wheel, data and start-up snapshot.
//
// Two starts, the same calculators:
// - snapshot: restore the memory playbook_plugin/snapshot.py saved at build time (Python
//   started, the calculators imported, the edition's data read), gzipped;
//   the standard library is fetched after "ready" (nothing imported then needs it);
//   a snapshot of another build (SNAPSHOT_OF) is refused, and a kept copy
//   that fails is dropped from the cache;
// - plain: start Pyodide, load the wheel (sha256-checked against the lock),
//   read the data.
// Both run on the standard library the calculators use (playbook_plugin/stdlib.py),
// with Pyodide's full one read in its place if a module is ever missing.
// The snapshot is taken when it is already in the offline cache, or when the
// link (timed on the first bytes of Pyodide's WebAssembly) is fast enough that
// its extra megabytes cost less than the start-up they save; otherwise, or
// when it fails, the plain start.
//
// Pyodide's WebAssembly and JavaScript and the snapshot are shipped gzipped
// (static hosts may not compress them) and unpacked here with DecompressionStream; the snapshot
// is also packed (playbook_plugin/snapshot.py: only the non-zero ranges of Python's
// memory, with a table of where they go), then expanded into Pyodide's own
// zeroed buffer. Once a visit has kept the runtime, the service worker
// (playbook_plugin/offline-sw.js) also keeps an unpacked copy of each ("X" beside
// "X.gz", in this build's cache), so a repeat visit unpacks and checks
// nothing: the WebAssembly is then fetched by its real URL (a response
// Chromium may keep compiled code for, though make bench saw no such hit),
// and the snapshot is read straight from the cache (the service worker kept
// it only once its bytes had this build's sha256). The WebAssembly is
// compiled while the snapshot is read, not after it (Pyodide would wait for
// the snapshot first).
const PROBE_BYTES = 384 * 1024; // of the WebAssembly (needed anyway): enough to time the link
const START_UP_SAVED_MS = 1500; // what a restore saves over a plain start, measured on a slow laptop core

export async function startCalculators(calculatorsURL, status) {
  // runtime.json is revalidated on every visit; the files it names are content-addressed.
  const response = await fetch(new URL("runtime.json", calculatorsURL), { cache: "no-cache" });
  if (!response.ok) throw new Error(`runtime.json: HTTP ${response.status}`);
  const manifest = await response.json();
  const pyodideURL = new URL(manifest.pyodide, calculatorsURL);
  // Both starts need these: asked for at once, side by side.
  const linkSpeed = compileWasm(new URL("pyodide.asm.wasm", pyodideURL));
  const lock = fetchText(new URL(manifest.lock, calculatorsURL));
  const loader = import(new URL("pyodide.mjs", pyodideURL).href);
  const asm = importAsm(new URL("pyodide.asm.mjs", pyodideURL));
  asm.catch(() => {}); // loadPyodide hears it

  const build = manifest.build; // the build this runtime.json, and so the data, belongs to
  if (manifest.snapshot) {
    const url = new URL(manifest.snapshot.file, calculatorsURL);
    const snapshot = await snapshotIfItPays(url, manifest, linkSpeed);
    if (snapshot) {
      try {
        const loadPyodide = (await loader).loadPyodide;
        return { worker: await fromSnapshot(loadPyodide, pyodideURL, lock, snapshot, manifest, calculatorsURL, asm), build };
      } catch (error) {
        console.warn("The start-up snapshot did not restore; starting the plain way.", error);
        if (snapshot.kept) forget(url); // a kept copy that failed is replaced, not used again
      }
    }
  }
  return { worker: await plainStart((await loader).loadPyodide, pyodideURL, lock, manifest, calculatorsURL, status, asm), build };
}

// Drops the service worker's copies of the snapshot (gzipped and unpacked):
// the page's next request to keep the runtime fetches and checks them again.
async function forget(url) {
  if (!("caches" in self)) return;
  for (const name of await caches.keys()) {
    if (!name.startsWith("playbook ")) continue;
    const cache = await caches.open(name);
    await Promise.all([cache.delete(url.href), cache.delete(unpackedURL(url).href)]);
  }
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.text();
}

async function plainStart(loadPyodide, pyodideURL, lock, manifest, calculatorsURL, status, asm) {
  const data = fetchText(new URL(manifest.data, calculatorsURL));
  const pyodide = await loadPyodide({ indexURL: pyodideURL.href, lockFileContents: lock,
    packageBaseUrl: calculatorsURL.href, stdLibURL: stdlibURL(manifest, calculatorsURL, pyodideURL).href,
    createPyodideModule: (await asm).default });
  fallBackToTheFullStdlib(pyodide, pyodideURL, manifest);
  status("package", "Loading the calculators…");
  // loadPackage reports failures (such as a wheel whose sha256 differs from
  // the lock's) through errorCallback rather than by rejecting.
  const problems = [];
  await pyodide.loadPackage(manifest.package, {
    checkIntegrity: true,
    messageCallback: () => {},
    errorCallback: (message) => problems.push(message),
  });
  if (problems.length) throw new Error(problems.join(" "));
  status("data", "Reading the playbook data…");
  return pyodide.pyimport("calculators.worker").start(await data);
}

// Pyodide reads only the snapshot's length before it instantiates the
// WebAssembly and runs its own set-up, and the bytes only after its fsInit
// hook has finished. So it gets an empty buffer of runtime.json's size at
// once, and fsInit fills it once the bytes are checked: that set-up runs
// while the snapshot is read, unpacked and checked instead of after. Bytes
// that fail the check never enter the buffer, and an empty buffer fails
// Pyodide's own check of the snapshot's header, so nothing else is restored.
async function fromSnapshot(loadPyodide, pyodideURL, lock, snapshot, manifest, calculatorsURL, asm) {
  const buffer = new Uint8Array(manifest.snapshot.size);
  let refused = null;
  const fill = async () => {
    try {
      expand(await snapshot.packed, buffer);
    } catch (error) {
      refused = error;
    }
  };
  let pyodide;
  try {
    pyodide = await loadPyodide({
      indexURL: pyodideURL.href,
      lockFileContents: lock,
      createPyodideModule: (await asm).default,
      stdLibURL: new URL(manifest.deferred_stdlib, pyodideURL).href, // an empty zip: see below
      fsInit: fill,
      _loadSnapshot: buffer, // private to the pinned Pyodide: playbook_plugin/snapshot.py verified this one
    });
  } catch (error) {
    throw refused || error;
  }
  if (refused) throw refused;
  const worker = pyodide.globals.get("SNAPSHOT_WORKER");
  if (!worker) throw new Error("the snapshot holds no calculators");
  // A snapshot of another build (its lock and data, hence its calculators and
  // figures) is refused: make_snapshot.mjs names what it was made from.
  const madeOf = pyodide.globals.get("SNAPSHOT_OF");
  if (madeOf !== `${manifest.lock} ${manifest.data}`) throw new Error(`the snapshot is of another build (${madeOf})`);
  // It was made with a fixed random source, so that the same sources make the
  // same bytes (make_snapshot.mjs): Python's random module, if imported, is reseeded.
  pyodide.runPython("import sys\nif 'random' in sys.modules: sys.modules['random'].seed()");
  // Everything the calculators import is in the snapshot's memory; the
  // standard library it was made on replaces the empty stand-in for later
  // imports, off the start-up's path (and into the offline cache with the rest).
  fallBackToTheFullStdlib(pyodide, pyodideURL, manifest);
  const stdlib = stdlibURL(manifest, calculatorsURL, pyodideURL);
  fetch(stdlib)
    .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${stdlib.pathname}: HTTP ${r.status}`))))
    .then((zip) => pyodide.FS.writeFile(pyodide.runPython(STDLIB_PATH), new Uint8Array(zip)))
    .catch((error) => console.warn("The standard library was not loaded after the snapshot:", error));
  return worker;
}

const STDLIB_PATH = "import sys; [p for p in sys.path if p.endswith('.zip')][0]";

// The standard library to start on: the build's trimmed one (playbook_plugin/stdlib.py), else Pyodide's own.
function stdlibURL(manifest, calculatorsURL, pyodideURL) {
  return manifest.stdlib ? new URL(manifest.stdlib, calculatorsURL) : new URL("python_stdlib.zip", pyodideURL);
}

// The trimmed library holds what the calculators were seen to import at
// build time. Should a standard module ever be missing from it, Pyodide's
// full library is read in its place, once (a synchronous request: a worker
// may make one), and the import goes on.
const FALLBACK = `
import importlib.machinery, sys, zipimport

class FullStandardLibrary:
    def __init__(self, load):
        self.load = load

    def find_spec(self, name, path=None, target=None):
        if self.load is None or name.split(".")[0] not in FULL:
            return None
        load, self.load = self.load, None
        load()
        zipimport._zip_directory_cache.clear()
        sys.path_importer_cache.clear()
        importlib.invalidate_caches()
        return importlib.machinery.PathFinder.find_spec(name, path)

FULL = frozenset(_full_stdlib.split())  # what it holds: "import pwd" (none here) asks nothing
sys.meta_path.append(FullStandardLibrary(_load_full_stdlib))
del _load_full_stdlib, _full_stdlib
`;

function fallBackToTheFullStdlib(pyodide, pyodideURL, manifest) {
  if (!manifest.stdlib) return; // started on the full library
  const url = new URL("python_stdlib.zip", pyodideURL).href;
  pyodide.globals.set("_full_stdlib", (manifest.stdlib_full || []).join(" "));
  pyodide.globals.set("_load_full_stdlib", () => {
    const request = new XMLHttpRequest();
    request.open("GET", url, false);
    request.responseType = "arraybuffer";
    request.send();
    if (request.status !== 200) throw new Error(`python_stdlib.zip: HTTP ${request.status}`);
    pyodide.FS.writeFile(pyodide.runPython(STDLIB_PATH), new Uint8Array(request.response));
  });
  pyodide.runPython(FALLBACK);
}

// { packed: a promise of the snapshot's packed bytes } when restoring it
// should be quicker than a plain start; null otherwise. The link is timed on
// the first bytes of Pyodide's WebAssembly, which both starts download anyway.
async function snapshotIfItPays(url, manifest, linkSpeed) {
  const kept = await cached(unpackedURL(url));
  if (kept) return { packed: heardLater(read(kept)), kept: true };
  const keptPacked = await cached(url);
  const response = keptPacked || (await fetchIfItPays(url, manifest, linkSpeed));
  return response ? { packed: heardLater(unpack(response.body, manifest.snapshot)), kept: !!keptPacked } : null;
}

// The gzipped snapshot from the network when the link is fast enough, else null.
async function fetchIfItPays(url, manifest, linkSpeed) {
  if (navigator.connection && navigator.connection.saveData) return null;
  const bytesPerMs = await linkSpeed;
  // The snapshot replaces the standard library on the start-up's path, so
  // only its extra bytes count against the start-up it saves.
  const extra = manifest.snapshot.bytes - (manifest.stdlib_bytes || 0);
  if (!(extra / bytesPerMs < START_UP_SAVED_MS)) return null;
  const response = await fetch(url).catch(() => null);
  return response && response.ok ? response : null;
}

// A promise whose failure fromSnapshot's fsInit hears, later: until then it
// must not count as an unhandled rejection (a console error).
function heardLater(promise) {
  promise.catch(() => {});
  return promise;
}

// The service worker keeps "X" unpacked beside each "X.gz" (playbook_plugin/offline-sw.js).
const unpackedURL = (url) => new URL(url.href.replace(/\.gz$/, ""));

async function cached(url) {
  return ("caches" in self && (await caches.match(url.href).catch(() => null))) || null;
}

// The snapshot the service worker kept unpacked (checked when it was kept).
async function read(response) {
  return new Uint8Array(await (await response.blob()).arrayBuffer()); // as a blob: about half the time of arrayBuffer()
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The snapshot's packed bytes, once its gzipped bytes have the sha256
// runtime.json gives (runtime.json is fetched fresh; the snapshot may come from a cache).
async function unpack(gzipped, { sha256 }) {
  const [packed, copy] = gzipped.tee();
  const digest = new Response(copy).arrayBuffer().then(sha256Hex);
  const bytes = new Uint8Array(await new Response(packed.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  if ((await digest) !== sha256) throw new Error("the snapshot's sha256 differs from runtime.json's");
  return bytes;
}

// Writes the packed snapshot (playbook_plugin/snapshot.py's pack: "ALPS", the number
// of ranges, each range's offset and length, little-endian 32-bit, then the
// ranges' bytes) into `memory`, Pyodide's zeroed buffer. The whole table is
// checked against both sizes first, so a bad file writes nothing.
function expand(packed, memory) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.length < 8 || view.getUint32(0) !== 0x414c5053) throw new Error("the snapshot is not a packed snapshot");
  const count = view.getUint32(4, true);
  const ranges = [];
  let at = 8 + 8 * count;
  if (at > packed.length) throw new Error("the snapshot's table does not match its bytes");
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(8 + 8 * i, true);
    const length = view.getUint32(12 + 8 * i, true);
    if (offset + length > memory.length) throw new Error("the snapshot is larger than runtime.json says");
    ranges.push([offset, length, at]);
    at += length;
  }
  if (at !== packed.length) throw new Error("the snapshot's table does not match its bytes");
  for (const [offset, length, from] of ranges) memory.set(packed.subarray(from, from + length), offset);
}

// Compiles Pyodide's WebAssembly now, from the service worker's unpacked
// copy when it keeps one, else from the gzipped file unpacked as it streams
// (timing the link on its first bytes); resolves with the link's speed in
// bytes per ms (Infinity when no network was needed). Pyodide fetches and
// instantiates the WebAssembly itself, after the snapshot is in: its fetch
// of that URL gets an empty stand-in and its instantiateStreaming, given the
// stand-in, the module compiled here (the worker's fetch and
// instantiateStreaming are patched for that one URL; a retry after a failed
// restore reuses the module).
function compileWasm(wasmURL) {
  let timed;
  const linkSpeed = new Promise((resolve) => { timed = resolve; });
  const plainFetch = self.fetch.bind(self);
  const plainInstantiate = WebAssembly.instantiateStreaming;
  const source = cached(wasmURL).then(async (kept) => {
    if (kept) {
      timed(Infinity);
      return plainFetch(wasmURL); // by its real URL, from the service worker: a response V8 may keep compiled code for
    }
    const response = await plainFetch(wasmURL.href + ".gz");
    if (!response.ok) throw new Error(`pyodide.asm.wasm.gz: HTTP ${response.status}`);
    const [body, timedCopy] = response.body.tee();
    timeFirstBytes(timedCopy, timed);
    return gunzipped(new Response(body));
  });
  source.catch(() => timed(0));
  const module = WebAssembly.compileStreaming(source);
  module.catch(() => {}); // Pyodide's instantiation reports it
  const standIns = new WeakSet();
  self.fetch = (input, init) => {
    const href = input instanceof Request ? input.url : new URL(String(input), self.location.href).href;
    if (href !== wasmURL.href) return plainFetch(input, init);
    const standIn = new Response(null, { headers: { "Content-Type": "application/wasm" } });
    standIns.add(standIn);
    return Promise.resolve(standIn);
  };
  WebAssembly.instantiateStreaming = async (response, imports) => {
    const answer = await response;
    if (!standIns.has(answer)) return plainInstantiate(answer, imports);
    let compiled;
    try {
      compiled = await module;
    } catch {
      // Compiling it here failed: a kept copy is dropped, and the gzipped file used instead.
      if ("caches" in self) caches.keys().then((names) => names.filter((n) => n.startsWith("playbook "))
        .forEach((n) => caches.open(n).then((cache) => cache.delete(wasmURL.href)))).catch(() => {});
      return plainInstantiate(gunzipped(plainFetch(wasmURL.href + ".gz")), imports);
    }
    return { module: compiled, instance: await WebAssembly.instantiate(compiled, imports) };
  };
  return linkSpeed;
}

// Pyodide's JavaScript (1.25 MB, 0.26 MB gzipped): the service worker's
// unpacked copy by its real URL (a script Chromium keeps compiled code
// for), else the gzipped file unpacked here and imported from a blob URL
// (Pyodide finds its other files through indexURL, not this module's URL).
async function importAsm(url) {
  const kept = await cached(url);
  return (kept ? import(url.href) : Promise.reject(new Error("not kept")))
    .catch(() => importGzipped(url))
    .catch(() => import(url.href)); // else the plain file
}

async function importGzipped(url) {
  const response = await fetch(url.href + ".gz");
  if (!response.ok) throw new Error(`pyodide.asm.mjs.gz: HTTP ${response.status}`);
  const source = await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).blob();
  const blobURL = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    return await import(blobURL);
  } finally {
    URL.revokeObjectURL(blobURL);
  }
}

// The WebAssembly unpacked from a response (or a promise of one) of its gzipped file.
async function gunzipped(response) {
  const gzipped = await response;
  if (!gzipped.ok) throw new Error(`pyodide.asm.wasm.gz: HTTP ${gzipped.status}`);
  return new Response(gzipped.body.pipeThrough(new DecompressionStream("gzip")),
    { headers: { "Content-Type": "application/wasm" } });
}

// Calls onSpeed(bytes per ms) once the first PROBE_BYTES of `stream` have
// come (or all of it), timed from its first bytes; Pyodide's own JavaScript
// comes down the same link meanwhile, so the link is taken as twice that.
async function timeFirstBytes(stream, onSpeed) {
  const reader = stream.getReader();
  let got = 0;
  let first = null;
  try {
    while (got < PROBE_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      if (first === null) first = performance.now();
      else got += value.length; // the first chunk arrived at `first`
    }
    onSpeed((2 * got) / Math.max(performance.now() - (first ?? performance.now()), 1));
  } catch {
    onSpeed(0);
  } finally {
    reader.cancel().catch(() => {});
  }
}
