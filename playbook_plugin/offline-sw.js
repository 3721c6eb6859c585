// The site's service worker (offline.py writes it to the site's root as
// sw.js, with this build's file lists above this line): the pages and their
// assets, and once a calculator has started its runtime too (on the
// internal edition, KEEP_AHEAD, once any page has loaded on a good link),
// kept in one cache per build, so every page and calculator works with no
// network after one visit.
//
// A build is a new cache only when its files differ (VERSION is the build's
// identity, offline.py). A new one first carries over from the older
// cache every content-addressed file it still lists (copied, not fetched
// again: an unchanged runtime is never downloaded twice), each only if its
// bytes have the sha256 IMMUTABLE gives, then caches its pages, takes over
// and deletes the older cache. Open tabs of the older build find out on
// their next page (its meta playbook-build differs) and load it again
// (docs/assets/js/runtime.js), so no tab mixes two builds.
//
// No content-addressed file is kept unless its bytes have this build's
// sha256: a copy that fails is dropped and fetched again. The runtime's
// files already kept are checked again once per service worker, after a
// calculator is ready, and a bad copy is replaced.
//
// The runtime's gzipped files (Pyodide's WebAssembly, the snapshot) are kept
// unpacked too, each "X.gz" also as "X", once the runtime is kept: a repeat
// visit then reads them without unpacking them, and fetches the WebAssembly
// by its real URL, a response Chromium may keep compiled code for
// (docs/assets/js/pyodide-start.js).
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
const sha256Of = new Map(Object.entries(IMMUTABLE).map(([path, sha256]) => [full(path), sha256]));
const known = new Set([...shell, ...runtime, ...unpacked]);
const TYPES = { wasm: "application/wasm", mjs: "text/javascript" };
const checked = new Set(); // runtime files found good in the cache since this service worker started

self.addEventListener("install", (event) => {
  event.waitUntil(
    opened
      .then(async (cache) => {
        const keptRuntime = await carryOver(cache);
        const missing = [];
        for (const url of shell) if (!(sha256Of.has(url) && (await cache.match(url)))) missing.push(url);
        await cache.addAll(missing.map((url) => new Request(url, { cache: "no-cache" })));
        // The older build had kept the runtime: so does this one, before it takes
        // over, fetching only what changed, so the calculators stay offline.
        if (keptRuntime) await keepRuntime(cache);
      })
      .then(() => self.skipWaiting()),
  );
});

// Every content-addressed file this build lists that an older build's cache
// holds with the right bytes, copied into this build's cache; true when the
// older cache held a runtime.
async function carryOver(cache) {
  let keptRuntime = false;
  for (const name of await caches.keys()) {
    if (!name.startsWith(OURS) || name === CACHE) continue;
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      keptRuntime ||= RUNTIME_PATH.test(new URL(request.url).pathname);
      if (!sha256Of.has(request.url) || (await cache.match(request.url))) continue;
      const response = await old.match(request);
      if (response) await keepChecked(cache, request.url, response).catch(() => {});
    }
  }
  return keptRuntime;
}
const RUNTIME_PATH = /\/assets\/pyodide\//;

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(OURS) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// A calculator page, once its calculators are ready, asks for the rest of
// the runtime (both ways of starting it), so the next visit needs no network,
// and then for the unpacked copies, made here, off the page's path. On the
// internal edition any page asks, once it has loaded on a good link ("ahead").
self.addEventListener("message", (event) => {
  const { type, ahead } = event.data || {};
  if (type !== "cache-runtime" || (ahead && !KEEP_AHEAD)) return;
  event.waitUntil(ourCache().then((cache) => cache && keepRuntime(cache)));
});

// This build's cache, opened once when this service worker starts: once a
// newer build's service worker has deleted it, what this one still keeps
// goes nowhere (opening it by name again would make it again, left behind).
const opened = caches.open(CACHE);
function ourCache() {
  return opened;
}

async function keepRuntime(cache) {
  for (const url of runtime) {
    if (await good(cache, url)) continue;
    await fetch(url, { cache: "no-cache" }).then((response) => keepChecked(cache, url, response)).catch(() => {});
  }
  for (const [path, sha256] of Object.entries(UNPACKED)) {
    const url = full(path);
    if (!(await good(cache, url))) await keepUnpacked(cache, url, sha256).catch(() => {});
  }
}

// Whether the cache holds `url` with this build's bytes; a bad copy is dropped.
async function good(cache, url) {
  const hit = await cache.match(url);
  if (!hit) return false;
  if (!sha256Of.has(url) || checked.has(url)) return true;
  if ((await sha256Hex(await hit.arrayBuffer())) === sha256Of.get(url)) {
    checked.add(url);
    return true;
  }
  await cache.delete(url);
  return false;
}

// Keeps `response` for `url` when it is whole and, for a content-addressed
// file, has this build's sha256; anything else is not kept.
async function keepChecked(cache, url, response) {
  if (!response.ok) return;
  if (!sha256Of.has(url)) return cache.put(url, response);
  const bytes = await response.arrayBuffer();
  if ((await sha256Hex(bytes)) !== sha256Of.get(url)) return;
  checked.add(url);
  await cache.put(url, new Response(bytes, { headers: response.headers }));
}

// A copy whose bytes differ from this build's is never kept: the next visit
// starts from the gzipped file, which it checks against runtime.json.
async function keepUnpacked(cache, url, sha256) {
  const packed = await cache.match(url + ".gz");
  if (!packed) return;
  const type = TYPES[url.split(".").pop()] || "application/octet-stream";
  const bytes = await new Response(packed.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  if ((await sha256Hex(bytes)) !== sha256) return;
  checked.add(url);
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
  const keep = (response) => event.waitUntil(ourCache().then((c) => c && keepChecked(c, href, response)).catch(() => {}));
  event.respondWith(sha256Of.has(href) ? cacheFirst(request, href, keep) : networkFirst(request, href, keep));
});

// `keep(response)` stores a copy while the original streams to the page.
async function cacheFirst(request, href, keep) {
  const hit = await caches.match(href, { cacheName: CACHE });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") keep(response.clone());
  return response;
}

// Revalidated with the server each time (a 304 when unchanged), never taken
// fresh from the HTTP cache: a page of the site's newest build, not an older one.
async function networkFirst(request, href, keep) {
  try {
    const response = await fetch(href, { cache: "no-cache" });
    if (response.ok && response.type === "basic" && !response.redirected) keep(response.clone());
    return response;
  } catch (offline) {
    const hit = await caches.match(href, { cacheName: CACHE });
    if (hit) return hit;
    throw offline;
  }
}
