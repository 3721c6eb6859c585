"""CRM exports triage to identical JSON and ranked CSV under CPython and under
Pyodide (Node.js, offline, with the built internal site's wheel and data): the
Salesforce and HubSpot fixture exports, with and without inline scores."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from calculators import crm
from calculators.loader import load_data_dir, playbook_from_json, playbook_to_json
from conftest import DATA, ROOT

pytestmark = pytest.mark.node

EXPORTS = ROOT / "tests" / "fixtures" / "crm"
RUNNER = ROOT / "tests" / "node" / "run_triage.mjs"


def cases() -> list[dict]:
    sf = (EXPORTS / "salesforce-accounts.csv").read_bytes().decode("utf-8-sig")
    hs = (EXPORTS / "hubspot-companies.csv").read_bytes().decode("utf-8-sig")
    scores = {"2": {"use_case_fit": "9", "commercial_fit": "8", "technical_fit": "8.5", "strategic_value": "9"},
              "3": {"use_case_fit": "3", "commercial_fit": "2", "technical_fit": "4", "strategic_value": "1"}}
    return [{"csv": sf}, {"csv": hs}, {"csv": sf, "scores": scores}, {"csv": hs, "scores": scores}]


def test_crm_exports_triage_the_same_in_pyodide_and_cpython(internal_site, tmp_path):
    if shutil.which("node") is None:
        pytest.fail("node is not installed: run make setup")
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps({"cases": cases()}), encoding="utf-8")
    done = subprocess.run(["node", str(RUNNER), str(internal_site), str(cases_file)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    in_pyodide = json.loads(done.stdout)
    book = playbook_from_json(playbook_to_json(load_data_dir(DATA, "internal")))
    in_cpython = [json.dumps(crm.run_triage(c["csv"], book, include_csv=True, scores=c.get("scores")),
                             ensure_ascii=False) for c in cases()]
    assert in_pyodide == in_cpython
    scored = json.loads(in_pyodide[2])
    assert any(a["status"] == "scored" for a in scored["accounts"])
