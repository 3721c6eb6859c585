"""One number-and-money formatter (calculators/money.py) for pages, charts, CLI and CSV."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from calculators import chart, inputs
from calculators.money import money, number, plain
from macros import render_values


@pytest.mark.parametrize("amount, compact", [
    ("250000", "$250K"), ("1500000", "$1.5M"), ("1250000", "$1.25M"), ("2000000000", "$2B"), ("900", "$900"),
    ("12500", "$12.5K"), ("-250000", "-$250K"),
])
def test_compact_amounts_read_as_the_seeds_write_them(amount, compact):
    assert money(Decimal(amount), "USD", compact=True) == compact


def test_prose_and_the_chart_axis_show_the_same_compact_amount():
    svg = chart.line_chart("t", "d", "x", "y", [1, 2], [chart.Line("a", "A", (Decimal(0), Decimal(250000)))],
                           lambda v: money(v, "USD", compact=True))
    ticks = re.findall(r">(\$[^<]+)</text>", svg)
    assert "$250K" in ticks and not any(t.endswith("k") for t in ticks)
    assert render_values.amount(250000, "USD", compact=True) == "$250K"


def test_prose_messages_and_csv_share_the_number_rules():
    assert render_values.number(Decimal("2500")) == number(Decimal("2500")) == "2,500"
    assert inputs.grouped(Decimal("1000000")) == "1,000,000"
    assert inputs.plain is plain and plain(Decimal("8.50")) == "8.5" and plain(Decimal("1E+3")) == "1000"


def test_money_rounds_cents_half_away_from_zero_and_never_shows_minus_zero():
    assert money(Decimal("62.505"), "GBP") == "£62.51"
    assert money(Decimal("-0.001"), "EUR") == "€0"
    assert money(Decimal("2500"), "USD") == "$2,500"
