"""The calculators' browser runtime, served by the site itself.

After the build, site/assets/ holds:

- pyodide/<hash>/: Pyodide's runtime, copied from node_modules/pyodide (no CDN),
  in a folder named by its content, its WebAssembly and JavaScript gzipped too;
- calculators/runtime.json: what the worker loads, fetched fresh each visit;
- calculators/pyodide-lock.<hash>.json, <hash>/<wheel>, playbook.<hash>.json:
  the site's lock, the calculators wheel and the edition's data, named by
  content so a browser cache never mixes two builds;
- calculators/stdlib.<hash>.zip: the standard library the calculators use
  (stdlib.py), checked at build time; not made under `mkdocs serve`;
- calculators/snapshot.<hash>.bin.gz: the start-up snapshot (snapshot.py),
  made on that library and verified at build time; not made under `mkdocs serve`;
- calculators/worker.<hash>/: the calculator worker's scripts (WORKER_SCRIPTS,
  moved there from assets/js/), named by their content like the rest, so the
  service worker serves them from its cache first on a repeat visit without
  ever mixing two builds' scripts. Every page names the worker's URL in a
  meta tag (overrides/main.html, from config.extra.calculator_worker).

The wheel and lock are cached in .cache/runtime/ by a hash of their inputs (build_cache.py),
so `mkdocs serve` rebuilds stay fast. The work is in browser_wheel.py.

Pages with a calculator form are marked (page.meta.calculator_page) so that
overrides/main.html starts their worker from the head.

The build also fails here, with one line, when a calculator's declaration
disagrees with its data (calculators.registry.check), when a calculator of
the edition has no page with its form, or when a page names a calculator
that does not exist or is not in the edition.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from calculators import registry

from . import browser_wheel, build_cache, build_data, snapshot, stdlib

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK_CLI = Path(".venv-lock/bin/pyodide")
PYODIDE_DIR = Path("node_modules/pyodide")
WORKER_SCRIPTS = ("calculator-worker.js", "pyodide-start.js")  # in docs/assets/js/; the first is the worker


def _root(config) -> Path:
    return build_data.root(config)


def _short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def on_config(config):
    root = _root(config)
    for needed in [PYODIDE_DIR / name for name in PYODIDE_FILES] + [PYODIDE_DIR / "pyodide-lock.json", LOCK_CLI]:
        if not (root / needed).exists():
            raise PluginError(f"{needed} is missing: run make setup")
    unlisted = unlisted_calculators(root / browser_wheel.PACKAGE)
    if unlisted:
        raise PluginError(f"calculators/{unlisted[0]}.py declares a calculator that registry.MODULES does not list: "
                          f"add {unlisted[0]!r} there")
    try:
        registry.check(build_data.playbook(config), build_data.edition(config))
    except registry.DeclarationError as error:
        raise PluginError(str(error)) from None
    config.extra["calculator_worker"] = f"assets/calculators/{worker_folder(config)}/{WORKER_SCRIPTS[0]}"
    return config


def worker_folder(config) -> str:
    """The worker scripts' folder under assets/calculators/, named by their content."""
    scripts = Path(config.docs_dir) / "assets" / "js"
    digest = hashlib.sha256()
    for name in WORKER_SCRIPTS:
        digest.update(name.encode() + b"\0" + (scripts / name).read_bytes())
    return f"worker.{digest.hexdigest()[:16]}"


DECLARED = re.compile(r"^CALCULATOR\s*[:=]", re.M)


def unlisted_calculators(package_dir: Path) -> list[str]:
    """Modules of the package that declare a calculator the registry does not list."""
    return sorted(p.stem for p in package_dir.glob("*.py")
                  if p.stem not in registry.names() and DECLARED.search(p.read_text(encoding="utf-8")))


FORM_CALL = re.compile(r"""calculator_form\(\s*["']([^"']*)["']""")
"""A page's form of a calculator: {{ calculator_form("economics") }}."""


def on_files(files, config):
    """Every calculator of the edition has a page with its form; every form names one of them."""
    edition = build_data.edition(config)
    wanted = {c.name: c for c in registry.declarations(edition)}
    every = {c.name: c for c in registry.declarations()}
    shown = set()
    for file in files.documentation_pages():
        for name in FORM_CALL.findall(file.content_string):
            where = f"docs/{file.src_uri}"
            if name not in every:
                raise PluginError(f"{where}: calculator_form({name!r}): unknown calculator; "
                                  f"expected one of {', '.join(every)}")
            if name not in wanted:
                raise PluginError(f"{where}: calculator_form({name!r}): the {name} calculator is "
                                  f"{every[name].edition}, so the {edition} edition has no such form")
            shown.add(name)
    missing = sorted(set(wanted) - shown)
    if missing:
        raise PluginError(f"calculator {missing[0]!r} has no page: add a page with "
                          f"{{{{ calculator_form(\"{missing[0]}\") }}}} to docs/ and to nav in mkdocs.yml")
    return files


