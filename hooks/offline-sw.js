// The site's service worker (hooks/offline.py writes it to the site's root as
// sw.js, with this build's file lists above this line): the pages and their
// assets, and once a calculator has started its runtime too, kept in one
// cache per build, so every page and calculator works with no network after
// one visit. A new build is a new sw.js (its VERSION differs): it caches the
// new build's files, then takes over and deletes the old build's cache, so
// the two builds' files are never mixed.
//
// The runtime's gzipped files (Pyodide's WebAssembly, the snapshot) are kept
// unpacked too, each "X.gz" also as "X", once the runtime is kept, and only
// when the unpacked bytes have the sha256 UNPACKED gives for them: a repeat
// visit then reads them without unpacking or checking them again, and
// fetches the WebAssembly by its real URL, a response Chromium may keep
// compiled code for (docs/assets/js/pyodide-start.js).
//
// Content-addressed files (Pyodide's folder, the lock, wheel, data and
// snapshot, the theme's hashed bundles) come from the cache first; pages and
// everything else from the network first (so an online reader always sees
// the newest build), from the cache when offline. Requests for anything not
// in this build pass through untouched.

const scope = new URL("./", self.location.href);
const CACHE = `playbook ${scope.pathname} ${VERSION}`;
const OURS = `playbook ${scope.pathname} `;
const full = (path) => new URL(path, scope).href;
const shell = SHELL.map(full);
const runtime = RUNTIME.map(full);
const unpacked = Object.keys(UNPACKED).map(full);
const immutable = new Set(IMMUTABLE.map(full));
const known = new Set([...shell, ...runtime, ...unpacked]);
const TYPES = { wasm: "application/wasm" };

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(shell.map((url) => new Request(url, { cache: "no-cache" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(OURS) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// A calculator page, once its calculators are ready, asks for the rest of
// the runtime (both ways of starting it), so the next visit needs no network,
// and then for the unpacked copies, made here, off the page's path.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "cache-runtime") {
    event.waitUntil(caches.open(CACHE).then(async (cache) => {
      for (const url of runtime) {
        if (!(await cache.match(url))) await cache.add(url).catch(() => {});
      }
      for (const [path, sha256] of Object.entries(UNPACKED)) {
        const url = full(path);
        if (!(await cache.match(url))) await keepUnpacked(cache, url, sha256).catch(() => {});
      }
    }));
  }
});

// A copy whose bytes differ from this build's is never kept: the next visit
// starts from the gzipped file, which it checks against runtime.json.
async function keepUnpacked(cache, url, sha256) {
  const packed = await cache.match(url + ".gz");
  if (!packed) return;
  const type = TYPES[url.split(".").pop()] || "application/octet-stream";
  const bytes = await new Response(packed.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  if ((await sha256Hex(bytes)) !== sha256) return;
  await cache.put(url, new Response(bytes, { headers: { "Content-Type": type } }));
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.hash = "";
  url.search = "";
  const href = url.href;
  if (!known.has(href)) return;
  const keep = (response) => event.waitUntil(caches.open(CACHE).then((c) => c.put(href, response)).catch(() => {}));
  event.respondWith(immutable.has(href) ? cacheFirst(request, href, keep) : networkFirst(request, href, keep));
});

// `keep(response)` stores a copy while the original streams to the page.
async function cacheFirst(request, href, keep) {
  const hit = await caches.match(href, { cacheName: CACHE });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") keep(response.clone());
  return response;
}

async function networkFirst(request, href, keep) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected) keep(response.clone());
    return response;
  } catch (offline) {
    const hit = await caches.match(href, { cacheName: CACHE });
    if (hit) return hit;
    throw offline;
  }
}
