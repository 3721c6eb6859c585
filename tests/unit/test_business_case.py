"""The buyer's business case (economics): net value, payback with the ramp-up, break-even, the published
cases and the guarantee line, on the tests' fixture data (a $2,500 tier with a 40-hour guarantee; a ramp-up
of 0%, 25% and 75% of the hours in the first three months)."""

from __future__ import annotations

import dataclasses

import pytest

from calculators import economics, registry
from calculators.loader import load_data_dir
from conftest import FIXTURE_DATA

PLAYBOOK = load_data_dir(FIXTURE_DATA)


def ok(**params):
    result = registry.run("economics", params, PLAYBOOK)
    assert result["ok"], result
    return result


# --- net value, payback, break-even ------------------------------------------------------------


def test_net_value_is_the_hours_worth_minus_the_fee():
    values = ok(hours_saved_per_month=50, hourly_cost=90)["values"]
    assert values["monthly_value"] == 4500 and values["net_monthly_benefit"] == 2000 and values["pays_off"]


def test_payback_counts_the_ramp_up_months():
    # 40 h x $75 = $3,000 against $2,500: -2,500, -4,250, -4,500 after the ramp-up, then +500 a month.
    values = ok()["values"]
    assert values["payback_month"] == 12 and values["payback_within_horizon"]
    assert values["series"]["cumulative_net"][:3] == [-2500, -4250, -4500]
    assert values["full_from_month"] == 4


def test_without_a_ramp_up_it_pays_back_in_the_first_month():
    full = {f"share_saved_month_{n}": 100 for n in (1, 2, 3)}
    assert ok(**full)["values"]["payback_month"] == 1


def test_the_ramp_up_shares_are_the_buyers_to_change():
    slower = ok(share_saved_month_2=0, share_saved_month_3=50)["values"]
    assert slower["payback_month"] == 15 and not slower["payback_within_horizon"]
    assert slower["series"]["value"][:4] == [0, 0, 1500, 3000]


def test_payback_past_the_horizon_is_said_with_the_horizon():
    display = ok(months=6)["display"]
    assert display["payback"] == "Month 12, after your 6-month horizon"
    assert display["headline"].startswith("It pays off only slowly: you gain $500 a month")


def test_a_share_above_100_percent_is_told_by_its_label():
    [error] = registry.run("economics", {"share_saved_month_2": "120"}, PLAYBOOK)["errors"]
    assert error["field"] == "share_saved_month_2"
    assert error["message"].startswith("Share of the hours saved in month 2") and "from 0 to 100" in error["message"]


def test_break_even_hours_is_the_fee_over_the_hourly_cost():
    assert ok(hourly_cost=50)["display"]["break_even_hours"] == "50 hours"


def test_the_headline_answers_when_it_pays():
    headline = ok()["display"]["headline"]
    assert headline == ("It pays off: at your figures you gain $500 a month once the automations run fully "
                        "(month 4), and the fee has paid for itself by month 12. It breaks even at 33.3 hours a month.")


def test_a_losing_case_says_so_first_and_what_would_have_to_be_true():
    result = ok(hours_saved_per_month=30, hourly_cost=45)
    headline = result["display"]["headline"]
    assert headline.startswith("It does not pay off at your figures: 30 hours a month at $45 an hour are worth "
                               "$1,350, $1,150 less than the $2,500 fee.")
    assert "more than 55.6 hours saved a month" in headline and "a fee below $1,350 a month" in headline
    assert "Retainers start at $850" in headline
    assert "less than a full-time" not in headline and "saving" not in headline
    assert result["display"]["payback"] == "Never at these figures"
    assert "no saving" in result["display"]["fulltime_context"]


def test_nothing_saved_never_speaks_of_a_saving():
    display = ok(hours_saved_per_month=0)["display"]
    assert display["headline"].startswith("It does not pay off")
    assert "Even the smallest retainer, $850 a month, costs more" in display["headline"]
    assert "less," not in display["fulltime_context"] and "no saving" in display["fulltime_context"]


def test_a_case_that_only_breaks_even_does_not_pay_off():
    result = ok(hours_saved_per_month=40, hourly_cost=62.5)
    assert result["values"]["payback_month"] is None and not result["values"]["pays_off"]
    assert result["display"]["headline"].startswith("It does not pay off: the hours you save are worth exactly")


# --- the published low / expected / high cases -------------------------------------------------


