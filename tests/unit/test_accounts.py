"""One account pipeline, on the tests' own playbook (fit_fixture.py): headers by alias from data, one set
of proofs for scored lists and CRM exports alike, amounts in their own currency, every row accounted for,
the formula guard, duplicates, and the ranking order."""

from __future__ import annotations

import csv
import io

import pytest

from calculators import accounts, formulas, ranking
from calculators.inputs import InputError
from calculators.loader import playbook_from_plain
from fit_fixture import playbook, raw_files

BOOK = playbook()
SCORES = "Use Case Fit,Commercial Fit,Technical Fit,Strategic Value"


def rank(text, book=BOOK, **kw):
    return ranking.rank(text, book, **kw)


def names(text, book=BOOK, **kw):
    return [a.name for a in rank(text, book, **kw).accounts]


def only(text, book=BOOK, **kw):
    result = rank(text, book, **kw)
    [account] = result.accounts
    return account, accounts.fields(result.rules, account)


def rows_of(text):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


# --- headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Account Name,AnnualRevenue,Number of Employees",
                                    "Company name,Annual Revenue,Employees",
                                    "account_name,annual_revenue,employees",
                                    "ACCOUNT NAME,annual-revenue,EMPLOYEES"])
def test_crm_headers_and_api_names_are_recognised_through_data(header):
    account, _ = only(f"{header}\nAcme,30000000,40\n")
    assert (account.name, account.tier) == ("Acme", 2)


def test_a_writer_adds_an_alias_in_data_and_the_export_is_read():
    raw = raw_files()
    text = "Organisation,Turnover\nAcme,30000000\n"
    with pytest.raises(InputError):
        rank(text, playbook_from_plain(raw))
    raw["crm"]["columns"][1]["aliases"].append("Organisation")
    raw["crm"]["columns"].append({"field": "annual_revenue", "aliases": ["Turnover"]})
    assert rank(text, playbook_from_plain(raw)).accounts[0].tier == 2


def test_two_columns_meaning_one_field_are_an_error_naming_both():
    with pytest.raises(InputError) as raised:
        rank("Account Name,Company name,Industry\nAcme,Acme Ltd,Banking\n")
    message = raised.value.errors[0].message
    assert "“Account Name”" in message and "“Company name”" in message and "keep one" in message


def test_without_a_name_column_one_error_names_the_aliases():
    with pytest.raises(InputError, match="no account name column .*Account Name, Company name"):
        rank("Revenue,Industry\n1,Banking\n")


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_an_empty_file_is_one_clear_error(text):
    result = ranking.run(text, BOOK)
    assert not result["ok"] and len(result["errors"]) == 1 and "empty" in result["errors"][0]["message"]


def test_text_that_is_not_a_csv_is_one_clear_error():
    result = ranking.run(5, BOOK)
    assert not result["ok"] and len(result["errors"]) == 1


# --- one set of proofs, whichever kind of file --------------------------------------------------------


@pytest.mark.parametrize("header", ["name,industry,use_case_fit,commercial_fit,technical_fit,strategic_value",
                                    f"Account Name,Industry,{SCORES}"])
def test_a_government_account_is_declined_in_a_scored_list_and_an_export_alike(header):
    account, shown = only(f"{header}\nGov Dept,Government,9,9,8,9\n")
    assert account.status == "declined" and shown["disqualifiers"] == "State-run" and shown["action"] == "Drop"


@pytest.mark.parametrize("header", ["name,industry", "Account Name,Industry"])
@pytest.mark.parametrize("value", ["Banking", "BANKING", "FINANCIAL_SERVICES", "financial services", "Money/Banks"])
def test_crm_industry_values_map_to_the_playbook_industry_in_either_kind_of_file(header, value):
    account, shown = only(f"{header}\nAcme,{value}\n")
    assert account.industry.id == "banking-ish" and shown["use_cases"] == "Ledger checks"


def test_a_writer_maps_a_new_industry_value_in_data():
    raw = raw_files()
    raw["crm"]["industries"][1]["values"].append("Heavy Industry")
    account, _ = only("Account Name,Industry\nAcme,Heavy Industry\n", playbook_from_plain(raw))
    assert account.industry.id == "factories"


def test_an_unknown_industry_is_kept_and_said_not_rejected():
    account, shown = only("Account Name,Industry\nAcme,Basket weaving\n")
    assert account.industry is None and "not one of the playbook's" in shown["reasons"]


