"""CRM exports as they come, on the tests' own playbook (fit_fixture.py): column
aliases and industry values from data, unscored accounts triaged (not
rejected), proven disqualifiers, ties broken by tier, the ranked CSV keeping
the export's columns and re-importing cleanly, inline scores."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from calculators import crm
from calculators.inputs import InputError
from calculators.loader import playbook_from_plain
from fit_fixture import playbook, raw_files

BOOK = playbook()
SCORES = "Use Case Fit,Commercial Fit,Technical Fit,Strategic Value"


def triage(text, book=BOOK, **kw):
    return crm.triage_csv(text, book, **kw)


def ranked(text, book=BOOK, **kw):
    return [a.name for a in triage(text, book, **kw).accounts]


def rows_of(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("header", ["Account Name,AnnualRevenue,Number of Employees",
                                    "Company name,Annual Revenue,Employees",
                                    "account_name,annual_revenue,employees",
                                    "ACCOUNT NAME,annual-revenue,EMPLOYEES"])
def test_salesforce_and_hubspot_headers_and_api_names_are_recognised(header):
    account = triage(f"{header}\nAcme,30000000,40\n").accounts[0]
    assert (account.name, account.tier) == ("Acme", 2)


def test_a_writer_adds_an_alias_in_data_and_the_export_is_read():
    raw = raw_files()
    text = "Organisation,Turnover\nAcme,30000000\n"
    with pytest.raises(InputError):
        triage(text, playbook_from_plain(raw))
    raw["crm"]["columns"][1]["aliases"].append("Organisation")
    raw["crm"]["columns"].append({"field": "annual_revenue", "aliases": ["Turnover"]})
    assert triage(text, playbook_from_plain(raw)).accounts[0].tier == 2


def test_two_aliases_of_one_name_in_data_are_refused_naming_both():
    raw = raw_files()
    raw["crm"]["columns"][2]["aliases"].append("Account Name")
    with pytest.raises(Exception, match="alias 'Account Name' already means name"):
        playbook_from_plain(raw)


def test_without_a_name_column_one_error_names_the_aliases():
    with pytest.raises(InputError, match="no account name column .*Account Name, Company name"):
        triage("Revenue,Industry\n1,Banking\n")


@pytest.mark.parametrize("value", ["Banking", "BANKING", "FINANCIAL_SERVICES", "financial services", "Money/Banks"])
def test_crm_industry_values_map_to_the_playbook_industry(value):
    account = triage(f"Account Name,Industry\nAcme,{value}\n").accounts[0]
    assert account.industry.id == "banking-ish" and crm.account_fields(account)["use_cases"] == "Ledger checks"


def test_a_writer_maps_a_new_industry_value_in_data():
    raw = raw_files()
    raw["crm"]["industries"][1]["values"].append("Heavy Industry")
    account = triage("Account Name,Industry\nAcme,Heavy Industry\n", playbook_from_plain(raw)).accounts[0]
    assert account.industry.id == "factories"


def test_an_unknown_industry_is_kept_and_said_not_rejected():
    account = triage("Account Name,Industry\nAcme,Basket weaving\n").accounts[0]
    assert account.industry is None and "not one of the playbook's" in crm.account_fields(account)["reasons"]


def test_unscored_accounts_get_segment_tier_use_cases_and_to_score():
    fields = crm.account_fields(triage("Account Name,Industry,Annual Revenue\nAcme,Banking,600000000\n").accounts[0])
    assert (fields["tier"], fields["status"], fields["score"], fields["use_cases"]) == ("1", "to score", "",
                                                                                        "Ledger checks")


def test_a_government_industry_proves_its_disqualifier_and_declines():
    account = triage("Account Name,Industry,Annual Revenue\nTown Hall,Government,600000000\n").accounts[0]
    assert account.status == "declined" and crm.account_fields(account)["disqualifiers"] == "State-run"


def test_a_budget_under_the_floor_declines_even_with_top_scores():
    text = f"Account Name,Annual Budget,{SCORES}\nAcme,4000,10,10,10,10\n"
    account = triage(text).accounts[0]
    assert account.status == "declined" and crm.account_fields(account)["action"] == "Drop"


def test_a_disqualifier_under_an_editors_note_is_not_applied():
    account = triage(f"Account Name,disqualifiers,{SCORES}\nAcme,wants_advice,10,10,10,10\n").accounts[0]
    assert account.status == "scored" and "not applied" in crm.account_fields(account)["reasons"]


def test_ties_break_by_tier_whatever_the_input_order():
    text = (f"Account Name,Annual Revenue,{SCORES}\n"
            "Small,25000000,6,6,6,7\nBig,900000000,6,6,6,7\nUnknown,,6,6,6,7\n")
    assert ranked(text) == ["Big", "Small", "Unknown"]


def test_scored_then_to_score_by_tier_then_declined():
    text = (f"Account Name,Industry,Annual Revenue,{SCORES}\n"
            "Gov,Government,900000000,9,9,9,9\nMidToScore,,30000000,,,,\nBigToScore,,900000000,,,,\n"
            "Scored,,1000000,5,5,5,5\n")
    assert ranked(text) == ["Scored", "BigToScore", "MidToScore", "Gov"]


@pytest.mark.parametrize("cell, expected", [
    ("USD 640,000,000.00", Decimal(640_000_000)), ("$2.5M", Decimal(2_500_000)), ("4.2bn", Decimal(4_200_000_000)),
    ("750k", Decimal(750_000)), ("1200000", Decimal(1_200_000)), ("n/a", None), ("", None)])
def test_messy_amounts_are_read(cell, expected):
    assert crm.amount(cell, "Annual Revenue")[0] == expected


@pytest.mark.parametrize("cell, expected", [("2,400", 2400), ("10000+", 10000), ("1001-5000", 1001), ("", None)])
def test_messy_employee_counts_are_read(cell, expected):
    assert crm.count(cell, "Employees") == expected


def test_an_amount_in_pounds_is_not_tiered_without_a_rate():
    account = triage("Account Name,Annual Revenue\nAcme,GBP 30000000\n").accounts[0]
    assert account.tier is None and "cannot judge £30,000,000" in account.segment.rule


def test_a_bad_cell_rejects_its_row_with_row_column_and_reason_and_keeps_the_others():
    result = triage("Account Name,Annual Revenue,Employees\nAcme,lots,3\nBeta,30000000,two\nGamma,1,1\n")
    assert [a.name for a in result.accounts] == ["Gamma"]
    assert [str(e) for e in result.errors] == [
        "row 2, Annual Revenue: Annual Revenue must be an amount such as 4200000 or $4.2M, got 'lots'",
        "row 3, Employees: Employees must be a number of employees such as 1200, got 'two'"]


def test_some_scores_but_not_all_rejects_the_row():
    result = triage(f"Account Name,{SCORES}\nAcme,5,5,,\n")
    assert not result.accounts and {e.column for e in result.errors} == {"Technical Fit", "Strategic Value"}


def test_ranked_csv_keeps_every_input_column_and_the_id_then_adds_the_data_columns():
    text = "Record ID,Company name,Lifecycle Stage,Annual Revenue\n77,Acme,lead,30000000\n"
    rows = rows_of(crm.to_csv(triage(text), BOOK))
    assert rows[0] == ["Record ID", "Company name", "Lifecycle Stage", "Annual Revenue",
                       "Target Account Tier", "Status", "Score", "Disqualifiers", "Needs"]
    assert rows[1][:4] == ["77", "Acme", "lead", "30000000"] and rows[1][4:6] == ["2", "to score"]


def test_the_ranked_csv_re_imports_to_the_same_ranking_without_growing_columns():
    text = (f"Account ID,Account Name,Industry,Annual Revenue,Target Account Tier,{SCORES}\n"
            "a1,Acme,Banking,30000000,3,5,5,5,5\na2,Beta,Factories,600000000,,,,,\n")
    once = crm.to_csv(triage(text), BOOK)
    twice = crm.to_csv(triage(once), BOOK)
    assert twice == once and rows_of(once)[0].count("Target Account Tier") == 1


def test_formula_like_cells_are_written_as_text():
    rows = rows_of(crm.to_csv(triage('Account Name,Annual Revenue\n"=HYPERLINK(""x"")",1\n'), BOOK))
    assert rows[1][0] == "'=HYPERLINK(\"x\")"


def test_scores_entered_inline_rank_the_account_at_once():
    text = "Account Name,Annual Revenue\nAcme,30000000\nBeta,30000000\n"
    assert ranked(text) == ["Acme", "Beta"]
    scores = {3: {"use_case_fit": "9", "commercial_fit": "9", "technical_fit": "9", "strategic_value": "9"}}
    result = triage(text, scores=scores)
    assert [a.name for a in result.accounts] == ["Beta", "Acme"] and result.accounts[0].status == "scored"


def test_bad_inline_scores_are_row_errors_not_exceptions():
    result = triage("Account Name\nAcme\n", scores={2: {"use_case_fit": "11", "commercial_fit": "1",
                                                         "technical_fit": "1", "strategic_value": "1"}})
    assert not result.accounts and result.errors[0].row == 2


def test_run_triage_json_carries_tier_use_cases_and_status():
    result = crm.run_triage("Account Name,Industry,Annual Revenue\nAcme,Banking,30000000\n", BOOK)
    account = result["accounts"][0]
    assert (account["tier"], account["use_cases"], account["status"]) == (2, ["Ledger checks"], "to score")


@pytest.mark.parametrize("text", ["", "\n\n", 5])
def test_empty_or_non_text_input_is_one_clear_error(text):
    result = crm.run_triage(text, BOOK)
    assert not result["ok"] and len(result["errors"]) == 1


def test_the_page_session_ranks_scores_one_row_inline_and_exports():
    session = crm.TriageSession(BOOK)
    text = "Account ID,Account Name,Annual Revenue\na1,Acme,30000000\nb2,Beta,30000000\n"
    first = session.handle({"triage": "rank", "csv": text})
    assert [a["name"] for a in first["accounts"]] == ["Acme", "Beta"]
    scores = {"use_case_fit": 9, "commercial_fit": 9, "technical_fit": 9, "strategic_value": 9}
    answer = session.handle({"triage": "score", "row": 3, "scores": scores})
    assert [a["name"] for a in answer["accounts"]] == ["Beta", "Acme"]
    assert answer["moved"] == "Beta now ranks 1 of 2: Go now."
    exported = rows_of(session.handle({"triage": "export"})["csv"])
    assert [r[0] for r in exported[1:]] == ["b2", "a1"] and exported[1][exported[0].index("Score")] == "36"


def test_a_bad_inline_score_is_a_field_error_in_the_dimensions_words():
    session = crm.TriageSession(BOOK)
    session.handle({"triage": "rank", "csv": "Account Name\nAcme\n"})
    answer = session.handle({"triage": "score", "row": 2, "scores": {"use_case_fit": "11", "commercial_fit": 1,
                                                                    "technical_fit": 1, "strategic_value": 1}})
    assert not answer["ok"] and answer["errors"][0]["field"] == "use_case_fit"
    assert answer["errors"][0]["message"].startswith("Use Case Fit must be a score from 0 to 10")


@pytest.mark.parametrize("params", [{"triage": "score", "row": 99, "scores": {}}, {"triage": "export"},
                                    {"triage": "dance"}, "nonsense"])
def test_the_session_refuses_bad_requests_with_one_message(params):
    session = crm.TriageSession(BOOK)
    if params != "nonsense" and params.get("triage") != "export":
        session.handle({"triage": "rank", "csv": "Account Name\nAcme\n"})
    answer = session.handle(params if isinstance(params, dict) else {})
    assert not answer["ok"] and len(answer["errors"]) == 1


def test_a_csv_with_a_score_column_is_the_batch_scorers_own_and_an_export_has_none():
    assert crm.has_a_score(f"Account Name,{SCORES}\n", BOOK)
    assert crm.has_a_score("name,use_case_fit\n", BOOK)
    assert not crm.has_a_score("Account ID,Account Name,Industry,Annual Revenue\n", BOOK)


def test_the_command_line_writes_the_ranked_export_and_lists_rejected_rows(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "ranked.csv"
    data = "Record ID,Company name,Annual Revenue\n1,Acme,30000000\n2,Beta,lots\n".encode("utf-8")
    assert crm.cli_batch(data, "export.csv", BOOK, str(target), False, out, err) == 0
    assert rows_of(target.read_text(encoding="utf-8"))[1][:2] == ["1", "Acme"]
    assert err.getvalue().startswith("error: export.csv: row 3, Annual Revenue:")
    assert "Ranked CSV written to" in out.getvalue()


def test_the_command_line_escapes_control_characters_and_fails_when_nothing_ranks():
    out, err = io.StringIO(), io.StringIO()
    data = "Company name,Annual Revenue\nAcme,\x1b[31mlots\n".encode("utf-8")
    assert crm.cli_batch(data, "e\x1b.csv", BOOK, None, False, out, err) == 2
    assert "\x1b" not in err.getvalue() and "\\x1b" in err.getvalue()


def test_a_windows_1252_export_is_read():
    out, err = io.StringIO(), io.StringIO()
    data = "Company name,Annual Revenue\nZ\xfcrich Bank,30000000\n".encode("cp1252")
    assert crm.cli_batch(data, "e.csv", BOOK, None, False, out, err) == 0 and "Zürich Bank" in out.getvalue()


def test_a_chosen_file_s_bytes_are_read_by_the_one_decoding_rule_and_its_notice_shown():
    session = crm.TriageSession(BOOK)
    answer = session.handle({"triage": "rank", "csv": "Company name\nZ\xfcrich Bank\n".encode("cp1252")})
    assert answer["accounts"][0]["name"] == "Zürich Bank" and "Windows-1252" in answer["summary"]
    utf8 = session.handle({"triage": "rank", "csv": "\ufeffCompany name\nZürich Bank\n".encode("utf-8")})
    assert utf8["accounts"][0]["name"] == "Zürich Bank" and "Windows-1252" not in utf8["summary"]
