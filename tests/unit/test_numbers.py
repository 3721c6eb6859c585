"""Numbers a person meant (issue 10) and errors in the field's own words (issue 12).

ASCII digits only; "_" is no thousands separator; the separators people type
(2,500 and 2 500, a currency sign) are read; a currency sign that contradicts
the chosen currency is an error naming the selected one. Every message starts
with the field's label (from the tests' own data) and says what to type.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculators import inputs as read
from calculators import registry
from calculators.inputs import InputError
from calculators.money import SYMBOLS
from conftest import fixture_playbook

PLAYBOOK = fixture_playbook()
ECONOMICS = {f.name: f for f in registry.fields("economics", PLAYBOOK)}
SCORING = {f.name: f for f in registry.fields("scoring", PLAYBOOK)}
MONEY_FIELD = "fractional_monthly_fee"
BIG = Decimal(10) ** 12


def amount(raw, currency=None):
    return read.number("fee", raw, Decimal(0), BIG, money=True, label="Fee", currency=currency)


def refused(raw, currency=None) -> str:
    with pytest.raises(InputError) as raised:
        amount(raw, currency)
    [error] = raised.value.errors
    return error.message


# --- what is refused --------------------------------------------------------


@pytest.mark.parametrize("raw", [
    "1_000", "1_0_0_0_0_0_0_0_0_0", "2_500.50",                   # Python's digit grouping, not people's
    "\u0662\u0665\u0660\u0660", "\u06f2\u06f5\u06f0\u06f0",       # Arabic-Indic and Persian digits
    "\uff12\uff15\uff10\uff10", "\u0968\u096b\u0966\u0966",       # fullwidth and Devanagari digits
    "1e3", "2E4", "nan", "inf", "-Infinity", "0x10", "\u00bd",    # exponents, specials, hex, a vulgar fraction
    "2,50", "25,00,000", "2,500,00", "2 50", "2, 500", "2.500,00", "1,000_000", "--5", "+-5", "",
])
def test_numbers_people_would_not_type_are_refused_with_what_to_type(raw):
    message = refused(raw)
    assert message.startswith("Fee: ") and "such as 2500" in message


@pytest.mark.parametrize("raw", ["1_0_0_0_0_0_0_0_0_0", "\uff11" + "\uff10" * 9, "\u0661" + "\u0660" * 9])
def test_a_lenient_revenue_never_suggests_a_tier(raw):
    result = registry.run("scoring", {"annual_revenue": raw}, PLAYBOOK)
    assert not result["ok"] and [e["field"] for e in result["errors"]] == ["annual_revenue"]
    assert result["errors"][0]["message"].startswith(SCORING["annual_revenue"].label + ": ")


# --- what is read -------------------------------------------------------------


@pytest.mark.parametrize("raw, value", [
    ("2500", 2500), ("2,500", 2500), ("2 500", 2500), ("2\u00a0500", 2500), ("1,234,567.5", Decimal("1234567.5")),
    (" 2500 ", 2500), ("+2,500", 2500), ("0.5", Decimal("0.5")), (".5", Decimal("0.5")), ("12 345 678", 12345678),
])
def test_separators_people_type_are_read(raw, value):
    assert amount(raw) == value


@pytest.mark.parametrize("code", sorted(SYMBOLS))
def test_the_chosen_currencys_sign_is_read_before_or_after_the_amount(code):
    sign = SYMBOLS[code]
    assert amount(f"{sign}2,500", code) == amount(f"2,500 {sign}", code) == amount(f"{sign} 2500", code) == 2500


@pytest.mark.parametrize("chosen", sorted(SYMBOLS))
def test_a_sign_of_another_currency_is_an_error_naming_the_selected_one(chosen):
    for code, sign in SYMBOLS.items():
        if code == chosen:
            continue
        message = refused(f"{sign}3,000", chosen)
        assert message.startswith("Fee: ") and sign in message
        assert read.currency_words(chosen) in message and "selected" in message


def test_the_calculator_checks_the_sign_against_its_currency_field():
    other = next(code for code in SYMBOLS if code != "USD")
    result = registry.run("economics", {"currency": "USD", MONEY_FIELD: f"{SYMBOLS[other]}3,000"}, PLAYBOOK)
    [error] = result["errors"]
    assert error["field"] == MONEY_FIELD and error["message"].startswith(ECONOMICS[MONEY_FIELD].label + ": ")
    assert read.currency_words("USD") in error["message"]
    ok = registry.run("economics", {"currency": other, MONEY_FIELD: f"{SYMBOLS[other]}3,000"}, PLAYBOOK)
    assert ok["ok"] and ok["inputs"][MONEY_FIELD] == 3000


# --- words for people ---------------------------------------------------------


@pytest.mark.parametrize("name, raw", [(name, raw) for name in ECONOMICS for raw in ("abc", "-1", "")
                                       if ECONOMICS[name].kind == "number"]
                         + [("currency", ""), ("currency", "JPY"), ("months", "x")])
def test_every_economics_error_starts_with_the_label_and_never_names_the_field_id(name, raw):
    result = registry.run("economics", {name: raw}, PLAYBOOK)
    if result["ok"]:  # "" takes the default, -1 may be allowed: nothing to say
        return
    for error in result["errors"]:
        label = ECONOMICS[error["field"]].label
        message = error["message"]
        assert message.startswith(label + ": "), message
        assert error["field"] not in message.replace(label, "") or "_" not in error["field"]
        assert "must be" not in message and "got" not in message and "divide" not in message
        assert any(verb in message for verb in ("enter", "choose", "answer", "use")), message


def test_the_currency_error_lists_the_choices_in_words():
    message = registry.run("economics", {"currency": ""}, PLAYBOOK)["errors"][0]["message"]
    assert message == f"{ECONOMICS['currency'].label}: choose GBP, USD or EUR"


def test_a_csv_cells_error_leaves_the_column_to_the_table():
    with pytest.raises(InputError) as raised:
        read.number("commercial_fit", "x", Decimal(0), Decimal(10), Decimal("0.5"), label="")
    message = raised.value.errors[0].message
    assert message[0].isupper() and "commercial_fit" not in message and "0 to 10" in message


# --- the euro's own forms, by the one amount reader (calculators/amounts.py) ----------------------


@pytest.mark.parametrize("raw, value", [("2.000,50", Decimal("2000.5")), ("2,000.50", Decimal("2000.5")),
                                        ("€2.500.000", 2500000), ("2,5", Decimal("2.5"))])
def test_with_euros_chosen_each_form_is_read_as_it_is_written(raw, value):
    assert amount(raw, "EUR") == value


def test_with_euros_chosen_2_000_is_asked_about_not_read_as_2():
    result = registry.run("economics", {"currency": "EUR", "fractional_monthly_fee": "2.000"}, PLAYBOOK)
    [error] = result["errors"]
    assert error["field"] == "fractional_monthly_fee"
    assert "“2.000” 2 or 2,000?" in error["message"] and error["message"].startswith("Fractional fee per month: ")
