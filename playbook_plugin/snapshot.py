"""The calculators' start-up snapshot, made at build time; runtime.py ships it.

scripts/make_snapshot.mjs, in Node.js, starts the pinned Pyodide, loads the
calculators wheel (checked against the site lock's sha256), imports the whole
package and makes the Worker from the edition's data, then saves Pyodide's
memory. A browser restoring it skips Python's start-up and every import.

Shipped packed (`pack`): about half of that memory is zero pages, which a
browser's fresh buffer already is, so the file holds a table of the
non-zero ranges and their bytes, gzipped; the worker unpacks it into a
zeroed buffer (docs/assets/js/pyodide-start.js), unpacking and copying half
as much.

`make(...)` returns the gzipped, packed snapshot, cached in .cache/snapshot/ by a hash
of everything it is made from (Pyodide's files, the script, the lock, the
wheel and the data), and verified once, when made, by restoring it in a fresh
Node.js process and running the shared calculator cases
(tests/cases/calculator_cases.json) against CPython's Worker over the same
data. When it cannot be made or verified it returns None with the reason: the
caller logs it and the site starts the plain way.

Pyodide's snapshot options are private to one Pyodide build; the cache key
holds that build's files, so a Pyodide upgrade makes a new snapshot or, if the
new Pyodide cannot, a build log line and the plain start.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from calculators import registry
from calculators.worker import Worker

from . import build_cache

SCRIPT = Path("scripts/make_snapshot.mjs")
CASES = Path("tests/cases/calculator_cases.json")
PYODIDE_INPUTS = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
TIMEOUT_S = 300


@dataclass(frozen=True)
class Snapshot:
    """A verified snapshot: its packed form gzipped in `path`; `raw_size`, the bytes of memory it restores."""

    path: Path
    raw_size: int


PAGE = 4096
MAGIC = b"ALPS"


def pack(memory: bytes) -> bytes:
    """Python's memory as shipped: MAGIC, the number of non-zero ranges (whole pages), each
    range's offset and length (little-endian 32-bit), then the ranges' bytes one after another."""
    ranges: list[list[int]] = []
    for start in range(0, len(memory), PAGE):
        page = memory[start:start + PAGE]
        if page == bytes(len(page)):
            continue
        if ranges and sum(ranges[-1]) == start:
            ranges[-1][1] += len(page)
        else:
            ranges.append([start, len(page)])
    table = struct.pack(f"<4sI{2 * len(ranges)}I", MAGIC, len(ranges), *(n for r in ranges for n in r))
    return table + b"".join(memory[offset:offset + length] for offset, length in ranges)


def unpack(packed: bytes, size: int) -> bytes:
    """The `size` bytes of memory `pack` packed: the ranges in place, zero elsewhere."""
    magic, count = struct.unpack_from("<4sI", packed)
    if magic != MAGIC:
        raise ValueError("not a packed snapshot")
    memory = bytearray(size)
    at = 8 + 8 * count
    for i in range(count):
        offset, length = struct.unpack_from("<II", packed, 8 + 8 * i)
        memory[offset:offset + length] = packed[at:at + length]
        at += length
    if at != len(packed) or len(memory) != size:
        raise ValueError("the packed snapshot's table does not match its bytes")
    return bytes(memory)


def cache_key(root: Path, pyodide_dir: Path, calculators_dir: Path) -> str:
    """A hash of every input of the snapshot."""
    manifest = json.loads((calculators_dir / "runtime.json").read_text(encoding="utf-8"))
    lock = json.loads((calculators_dir / manifest["lock"]).read_text(encoding="utf-8"))
    wheel = calculators_dir / lock["packages"][manifest["package"]]["file_name"]
    digest = hashlib.sha256()
    stdlib = [calculators_dir / manifest["stdlib"]] if "stdlib" in manifest else []  # what it is made on
    for path in [*(pyodide_dir / n for n in PYODIDE_INPUTS), root / SCRIPT, Path(__file__),
                 calculators_dir / manifest["lock"], wheel, calculators_dir / manifest["data"], *stdlib]:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def edition_cases(root: Path, edition: str) -> list[dict]:
    """The shared cases of the edition's calculators."""
    names = {c.name for c in registry.declarations(edition)}
    cases = json.loads((root / CASES).read_text(encoding="utf-8"))["cases"]
    return [c for c in cases if c["calculator"] in names]


