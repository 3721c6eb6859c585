// How the calculator worker starts Python, the quickest way this visit allows.
// Imported by calculator-worker.js; everything is found through the build's
// assets/calculators/runtime.json (made by hooks/runtime.py), which names this
// build's Pyodide folder, lock, wheel, data and start-up snapshot.
//
// Two starts, the same calculators:
// - snapshot: restore the memory hooks/snapshot.py saved at build time (Python
//   started, the calculators imported, the edition's data read), gzipped;
//   the standard library is fetched after "ready" (nothing imported then needs it);
// - plain: start Pyodide, load the wheel (sha256-checked against the lock),
//   read the data.
// The snapshot is taken when it is already in the offline cache, or when the
// link (timed on the first bytes of Pyodide's WebAssembly) is fast enough that
// its extra megabytes cost less than the start-up they save; otherwise, or
// when it fails, the plain start.
// Pyodide's WebAssembly is shipped gzipped (static hosts may not compress it)
// and unpacked here with DecompressionStream.

const PROBE_BYTES = 384 * 1024; // of the WebAssembly (needed anyway): enough to time the link
const START_UP_SAVED_MS = 1500; // what a restore saves over a plain start, measured on a slow laptop core

export async function startCalculators(calculatorsURL, status) {
  // runtime.json is revalidated on every visit; the files it names are content-addressed.
  const response = await fetch(new URL("runtime.json", calculatorsURL), { cache: "no-cache" });
  if (!response.ok) throw new Error(`runtime.json: HTTP ${response.status}`);
  const manifest = await response.json();
  const pyodideURL = new URL(manifest.pyodide, calculatorsURL);
  // Both starts need these: asked for at once, side by side.
  const linkSpeed = unpackGzipped(pyodideURL, manifest.gzipped || []);
  const lock = fetchText(new URL(manifest.lock, calculatorsURL));
  const loader = import(new URL("pyodide.mjs", pyodideURL).href);
  import(new URL("pyodide.asm.mjs", pyodideURL).href).catch(() => {}); // loadPyodide imports it again, from the module map

  if (manifest.snapshot) {
    const snapshot = await snapshotIfItPays(new URL(manifest.snapshot.file, calculatorsURL), manifest, linkSpeed);
    if (snapshot) {
      try {
        return await fromSnapshot((await loader).loadPyodide, pyodideURL, lock, snapshot, manifest);
      } catch (error) {
        console.warn("The start-up snapshot did not restore; starting the plain way.", error);
      }
    }
  }
  return plainStart((await loader).loadPyodide, pyodideURL, lock, manifest, calculatorsURL, status);
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.text();
}

async function plainStart(loadPyodide, pyodideURL, lock, manifest, calculatorsURL, status) {
  const data = fetchText(new URL(manifest.data, calculatorsURL));
  const pyodide = await loadPyodide({ indexURL: pyodideURL.href, lockFileContents: lock,
    packageBaseUrl: calculatorsURL.href });
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

async function fromSnapshot(loadPyodide, pyodideURL, lock, snapshot, manifest) {
  const pyodide = await loadPyodide({
    indexURL: pyodideURL.href,
    lockFileContents: lock,
    stdLibURL: new URL(manifest.deferred_stdlib, pyodideURL).href, // an empty zip: see below
    _loadSnapshot: snapshot.bytes, // a promise, so Pyodide's own files load meanwhile; private to the pinned Pyodide: hooks/snapshot.py verified this one
  });
  const worker = pyodide.globals.get("SNAPSHOT_WORKER");
  if (!worker) throw new Error("the snapshot holds no calculators");
  // Everything the calculators import is in the snapshot's memory; the real
  // standard library replaces the empty stand-in for later imports, off the
  // start-up's path (and into the offline cache with the rest).
  fetch(new URL("python_stdlib.zip", pyodideURL))
    .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`python_stdlib.zip: HTTP ${r.status}`))))
    .then((zip) => pyodide.FS.writeFile(pyodide.runPython(STDLIB_PATH), new Uint8Array(zip)))
    .catch((error) => console.warn("The standard library was not loaded after the snapshot:", error));
  return worker;
}

