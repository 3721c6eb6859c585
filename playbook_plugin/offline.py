"""The build's identity and the service worker that keeps the site usable offline.

After every other part of the build has written its files:

- the build's identity (BUILD): a hash of what the site's files are, read
  the same way on any day (sitemap.xml's <lastmod> dates, the only thing a
  build of the same sources changes, are left out), is written into every
  page's head (meta playbook-build, in place of BUILD_PLACEHOLDER) and into
  assets/calculators/runtime.json ("build"), so the page's scripts can tell
  a page or a worker of another build (docs/assets/js/runtime.js);
- sw.js at the site's root (a service worker controls only the folder it is
  served from, and the site may live under a sub-path): offline-sw.js
  with this build's lists in front of it. Its VERSION is the build's
  identity, so an unchanged site keeps its service worker and cache.

The lists:

- SHELL: every page and the files pages load, cached when the worker installs
  (which assets/js/offline.js asks for only after the page has loaded and,
  on a calculator page, its calculators are ready);
- RUNTIME: Pyodide's files, the calculators' lock, wheel, data and snapshot,
  cached as a calculator page fetches them, and the rest of them once its
  calculators are ready (on the internal edition, KEEP_AHEAD, also after any
  page has loaded on a link that is neither metered nor slow); content pages
  never fetch them;
- UNPACKED: "X" for each gzipped runtime file "X.gz" (Pyodide's WebAssembly,
  the snapshot), with the sha256 of its unpacked bytes: once it has kept the
  runtime, the service worker also keeps X, unpacked from X.gz (never
  downloaded) and only if its bytes have that sha256, so a repeat visit
  unpacks and checks nothing (docs/assets/js/pyodide-start.js);
- IMMUTABLE: the content-addressed ones among all three, with the sha256 of
  each: served from the cache first, kept only when their bytes have it,
  and carried over from an older build's cache instead of downloaded again.

Left out: source maps, the search's other-language files, Pyodide's
uncompressed WebAssembly and JavaScript as downloads (the worker fetches the
gzipped ones; UNPACKED lists the copies made from them). Under
`mkdocs serve` sw.js instead unregisters itself and drops its caches, so a
preview is never served from a cache.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

from . import build_data

TEMPLATE = Path(__file__).with_name("offline-sw.js")
SERVING_SW = """// mkdocs serve: no offline copy; a service worker left by a built site goes away.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("playbook ")).map((n) => caches.delete(n))))
    .then(() => self.registration.unregister()));
});
"""

RUNTIME_FOLDERS = ("assets/pyodide/", "assets/calculators/")
LEFT_OUT = re.compile(r"(\.map$|^sw\.js$|^sitemap\.xml\.gz$|^assets/javascripts/lunr/|/pyodide\.asm\.(wasm|mjs)$)")
HASHED = re.compile(r"(^assets/pyodide/[0-9a-f]{16}/|\.[0-9a-f]{8,}\.(min\.)?(js|css|json|zip|bin\.gz)$|"
                    r"^assets/calculators/(worker\.)?[0-9a-f]{16}/)")

def url_of(path: str) -> str:
    """The URL a reader asks for: a folder's index.html is the folder."""
    if path == "index.html":
        return "./"
    return path[: -len("index.html")] if path.endswith("/index.html") else path


BUILD_PLACEHOLDER = "build-of-this-site"
"""What every page's meta playbook-build holds until the build's identity replaces it (overrides/main.html)."""
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def identity_bytes(path: str, content: bytes) -> bytes:
    """What a file is, for the build's identity: sitemap.xml without its build dates."""
    return LASTMOD.sub(b"", content) if path == "sitemap.xml" else content


def file_lists(site: Path) -> tuple[list[str], list[str], dict[str, str], dict[str, str], str]:
    """SHELL, RUNTIME, UNPACKED (URL: sha256 of the unpacked bytes) and IMMUTABLE (URL: sha256)
    (URLs relative to the site's root) and the build's identity."""
    shell, runtime, unpacked, immutable = [], [], {}, {}
    digest = hashlib.sha256(TEMPLATE.read_bytes())
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        path = file.relative_to(site).as_posix()
        if LEFT_OUT.search(path):
            continue
        url = url_of(path)
        content = file.read_bytes()
        sha256 = hashlib.sha256(content).hexdigest()
        digest.update(path.encode() + b"\0" + hashlib.sha256(identity_bytes(path, content)).digest())
        (runtime if path.startswith(RUNTIME_FOLDERS) else shell).append(url)
        if HASHED.search(path):
            immutable[url] = sha256
            if path.startswith(RUNTIME_FOLDERS) and path.endswith(".gz"):
                unpacked[url[: -len(".gz")]] = immutable[url[: -len(".gz")]] = \
                    hashlib.sha256(gzip.decompress(content)).hexdigest()
    return shell, runtime, unpacked, immutable, digest.hexdigest()[:16]


def service_worker(site: Path, keep_ahead: bool = False, lists=None) -> str:
    shell, runtime, unpacked, immutable, version = lists or file_lists(site)
    values = (("VERSION", version), ("KEEP_AHEAD", keep_ahead), ("SHELL", shell), ("RUNTIME", runtime),
              ("UNPACKED", unpacked), ("IMMUTABLE", immutable))
    lists_text = "".join(f"const {name} = {json.dumps(value, indent=0)};\n" for name, value in values)
    return f"// This build's files (playbook_plugin/offline.py).\n{lists_text}\n{TEMPLATE.read_text(encoding='utf-8')}"


def stamp(site: Path, build: str) -> None:
    """Write the build's identity into every page's head and into runtime.json."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        marked = text.replace(f'<meta name="playbook-build" content="{BUILD_PLACEHOLDER}">',
                              f'<meta name="playbook-build" content="{build}">', 1)
        if marked != text:
            page.write_text(marked, encoding="utf-8")
    manifest = site / "assets" / "calculators" / "runtime.json"
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        manifest.write_text(json.dumps({**data, "build": build}, indent=1), encoding="utf-8")


def on_config(config):
    config.extra["build_placeholder"] = BUILD_PLACEHOLDER
    return config


def on_post_build(config, serving: bool):
    site = Path(config.site_dir)
    lists = file_lists(site)
    stamp(site, lists[-1])
    keep_ahead = build_data.edition(config) == "internal"  # reps: offline after any page (assets/js/offline.js)
    text = SERVING_SW if serving else service_worker(site, keep_ahead, lists)
    (site / "sw.js").write_text(text, encoding="utf-8")