def cpython_results(data_json: str, cases: list[dict]) -> list[str]:
    worker = Worker.from_json(data_json)
    return [worker.handle(json.dumps({"type": "run", "id": i, "calculator": c["calculator"], "params": c["params"]}))
            for i, c in enumerate(cases)]


def node(root: Path, *args: str) -> subprocess.CompletedProcess:
    """scripts/make_snapshot.mjs run with `args`, in Node.js."""
    return subprocess.run(["node", str(root / SCRIPT), *args], cwd=root, capture_output=True, text=True,
                          timeout=TIMEOUT_S)


def tail(done: subprocess.CompletedProcess) -> str:
    """The error's own line in Node's output (its last line is Node's version)."""
    lines = [line.strip() for line in (done.stderr or done.stdout or "").splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^[A-Za-z]*Error\b", line)]
    return (errors or lines or [f"exit status {done.returncode}"])[-1][:300]


def compare(root: Path, calculators_dir: Path, cases: list[dict], done: subprocess.CompletedProcess,
            ran: str = "run") -> Optional[str]:
    """None when Node's run of `cases` (make_snapshot.mjs check or cases) answered them as CPython
    does over the same data; else what differs."""
    if done.returncode != 0:
        return f"{ran}, it failed: {tail(done)}"
    manifest = json.loads((calculators_dir / "runtime.json").read_text(encoding="utf-8"))
    got = json.loads(done.stdout)["results"]
    want = cpython_results((calculators_dir / manifest["data"]).read_text(encoding="utf-8"), cases)
    # Compared as JSON values: the order of an object's keys may follow a set's (hash-seeded) order.
    different = [c["name"] for c, a, b in zip(cases, got, want) if json.loads(a) != json.loads(b)]
    if len(got) != len(want) or different:
        return f"{ran}, it answers differently from CPython on: {', '.join(different) or 'the number of cases'}"
    return None


def verify(root: Path, calculators_dir: Path, raw: Path, edition: str) -> Optional[str]:
    """None when the restored snapshot answers the cases as CPython does; else what differs."""
    cases = edition_cases(root, edition)
    with tempfile.TemporaryDirectory(prefix="snapshot-cases-") as work:
        cases_file = Path(work) / "cases.json"
        cases_file.write_text(json.dumps({"cases": cases}), encoding="utf-8")
        done = node(root, "check", str(calculators_dir), str(raw), str(cases_file))
    return compare(root, calculators_dir, cases, done, "restored")


def make(root: Path, pyodide_dir: Path, calculators_dir: Path, edition: str,
         cache: Optional[Path] = None) -> tuple[Optional[Snapshot], str]:
    """The edition's verified, gzipped snapshot (from the cache, root/.cache/snapshot unless given,
    when it has one), or None and why not."""
    if shutil.which("node") is None:
        return None, "node is not installed"
    try:
        key = cache_key(root, pyodide_dir, calculators_dir)
    except (OSError, KeyError, ValueError) as error:
        return None, f"its inputs are unreadable: {error}"
    cache = cache or root / ".cache" / "snapshot"
    entry = cache / f"{edition}-{key[:20]}.bin.gz"
    with build_cache.making(entry):
        return _cached_or_made(root, calculators_dir, edition, entry)


def _cached_or_made(root: Path, calculators_dir: Path, edition: str, entry: Path) -> tuple[Optional[Snapshot], str]:
    failed = entry.with_suffix(".failed")
    if entry.exists():
        return Snapshot(entry, int(entry.with_suffix(".size").read_text())), "cached"
    if failed.exists():  # the same inputs failed before: no retry on every rebuild
        return None, failed.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="snapshot-", dir=entry.parent) as work:
        raw = Path(work) / "snapshot.bin"
        try:
            done = node(root, "make", str(calculators_dir), str(raw))
            reason = None if done.returncode == 0 and raw.exists() else f"making it failed: {tail(done)}"
            reason = reason or verify(root, calculators_dir, raw, edition)
        except subprocess.TimeoutExpired:
            reason = f"Node.js took over {TIMEOUT_S} s"
        if reason:
            failed.write_text(reason, encoding="utf-8")
            return None, reason
        data = raw.read_bytes()
        packed = Path(work) / "snapshot.bin.gz"
        packed.write_bytes(gzip.compress(pack(data), compresslevel=6, mtime=0))  # the same input, the same bytes
        entry.with_suffix(".size").write_text(str(len(data)), encoding="utf-8")
        packed.replace(entry)
    build_cache.prune(entry.parent, f"{edition}-*.bin.gz", keep=entry, companions=(".size",))
    return Snapshot(entry, len(data)), "made and verified"


