"""The browser worker's Python side (calculators/worker.py), run in CPython.

The worker script only moves messages; every answer is made here, in the
shapes the module's docstring declares. tests/node runs the same module in
real Pyodide.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from calculators import registry
from calculators.loader import load_data_dir, playbook_to_json, project_data_dir
from calculators.worker import Worker
from conftest import ROOT

DATA = project_data_dir(ROOT)

SAMPLE = ROOT / "docs" / "playbook" / "sample-accounts.csv"


def run_message(message_id, calculator, params=None) -> str:
    return json.dumps({"type": "run", "id": message_id, "calculator": calculator, "params": params or {}})


def worker(edition: str = "internal") -> Worker:
    return Worker.from_json(playbook_to_json(load_data_dir(DATA, edition)))


def test_a_run_message_is_answered_by_a_result_message_holding_what_run_returns():
    playbook = load_data_dir(DATA)
    for name in registry.names():
        params = {f.name: f.default for f in registry.fields(name, playbook)}
        reply = json.loads(worker().handle(run_message(7, name, params)))
        assert reply == {"type": "result", "id": 7, "result": registry.run(name, params, playbook)}


def test_bad_input_is_a_result_with_field_errors_not_an_exception():
    reply = json.loads(worker().handle(run_message(1, "economics", {"months": "abc"})))
    assert reply["type"] == "result" and reply["result"]["ok"] is False
    assert [e["field"] for e in reply["result"]["errors"]] == ["months"]


def test_a_message_it_cannot_read_is_answered_in_words():
    for text in ("not json", json.dumps([1, 2]), json.dumps({"type": "shout", "id": 4})):
        reply = json.loads(worker().handle(text))
        assert reply["type"] == "result" and reply["result"]["ok"] is False
        message = reply["result"]["errors"][0]["message"]
        assert message.startswith("The calculator got a message") and "Traceback" not in message


def test_a_bug_in_a_calculator_is_a_result_that_says_so(monkeypatch):
    declared = registry.declaration("readiness")

    def broken(params, playbook):
        raise ZeroDivisionError("division by zero")

    # Declarations are frozen: put a changed copy in the module.
    monkeypatch.setattr(sys.modules["calculators.readiness"], "CALCULATOR",
                        registry.Calculator(**{**declared.__dict__, "run": broken}))
    reply = json.loads(worker().handle(run_message(2, "readiness")))
    assert reply == {"type": "result", "id": 2, "result": {
        "ok": False, "calculator": "readiness",
        "errors": [{"field": "", "message": "The calculator failed: division by zero"}]}}


def test_batch_reports_progress_messages_then_its_result():
    posted: list[str] = []
    reply = json.loads(worker().handle(run_message(9, "batch", {"csv": SAMPLE.read_text(encoding="utf-8")}),
                                       posted.append))
    assert reply["type"] == "result" and reply["id"] == 9 and reply["result"]["ok"] is True
    progress = [json.loads(p) for p in posted]
    assert progress and all(p.keys() == {"type", "id", "done", "total"} for p in progress)
    assert all(p["type"] == "progress" and p["id"] == 9 for p in progress)
    assert progress[-1]["done"] == progress[-1]["total"]


def test_warm_up_runs_every_calculator_of_the_edition():
    worker("public").warm_up()  # the public data lacks scoring's: warm-up must not fail on it
    worker("internal").warm_up()


def test_worker_runs_in_the_public_wheel_without_the_internal_modules(tmp_path):
    from playbook_plugin import browser_wheel
    package = tmp_path / "calculators"
    package.mkdir()
    for path in browser_wheel.browser_modules(ROOT / "calculators", "public"):
        shutil.copyfile(path, package / path.name)
    assert not (package / "ranking_session.py").exists() and (package / "worker.py").exists()
    script = (
        "import json, sys\n"
        "from calculators.worker import start\n"
        "w = start(sys.stdin.read())\n"
        "w.warm_up()\n"
        f"print(w.handle({run_message(1, 'economics')!r}))\n"
        f"print(w.handle({run_message(2, 'batch', {'csv': 'a,b'})!r}))\n"
        f"print(w.handle({run_message(3, 'scoring')!r}))\n"
    )
    # -S: no site-packages, so the editable install cannot supply the missing modules
    done = subprocess.run([sys.executable, "-S", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          input=playbook_to_json(load_data_dir(DATA, "public")), env={"PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    economics, batch, scoring = (json.loads(line)["result"] for line in done.stdout.splitlines())
    assert economics["ok"] is True
    assert batch["errors"] == [{"field": "calculator", "message": "batch scoring is not part of this edition"}]
    assert scoring["errors"] == [{"field": "calculator", "message": "the scoring calculator is not part of this edition"}]
