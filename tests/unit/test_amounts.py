"""Amounts and counts as people write them: each form read, each currency rule, questions not guesses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculators.amounts import AmountReading, in_currency, read_amount, read_count
from calculators.money import Money, Rate

GBP_USD = Rate("GBP", "USD", Decimal("1.25"), "2026-01-31", "test rate")


def money(text, currency="USD", **kw):
    reading = read_amount(text, currency, **kw)
    return None if reading.value is None else (reading.value.amount, reading.value.currency)


@pytest.mark.parametrize("text, expected", [
    ("4200000", (Decimal(4200000), "USD")),
    ("$4,200,000.00", (Decimal("4200000.00"), "USD")),
    ("£38M", (Decimal(38000000), "GBP")),
    ("£38,000,000", (Decimal(38000000), "GBP")),
    ("38,000,000 GBP", (Decimal(38000000), "GBP")),
    ("GBP 38000000", (Decimal(38000000), "GBP")),
    ("USD 1.2m", (Decimal(1200000), "USD")),
    ("€6,168,817", (Decimal(6168817), "EUR")),
    ("€45.000.000", (Decimal(45000000), "EUR")),
    ("45.000.000 €", (Decimal(45000000), "EUR")),
    ("1.234,56 €", (Decimal("1234.56"), "EUR")),
    ("2.756 million", (Decimal(2756000), "USD")),
    ("1.2bn", (Decimal(1200000000), "USD")),
    ("60k", (Decimal(60000), "USD")),
    ("1.2M", (Decimal(1200000), "USD")),
    ("38 million pounds", (Decimal(38000000), "GBP")),
    ("A$4.5M", (Decimal(4500000), "AUD")),
    ("C$ 2m", (Decimal(2000000), "CAD")),
    ("CHF 12 000 000", (Decimal(12000000), "CHF")),
    ("12\u00a0000\u00a0000 €", (Decimal(12000000), "EUR")),
    ("2,000", (Decimal(2000), "USD")),
])
def test_amount_forms_are_read_with_their_currency(text, expected):
    assert money(text) == expected


def test_the_cells_currency_wins_over_the_rows_and_the_rows_over_the_files_default():
    assert money("£38M", "USD") == (Decimal(38000000), "GBP")
    assert money("38M", "EUR") == (Decimal(38000000), "EUR")


def test_a_bare_dollar_is_the_dollar_of_the_row_when_the_row_says_which():
    assert money("$5M", "AUD") == (Decimal(5000000), "AUD")
    assert money("$5M", "GBP") == (Decimal(5000000), "USD")


def test_a_yen_or_yuan_sign_takes_the_rows_currency_or_is_a_question():
    assert money("¥500M", "CNY") == (Decimal(500000000), "CNY")
    assert read_amount("¥500M", "USD").question


def test_no_currency_anywhere_is_a_question():
    reading = read_amount("38000000")
    assert reading.value is None and reading.question and "no currency" in reading.note


@pytest.mark.parametrize("text, value, words", [
    ("~45", 45, "read ~45 as 45 (approximate)"),
    ("c. 45", 45, "approximate"),
    ("about 45", 45, "approximate"),
    ("45+", 45, "took the lower bound, 45"),
    ("40-50", 40, "40-50: took the lower bound, 40"),
    ("40 – 50", 40, "took the lower bound, 40"),
    ("1,001-5,000", 1001, "took the lower bound, 1,001"),
    ("10,000+", 10000, "took the lower bound, 10,000"),
    ("1.2k", 1200, ""),
    ("1200.0", 1200, ""),
    ("45 employees", 45, ""),
])
def test_count_forms_say_how_they_were_read(text, value, words):
    reading = read_count(text)
    assert reading.value == value and not reading.question
    assert words in reading.note


def test_a_range_of_amounts_takes_its_lower_bound_with_the_scale_written_once():
    reading = read_amount("$1-5M")
    assert reading.value == Money(Decimal(1000000), "USD")
    assert "took the lower bound" in reading.note


@pytest.mark.parametrize("text", ["TBC", "tbd", "n/a", "N/A", "-", "—", "unknown", "?", ""])
def test_unknown_values_are_unknown_with_the_reason(text):
    for reading in (read_amount(text, "USD"), read_count(text)):
        assert reading.value is None and not reading.question and reading.note


def test_tbc_says_not_known():
    assert read_amount("TBC", "USD").note == "TBC: not known"


def test_two_thousand_with_a_point_and_no_other_clue_is_a_question_not_a_guess():
    for reading in (read_amount("2.000", "USD"), read_count("2.000")):
        assert reading.value is None and reading.question
        assert "2,000" in reading.note


def test_the_files_decimal_mark_settles_what_a_point_or_comma_means():
    assert money("2.000", decimal_comma=True) == (Decimal(2000), "USD")
    assert money("2.000", decimal_comma=False) == (Decimal(2), "USD")
    assert money("8,5", decimal_comma=True) == (Decimal("8.5"), "USD")
    assert read_count("1.200", decimal_comma=True).value == 1200
    assert read_amount("2,000", "USD", decimal_comma=True).question
    assert read_amount("2.756 million", "USD", decimal_comma=True).question


@pytest.mark.parametrize("text", ["12%", "kr 100", "abc", "< 50", "£1M USD", "1.2.3,4,5", "x" * 80, "-5"])
def test_what_is_not_an_amount_is_not_read_and_says_so(text):
    reading = read_amount(text, "USD")
    assert reading.value is None and "not read" in reading.note


def test_a_count_must_be_whole_and_not_money():
    assert read_count("2.5").value is None
    assert read_count("£5").value is None


def test_converting_uses_the_rate_passed_in_and_says_so():
    reading = in_currency(read_amount("£38M", "USD"), "USD", (GBP_USD,))
    assert reading.value == Money(Decimal("47500000.00"), "USD")
    assert "1.25" in reading.note and "2026-01-31" in reading.note


def test_a_currency_without_a_rate_is_unknown_with_the_reason():
    reading = in_currency(read_amount("A$38M", "USD"), "USD", (GBP_USD,))
    assert reading == AmountReading(None, reading.note) and "AUD" in reading.note
