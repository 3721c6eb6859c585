"""Property tests: whatever comes in, run() answers with JSON, never NaN or infinity.

Inputs range wide on purpose: text, None, NaN, infinities, negatives, huge
and tiny numbers, exponent strings ("1e309"), booleans, lists and mappings.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import registry
from calculators.ranking import run as run_batch
from calculators.loader import load_data_dir
from conftest import DATA

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = load_data_dir(DATA)
FIELDS = {name: [f.name for f in registry.fields(name, PLAYBOOK)] for name in registry.CALCULATORS}
LABELS = {name: {f.name: f.label for f in registry.fields(name, PLAYBOOK)} for name in registry.CALCULATORS}
# How many examples: the "dev" or "ci" profile of tests/conftest.py.
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])

NASTY_TEXT = st.sampled_from([
    "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "sNaN", "1e309", "-1e309", "1e-999999999", "0e999999999",
    "9" * 400, "", " ", "8.5", " 8 ", "8,5", "1,000", "$2,500", "£-3", "-0", "+7", "0x10", "1_000", "١٢",
    "true", "yes", "on", "off", "maybe", "\x00", "12abc", "GBP", "usd", "€", "1e3", "10.00000000001",
])
RAW = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), NASTY_TEXT,
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def params_for(name):
    keys = st.one_of(st.sampled_from(FIELDS[name]), st.text(max_size=8))
    return st.dictionaries(keys, RAW, max_size=len(FIELDS[name]) + 2)


def walk(value):
    """Every leaf of a JSON-ready value."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str)
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)
    else:
        yield value


def check_answer(name, result):
    assert isinstance(result, dict)
    text = json.dumps(result, allow_nan=False)  # raises on NaN or infinity
    assert json.loads(text) == result  # JSON-ready: round-trips exactly
    for leaf in walk(result):
        assert leaf is None or isinstance(leaf, (str, bool, int, float))
        if isinstance(leaf, float):
            assert math.isfinite(leaf)
    assert result["calculator"] == name
    if result["ok"]:
        for leaf in walk([result["values"], result["display"]]):
            words = str(leaf).lower().replace("$", " ").split()
            assert "nan" not in words and "inf" not in words and "infinity" not in words
        assert set(result["inputs"]) == set(FIELDS[name])
        assert set(result) >= {"inputs", "values", "display", "assumptions"}
        assert all(isinstance(v, str) for v in result["display"].values())
    else:
        assert result["errors"]
        for error in result["errors"]:
            assert error["field"] in FIELDS[name]
            assert error["message"].startswith(LABELS[name][error["field"]] + ": ")  # the label, never the id


@SETTINGS
@given(params_for("scoring"))
def test_scoring_never_raises_and_answers_with_clean_json(params):
    check_answer("scoring", registry.run("scoring", params, PLAYBOOK))


@SETTINGS
@given(params_for("economics"))
def test_economics_never_raises_and_answers_with_clean_json(params):
    check_answer("economics", registry.run("economics", params, PLAYBOOK))


@SETTINGS
@given(params_for("readiness"))
def test_readiness_never_raises_and_answers_with_clean_json(params):
    check_answer("readiness", registry.run("readiness", params, PLAYBOOK))


@SETTINGS
@given(st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2)))
def test_params_that_are_not_a_mapping_are_an_error(params):
    for name in registry.CALCULATORS:
        result = registry.run(name, params, PLAYBOOK)
        json.dumps(result, allow_nan=False)
        if not isinstance(params, dict):
            assert result["errors"][0]["field"] == "params"


HALVES = st.integers(min_value=0, max_value=20).map(lambda n: Decimal(n) / 2)


@SETTINGS
@given(st.tuples(HALVES, HALVES, HALVES, HALVES), st.sampled_from([str, float, Decimal]))
def test_any_valid_scores_give_their_sum_and_the_matching_band(scores, kind):
    dims = FIELDS["scoring"][:4]
    result = registry.run("scoring", {d: kind(s) for d, s in zip(dims, scores)}, PLAYBOOK)
    assert result["ok"]
    total = sum(scores)
    assert Decimal(str(result["values"]["total"])) == total
    expected = next(b for b in PLAYBOOK.scoring.bands if total >= b.min)
    assert result["values"]["band"] == expected.id


MONEY = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 9, places=2)


@SETTINGS
@given(MONEY, st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 6, places=2),
       st.decimals(min_value=0, max_value=744, places=1), MONEY, st.integers(1, 60))
def test_economics_arithmetic_holds_for_any_valid_input(fee, hourly, hours, fulltime, months):
    params = {"fractional_monthly_fee": str(fee), "hourly_cost": str(hourly), "hours_saved_per_month": str(hours),
              "fulltime_annual_cost": str(fulltime), "months": str(months)}
    result = registry.run("economics", params, PLAYBOOK)
    check_answer("economics", result)
    values = result["values"]
    assert Decimal(str(values["monthly_value"])) == hours * hourly
    assert Decimal(str(values["fractional_total"])) == fee * months
    assert len(values["series"]["cumulative_fee"]) == months
    # Paid back: the first month whose cumulative net value is not below zero, or never while the hours do not
    # cover the fee.
    net = [Decimal(str(v)) for v in values["series"]["cumulative_net"]]
    paid = values["payback_month"]
    if paid is None:
        assert hours * hourly <= fee
    elif paid <= months:
        assert net[paid - 1] >= 0 and all(v < 0 for v in net[:paid - 1])
    else:
        assert all(v < 0 for v in net)
    # The guarantee belongs to a pricing tier: it applies only at that tier's fee.
    tier = next((t for t in PLAYBOOK.pricing.tiers if t.guarantee and t.fee.amount == fee
                 and t.fee.currency == values["currency"]), None)
    assert values["guarantee_met"] is (None if tier is None else hours >= tier.guarantee.hours)


CELL = st.one_of(st.text(max_size=8), NASTY_TEXT, st.sampled_from(["5", "9.5", "0", "10", "1000000000"]))


@SETTINGS
@given(st.lists(st.lists(CELL, min_size=0, max_size=9), max_size=12), st.sampled_from([",", ";", "\t"]),
       st.booleans())
def test_batch_never_raises_on_any_csv(rows, delimiter, bom):
    header = delimiter.join(["name", "use_case_fit", "commercial_fit", "technical_fit", "strategic_value",
                             "annual_revenue", "annual_budget", "disqualifiers", "on_premise_only"])
    body = "\r\n".join(delimiter.join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    result = run_batch(("\ufeff" if bom else "") + header + "\r\n" + body, PLAYBOOK, include_csv=True)
    json.dumps(result, allow_nan=False)
    assert result["ok"]
    assert len(result["accounts"]) + len(result["rejected"]) + len(result["skipped"]) <= len(rows)
    for error in result["rejected"]:
        assert error["row"] >= 2 and error["column"] and error["message"]


@SETTINGS
@given(st.text(max_size=200))
def test_batch_answers_any_text(text):
    result = run_batch(text, PLAYBOOK)
    json.dumps(result, allow_nan=False)
    assert result["ok"] or result["errors"]
