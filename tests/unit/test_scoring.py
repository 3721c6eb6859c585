"""Account scoring: bands, disqualifiers, tier suggestions and input errors (seed 003)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from calculators import registry
from calculators.loader import load_data_dir, playbook_to_json
from conftest import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = load_data_dir(FIXTURE_DATA)  # the tests' own data: exact figures are pinned on it
LABELS = {f.name: f.label for f in registry.fields("scoring", PLAYBOOK)}


def score(**params):
    return registry.run("scoring", params, PLAYBOOK)


def scores(a, b, c, d, **extra):
    result = score(use_case_fit=a, commercial_fit=b, technical_fit=c, strategic_value=d, **extra)
    assert result["ok"], result
    return result


def messages(result):
    assert not result["ok"]
    return [e["message"] for e in result["errors"]]


# --- bands ----------------------------------------------------------------


def test_score_of_35_is_immediate_priority():
    result = scores(9, 9, 8.5, 8.5)
    assert result["values"]["total"] == 35
    assert result["values"]["band"] == "immediate-priority"
    assert result["display"]["action"] == "Immediate priority, full resources"


def test_score_of_34_and_a_half_is_active_pursuit():
    result = scores(9, 8.5, 8.5, 8.5)
    assert result["values"]["total"] == 34.5
    assert result["values"]["band"] == "active-pursuit"
    assert result["display"]["total"] == "34.5 / 40"


def test_score_of_14_and_a_half_is_decline_or_refer():
    result = scores(4, 3.5, 4, 3)
    assert result["values"]["band"] == "decline"
    assert result["values"]["action"] == "Decline or refer"
    assert result["values"]["declined"] is True


@pytest.mark.parametrize("total, band", [
    (0, "decline"), (14.5, "decline"), (15, "nurture"), (24.5, "nurture"),
    (25, "active-pursuit"), (34.5, "active-pursuit"), (35, "immediate-priority"), (40, "immediate-priority"),
])
def test_band_covers_totals_from_its_min_up_to_the_next_bands_min(total, band):
    quarter = total / 4
    # split the total into four valid half-point scores
    parts = [int(quarter * 2) / 2] * 3
    parts.append(total - sum(parts))
    result = scores(*parts)
    assert result["values"]["total"] == total
    assert result["values"]["band"] == band


def test_nurture_band_is_not_declined():
    assert scores(5, 5, 5, 5)["values"]["declined"] is False


def test_reasons_explain_total_and_band():
    reasons = scores(9, 8.5, 8.5, 8.5)["values"]["reasons"]
    assert reasons[0] == "Total 34.5 of 40: Use Case Fit 9, Commercial Fit 8.5, Technical Fit 8.5, Strategic Value 8.5."
    assert reasons[1] == "A total of 34.5 is in the 25 to under 35 band: Active pursuit, standard process."


# --- disqualifiers --------------------------------------------------------


def test_a_disqualifier_forces_decline_whatever_the_score():
    result = scores(10, 10, 10, 10, on_premise_only="1")
    values = result["values"]
    assert values["score_band"] == "immediate-priority"
    assert values["band"] == "decline" and values["declined"] is True
    assert values["disqualified_by"] == ["on_premise_only"]
    assert result["display"]["outcome"] == "Decline: Require on-premise only"
    assert "Require on-premise only is a disqualifier" in " ".join(values["reasons"])


def test_every_disqualifier_set_is_named_in_data_order():
    result = scores(8, 8, 8, 8, real_time_training=True, no_clear_ml_use_case="yes")
    assert result["values"]["disqualified_by"] == ["no_clear_ml_use_case", "real_time_training"]
    assert result["display"]["disqualifiers"] == "No clear ML use case; Real-time training requirements"


@pytest.mark.parametrize("raw, expected", [
    ("1", True), ("true", True), ("on", True), ("YES", True), (True, True), (1, True),
    ("0", False), ("false", False), ("no", False), ("", False), (False, False), (None, False),
])
def test_flags_accept_form_and_url_spellings(raw, expected):
    result = scores(8, 8, 8, 8, budget_under_10k=raw)
    assert result["inputs"]["budget_under_10k"] is expected
    assert result["values"]["declined"] is expected


def test_a_flag_that_is_not_yes_or_no_is_an_error():
    [message] = messages(score(on_premise_only="maybe"))
    assert message.startswith(LABELS["on_premise_only"] + ": ") and "yes or no" in message and "'maybe'" in message


# --- tier suggestion ------------------------------------------------------


def tier(**facts):
    result = scores(8, 8, 8, 8, **facts)
    return result["values"]["tier"], result["display"]["tier_reason"]


def test_revenue_of_a_billion_is_tier_1_strategic():
    number, reason = tier(annual_revenue=1_000_000_000)
    assert number == 1
    assert reason == "Tier 1 (Strategic): annual revenue $1,000,000,000 meets its $1,000,000,000 revenue minimum."


def test_revenue_just_under_a_billion_is_tier_2():
    assert tier(annual_revenue="999999999")[0] == 2


@pytest.mark.parametrize("revenue, expected", [
    (100_000_000, 2), (99_999_999, 3), (10_000_000, 3), (9_999_999, None)])
def test_revenue_boundaries(revenue, expected):
    assert tier(annual_revenue=revenue)[0] == expected


@pytest.mark.parametrize("budget, expected", [
    (500_000, 1), (499_999, 2), (100_000, 2), (99_999.99, 3), (20_000, 3), (19_999, None)])
def test_budget_boundaries(budget, expected):
    assert tier(annual_budget=budget)[0] == expected


def test_budget_lifts_a_high_growth_account_and_says_so():
    number, reason = tier(annual_revenue=50_000_000, annual_budget=600_000)
    assert number == 1
    assert "annual budget $600,000 meets its $500,000 budget minimum" in reason
    assert "Revenue alone ($50,000,000) is below" in reason
    assert "or high-growth unicorns" in reason


def test_both_facts_named_when_both_meet_the_tier():
    _, reason = tier(annual_revenue=2_000_000_000, annual_budget=700_000)
    assert "annual revenue $2,000,000,000" in reason and "annual budget $700,000" in reason


def test_below_every_tier_gives_no_tier_and_says_so():
    number, reason = tier(annual_revenue=5_000_000, annual_budget=10_000)
    assert number is None
    assert reason.startswith("No tier: annual revenue $5,000,000 is below every tier's revenue minimum (lowest $10,000,000)")
    assert "annual budget $10,000 is below every tier's budget minimum (lowest $20,000)" in reason


def test_no_revenue_or_budget_gives_no_tier():
    result = scores(8, 8, 8, 8)
    assert result["values"]["tier"] is None
    assert result["display"]["tier"] == "No tier"
    assert "enter the annual revenue or annual budget" in result["display"]["tier_reason"]


def test_money_text_with_symbol_and_separators_is_read():
    result = scores(8, 8, 8, 8, annual_revenue="$1,200,000,000", annual_budget=" 250000 ")
    assert result["inputs"]["annual_revenue"] == "$1,200,000,000"
    assert result["display"]["tier"] == "Tier 1 (Strategic)"


# --- currency -------------------------------------------------------------


def test_amounts_as_people_write_them_in_pounds_are_converted_at_the_dated_rate():
    result = scores(8, 8, 8, 8, annual_revenue="£38M", annual_budget="60k", currency="GBP")
    assert result["inputs"]["annual_revenue"] == "£38,000,000" and result["inputs"]["annual_budget"] == "£60,000"
    assert result["display"]["tier"] == "Tier 3 (Growth)"  # £38M = $57M at the fixture's 1.5
    assert "£38,000,000 = $57M at 1.5 (GBP/USD), as of 2030-01-31" in result["display"]["tier_reason"]


def test_a_rate_set_on_the_form_goes_before_the_data_and_says_so():
    result = scores(8, 8, 8, 8, annual_revenue="£38M", currency="GBP", rate="GBP:USD=2")
    assert result["inputs"]["rate"] == "GBP:USD=2"
    assert "£38,000,000 = $76M at 2 (GBP/USD), the rate you set" in result["display"]["tier_reason"]


def test_without_a_rate_the_tier_says_what_it_cannot_judge_and_asks_for_the_rate():
    no_rates = dataclasses.replace(PLAYBOOK, rates_file=None)
    result = registry.run("scoring", {"annual_revenue": "£38M", "currency": "GBP", "use_case_fit": 8}, no_rates)
    assert result["ok"] and result["values"]["total"] > 0  # the score still answers
    assert result["display"]["tier"] == "No tier"
    assert result["display"]["tier_reason"] == ("No tier suggested: cannot judge £38,000,000 against amounts in "
                                                "USD: no GBP/USD exchange rate is set; give the GBP:USD rate "
                                                "to judge it.")


@pytest.mark.parametrize("raw", ["GBP-USD 1.27", "GBP:GBP=1", "GBP:JPY=150", "GBP:USD=0", "GBP:USD=1.2,USD:GBP=0.8"])
def test_a_bad_rate_is_an_error_in_the_fields_words(raw):
    [error] = score(rate=raw)["errors"]
    assert error["field"] == "rate" and error["message"].startswith("Exchange rate: ")


def test_the_currency_defaults_to_the_tier_tables_and_the_assumptions_name_it():
    result = scores(8, 8, 8, 8, annual_revenue="2000000000")
    assert result["inputs"]["currency"] == "USD" and result["inputs"]["annual_revenue"] == "$2,000,000,000"
    assert any("(US dollars)" in line for line in result["assumptions"])


# --- input errors ---------------------------------------------------------


@pytest.mark.parametrize("raw, words", [
    ("11", "from 0 to 10"),
    (-1, "from 0 to 10"),
    ("8.3", "whole or half number"),
    ("abc", "not 'abc'"),
    ("nan", "not 'nan'"),
    ("inf", "not 'inf'"),
    (float("nan"), "not nan"),
    (True, "not true"),
    ([8], "not a list"),
    ("", "from 0 to 10"),
    ("1e309", "from 0 to 10"),
    ("2,5", "not '2,5'"),
    ("1_0", "not '1_0'"),
    ("\uff18", "not '\uff18'"),
])
def test_bad_score_gives_one_clear_error_by_its_label(raw, words):
    [error] = score(commercial_fit=raw)["errors"]
    assert error["field"] == "commercial_fit"
    assert error["message"].startswith(LABELS["commercial_fit"] + ": ") and words in error["message"]
    assert "commercial_fit" not in error["message"]


def test_every_bad_field_is_reported_at_once():
    result = score(use_case_fit="x", technical_fit=12, annual_budget="-5")
    assert [e["field"] for e in result["errors"]] == ["use_case_fit", "technical_fit", "annual_budget"]
    assert result["errors"][2]["message"].startswith(LABELS["annual_budget"] + ": ")
    assert "a negative amount" in result["errors"][2]["message"]


def test_missing_inputs_take_the_defaults_and_unknown_ones_are_ignored():
    result = score(utm_source="newsletter")
    assert result["ok"]
    assert result["inputs"]["use_case_fit"] == 5
    assert "utm_source" not in result["inputs"]


def test_defaults_and_fields_come_from_data():
    fields = {f.name: f for f in registry.fields("scoring", PLAYBOOK)}
    assert fields["use_case_fit"].label == "Use Case Fit"
    assert (fields["use_case_fit"].min, fields["use_case_fit"].max, fields["use_case_fit"].step) == ("0", "10", "0.5")
    assert fields["on_premise_only"].kind == "flag"
    assert fields["on_premise_only"].group == "Poor Fit Indicators"
    assert registry.defaults("scoring", PLAYBOOK)["annual_revenue"] == ""


def test_public_edition_has_no_scoring_data_and_says_so():
    public = load_data_dir(FIXTURE_DATA, "public")
    result = registry.run("scoring", {}, public)
    assert not result["ok"]
    assert result["errors"][0]["field"] == "calculator"
    assert "scoring.yml is not part of this edition" in result["errors"][0]["message"]


def test_unknown_calculator_is_an_error_not_an_exception():
    result = registry.run("horoscope", {}, PLAYBOOK)
    assert result == {"ok": False, "calculator": "horoscope", "errors": [
        {"field": "calculator", "message": "unknown calculator 'horoscope'; expected one of " + ", ".join(registry.CALCULATORS)}]}


def test_registry_works_in_a_public_wheel_without_the_internal_modules(tmp_path):
    # the public wheel's modules, as playbook_plugin/browser_wheel.py picks them from the declarations
    from playbook_plugin import browser_wheel
    json_data = playbook_to_json(load_data_dir(FIXTURE_DATA, "public"))
    package = tmp_path / "calculators"
    package.mkdir()
    for path in browser_wheel.browser_modules(ROOT / "calculators", "public"):
        shutil.copyfile(path, package / path.name)
    script = (
        "import json\n"
        "from calculators import registry\n"
        "from calculators.loader import playbook_from_json\n"
        f"playbook = playbook_from_json({json_data!r})\n"
        "print(json.dumps({n: registry.run(n, {}, playbook) for n in registry.CALCULATORS}))\n"
    )
    # -S: no site-packages, so the editable install cannot supply the missing modules
    done = subprocess.run([sys.executable, "-S", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for calculator in registry.declarations():
        if calculator.edition == "public":
            assert results[calculator.name]["ok"], calculator.name
        else:
            assert results[calculator.name]["errors"] == [{
                "field": "calculator", "message": f"the {calculator.name} calculator is not part of this edition"}]
    assert results["scoring"]["errors"][0]["message"] == "the scoring calculator is not part of this edition"


def test_a_tier_another_fact_decides_still_says_which_fact_no_rate_reaches():
    no_rates = dataclasses.replace(PLAYBOOK, rates_file=None)
    result = registry.run("scoring", {"annual_revenue": "€38M", "annual_budget": "$250,000"}, no_rates)
    assert result["values"]["tier"] is not None
    assert ("Not judged: cannot judge €38,000,000 against amounts in USD: no EUR/USD exchange rate is set; "
            "give the EUR:USD rate to judge it.") in result["values"]["reasons"]


@pytest.mark.parametrize("value", [Decimal("Infinity"), Decimal("-Infinity"), Decimal("NaN"), float("inf")])
def test_an_amount_that_is_no_number_is_a_field_error_in_the_fields_words(value):
    result = registry.run("scoring", {"annual_revenue": value}, PLAYBOOK)
    assert not result["ok"] and result["errors"][0]["field"] == "annual_revenue"
    assert result["errors"][0]["message"].startswith("Annual revenue: enter an amount such as 38000000 or £38M")
