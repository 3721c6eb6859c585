"""Build hook: the service worker that keeps the site usable offline.

After every other hook has written its files, writes sw.js at the site's root
(a service worker controls only the folder it is served from, and the site
may live under a sub-path): hooks/offline-sw.js with this build's lists in
front of it, so each build's sw.js differs and replaces the last one's cache.

- SHELL: every page and the files pages load, cached when the worker installs
  (which assets/js/offline.js asks for only after the page has loaded and,
  on a calculator page, its calculators are ready);
- RUNTIME: Pyodide's files, the calculators' lock, wheel, data and snapshot,
  cached as a calculator page fetches them, and the rest of them once its
  calculators are ready; content pages never fetch them;
- UNPACKED: "X" for each gzipped runtime file "X.gz" (Pyodide's WebAssembly,
  the snapshot), with the sha256 of its unpacked bytes: once it has kept the
  runtime, the service worker also keeps X, unpacked from X.gz (never
  downloaded) and only if its bytes have that sha256, so a repeat visit
  unpacks and checks nothing (docs/assets/js/pyodide-start.js);
- IMMUTABLE: the content-addressed ones among all three, served from the
  cache first; the rest come from the network first.

Left out: source maps, the search's other-language files, Pyodide's
uncompressed WebAssembly as a download (the worker fetches the gzipped one;
UNPACKED lists the copy made from it). Under
`mkdocs serve` sw.js instead unregisters itself and drops its caches, so a
preview is never served from a cache.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

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
LEFT_OUT = re.compile(r"(\.map$|^sw\.js$|^sitemap\.xml\.gz$|^assets/javascripts/lunr/|/pyodide\.asm\.wasm$)")
HASHED = re.compile(r"(^assets/pyodide/[0-9a-f]{16}/|\.[0-9a-f]{8,}\.(min\.)?(js|css|json|bin\.gz)$|"
                    r"^assets/calculators/(worker\.)?[0-9a-f]{16}/)")

_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def url_of(path: str) -> str:
    """The URL a reader asks for: a folder's index.html is the folder."""
    if path == "index.html":
        return "./"
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def file_lists(site: Path) -> tuple[list[str], list[str], dict[str, str], list[str], str]:
    """SHELL, RUNTIME, UNPACKED (URL: sha256 of the unpacked bytes) and IMMUTABLE (URLs relative
    to the site's root) and the build's version."""
    shell, runtime, unpacked, immutable = [], [], {}, []
    digest = hashlib.sha256()
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        path = file.relative_to(site).as_posix()
        if LEFT_OUT.search(path):
            continue
        url = url_of(path)
        content = file.read_bytes()
        digest.update(path.encode() + b"\0" + hashlib.sha256(content).digest())
        (runtime if path.startswith(RUNTIME_FOLDERS) else shell).append(url)
        if HASHED.search(path):
            immutable.append(url)
            if path.startswith(RUNTIME_FOLDERS) and path.endswith(".gz"):
                unpacked[url[: -len(".gz")]] = hashlib.sha256(gzip.decompress(content)).hexdigest()
                immutable.append(url[: -len(".gz")])
    return shell, runtime, unpacked, immutable, digest.hexdigest()[:16]


def service_worker(site: Path) -> str:
    shell, runtime, unpacked, immutable, version = file_lists(site)
    lists = "".join(f"const {name} = {json.dumps(value, indent=0)};\n" for name, value in
                    (("VERSION", version), ("SHELL", shell), ("RUNTIME", runtime), ("UNPACKED", unpacked),
                     ("IMMUTABLE", immutable)))
    return f"// This build's files (hooks/offline.py).\n{lists}\n{TEMPLATE.read_text(encoding='utf-8')}"


def on_post_build(config):
    site = Path(config.site_dir)
    text = SERVING_SW if _serving else service_worker(site)
    (site / "sw.js").write_text(text, encoding="utf-8")
