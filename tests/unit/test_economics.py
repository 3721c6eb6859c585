"""Economics: hand-worked seed figures, defaults from data, errors and the chart (seed 001)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from calculators import registry
from calculators.loader import load_data_dir
from conftest import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = load_data_dir(FIXTURE_DATA)  # the tests' own data: exact figures are pinned on it
LABELS = {f.name: f.label for f in registry.fields("economics", PLAYBOOK)}
SVG = "{http://www.w3.org/2000/svg}"


def econ(playbook=PLAYBOOK, **params):
    return registry.run("economics", params, playbook)


def ok(**params):
    result = econ(**params)
    assert result["ok"], result
    return result


def with_range_point(point):
    return dataclasses.replace(PLAYBOOK, economics=dataclasses.replace(PLAYBOOK.economics, range_point=point))


# --- the seed's hand-worked figures ---------------------------------------


def test_40_hours_at_75_dollars_is_3000_a_month():
    result = ok(hours_saved_per_month=40, hourly_cost=75)
    assert result["values"]["monthly_value"] == 3000
    assert result["display"]["monthly_value"] == "$3,000"


def test_2500_of_value_against_a_2500_fee_is_a_1_0_multiple():
    result = ok(hours_saved_per_month=40, hourly_cost=62.5, fractional_monthly_fee=2500)
    assert result["values"]["monthly_value"] == 2500
    assert result["values"]["roi_multiple"] == 1
    assert result["display"]["roi_multiple"] == "1.0×"
    assert result["values"]["net_monthly_benefit"] == 0


def test_defaults_are_the_low_end_of_the_seed_ranges():
    assert registry.defaults("economics", PLAYBOOK) == {
        "currency": "USD", "fractional_monthly_fee": "2500", "fulltime_annual_cost": "250000",
        "agency_project_cost": "15000", "hours_saved_per_month": "40", "hourly_cost": "75", "months": "12",
        "share_saved_month_1": "0", "share_saved_month_2": "25", "share_saved_month_3": "75"}


def test_default_result_compares_a_year():
    values = ok()["values"]
    assert values["monthly_value"] == 3000 and values["net_monthly_benefit"] == 500
    assert values["roi_multiple"] == 1.2
    assert values["fractional_total"] == 30_000
    assert values["fulltime_total"] == 250_000
    assert values["agency_total"] == 15_000
    assert values["saving_vs_fulltime"] == 220_000
    assert values["saving_vs_fulltime_percent"] == 88


@pytest.mark.parametrize("point, hourly, fulltime, agency, hours", [
    ("mid", "90", "325000", "32500", "50"),
    ("high", "100", "400000", "50000", "60"),
])
def test_range_point_picks_the_other_ends_of_the_ranges(point, hourly, fulltime, agency, hours):
    defaults = registry.defaults("economics", with_range_point(point))
    assert (defaults["hourly_cost"], defaults["fulltime_annual_cost"], defaults["agency_project_cost"],
            defaults["hours_saved_per_month"]) == (hourly, fulltime, agency, hours)
    assert defaults["fractional_monthly_fee"] == "2500"


def test_fulltime_cost_is_one_twelfth_a_month():
    result = ok(months=7)
    assert result["display"]["fulltime_total"] == "$145,833.33"
    assert result["values"]["series"]["fulltime"][2] == 62_500


def test_break_even_hours_is_fee_divided_by_hourly_cost():
    result = ok()
    assert result["display"]["break_even_hours"] == "33.3 hours"
    assert result["values"]["break_even_hours"] == pytest.approx(2500 / 75)


@pytest.mark.parametrize("hours, met", [(40, True), (39.5, False), (60, True)])
def test_guarantee_is_met_at_40_hours_or_more(hours, met):
    result = ok(hours_saved_per_month=hours)
    assert result["values"]["guarantee_met"] is met
    assert result["values"]["guarantee_hours"] == 40
    assert result["display"]["guarantee_met"].startswith("Met" if met else "Not met")


def test_series_is_cumulative_month_by_month_with_the_ramp_up():
    series = ok(months=4, fractional_monthly_fee=1000, fulltime_annual_cost=120_000, agency_project_cost=20_000,
                hours_saved_per_month=40, hourly_cost=50)["values"]["series"]
    assert series == {"month": [1, 2, 3, 4], "value": [0, 500, 1500, 2000],
                      "cumulative_value": [0, 500, 2000, 4000], "cumulative_fee": [1000, 2000, 3000, 4000],
                      "cumulative_net": [-1000, -1500, -1000, 0],
                      "fulltime": [10_000, 20_000, 30_000, 40_000], "agency": [20_000, 20_000, 20_000, 20_000]}


def test_money_is_decimal_exact():
    result = ok(fractional_monthly_fee="0.1", months=3)
    assert result["values"]["fractional_total"] == 0.3
    assert result["display"]["fractional_total"] == "$0.30"


def test_a_loss_is_said_as_a_loss():
    result = ok(hours_saved_per_month=10)
    assert result["values"]["net_monthly_benefit"] == -1750
    assert result["display"]["net_monthly_benefit"] == "$1,750 a month lost"


# --- currency -------------------------------------------------------------


def test_the_buyers_own_figures_take_the_chosen_currency_as_typed():
    typed = dict(fractional_monthly_fee="2500", hourly_cost="75", fulltime_annual_cost="250000")
    usd, gbp, eur = (ok(currency=c, **typed) for c in ("USD", "gbp", "EUR"))
    assert usd["values"]["monthly_value"] == gbp["values"]["monthly_value"] == eur["values"]["monthly_value"]
    assert gbp["inputs"]["currency"] == "GBP"
    assert (usd["display"]["fulltime_total"], gbp["display"]["fulltime_total"], eur["display"]["fulltime_total"]) == (
        "$250,000", "£250,000", "€250,000")


# Fixture rates: 1 GBP = 1.5 USD and 1 EUR = 1.2 USD, as of 2030-01-31; published $2,500, $75, $250,000, $15,000.
STARTS = {
    "GBP": dict(fractional_monthly_fee=1670, hourly_cost=50, fulltime_annual_cost=167000, agency_project_cost=10000),
    "EUR": dict(fractional_monthly_fee=2080, hourly_cost=62.5, fulltime_annual_cost=208000,
                agency_project_cost=12500),
    "USD": dict(fractional_monthly_fee=2500, hourly_cost=75, fulltime_annual_cost=250000, agency_project_cost=15000),
}
SHOWN = dict(fractional_monthly_fee="1,670", hourly_cost="50", fulltime_annual_cost="167,000",
             agency_project_cost="10,000")


@pytest.mark.parametrize("currency", ["GBP", "EUR", "USD"])
def test_the_starting_values_are_the_published_figures_at_the_dated_rate_rounded_to_three_figures(currency):
    inputs = ok(currency=currency)["inputs"]
    assert {name: inputs[name] for name in STARTS[currency]} == STARTS[currency]


def test_a_starting_value_says_beside_it_that_it_is_the_dollar_price_converted_at_the_rate_and_date():
    display = ok(currency="GBP")["display"]
    assert display["help_fractional_monthly_fee"].endswith(
        "The starting value, £1,670, is the published $2,500 converted at 1 GBP = 1.5 USD as of 2030-01-31 and "
        "rounded: put in your own, in pounds.")
    assert "the published $250,000 converted at 1 GBP = 1.5 USD as of 2030-01-31" in display[
        "help_fulltime_annual_cost"]
    assert "converted" not in ok()["display"]["help_fractional_monthly_fee"]  # the published figure itself
    assert {f"input_{n}": v for n, v in SHOWN.items()}.items() <= display.items()


def test_changing_the_currency_converts_the_starting_values_and_never_a_typed_figure():
    shown_in_dollars = dict(fractional_monthly_fee="2,500", hourly_cost="80", fulltime_annual_cost="250,000",
                            agency_project_cost="15,000")
    inputs = ok(currency="GBP", previous_currency="USD", **shown_in_dollars)["inputs"]
    assert inputs["hourly_cost"] == 80  # typed: the buyer's, whatever the currency
    assert {n: inputs[n] for n in ("fractional_monthly_fee", "fulltime_annual_cost", "agency_project_cost")} == {
        n: STARTS["GBP"][n] for n in ("fractional_monthly_fee", "fulltime_annual_cost", "agency_project_cost")}
    to_euros = ok(currency="EUR", previous_currency="GBP", **{n: str(v) for n, v in inputs.items()
                                                             if n in STARTS["GBP"]})["inputs"]
    assert to_euros["fractional_monthly_fee"] == STARTS["EUR"]["fractional_monthly_fee"] and to_euros["hourly_cost"] == 80
    back = ok(currency="USD", previous_currency="EUR", **{n: str(v) for n, v in to_euros.items()
                                                         if n in STARTS["EUR"]})["inputs"]
    assert {n: back[n] for n in STARTS["USD"]} == {**STARTS["USD"], "hourly_cost": 80}


def test_without_a_previous_currency_every_figure_given_is_the_buyers():
    inputs = ok(currency="GBP", fractional_monthly_fee="2,500")["inputs"]
    assert inputs["fractional_monthly_fee"] == 2500


def test_the_guarantee_applies_at_the_tiers_fee_converted_as_the_field_starts_with_it():
    assert ok(currency="GBP")["display"]["guarantee_met"].startswith("Met, and it pays: 40 hours meet the 40-hour")
    assert ok(currency="GBP", fractional_monthly_fee="1600")["display"]["guarantee_met"] == ""


@pytest.mark.parametrize("raw, rounded", [("1666.6667", "1670"), ("166666.67", "167000"), ("62.5", "62.5"),
                                          ("59.055", "59.1"), ("0.123", "0.12"), ("1968.5039", "1970")])
def test_a_converted_price_is_rounded_to_three_significant_figures_and_no_finer_than_a_cent(raw, rounded):
    from decimal import Decimal

    from calculators.economics import about
    assert about(Decimal(raw)) == Decimal(rounded)


NO_RATE = dataclasses.replace(PLAYBOOK, rates_file=None)


def test_without_a_rate_the_starting_figures_stay_in_dollars_say_so_and_the_answer_says_what_it_cannot_judge():
    result = econ(NO_RATE, currency="GBP")
    assert result["inputs"]["fractional_monthly_fee"] == 2500
    display = result["display"]
    assert display["help_fractional_monthly_fee"].endswith(
        "The starting value is the published $2,500, in US dollars: no USD/GBP exchange rate is set, so it cannot be "
        "used as pounds. Put in your own, in pounds.")
    assert display["headline"].startswith("Cannot judge in pounds yet: the fractional fee per month and the cost of "
                                          "an hour of that work still hold published figures in US dollars")
    assert "£" not in " ".join(display[k] for k in economics_module().ANSWER)
    assert display["agency_total"].startswith("$15,000, the published figure in US dollars")
    assert result["values"]["cannot_judge"] == ["fractional_monthly_fee", "hourly_cost", "fulltime_annual_cost",
                                                "agency_project_cost"]


def test_without_a_rate_the_buyers_own_figures_are_answered_and_the_rest_is_not_judged():
    display = econ(NO_RATE, currency="GBP", fractional_monthly_fee="2000", hourly_cost="60")["display"]
    assert display["headline"].startswith("It pays off: at your figures you gain £400 a month")
    assert display["fulltime_context"].startswith("Cannot judge in pounds: the full-time leader, cost per year holds "
                                                  "the published $250,000")


def economics_module():
    from calculators import economics
    return economics


@pytest.mark.parametrize("currency", ["GBP", "EUR"])
def test_published_prices_keep_their_dollars_whatever_the_currency(currency):
    result = ok(currency=currency)
    shown = [result["display"]["help_fractional_monthly_fee"], result["display"]["chart_summary"],
             *result["assumptions"]]
    text = " ".join(shown)
    assert "$2,500" in text and "$850–$5,000" in text and "$3,000–$6,000" in text
    assert "£2,500" not in text and "€2,500" not in text and "£850" not in text and "€850" not in text
    assert "is the published $2,500 converted at 1 " in result["display"]["help_fractional_monthly_fee"]
    assert "converted only at the dated rate named beside them" in text
    assert "Starting amounts are those figures at that rate, to three significant figures" in text


def test_unknown_currency_is_an_error_in_words():
    [error] = econ(currency="JPY")["errors"]
    assert error["field"] == "currency"
    assert error["message"].startswith(LABELS["currency"] + ": ") and "GBP, USD or EUR" in error["message"]
    assert "currency must" not in error["message"] and "got" not in error["message"]


# --- assumptions ----------------------------------------------------------


def test_assumptions_state_the_seed_figures_and_what_each_rests_on():
    lines = ok()["assumptions"]
    text = " ".join(lines)
    assert "the starting hourly cost, $75, is $3,000 ÷ 40 hours" in text
    assert "$250,000–$400,000" in text and "$15,000–$50,000" in text
    assert "spreads the full-time cost evenly" in text and "once, up front" in text
    assert "typically break within 3 months" in text
    assert "a horizon of 12 months (1 to 60)" in text
    assert all(line.split(":")[0].split(",")[0] in ("Your figure", "Published figure", "Buyer's guide", "Assumption")
               for line in lines)
    [ramp] = [line for line in lines if "25% of the hours" in line]
    assert ramp.startswith("Assumption:") and "75% of the hours" in ramp and "from month 4 on" in ramp


def test_agency_note_mentions_the_break_within_months():
    assert "typically break within 3 months" in ok()["display"]["agency_note"]


# --- errors ---------------------------------------------------------------


@pytest.mark.parametrize("field, raw, words", [
    ("fractional_monthly_fee", 0, "above 0"),
    ("hourly_cost", "0", "above 0"),
    ("fulltime_annual_cost", 0, "above 0"),
    ("agency_project_cost", -1, "from 0 to"),
    ("hours_saved_per_month", 745, "from 0 to 744"),
    ("fractional_monthly_fee", "1e309", "such as 2500"),
    ("hourly_cost", "-inf", "not '-inf'"),
    ("months", 0, "whole number from 1 to 60"),
    ("months", 61, "whole number from 1 to 60"),
    ("months", "1.5", "whole number from 1 to 60"),
    ("months", "twelve", "not 'twelve'"),
])
def test_bad_input_is_told_by_its_label_and_what_to_type(field, raw, words):
    [error] = econ(**{field: raw})["errors"]
    assert error["field"] == field
    assert error["message"].startswith(LABELS[field] + ": ") and words in error["message"]
    assert (field not in error["message"] or "_" not in field) and "divide" not in error["message"]  # no ids, no developer reasons


def test_agency_cost_of_zero_is_allowed():
    assert ok(agency_project_cost=0)["values"]["agency_total"] == 0


def test_money_text_is_read_like_people_write_it():
    result = ok(currency="GBP", fractional_monthly_fee="£2,500", fulltime_annual_cost="250,000.00")
    assert result["inputs"]["fractional_monthly_fee"] == 2500
    assert result["inputs"]["fulltime_annual_cost"] == 250_000


# --- chart ----------------------------------------------------------------


def test_chart_is_accessible_svg_of_value_against_fees_with_the_payback_point():
    result = ok()
    svg = result["values"]["chart_svg"]
    assert svg == result["display"]["chart_svg"]
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith("Cumulative value of the hours saved")
    assert root.find(f"{SVG}desc").text == result["display"]["chart_summary"]
    classes = {g.get("class") for g in root.iter(f"{SVG}g")}
    assert {"chart-value", "chart-fee", "chart-marker"} <= classes
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Month" in texts and "Cumulative ($)" in texts
    assert {"Value of the hours saved", "Fees paid", "Paid back, month 12"} <= set(texts)
    assert "currentColor" in svg and "nan" not in svg.lower()


def test_chart_marks_no_payback_point_when_it_never_pays_back():
    root = ET.fromstring(ok(hours_saved_per_month=10)["values"]["chart_svg"])
    assert "chart-marker" not in {g.get("class") for g in root.iter(f"{SVG}g")}


def test_chart_has_one_point_per_month():
    root = ET.fromstring(ok(months=24)["values"]["chart_svg"])
    for line in root.iter(f"{SVG}polyline"):
        assert len(line.get("points").split()) == 24


def test_chart_summary_is_a_text_alternative():
    assert ok(months=24)["display"]["chart_summary"] == (
        "Over 24 months, the hours saved are worth $66,000 and the fees total $60,000: $6,000 ahead at the end; "
        "paid back month 12.")


def _heights(root):
    """Each line's points as heights above the month axis, the tallest being 1: the figures drawn, at any size."""
    axis = next(line for line in root.iter(f"{SVG}line")
                if line.get("class") == "chart-axis" and line.get("y1") == line.get("y2"))
    bottom = float(axis.get("y1"))
    lines = [[bottom - float(point.split(",")[1]) for point in line.get("points").split()]
             for line in root.iter(f"{SVG}polyline")]
    tallest = max(max(line) for line in lines) or 1
    return [[h / tallest for h in line] for line in lines]


