"""Account files rank to identical JSON and worksheets under CPython and under Pyodide (Node.js, offline, with
the built internal site's wheel and data), on the command line's path (ranking.run, what --json prints) and
the page's (the worker's session: rank the file's bytes, score a row inline, export); and on every path the
same rows get the same decisions, whether they come as a scored list or as a CRM export."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from calculators.loader import load_data_dir, playbook_from_json, playbook_to_json
from conftest import DATA, ROOT, fixture_playbook

pytestmark = pytest.mark.node

EXPORTS = ROOT / "tests" / "fixtures" / "crm"
RUNNER = ROOT / "tests" / "node" / "run_accounts.mjs"
SCORES = {"use_case_fit": "9", "commercial_fit": "8", "technical_fit": "8.5", "strategic_value": "9"}
SCORED_LIST = ("name,industry,use_case_fit,commercial_fit,technical_fit,strategic_value\n"
               "Gov Dept,Government,9,9,8,9\nHarbour Bank,Banking,8,8,8,8\n")
EXPORT = ("Account Name,Industry,Use Case Fit,Commercial Fit,Technical Fit,Strategic Value\n"
          "Gov Dept,Government,9,9,8,9\nHarbour Bank,Banking,8,8,8,8\n")


def cases() -> list[dict]:
    files = ["salesforce-report.csv", "hubspot-export.csv", "dynamics-accounts.csv", "zoho-accounts.csv",
             "pipedrive-organizations.csv", "semicolon-decimal-comma.csv"]
    out = [{"csv": (EXPORTS / name).read_bytes().decode("utf-8"), "score": {"score": 2, "scores": SCORES}}
           for name in files]
    out[1]["currency"] = "GBP"
    out.append({"csv": (EXPORTS / "salesforce-uk-accounts.csv").read_bytes().decode("utf-8"), "rate": "GBP:USD=1.27",
                "score": {"score": 2, "scores": SCORES}})
    out += [{"csv": SCORED_LIST, "score": {"score": 3, "scores": SCORES}},
            {"csv": EXPORT, "score": {"score": 3, "scores": SCORES}}]
    return out


def in_cpython(book) -> list[list[str]]:
    from calculators import ranking
    from calculators.account_inputs import RATE, read_rates
    from calculators.worker import Worker

    answers = []
    for case in cases():
        worker = Worker(book)

        def message(i, params):
            return json.dumps({"type": "run", "id": i, "calculator": "batch", "params": params})
        data = case["csv"].encode("utf-8")
        rates = read_rates(RATE, case.get("rate"))
        answers.append([json.dumps(ranking.run(data, book, case.get("currency"), include_csv=True, rates=rates),
                                   ensure_ascii=False),
                        worker.handle(message(1, {"currency": case.get("currency"), "rate": case.get("rate")}),
                                      None, data),
                        worker.handle(message(2, case["score"])),
                        worker.handle(message(3, {"export": "csv", "offset": 0}))])
    return answers


def decisions(accounts) -> list[tuple]:
    return sorted((a["name"], a["status"], a["total"], a["tier"], a["display"]["action"]) for a in accounts)


def test_account_files_rank_the_same_in_pyodide_and_cpython_on_every_path(internal_site, tmp_path):
    if shutil.which("node") is None:
        pytest.fail("node is not installed: run make setup")
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps({"cases": cases()}), encoding="utf-8")
    done = subprocess.run(["node", str(RUNNER), str(internal_site), str(cases_file)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    in_pyodide = json.loads(done.stdout)
    book = playbook_from_json(playbook_to_json(load_data_dir(DATA, "internal")))
    in_cpython_ = in_cpython(book)
    assert in_pyodide == in_cpython_
    for case, (run, ranked, scored, exported) in zip(cases(), in_cpython_, strict=True):
        run, ranked = json.loads(run), json.loads(ranked)["result"]
        shown = ranked["rows"]  # the page's first page holds every account of these small files
        assert decisions(run["accounts"]) == decisions(shown)
        assert json.loads(scored)["result"]["ok"] and json.loads(exported)["result"]["csv"] != run["csv"]
        path = tmp_path / "file.csv"
        path.write_bytes(case["csv"].encode("utf-8"))
        cli = subprocess.run([sys.executable, "-m", "calculators", "batch", str(path), "--json"]
                             + (["--currency", case["currency"]] if case.get("currency") else [])
                             + (["--rate", case["rate"]] if case.get("rate") else []),
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert decisions(json.loads(cli.stdout)["accounts"]) == decisions(run["accounts"])


def test_a_scored_list_and_a_crm_export_of_the_same_rows_get_the_same_decisions():
    from calculators import ranking

    book = fixture_playbook()
    assert decisions(ranking.run(SCORED_LIST, book)["accounts"]) == decisions(ranking.run(EXPORT, book)["accounts"])
    by_name = {a["name"]: a for a in ranking.run(SCORED_LIST, book)["accounts"]}
    assert by_name["Gov Dept"]["status"] == "declined" and by_name["Harbour Bank"]["use_cases"]
