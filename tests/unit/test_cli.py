"""The command line: readable output, --json equal to run(), errors on stderr with exit 2.

The commands run in-process (calculators.cli.main) on the tests' own data
(tests/fixtures/data) and accounts CSV; one smoke test runs the real
`python -m calculators` in a subprocess."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from calculators import registry
from calculators.cli import main
from calculators.loader import load_data_dir
from conftest import FIXTURE_DATA, ROOT

PLAYBOOK = load_data_dir(FIXTURE_DATA)
SAMPLE = ROOT / "tests" / "fixtures" / "accounts.csv"


def cli(*args, env=None, stdin=None):
    """Run the command line in-process, with the fixture data unless `env` names other data."""
    environment = {"PLAYBOOK_DATA_DIR": str(FIXTURE_DATA), **(env or {})}
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_stdin = dict(os.environ), sys.stdin
    os.environ.update(environment)
    sys.stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        sys.stdin = saved_stdin
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def test_python_dash_m_calculators_runs_the_same_command_line():
    args = ["scoring", "--use-case-fit", "9", "--commercial-fit", "8", "--technical-fit", "7",
            "--strategic-value", "6", "--json"]
    environment = dict(os.environ, PLAYBOOK_DATA_DIR=str(FIXTURE_DATA))
    done = subprocess.run([sys.executable, "-m", "calculators", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(cli(*args).stdout)
    bad = subprocess.run([sys.executable, "-m", "calculators", "scoring", "--commercial-fit", "11"], cwd=ROOT,
                         env=environment, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.startswith("error: --commercial-fit")


def test_scoring_prints_a_readable_result():
    done = cli("scoring", "--use-case-fit", "9", "--commercial-fit", "8.5", "--technical-fit", "8.5",
               "--strategic-value", "8.5", "--annual-revenue", "250000000")
    assert done.returncode == 0, done.stderr
    assert "Total:         34.5 / 40" in done.stdout
    assert "Outcome:       Active pursuit, standard process" in done.stdout
    assert "Tier:          Tier 2 (Enterprise)" in done.stdout
    assert "Assumptions:" in done.stdout


def test_json_output_is_exactly_what_run_returns():
    args = {"use_case_fit": "9", "commercial_fit": "9", "technical_fit": "9", "strategic_value": "8",
            "annual_budget": "600000"}
    flags = [x for k, v in args.items() for x in (f"--{k.replace('_', '-')}", v)]
    done = cli("scoring", *flags, "--on-premise-only", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == registry.run("scoring", {**args, "on_premise_only": "1"}, PLAYBOOK)


def test_economics_json_equals_run_with_defaults():
    done = cli("economics", "--currency", "GBP", "--months", "24", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == registry.run("economics", {"currency": "GBP", "months": "24"}, PLAYBOOK)


def test_economics_readable_output_shows_the_seed_example():
    done = cli("economics", "--hours-saved-per-month", "40", "--hourly-cost", "75")
    assert done.returncode == 0
    assert "Monthly value:              $3,000" in done.stdout
    assert "Return on the fee:          1.2×" in done.stdout
    assert "Paid back in:               Month 12" in done.stdout


def test_readiness_flags_are_booleans():
    done = cli("readiness", "--priorities-change-weekly", "--lead-quality-disputed", "--manual-handoffs",
               "--execution-known-volume-constrained", "--no-offer-not-valued", "--no-no-data-access",
               "--no-no-internal-owner", "--no-leadership-unwilling-to-change", "--no-expects-one-person-does-all",
               "--json")
    result = json.loads(done.stdout)
    assert result["values"]["verdict"] == "ready" and result["values"]["recommended_model"] == "agency"


def test_bad_input_goes_to_stderr_one_line_per_field_with_exit_code_2():
    done = cli("scoring", "--commercial-fit", "11", "--technical-fit", "abc")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert [line.split(":")[:2] for line in lines] == [["error", " --commercial-fit"], ["error", " --technical-fit"]]
    assert "0 to 10" in lines[0] and "'abc'" in lines[1]
    assert "commercial_fit" not in lines[0] and "technical_fit" not in lines[1]  # the label, never the field id


def test_unknown_flag_is_a_usage_error():
    done = cli("scoring", "--charisma", "9")
    assert done.returncode == 2
    assert "unrecognized arguments: --charisma" in done.stderr


def test_no_calculator_prints_help_and_fails():
    done = cli()
    assert done.returncode == 2
    assert "scoring" in done.stderr and "batch" in done.stderr


def test_data_folder_comes_from_the_environment(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    econ = data / "economics.yml"
    econ.write_text(econ.read_text().replace("horizon_months: 12", "horizon_months: 6"))
    done = cli("economics", "--json", env={"PLAYBOOK_DATA_DIR": str(data)})
    assert json.loads(done.stdout)["inputs"]["months"] == 6
    done = cli("economics", "--json", "--data", str(FIXTURE_DATA), env={"PLAYBOOK_DATA_DIR": str(data)})
    assert json.loads(done.stdout)["inputs"]["months"] == 12


def test_bad_data_folder_is_one_error_line(tmp_path):
    done = cli("scoring", "--data", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "the file is missing" in done.stderr


def test_public_edition_has_no_scoring_command():
    done = cli("scoring", "--edition", "public")
    assert done.returncode == 2 and "invalid choice: 'scoring'" in done.stderr


def test_batch_writes_the_ranked_csv_and_prints_the_summary(tmp_path):
    out = tmp_path / "ranked.csv"
    done = cli("batch", str(SAMPLE), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Ranked 20 accounts: ") and "Rejected 0 rows." in done.stdout
    assert out.read_text(encoding="utf-8").startswith(SAMPLE.read_text(encoding="utf-8").splitlines()[0] + ",")


def test_batch_notes_bad_cells_on_stderr_and_still_ranks_the_account():
    text = "name,use_case_fit,commercial_fit,technical_fit,strategic_value\nA,5,5,5,5\nB,5,50,5,5\n"
    done = cli("batch", "-", stdin=text)
    assert done.returncode == 0
    assert done.stdout.splitlines()[1].startswith("A,") and done.stdout.splitlines()[2].startswith("B,")
    assert "note: -: Commercial Fit: not a score: 1 row (3)" in done.stderr and "0 to 10" in done.stderr


def test_batch_without_a_name_column_fails_with_exit_2(tmp_path):
    bad = tmp_path / "accounts.csv"
    bad.write_text("domain,use_case_fit\nA,5\n")
    done = cli("batch", str(bad))
    assert done.returncode == 2
    assert f"error: {bad}: the CSV has no account name column" in done.stderr


def test_batch_json_is_ranking_run(tmp_path):
    from calculators.ranking import run
    done = cli("batch", str(SAMPLE), "--json")
    assert json.loads(done.stdout) == run(SAMPLE.read_bytes(), PLAYBOOK)


@pytest.mark.parametrize("missing", ["nope.csv"])
def test_batch_unreadable_file_is_exit_2(missing):
    done = cli("batch", missing)
    assert done.returncode == 2 and done.stderr.startswith(f"error: {missing}: cannot read the file")


def test_batch_with_every_row_rejected_fails_with_exit_2():
    text = "name,domain,use_case_fit,commercial_fit,technical_fit,strategic_value\n,,x,5,5,5\n"
    done = cli("batch", "-", stdin=text)
    assert done.returncode == 2
    assert "Ranked 0 accounts" in done.stderr and "Rejected 1 row" in done.stderr