def test_unscored_accounts_get_segment_tier_use_cases_and_to_score():
    _, shown = only("Account Name,Industry,Annual Revenue\nAcme,Banking,600000000\n")
    assert (shown["tier"], shown["status"], shown["score"], shown["use_cases"]) == ("1 (Big)", "to score", "",
                                                                                    "Ledger checks")


def test_a_budget_under_the_floor_declines_even_with_top_scores():
    account, shown = only(f"Account Name,Annual Budget,{SCORES}\nAcme,4000,10,10,10,10\n")
    assert account.status == "declined" and shown["action"] == "Drop"


def test_a_disqualifier_under_an_editors_note_is_not_applied():
    account, shown = only(f"Account Name,disqualifiers,{SCORES}\nAcme,wants_advice,10,10,10,10\n")
    assert account.status == "scored" and "not applied" in shown["reasons"]


def test_a_flag_column_declines_and_a_bad_flag_is_a_note_not_a_rejection():
    assert only(f"name,no_use_case,{SCORES}\nAcme,yes,9,9,9,9\n")[0].status == "declined"
    account, shown = only(f"name,no_use_case,{SCORES}\nAcme,maybe,9,9,9,9\n")
    assert account.status == "scored" and "must be yes or no" in shown["reasons"]


def test_all_four_scores_rank_by_total_and_some_of_them_leave_it_to_score_with_a_note():
    assert only(f"name,{SCORES}\nAcme,9,9,9,9\n")[0].total == 36
    account, shown = only(f"name,{SCORES}\nAcme,5,5,,\n")
    assert account.status == "to score" and "2 of the 4 scores given" in shown["reasons"]
    account, shown = only(f"name,{SCORES}\nAcme,11,5,5,5\n")
    assert account.status == "to score" and "Use Case Fit must be a score from 0 to 10" in shown["reasons"]


# --- ranking -----------------------------------------------------------------------------------------


def test_ties_break_by_tier_whatever_the_input_order():
    text = f"Account Name,Annual Revenue,{SCORES}\nSmall,25000000,6,6,6,7\nBig,900000000,6,6,6,7\nNone,,6,6,6,7\n"
    assert names(text) == ["Big", "Small", "None"]


def test_scored_then_to_score_by_tier_then_declined():
    text = (f"Account Name,Industry,Annual Revenue,{SCORES}\n"
            "Gov,Government,900000000,9,9,9,9\nMidToScore,,30000000,,,,\nBigToScore,,900000000,,,,\n"
            "Scored,,1000000,5,5,5,5\n")
    assert names(text) == ["Scored", "BigToScore", "MidToScore", "Gov"]


def test_equal_totals_and_tiers_rank_by_name():
    assert names(f"name,{SCORES}\nbeta,5,5,5,5\nAlpha,5,5,5,5\n") == ["Alpha", "beta"]


# --- amounts in their currency -------------------------------------------------------------------------


def test_the_cells_own_currency_is_not_read_as_dollars():
    account, shown = only("Account Name,Annual Revenue\nAcme,£600M\n")
    assert account.tier is None and "no GBP/USD exchange rate is set" in shown["reasons"]


def test_a_stated_rate_converts_and_says_so():
    book = playbook(rates=[{"base": "GBP", "quote": "USD", "rate": 1.25, "as_of": "2026-01-31",
                            "source": "A made-up rate"}])
    account, shown = only("Account Name,Annual Revenue\nAcme,£600M\n", book)
    assert account.tier == 1 and "at 1.25 (GBP/USD), as of 2026-01-31" in shown["reasons"]


def test_the_rows_currency_column_wins_over_the_files_default_and_the_cell_over_both():
    text = "Account Name,Annual Revenue,Currency\nRowSays,600000000,GBP\nCellSays,$600M,GBP\nNone,600000000,\n"
    result = rank(text, currency="EUR")
    by_name = {a.name: a for a in result.accounts}
    assert by_name["CellSays"].tier == 1 and by_name["RowSays"].tier is None and by_name["None"].tier is None
    assert "no EUR/USD" in accounts.fields(result.rules, by_name["None"])["reasons"]


def test_an_amount_in_a_currency_without_a_rate_leaves_the_row_ranked_on_what_is_known():
    account, shown = only("Account Name,Industry,Annual Revenue,Employees\nRoo Mining,Banking,A$45M,~45\n")
    assert account.status == "to score" and shown["use_cases"] == "Ledger checks"
    assert "AUD" in shown["reasons"] and "read ~45 as 45 (approximate)" in shown["reasons"]