log = logging.getLogger("playbook.snapshot")  # not under "mkdocs": a fallback is a warning, not a failed build

GZIPPED = ("pyodide.asm.wasm", "pyodide.asm.mjs")
"""Pyodide's files also shipped gzipped (the worker unpacks them: a static host may not compress them)."""
DEFERRED_STDLIB = "python_stdlib.deferred.zip"
"""An empty zip: the standard library a restored snapshot starts with (the real one follows)."""


def ship_pyodide(root: Path, pyodide_dir: Path, files: tuple[str, ...], assets: Path) -> dict:
    """Copy Pyodide into assets/pyodide/<hash of its files>/ (so no two builds' Pyodide share a URL),
    with the gzipped copies and the empty stand-in zip; returns runtime.json's entries about it."""
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256((pyodide_dir / name).read_bytes()).digest())
    version = digest.hexdigest()[:16]
    folder = assets / "pyodide" / version
    shutil.rmtree(assets / "pyodide", ignore_errors=True)
    folder.mkdir(parents=True)
    for name in files:
        shutil.copyfile(pyodide_dir / name, folder / name)
    for name in GZIPPED:
        packed = root / ".cache" / "runtime" / f"pyodide-{version}-{name}.gz"
        with build_cache.making(packed):
            if not packed.exists():
                work = packed.with_suffix(".tmp")
                work.write_bytes(gzip.compress((pyodide_dir / name).read_bytes(), compresslevel=9, mtime=0))
                work.replace(packed)
        shutil.copyfile(packed, folder / f"{name}.gz")
    with zipfile.ZipFile(folder / DEFERRED_STDLIB, "w"):
        pass
    return {"pyodide": f"../pyodide/{version}/", "gzipped": list(GZIPPED), "deferred_stdlib": DEFERRED_STDLIB,
            "stdlib_bytes": (pyodide_dir / "python_stdlib.zip").stat().st_size}


def ship_snapshot(root: Path, pyodide_dir: Path, calculators_dir: Path, edition: str,
                  cache: Optional[Path] = None) -> dict:
    """Put the edition's verified snapshot beside runtime.json (named by its content) and return
    runtime.json's entry for it; without one, log why and return {} (the plain start)."""
    made, how = make(root, pyodide_dir, calculators_dir, edition, cache)
    if made is None:
        log.warning("WARNING -  start-up snapshot not used (%s): calculators start the plain way", how)
        return {}
    data = made.path.read_bytes()
    name = f"snapshot.{hashlib.sha256(data).hexdigest()[:16]}.bin.gz"
    (calculators_dir / name).write_bytes(data)
    logging.getLogger("mkdocs.plugins.playbook.snapshot").info("start-up snapshot %s: %.1f MB gzipped, %.1f MB restored (%s)",
             name, len(data) / 1e6, made.raw_size / 1e6, how)
    return {"snapshot": {"file": name, "bytes": len(data), "size": made.raw_size,
                         "sha256": hashlib.sha256(data).hexdigest()}}
