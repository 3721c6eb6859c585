"""Numbers and money as people read them: the one formatter for pages, charts, CLI and CSV.

Amounts stay Decimal through every calculation; these functions round only
the text shown to people, half away from zero (as people round by hand).
The calculators' display text, the chart's axis, the pages' prose
(macros/render_values.py) and the ranked CSV all format here, so $250K reads
the same everywhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
"""Currency codes the calculators accept and the symbol shown for each."""

CURRENCIES: tuple[str, ...] = tuple(SYMBOLS)

SCALES = ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K"))
"""Suffixes of compact amounts, as the seeds write large sums: $500K, $1.5M, $1B."""

_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
COMPACT_PLACES = 2
"""Decimals a compact amount keeps: $1.25M (chart ticks are such round steps)."""


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: whole amounts stay ints."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def plain(value: Decimal) -> str:
    """A number as people type it, and as the CSV holds it: 8.5, 40, 1000000 (no grouping, no exponent)."""
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


def number(value, places: Optional[int] = None) -> str:
    """A figure with thousands separators: 2,500 or 0.5, trailing zeros dropped.

    With `places`, rounded to that many decimals first: 33.3, 40, 1,200.
    """
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _symbol(currency: str) -> str:
    return SYMBOLS.get(currency, currency + " ")


def money(amount, currency: str, compact: bool = False) -> str:
    """$2,500 or $62.50 or -$500: cents only when there are any.

    `compact` shortens large sums as the seeds write them: $250K, $1.5M, $1B.
    """
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    if compact:
        size = abs(amount)
        for scale, suffix in SCALES:
            if size >= scale:
                return f"{sign}{_symbol(currency)}{number(size / scale, COMPACT_PLACES)}{suffix}"
    cents = abs(amount.quantize(_CENT, rounding=ROUND_HALF_UP))
    if cents == 0:
        sign = ""
    if cents == cents.to_integral_value():
        return f"{sign}{_symbol(currency)}{int(cents):,}"
    return f"{sign}{_symbol(currency)}{cents:,.2f}"


def percent(value: Decimal) -> str:
    """A percentage (value already in percent): 88%, 12.5%."""
    return f"{number(value, 1)}%"


def multiple(value: Decimal) -> str:
    """A multiple with one decimal: 1.0×, 2.4×."""
    return f"{value.quantize(_TENTH, rounding=ROUND_HALF_UP):,}×"


def hours(value: Decimal) -> str:
    """Hours with at most one decimal: 40 hours, 33.3 hours, 1 hour."""
    text = number(value, 1)
    return f"{text} hour" if text == "1" else f"{text} hours"
