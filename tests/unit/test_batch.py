"""Batch scoring: CRM export quirks, per-row errors, ranking and the ranked CSV (issue 6)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from calculators.batch import run_batch, score_csv, summary_text, to_csv
from calculators.inputs import InputError
from calculators.loader import load_data_dir
from conftest import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = load_data_dir(FIXTURE_DATA)  # the tests' own data: exact figures are pinned on it
SAMPLE = ROOT / "docs" / "playbook" / "sample-accounts.csv"
HEAD = "name,domain,use_case_fit,commercial_fit,technical_fit,strategic_value"


def rows_of(result, *columns):
    at = [result.columns.index(c) for c in columns]
    return [tuple(row[i] for i in at) for row in result.rows]


def names(result):
    return [row[1] for row in result.rows]


# --- the sample for reps --------------------------------------------------


def test_sample_csv_scores_every_account_without_errors():
    result = score_csv(SAMPLE.read_text(encoding="utf-8"), PLAYBOOK)
    assert len(result.rows) == 20 and result.errors == ()
    assert all("(sample)" in name for name in names(result))


def test_sample_accounts_are_ranked_declined_last_then_by_total():
    result = score_csv(SAMPLE.read_text(encoding="utf-8"), PLAYBOOK)
    ranked = rows_of(result, "rank", "band", "total")
    assert [r[0] for r in ranked] == list(range(1, 21))
    declined = [r[1] == "decline" for r in ranked]
    assert declined == sorted(declined)  # every declined account after every other one
    live = [r[2] for r in ranked if r[1] != "decline"]
    assert live == sorted(live, reverse=True)


def test_ties_are_broken_by_name():
    text = f"{HEAD}\nZeta,,8,8,8,8\nalpha,,8,8,8,8\nMid,,9,8,8,8\n"
    assert names(score_csv(text, PLAYBOOK)) == ["Mid", "alpha", "Zeta"]


def test_a_disqualified_high_scorer_ranks_below_a_low_scorer():
    text = f"{HEAD},disqualifiers\nBig,,10,10,10,10,on_premise_only\nSmall,,4,4,4,4,\n"
    result = score_csv(text, PLAYBOOK)
    assert names(result) == ["Small", "Big"]
    assert rows_of(result, "band", "score_band") == [("nurture", "nurture"), ("decline", "immediate-priority")]


# --- CRM export quirks -----------------------------------------------------


def test_headers_match_in_any_case_with_spaces_or_dashes():
    text = "NAME,Use Case Fit,commercial-fit,TECHNICAL_FIT,Strategic value,Annual Revenue\nA,9,9,9,9,2000000000\n"
    result = score_csv(text, PLAYBOOK)
    assert rows_of(result, "total", "Target Account Tier") == [(36, "1 (Strategic)")]


def test_common_crm_header_aliases_are_understood():
    text = "Account Name,Website,use_case_fit,commercial_fit,technical_fit,strategic_value\nA,a.example,5,5,5,5\n"
    assert rows_of(score_csv(text, PLAYBOOK), "name", "domain") == [("A", "a.example")]


def test_bom_is_ignored():
    result = score_csv("\ufeff" + f"{HEAD}\nA,,5,5,5,5\n", PLAYBOOK)
    assert names(result) == ["A"]


def test_semicolon_delimiter_is_detected():
    text = "name;use_case_fit;commercial_fit;technical_fit;strategic_value;annual_revenue\nA;9;8,5;9;8;\n"
    result = score_csv(text, PLAYBOOK)
    assert result.delimiter == ";"
    # a decimal comma is not read as a number: the cell is rejected, not misread
    assert [e.column for e in result.errors] == ["commercial_fit"]


def test_semicolon_file_with_points_scores():
    text = "name;use_case_fit;commercial_fit;technical_fit;strategic_value\r\nA;9;8.5;9;8\r\n"
    assert rows_of(score_csv(text, PLAYBOOK), "total") == [(34.5,)]


def test_tab_delimiter_is_detected():
    text = "name\tuse_case_fit\tcommercial_fit\ttechnical_fit\tstrategic_value\nA\t1\t2\t3\t4\n"
    assert rows_of(score_csv(text, PLAYBOOK), "total") == [(10,)]


def test_quoted_commas_and_newlines_stay_in_one_cell():
    text = f'{HEAD},industry\n"Orchard, Vale & Co","x.example",5,5,5,5,"Media, Film\nand TV"\n'
    result = score_csv(text, PLAYBOOK)
    assert rows_of(result, "name", "Industry") == [("Orchard, Vale & Co", "Media, Film\nand TV")]


def test_blank_lines_and_empty_rows_are_skipped_but_counted_as_file_rows():
    text = f"{HEAD}\r\n\r\nA,,5,5,5,5\r\n,,,,,\r\n\r\nB,,11,5,5,5\r\n"
    result = score_csv(text, PLAYBOOK)
    assert names(result) == ["A"]
    assert result.data_rows == 2
    assert [(e.row, e.column) for e in result.errors] == [(6, "use_case_fit")]


def test_crlf_line_endings_are_handled():
    result = score_csv(f"{HEAD}\r\nA,,5,5,5,5\r\nB,,6,6,6,6\r\n", PLAYBOOK)
    assert names(result) == ["B", "A"]


def test_short_rows_are_padded_and_unknown_columns_ignored():
    text = f"{HEAD},owner,annual_revenue\nA,,5,5,5,5\n"
    result = score_csv(text, PLAYBOOK)
    assert rows_of(result, "annual_revenue") == [(None,)]
    assert result.ignored_columns == ("owner",)


def test_a_row_with_more_cells_than_the_header_is_rejected():
    result = score_csv(f"{HEAD}\nOrchard, Vale,,5,5,5,5\n", PLAYBOOK)
    assert result.rows == ()
    assert result.errors[0].row == 2
    assert "the row has 7 cells but the header has 6" in result.errors[0].message


# --- per-row errors -------------------------------------------------------


def test_bad_rows_are_reported_by_row_column_and_reason_while_good_rows_come_through():
    text = (f"{HEAD},Annual Budget\n"
            "Good,,5,5,5,5,\n"
            "Bad score,,5,eleven,5,5,\n"
            "Bad budget,,5,5,5,5,-10\n"
            ",,5,5,5,5,\n")
    result = score_csv(text, PLAYBOOK)
    assert names(result) == ["Good"]
    assert [(e.row, e.column) for e in result.errors] == [(3, "commercial_fit"), (4, "Annual Budget"), (5, "name")]
    assert "'eleven'" in result.errors[0].message and "0 or more" in result.errors[1].message
    assert "empty" in result.errors[2].message
    assert result.rejected == 3
    assert str(result.errors[0]) == f"row 3, commercial_fit: {result.errors[0].message}"


def test_a_row_with_several_bad_cells_reports_each():
    result = score_csv(f"{HEAD}\nA,,x,5,5.2,99\n", PLAYBOOK)
    assert [e.column for e in result.errors] == ["use_case_fit", "technical_fit", "strategic_value"]
    assert result.rejected == 1


def test_header_row_is_row_1():
    result = score_csv(f"{HEAD}\nA,,-1,5,5,5\n", PLAYBOOK)
    assert result.errors[0].row == 2


# --- disqualifiers --------------------------------------------------------


def test_flag_columns_decline_the_account():
    text = f"{HEAD},On Premise Only,exotic_architectures\nA,,9,9,9,9,yes,\nB,,8,8,8,8,0,1\nC,,7,7,7,7,,\n"
    result = score_csv(text, PLAYBOOK)
    assert rows_of(result, "name", "disqualifiers") == [("C", ""), ("A", "on_premise_only"),
                                                         ("B", "exotic_architectures")]


@pytest.mark.parametrize("cell", ["on_premise_only|real_time_training", "real_time_training; on_premise_only",
                                  "On Premise Only | Real Time Training"])
def test_disqualifiers_column_takes_ids_separated_by_bar_or_semicolon(cell):
    result = score_csv(f'{HEAD},disqualifiers\nA,,9,9,9,9,"{cell}"\n', PLAYBOOK)
    assert rows_of(result, "disqualifiers", "band") == [("on_premise_only|real_time_training", "decline")]
    assert "disqualified: Require on-premise only; Real-time training requirements" in rows_of(result, "reasons")[0][0]


def test_unknown_disqualifier_is_a_row_error():
    result = score_csv(f"{HEAD},disqualifiers\nA,,9,9,9,9,too_small\n", PLAYBOOK)
    assert result.errors[0].column == "disqualifiers"
    assert result.errors[0].message.startswith("unknown disqualifier 'too_small'; known: no_clear_ml_use_case")


def test_bad_flag_cell_is_a_row_error():
    result = score_csv(f"{HEAD},on_premise_only\nA,,9,9,9,9,maybe\n", PLAYBOOK)
    message = result.errors[0].message
    assert result.errors[0].column == "on_premise_only" and "yes or no" in message and "'maybe'" in message


# --- whole-file problems --------------------------------------------------


def test_a_missing_required_column_names_it_and_what_was_found():
    with pytest.raises(InputError) as caught:
        score_csv("name,use_case_fit,technical_fit,strategic_value\nA,1,2,3\n", PLAYBOOK)
    (error,) = caught.value.errors
    assert error.field == "commercial_fit"
    assert error.message.startswith("the CSV has no commercial_fit column (found: name, use_case_fit, ")


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff", ",,,\n"])
def test_an_empty_file_is_an_error(text):
    result = run_batch(text, PLAYBOOK)
    assert not result["ok"]
    assert result["errors"][0]["message"].startswith("the CSV is empty; expected a header row with name, use_case_fit")


def test_a_column_given_twice_is_an_error():
    with pytest.raises(InputError, match="columns 'name' and 'Account Name' both mean name; keep one"):
        score_csv(f"{HEAD},Account Name\n", PLAYBOOK)


def test_internal_data_is_needed():
    result = run_batch(f"{HEAD}\nA,,5,5,5,5\n", load_data_dir(FIXTURE_DATA, "public"))
    assert not result["ok"] and result["errors"][0]["field"] == "calculator"


# --- output ---------------------------------------------------------------


def test_ranked_csv_uses_the_salesforce_field_names():
    text = to_csv(score_csv(SAMPLE.read_text(encoding="utf-8"), PLAYBOOK))
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames[:8] == ["rank", "name", "domain", "Target Account Tier", "Industry", "total", "band",
                                     "action"]
    first = next(reader)
    assert first["Target Account Tier"] == "1 (Strategic)"
    assert first["Industry"] == "Financial Services"
    assert first["reasons"].startswith("Immediate priority, full resources (total 36)")
    assert "row" not in reader.fieldnames


def test_ranked_csv_defuses_spreadsheet_formulas():
    text = to_csv(score_csv(f'{HEAD}\n"=HYPERLINK(""x"")",,5,5,5,5\n', PLAYBOOK))
    assert "'=HYPERLINK" in text


def test_tier_and_industry_ids_are_given_for_links():
    result = score_csv(f"{HEAD},industry,annual_budget\nA,,5,5,5,5,Financial Services,600000\n"
                       "B,,5,5,5,5,retail,\n", PLAYBOOK)
    assert rows_of(result, "tier_id", "use_case") == [("strategic", "financial-services"), ("", "e-commerce-retail")]


def test_summary_counts_bands_and_rejected_rows():
    result = score_csv(SAMPLE.read_text(encoding="utf-8") + "Broken,,x,1,1,1,,,,\n", PLAYBOOK)
    assert [c for _, _, c in result.band_counts] == [1, 10, 4, 5]
    assert summary_text(result) == (
        "Scored 20 of 21 accounts. Immediate priority, full resources: 1; Active pursuit, standard process: 10; "
        "Nurture, automated touches: 4; Decline or refer: 5. Rows rejected: 1.")


def test_run_batch_is_json_ready_with_rows_as_lists():
    result = run_batch(SAMPLE.read_text(encoding="utf-8"), PLAYBOOK, include_csv=True)
    json.dumps(result, allow_nan=False)
    assert result["ok"] and result["summary"]["scored"] == 20
    assert result["columns"][:3] == ["rank", "name", "domain"]
    first = dict(zip(result["columns"], result["rows"][0]))
    assert first["total"] == 36 and first["annual_revenue"] == 4_200_000_000 and first["strategic_value"] == 9.5
    assert result["csv"].startswith("rank,name,domain,Target Account Tier")
    assert result["csv_columns"] == result["columns"][:len(result["csv_columns"])]


def test_many_rows_all_come_through():
    body = "".join(f"Account {n},,{n % 11},{n % 7},{n % 5},{n % 3}\n" for n in range(3000))
    result = score_csv(f"{HEAD}\n{body}", PLAYBOOK)
    assert len(result.rows) == 3000 and not result.errors


def test_progress_is_reported_while_reading_a_large_file():
    body = "".join(f"Account {n},,5,5,5,5\n" for n in range(12_000))
    seen = []
    result = run_batch(f"{HEAD}\n{body}", PLAYBOOK, progress=lambda done, total: seen.append((done, total)))
    assert result["summary"]["scored"] == 12_000
    assert seen == [(5000, 12_002), (10_000, 12_002), (12_002, 12_002)]


def test_salesforce_column_names_come_from_data():
    import dataclasses
    tiers = PLAYBOOK.tiers
    renamed = tuple(dataclasses.replace(f, name="Account Tier (SF)") if f.name == "Target Account Tier" else f
                    for f in tiers.salesforce_fields)
    playbook = dataclasses.replace(PLAYBOOK, tiers=dataclasses.replace(tiers, salesforce_fields=renamed))
    assert score_csv(f"{HEAD}\nA,,5,5,5,5\n", playbook).columns[3] == "Account Tier (SF)"
