"""The fit check on the command line: flags named as the form and URL fields,
readable text or --json with tier and use_cases, one error line per bad field."""

from __future__ import annotations

import io
import json

from calculators.cli import main


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_json_carries_tier_and_use_cases():
    code, out, _ = cli("fit", "--industry", "Banking", "--annual-revenue", "250000000", "--json")
    values = json.loads(out)["values"]
    assert code == 0 and (values["tier"] is None or values["tier"] in (1, 2, 3))
    assert isinstance(values["use_cases"], list) and values["use_cases"]


def test_smb_revenue_has_a_null_tier_in_json():
    code, out, _ = cli("fit", "--annual-revenue", "1", "--json")
    assert code == 0 and json.loads(out)["values"]["tier"] is None


def test_readable_output_lists_every_answer_with_continuation_lines_indented():
    code, out, _ = cli("fit", "--industry", "Banking", "--annual-revenue", "250000000", "--annual-budget", "5000",
                       "--employees", "300", "--currency", "USD", "--use-case-fit", "9", "--commercial-fit", "9",
                       "--technical-fit", "9", "--strategic-value", "9")
    assert code == 0
    for label in ("Segment:", "Use cases to probe:", "Disqualifiers proven:", "Trigger events:", "Action band:"):
        assert label in out
    assert not any(line and not line.startswith(" ") for line in out.splitlines()[1:]
                   if not line.endswith(":"))


def test_bad_input_is_one_error_line_per_field_and_exit_2():
    code, _, err = cli("fit", "--annual-revenue", "lots", "--employees", "-3")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 2 and all(line.startswith("error: --") for line in lines)


def test_public_edition_has_no_fit_command():
    code, _, err = cli("--edition", "public", "fit", "--annual-revenue", "1")
    assert code == 2 and "Traceback" not in err


EXPORTS = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "crm"


def test_batch_ranks_an_unmodified_salesforce_export_keeping_its_columns(tmp_path):
    target = tmp_path / "ranked.csv"
    code, out, err = cli("batch", str(EXPORTS / "salesforce-accounts.csv"), "-o", str(target))
    header = target.read_text(encoding="utf-8").splitlines()[0]
    assert code == 0 and header.startswith("Account ID,Account Name,Industry,Annual Revenue,Employees")
    assert "to score" in out and "note: " in err  # the fixture's unreadable amount is noted, not fatal


def test_batch_json_of_a_hubspot_export_carries_tier_and_use_cases():
    code, out, _ = cli("batch", str(EXPORTS / "hubspot-companies.csv"), "--json")
    accounts = json.loads(out)["accounts"]
    assert code == 0 and all(a["tier"] in (1, 2, 3, None) and isinstance(a["use_cases"], list) for a in accounts)


def test_public_edition_batch_is_one_line_no_traceback():
    code, _, err = cli("--edition", "public", "batch", str(EXPORTS / "hubspot-companies.csv"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