CALCULATOR_FORM = re.compile(r"<form\b[^>]*\bdata-(?:calculator|batch)\b")
"""A form that starts the calculators (calculators.js and offline.js look for the same)."""


def on_page_content(html, page, config, files):
    """Mark pages with a calculator form: overrides/main.html starts their worker from the head."""
    if CALCULATOR_FORM.search(html):
        page.meta["calculator_page"] = True
    return html


def cached_wheel_and_lock(root: Path, edition: str) -> tuple[Path, dict]:
    """The edition's wheel and site lock, built once per distinct input."""
    try:
        modules = browser_wheel.browser_modules(root / browser_wheel.PACKAGE, edition)
    except browser_wheel.WheelError as error:
        raise PluginError(str(error)) from None
    version = browser_wheel.project_version(root)
    pyodide_lock = root / PYODIDE_DIR / "pyodide-lock.json"
    key = browser_wheel.source_digest(
        modules, edition.encode(), version.encode(), pyodide_lock.read_bytes(),
        Path(browser_wheel.__file__).read_bytes())
    entry = root / ".cache" / "runtime" / f"{edition}-{key[:20]}"
    with build_cache.making(entry):
        if not (entry / "lock.json").exists():
            work = Path(tempfile.mkdtemp(prefix=f".tmp-{edition}-", dir=entry.parent))
            try:
                wheel = browser_wheel.build_wheel(modules, version, work)
                folder = _short_hash(wheel.read_bytes())
                lock = browser_wheel.site_lock(wheel, pyodide_lock, root / LOCK_CLI, f"{folder}/{wheel.name}")
                (work / "lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True), encoding="utf-8")
                work.rename(entry)
                build_cache.prune(entry.parent, f"{edition}-*", keep=entry)
            except browser_wheel.WheelError as error:
                shutil.rmtree(work, ignore_errors=True)
                raise PluginError(str(error)) from None
    lock = json.loads((entry / "lock.json").read_text(encoding="utf-8"))
    wheel = entry / lock["packages"][browser_wheel.DIST_NAME]["file_name"].split("/")[-1]
    return wheel, lock


def on_post_build(config, quick_start: bool, data_bytes: bytes):
    """Write the runtime; `data_bytes` is the edition's playbook as JSON (build_data.data_json); with
    `quick_start`, the trimmed standard library and the start-up snapshot too."""
    root, edition = _root(config), build_data.edition(config)
    assets = Path(config.site_dir) / "assets"

    pyodide = snapshot.ship_pyodide(root, root / PYODIDE_DIR, PYODIDE_FILES, assets)

    out = assets / "calculators"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    wheel, lock = cached_wheel_and_lock(root, edition)
    wheel_path = out / lock["packages"][browser_wheel.DIST_NAME]["file_name"]
    wheel_path.parent.mkdir(parents=True)
    shutil.copyfile(wheel, wheel_path)
    lock_bytes = json.dumps(lock, sort_keys=True, separators=(",", ":")).encode("utf-8")
    manifest = {
        "edition": edition,
        "package": browser_wheel.DIST_NAME,
        "lock": f"pyodide-lock.{_short_hash(lock_bytes)}.json",
        "data": f"playbook.{_short_hash(data_bytes)}.json",
        **pyodide,
    }
    (out / manifest["lock"]).write_bytes(lock_bytes)
    (out / manifest["data"]).write_bytes(data_bytes)
    scripts = Path(config.site_dir) / Path(config.extra["calculator_worker"]).parent  # the folder the pages name
    scripts.mkdir()
    for name in WORKER_SCRIPTS:
        shutil.move(assets / "js" / name, scripts / name)
    (out / "runtime.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    if quick_start:  # the trimmed standard library (stdlib.py) and the start-up snapshot made on it
        # (snapshot.py): not remade on every `mkdocs serve` edit
        modules = browser_wheel.browser_modules(root / browser_wheel.PACKAGE, edition)
        manifest.update(stdlib.ship_trimmed(root, root / PYODIDE_DIR, out, edition, modules))
        (out / "runtime.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        manifest.update(snapshot.ship_snapshot(root, root / PYODIDE_DIR, out, edition))
        (out / "runtime.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")

