"""The standard library the calculators use, trimmed from Pyodide's at build time; runtime.py ships it.

Pyodide's python_stdlib.zip is 2.5 MB, most of it modules the calculators
never import. `ship_trimmed` writes beside runtime.json a zip of only the
files they use: what scripts/make_snapshot.mjs (`stdlib`) finds imported in
Pyodide once the package is imported, every calculator case has run and
every standard module the wheel's modules name is imported, with the
whole `encodings` package (codecs are looked up by name, from data). It is
then checked as the snapshot is: a plain start on the trimmed library
alone runs every case (tests/cases/calculator_cases.json) and must answer
as CPython does, or the full library is shipped instead.

The browser starts on it (plain start) and the snapshot is made on it;
docs/assets/js/pyodide-start.js falls back to the full library, read once,
if a module the full library holds (runtime.json's stdlib_full) is ever
missing from it. Cached in .cache/stdlib/ by a hash of
its inputs (the snapshot's inputs, the cases and this file).
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Optional

from . import build_cache, snapshot

EPOCH = (1980, 1, 1, 0, 0, 0)
"""Every entry's date: the same files make the same zip."""
WHOLE_PACKAGES = ("encodings",)

log = logging.getLogger("playbook.stdlib")


def named_modules(modules: list[Path]) -> list[str]:
    """Every standard-library module the wheel's modules import, anywhere in them."""
    names = set()
    for source in modules:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module)
    return sorted(n for n in names if n.split(".")[0] in sys.stdlib_module_names)


def trimmed_zip(full: Path, used: list[str], out: Path) -> None:
    """`out`: the entries of `full` that `used` names, their packages' folders, and WHOLE_PACKAGES."""
    wanted = set(used)
    with zipfile.ZipFile(full) as source:
        names = source.namelist()
        for name in used:
            parts = name.split("/")[:-1]
            wanted.update("/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1))
        wanted.update(n for n in names if n.split("/")[0] in WHOLE_PACKAGES)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as trimmed:
            for name in sorted(n for n in names if n in wanted):
                info = zipfile.ZipInfo(name, EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = source.getinfo(name).external_attr
                trimmed.writestr(info, source.read(name))


def _key(root: Path, pyodide_dir: Path, calculators_dir: Path) -> str:
    digest = hashlib.sha256(snapshot.cache_key(root, pyodide_dir, calculators_dir).encode())
    for path in (root / snapshot.CASES, Path(__file__)):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:20]


def make(root: Path, pyodide_dir: Path, calculators_dir: Path, edition: str,
         modules: list[Path]) -> tuple[Optional[Path], str]:
    """The edition's checked, trimmed standard library (cached), or None and why not."""
    cache = root / ".cache" / "stdlib"
    try:
        entry = cache / f"{edition}-{_key(root, pyodide_dir, calculators_dir)}.zip"
    except (OSError, KeyError, ValueError) as error:
        return None, f"its inputs are unreadable: {error}"
    with build_cache.making(entry):
        return _cached_or_made(root, pyodide_dir, calculators_dir, edition, modules, entry)


def _cached_or_made(root: Path, pyodide_dir: Path, calculators_dir: Path, edition: str, modules: list[Path],
                    entry: Path) -> tuple[Optional[Path], str]:
    failed = entry.with_suffix(".failed")
    if entry.exists():
        return entry, "cached"
    if failed.exists():
        return None, failed.read_text(encoding="utf-8")
    cases = snapshot.edition_cases(root, edition)
    with tempfile.TemporaryDirectory(prefix="stdlib-", dir=entry.parent) as work:
        work = Path(work)
        (work / "cases.json").write_text(json.dumps({"cases": cases}), encoding="utf-8")
        (work / "modules.json").write_text(json.dumps({"modules": named_modules(modules)}), encoding="utf-8")
        done = snapshot.node(root, "stdlib", str(calculators_dir), str(work / "cases.json"), str(work / "modules.json"))
        if done.returncode != 0:
            reason = f"finding what the calculators import failed: {snapshot.tail(done)}"
        else:
            trimmed_zip(pyodide_dir / "python_stdlib.zip", json.loads(done.stdout)["files"], work / "stdlib.zip")
            reason = snapshot.compare(root, calculators_dir, cases,
                                      snapshot.node(root, "cases", str(calculators_dir), str(work / "stdlib.zip"),
                                                    str(work / "cases.json")))
        if reason:
            failed.write_text(reason, encoding="utf-8")
            return None, reason
        (work / "stdlib.zip").replace(entry)
    build_cache.prune(entry.parent, f"{edition}-*.zip", keep=entry)
    return entry, "made and checked"


def ship_trimmed(root: Path, pyodide_dir: Path, calculators_dir: Path, edition: str, modules: list[Path]) -> dict:
    """Put the trimmed library beside runtime.json (named by its content) and return runtime.json's
    entries for it; without one, log why and return {} (the full library is used)."""
    made, how = make(root, pyodide_dir, calculators_dir, edition, modules)
    if made is None:
        log.warning("WARNING -  trimmed standard library not used (%s): the full one is shipped", how)
        return {}
    data = made.read_bytes()
    name = f"stdlib.{hashlib.sha256(data).hexdigest()[:16]}.zip"
    (calculators_dir / name).write_bytes(data)
    logging.getLogger("mkdocs.plugins.playbook.stdlib").info(
        "trimmed standard library %s: %.2f MB instead of %.2f MB (%s)", name, len(data) / 1e6,
        (pyodide_dir / "python_stdlib.zip").stat().st_size / 1e6, how)
    return {"stdlib": name, "stdlib_bytes": len(data), "stdlib_full": top_level_names(pyodide_dir / "python_stdlib.zip")}


def top_level_names(library: Path) -> list[str]:
    """The top-level modules and packages a standard-library zip holds: what the full library's
    fallback may be asked for (a module no Pyodide has, such as pwd, is not)."""
    with zipfile.ZipFile(library) as source:
        return sorted({name.split("/")[0].removesuffix(".py") for name in source.namelist()})
