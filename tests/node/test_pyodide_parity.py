"""The calculators give identical JSON under CPython and under Pyodide.

Pyodide runs in Node.js from node_modules (offline) and loads what a built
site serves: its lock, the calculators wheel (sha256-checked) and the
edition's data JSON; each case goes through calculators.worker as in the
browser. CPython runs the same Worker over data/ loaded with the loader, as
the build's prerendering does, so the data's JSON round trip is covered too.
"""

from __future__ import annotations

import json
import random
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
RUNNER = ROOT / "tests" / "node" / "run_cases.mjs"
PUBLIC_CALCULATORS = tuple(c.name for c in registry.declarations("public"))


def shared_cases() -> list[dict]:
    return json.loads(CASES.read_text(encoding="utf-8"))["cases"]


def generated_cases(count: int = 60, seed: int = 4) -> list[dict]:
    """Random but repeatable inputs, valid and not, for every calculator's fields."""
    rng = random.Random(seed)
    playbook = load_data_dir(DATA, "internal")
    pools = {
        "number": lambda: rng.choice(["0", "0.5", "1", "7.5", "10", "12", "40", "75.25", "2,500", "-3", "1e3",
                                      "99999999", "", " 8 ", "x", str(rng.randint(0, 500000)),
                                      f"{rng.uniform(0, 1000):.2f}"]),
        "choice": lambda: rng.choice(["GBP", "usd", "EUR", "", "JPY"]),
        "flag": lambda: rng.choice(["1", "0", "true", "off", "", "maybe"]),
        "text": lambda: rng.choice(["£38M", "60k", "420", "~450", "2.000", "TBC", "", "x", "GBP:USD=1.27",
                                    "EUR:GBP=0.85, GBP:USD=1.3", "GBP:USD=0", str(rng.randint(0, 500000))]),
    }
    cases = []
    for i in range(count):
        name = registry.CALCULATORS[i % len(registry.CALCULATORS)]
        fields = registry.fields(name, playbook)
        chosen = rng.sample(fields, k=rng.randint(1, len(fields)))
        cases.append({"name": f"generated {i}", "calculator": name,
                      "params": {f.name: pools[f.kind]() for f in chosen}})
    return cases


def run_in_node(site: Path, cases: list[dict], tmp_path: Path) -> dict:
    if shutil.which("node") is None:
        pytest.fail("node is not installed: run make setup")
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps({"cases": cases}), encoding="utf-8")
    done = subprocess.run(["node", str(RUNNER), str(site), str(cases_file)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def run_in_cpython(cases: list[dict], edition: str) -> list[str]:
    worker = Worker(load_data_dir(DATA, edition))
    return [worker.handle(json.dumps({"type": "run", "id": i, "calculator": c["calculator"], "params": c["params"]}))
            for i, c in enumerate(cases)]


def assert_identical(cases, node_results, cpython_results):
    assert len(node_results) == len(cpython_results) == len(cases)
    different = [c["name"] for c, a, b in zip(cases, node_results, cpython_results) if a != b]
    assert different == [], f"Pyodide and CPython differ on: {different}"


def test_the_shared_cases_cover_every_calculator_valid_and_invalid():
    cases = shared_cases()
    playbook = load_data_dir(DATA, "internal")
    for name in registry.CALCULATORS:
        outcomes = {registry.run(name, c["params"], playbook)["ok"] for c in cases if c["calculator"] == name}
        assert outcomes == {True, False}, f"{name}: the cases need both valid and invalid inputs"


def test_internal_edition_gives_identical_json_in_pyodide_and_cpython(internal_site, tmp_path):
    cases = shared_cases() + generated_cases()
    out = run_in_node(internal_site, cases, tmp_path)
    assert out["edition"] == "internal"
    assert_identical(cases, out["results"], run_in_cpython(cases, "internal"))


@pytest.fixture(scope="module")
def public_in_node(public_site, tmp_path_factory):
    """One start of Pyodide in Node.js over the public edition: the cases of its calculators, then one
    case of the internal scoring calculator. Returns those cases and the run's output."""
    cases = [c for c in shared_cases() + generated_cases() if c["calculator"] in PUBLIC_CALCULATORS]
    scoring = {"name": "scoring", "calculator": "scoring", "params": {}}
    return cases, run_in_node(public_site, cases + [scoring], tmp_path_factory.mktemp("public-in-node"))


def test_public_edition_gives_identical_json_for_its_calculators(public_in_node):
    cases, out = public_in_node
    assert out["edition"] == "public"
    assert_identical(cases, out["results"][:-1], run_in_cpython(cases, "public"))


def test_public_edition_has_no_scoring_calculator_in_the_browser(public_in_node):
    _, out = public_in_node
    result = json.loads(out["results"][-1])["result"]
    assert result["ok"] is False
    assert result["errors"][0]["field"] == "calculator"