const STDLIB_PATH = "import sys; [p for p in sys.path if p.endswith('.zip')][0]";

// { bytes: a promise of the snapshot unpacked } when restoring it should be
// quicker than a plain start; null otherwise. The link is timed on the first
// bytes of Pyodide's WebAssembly, which both starts download anyway.
async function snapshotIfItPays(url, manifest, linkSpeed) {
  const cached = "caches" in self && (await caches.match(url.href).catch(() => null));
  if (cached) return { bytes: unpack(cached.body, manifest.snapshot) };
  if (navigator.connection && navigator.connection.saveData) return null;
  const bytesPerMs = await linkSpeed;
  // The snapshot replaces the standard library on the start-up's path, so
  // only its extra bytes count against the start-up it saves.
  const extra = manifest.snapshot.bytes - (manifest.stdlib_bytes || 0);
  if (!(extra / bytesPerMs < START_UP_SAVED_MS)) return null;
  const response = await fetch(url).catch(() => null);
  if (!response || !response.ok) return null;
  return { bytes: unpack(response.body, manifest.snapshot) };
}

// The snapshot unpacked, once its gzipped bytes have the sha256 runtime.json
// gives (runtime.json is fetched fresh; the snapshot may come from a cache).
async function unpack(gzipped, { size, sha256 }) {
  const [packed, checked] = gzipped.tee();
  const digest = collect(checked).then((bytes) => crypto.subtle.digest("SHA-256", bytes));
  const out = new Uint8Array(size);
  let at = 0;
  const reader = packed.pipeThrough(new DecompressionStream("gzip")).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > size) throw new Error("the snapshot is larger than runtime.json says");
    out.set(value, at);
    at += value.length;
  }
  if (at !== size) throw new Error("the snapshot is shorter than runtime.json says");
  const hex = Array.from(new Uint8Array(await digest), (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== sha256) throw new Error("the snapshot's sha256 differs from runtime.json's");
  return out;
}

async function collect(stream) {
  const chunks = [];
  let length = 0;
  for (const reader = stream.getReader(); ;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

// Pyodide fetches its files itself (indexURL + name). The ones the build
// ships gzipped ("pyodide.asm.wasm" becomes "pyodide.asm.wasm.gz") are
// fetched gzipped and unpacked as they stream, with the type they need.
function unpackGzipped(pyodideURL, names) {
  if (!names.length || self.__gzipFetch) return Promise.resolve(Infinity);
  let timed;
  const linkSpeed = new Promise((resolve) => { timed = resolve; });
  const plainFetch = self.fetch.bind(self);
  const types = { wasm: "application/wasm", zip: "application/zip", mjs: "text/javascript" };
  const unpacked = async (href, name, init, onSpeed) => {
    const response = await plainFetch(href + ".gz", init);
    if (!response.ok) {
      onSpeed?.(0);
      return response;
    }
    let body = response.body;
    if (onSpeed) {
      const [kept, timedCopy] = body.tee();
      body = kept;
      timeFirstBytes(timedCopy, onSpeed);
    }
    return new Response(body.pipeThrough(new DecompressionStream("gzip")), {
      status: 200,
      headers: { "Content-Type": types[name.split(".").pop()] || "application/octet-stream" },
    });
  };
  // Asked for now (both starts need them); Pyodide's own request gets that answer.
  const early = new Map(names.map((name, i) => {
    const href = new URL(name, pyodideURL).href;
    const response = unpacked(href, name, undefined, i === 0 ? timed : null);
    response.catch(() => timed(0));
    return [href, { name, response }];
  }));
  self.__gzipFetch = true;
  self.fetch = (input, init) => {
    const href = input instanceof Request ? input.url : new URL(String(input), self.location.href).href;
    const file = early.get(href);
    if (!file) return plainFetch(input, init);
    const { response } = file;
    file.response = null; // a second request (a retry) fetches again
    return response || unpacked(href, file.name, init && { credentials: init.credentials });
  };
  return linkSpeed;
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