def test_values_people_write_are_read_and_unknowns_are_said():
    text = ("Account Name,Annual Revenue,Employees\nA,2.756 million,TBC\nB,€45.000.000,40-50\nC,n/a,2.000\n")
    result = rank(text)
    reasons = {a.name: accounts.fields(result.rules, a)["reasons"] for a in result.accounts}
    assert "TBC: not known" in reasons["A"] and "took the lower bound, 40" in reasons["B"]
    assert "2 or 2,000?" in reasons["C"]
    assert not result.rejected


def test_a_semicolon_file_reads_decimal_commas():
    account, _ = only(f"name;{SCORES.replace(',', ';')}\nAcme;8,5;7;8;9\n")
    assert account.total == 32.5


# --- every row accounted for --------------------------------------------------------------------------


def test_a_row_is_rejected_only_when_nothing_identifies_it():
    result = rank("Account ID,Account Name,Annual Revenue\n,,30000000\nx9,,lots\n")
    assert [a.name for a in result.accounts] == ["x9"] and [r.row for r in result.rejected] == [2]
    assert "nothing identifies the account" in result.rejected[0].message


def test_the_summary_accounts_for_every_row_with_why():
    text = ("Report: accounts by owner\n\nAccount ID,Account Name,Industry\n1,Acme,Banking\n2,Town,Government\n"
            ",,Banking\n1,Acme again,Banking\n\n\"Generated By:\",\"A Rep\"\n\"Confidential Information - Do Not "
            "Distribute\"\n")
    text = rank(text).summary()
    assert "Ranked 3 accounts: 0 scored, 2 to score, 1 declined." in text
    assert "Skipped 3 rows (above the header row: 1; report footer line: 2)." in text
    assert "Rejected 1 row (nothing identifies the account: 1)." in text
    assert "Duplicates flagged and kept: 1 by id." in text


def test_problems_are_grouped_by_reason_with_counts_and_the_first_rows():
    text = "Account Name,Employees\n" + "".join(f"A{n},TBC\n" for n in range(8)) + "B,2.000\n"
    problems = {p.reason: p for p in rank(text).opened.tally.problems.listed()}
    tbc = problems["Employees: given as not known"]
    assert tbc.count == 8 and tbc.rows == (2, 3, 4, 5, 6) and "8 rows (2, 3, 4, 5, 6, …)" in tbc.words()
    assert problems["Employees: unclear, not read (say which)"].rows == (10,)


@pytest.mark.parametrize("text, by", [
    ("Account ID,Account Name\nA1,Acme\na1,Acme Inc\n", "Account ID"),
    ("Account Name,domain\nAcme,acme.example\nACME,https://www.acme.example/\n", "name and domain"),
])
def test_duplicates_by_id_or_name_and_domain_are_flagged_and_kept(text, by):
    result = rank(text)
    assert len(result.accounts) == 2
    flagged = [a for a in result.accounts if a.duplicate]
    assert len(flagged) == 1 and by in flagged[0].duplicate and "kept" in flagged[0].duplicate
    [problem] = result.opened.tally.problems.listed()
    assert problem.rows == (3,) and problem.example.endswith("as row 2")


def test_same_name_with_another_domain_is_no_duplicate():
    assert not any(a.duplicate for a in rank("Account Name,domain\nAcme,a.example\nAcme,b.example\n").accounts)


# --- the formula guard ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x.example\")", "@SUM(A1)", "\tTAB", "\rCR", " =1+2",
                                  "\u00a0=1+2", "+SUM(1)", "-A1", "+1+1", "-2+3", "--"])
def test_cells_a_spreadsheet_would_run_are_guarded(cell):
    assert formulas.needs_guard(cell) and formulas.guard(cell) == "'" + cell
    assert formulas.unguard(formulas.guard(cell)) == cell


@pytest.mark.parametrize("cell", ["+44 20 7946 0123", "-", "-5", "+5", "-1.5", "007", "+1 (555) 123-4567", "",
                                  "Acme", "1-2", "'quoted"])
def test_numbers_phone_numbers_and_text_are_left_alone(cell):
    assert not formulas.needs_guard(cell) and formulas.guard(cell) == cell and formulas.unguard(cell) == cell


def test_a_cell_guarded_before_is_not_guarded_twice_and_reads_as_the_spreadsheet_shows_it():
    assert formulas.guard("'=1+1") == "'=1+1" and formulas.unguard("'=1+1") == "=1+1"