@pytest.mark.parametrize("months", [1, 12, 36, 60])
def test_the_phone_chart_draws_the_same_figures_taller_with_fewer_labels(months):
    display = ok(months=months)["display"]
    wide, narrow = ET.fromstring(display["chart_svg"]), ET.fromstring(display["chart_svg_narrow"])
    for root in (wide, narrow):
        assert root.get("role") == "img"
        assert root.find(f"{SVG}desc").text == display["chart_summary"]
    assert narrow.find(f"{SVG}title").text == wide.find(f"{SVG}title").text
    texts = lambda root: [t.text for t in root.iter(f"{SVG}text")]  # noqa: E731
    assert {"Month", "Cumulative ($)", "Value of the hours saved", "Fees paid"} <= set(texts(narrow))
    # Taller than wide, and narrow enough to be drawn near its full size in a phone's column.
    _, _, width, height = (float(n) for n in narrow.get("viewBox").split())
    assert width <= 400 and height > width
    months_shown = lambda root: [t for t in texts(root) if t.isdigit()]  # noqa: E731
    assert len(months_shown(narrow)) <= min(len(months_shown(wide)), 7)
    # The same lines through the same figures: every point at the same height relative to the tallest.
    for w_line, n_line in zip(_heights(wide), _heights(narrow), strict=True):
        assert len(w_line) == len(n_line) == months
        assert n_line == pytest.approx(w_line, abs=0.005)


def test_the_phone_chart_text_is_larger_than_the_wide_one():
    display = ok()["display"]
    size = lambda key: int(ET.fromstring(display[key]).get("font-size"))  # noqa: E731
    assert size("chart_svg_narrow") > size("chart_svg")


def test_one_month_chart_still_draws():
    root = ET.fromstring(ok(months=1)["values"]["chart_svg"])
    assert len(list(root.iter(f"{SVG}polyline"))) == 2


def test_public_edition_runs_economics():
    assert econ(load_data_dir(FIXTURE_DATA, "public"))["ok"]
