"""The start-up snapshot (playbook_plugin/snapshot.py, scripts/make_snapshot.mjs) is made by
the build, restores in Node.js and answers the shared calculator cases exactly
as CPython does; when it cannot be made, the build says why and the site
starts the plain way.

Restoring here is independent of the build's own check: the snapshot the site
serves is unpacked and run by a fresh Node.js process, and CPython reads data/
with the loader (not the build's JSON).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest

from calculators import registry
from calculators.loader import load_data_dir
from calculators.worker import Worker
from conftest import DATA, ROOT

pytestmark = pytest.mark.node

CASES = ROOT / "tests" / "cases" / "calculator_cases.json"
SCRIPT = ROOT / "scripts" / "make_snapshot.mjs"


def snapshot_hook():
    from playbook_plugin import snapshot
    return snapshot


def manifest(site: Path) -> dict:
    return json.loads((site / "assets/calculators/runtime.json").read_text(encoding="utf-8"))


def edition_cases(edition: str) -> list[dict]:
    names = {c.name for c in registry.declarations(edition)}
    return [c for c in json.loads(CASES.read_text(encoding="utf-8"))["cases"] if c["calculator"] in names]


def test_a_packed_snapshot_holds_only_the_non_zero_pages_and_unpacks_to_the_same_memory():
    hook = snapshot_hook()
    page = hook.PAGE
    memory = bytearray(10 * page + 100)  # a partial last page too
    memory[5] = 1
    memory[3 * page + 7] = 2
    memory[4 * page] = 3  # pages 3 and 4: one range
    memory[-1] = 4
    packed = hook.pack(bytes(memory))
    ranges = 3
    assert len(packed) == 8 + 8 * ranges + 3 * page + 100
    assert hook.unpack(packed, len(memory)) == bytes(memory)
    assert hook.unpack(hook.pack(bytes(len(memory))), len(memory)) == bytes(len(memory))
    with pytest.raises(ValueError):
        hook.unpack(packed[:-1], len(memory))


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_the_served_snapshot_restores_and_answers_as_cpython(edition, internal_site, public_site, tmp_path):
    site = internal_site if edition == "internal" else public_site
    entry = manifest(site)["snapshot"]
    packed = (site / "assets/calculators" / entry["file"]).read_bytes()
    assert hashlib.sha256(packed).hexdigest() == entry["sha256"]
    assert hashlib.sha256(packed).hexdigest()[:16] in entry["file"], "named by its content"
    assert len(packed) == entry["bytes"]
    raw = tmp_path / "snapshot.bin"
    raw.write_bytes(snapshot_hook().unpack(gzip.decompress(packed), entry["size"]))
    cases = edition_cases(edition)
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps({"cases": cases}), encoding="utf-8")
    done = subprocess.run(["node", str(SCRIPT), "check", str(site / "assets/calculators"), str(raw), str(cases_file)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["edition"] == edition
    worker = Worker(load_data_dir(DATA, edition))
    want = [worker.handle(json.dumps({"type": "run", "id": i, "calculator": c["calculator"], "params": c["params"]}))
            for i, c in enumerate(cases)]
    assert len(out["results"]) == len(want) == len(cases) > 0
    different = [c["name"] for c, a, b in zip(cases, out["results"], want) if json.loads(a) != json.loads(b)]
    assert different == [], f"the restored snapshot and CPython differ on: {different}"


def test_a_wheel_other_than_the_locked_one_makes_no_snapshot_and_the_build_says_why(public_site, tmp_path, caplog):
    hook = snapshot_hook()
    calculators = tmp_path / "calculators"
    shutil.copytree(public_site / "assets/calculators", calculators)
    lock = json.loads((calculators / manifest(public_site)["lock"]).read_text(encoding="utf-8"))
    wheel = calculators / lock["packages"][manifest(public_site)["package"]]["file_name"]
    wheel.write_bytes(wheel.read_bytes() + b"\0")
    for served in calculators.glob("snapshot.*"):
        served.unlink()
    with caplog.at_level(logging.WARNING, logger="playbook.snapshot"):
        entry = hook.ship_snapshot(ROOT, ROOT / "node_modules/pyodide", calculators, "public", cache=tmp_path / "cache")
    assert entry == {}
    assert not list(calculators.glob("snapshot.*"))
    [line] = [r.getMessage() for r in caplog.records if r.name == "playbook.snapshot"]
    assert "sha256" in line and "plain way" in line


def test_a_snapshot_that_answers_differently_is_refused(public_site, tmp_path, monkeypatch):
    hook = snapshot_hook()
    calculators = tmp_path / "calculators"
    shutil.copytree(public_site / "assets/calculators", calculators)
    # CPython answers from other data than the snapshot was made with.
    real = hook.cpython_results
    monkeypatch.setattr(hook, "cpython_results", lambda data, cases: [r.replace("1", "2") for r in real(data, cases)])
    made, why = hook.make(ROOT, ROOT / "node_modules/pyodide", calculators, "public", cache=tmp_path / "cache")
    assert made is None
    assert why.startswith("restored, it answers differently from CPython on:")
    # The failure is remembered for these inputs: the next build does not try again.
    again, why_again = hook.make(ROOT, ROOT / "node_modules/pyodide", calculators, "public", cache=tmp_path / "cache")
    assert again is None and why_again == why