def test_the_published_cases_sit_beside_the_buyers_at_the_buyers_fee():
    result = ok(hours_saved_per_month=30, hourly_cost=45)
    cases = {c["case"]: c for c in result["values"]["cases"]}
    assert [c["case"] for c in result["values"]["cases"]] == ["yours", "low", "mid", "high"]
    assert (cases["low"]["hours"], cases["low"]["monthly_value"], cases["low"]["payback_month"]) == (40, 3000, 12)
    assert (cases["mid"]["hours"], cases["mid"]["monthly_value"], cases["mid"]["payback_month"]) == (50, 4500, 5)
    assert (cases["high"]["hours"], cases["high"]["monthly_value"], cases["high"]["payback_month"]) == (60, 6000, 4)
    assert result["display"]["case_mid"] == ("50 hours at $90 an hour, worth $4,500 a month: $2,000 a month gained, "
                                             "paid back in month 5")
    assert result["display"]["case_yours"].endswith("$1,150 a month lost, never paid back")


def test_published_cases_in_another_currency_are_not_judged_without_a_rate():
    result = registry.run("economics", {"currency": "GBP"}, dataclasses.replace(PLAYBOOK, rates_file=None))
    assert [c["case"] for c in result["values"]["cases"]] == ["yours"]
    assert result["display"]["case_low"] == ""
    assert "no exchange rate to pounds is set" in result["display"]["range_note"]
    assert "a US-dollar price, not converted" in registry.run(
        "economics", {"currency": "GBP", "fractional_monthly_fee": "2000"},
        dataclasses.replace(PLAYBOOK, rates_file=None))["display"]["help_fractional_monthly_fee"]


def test_published_cases_in_another_currency_are_converted_at_the_dated_rate_said_beside_them():
    # Fixture rate: 1 GBP = 1.5 USD as of 2030-01-31.
    result = ok(currency="GBP")
    assert result["display"]["case_low"].startswith(
        "40 hours at £50 an hour ($75 an hour at 1 GBP = 1.5 USD as of 2030-01-31), worth £2,000 a month")
    typed = ok(currency="GBP", fractional_monthly_fee="2000")  # a fee the buyer typed: the price is said beside it
    assert typed["display"]["help_fractional_monthly_fee"].startswith(
        "The most popular tier is $2,500 a month (a US-dollar price: about £1,670 at 1 GBP = 1.5 USD as of "
        "2030-01-31)")
    assert result["display"]["range_note"] == ""


# --- the guarantee line: met or not, and whether those hours cover the fee ----------------------


@pytest.mark.parametrize("hours, hourly, line", [
    (50, 75, "Met, and it pays: 50 hours meet the 40-hour guarantee of the most popular tier, and at $75 an hour "
             "they are worth $3,750, $1,250 more than the $2,500 fee."),
    (50, 38, "Met, but the fee is not covered: 50 hours meet the 40-hour guarantee of the most popular tier, yet "
             "at $38 an hour they are worth $1,900, $600 less than the $2,500 fee."),
    (30, 100, "Not met, though it pays: 30 hours are below the 40-hour guarantee of the most popular tier (so the "
              "next month is free), yet at $100 an hour they are worth $3,000, $500 more than the $2,500 fee."),
    (30, 45, "Not met, and the fee is not covered: 30 hours are below the 40-hour guarantee of the most popular "
             "tier (so the next month is free), and at $45 an hour they are worth $1,350, $1,150 less than the "
             "$2,500 fee."),
])
def test_the_guarantee_line_says_whether_the_hours_cover_the_fee(hours, hourly, line):
    result = ok(hours_saved_per_month=hours, hourly_cost=hourly)
    assert result["display"]["guarantee_met"] == line
    assert result["values"]["guarantee_covers_fee"] is (hours * hourly >= 2500)


@pytest.mark.parametrize("params", [{"fractional_monthly_fee": 3000}, {"currency": "GBP", "fractional_monthly_fee": 2500}])
def test_no_guarantee_line_at_a_fee_no_tier_guarantees(params):
    result = ok(**params)
    assert result["display"]["guarantee_met"] == ""
    assert result["values"]["guarantee_met"] is None and result["values"]["guarantee_covers_fee"] is None


def test_payback_helper_handles_a_fee_the_hours_never_cover():
    assert economics.payback(economics.Decimal(100), economics.Decimal(200), ()) is None


# --- the form as built -----------------------------------------------------------------------------


def test_the_built_form_says_whose_figures_it_shows_and_how_to_get_yours_without_scripts():
    from macros import render_forms
    html = str(render_forms.form(PLAYBOOK, "economics", key=[["Paid back", "payback"]]))
    assert "These results are for the starting values." in html
    assert "With JavaScript off, the results on this page are for the starting values" in html
    assert "<code>python -m calculators economics --help</code>" in html
    assert 'data-output="verdict"' in html and 'class="calc-answer-full"' in html
    for n in (1, 2, 3):
        assert f'name="share_saved_month_{n}"' in html


def test_readiness_questions_can_be_cleared_one_by_one_and_all_at_once():
    from macros import render_forms
    html = str(render_forms.form(PLAYBOOK, "readiness"))
    names = [f.name for f in registry.fields("readiness", PLAYBOOK)]
    assert all(f'data-clear="{name}"' in html for name in names)
    assert html.count("data-clear-all") == 1
