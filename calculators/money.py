"""Display formatting: money with its currency symbol, percentages, multiples.

Amounts stay Decimal through every calculation; these functions round only
the text shown to people, half away from zero (as people round by hand).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
"""Currency codes the calculators accept and the symbol shown for each."""

CURRENCIES: tuple[str, ...] = tuple(SYMBOLS)

_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: whole amounts stay ints."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def money(amount: Decimal, currency: str) -> str:
    """$2,500 or $62.50 or -$500: cents only when there are any."""
    symbol = SYMBOLS.get(currency, currency + " ")
    cents = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    if cents == cents.to_integral_value():
        return f"{sign}{symbol}{int(cents):,}"
    return f"{sign}{symbol}{cents:,.2f}"


def money_short(amount: Decimal, currency: str) -> str:
    """A compact amount for chart axes: $250k, $1.5M, $900."""
    symbol = SYMBOLS.get(currency, currency + " ")
    size = abs(amount)
    for limit, suffix in ((Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "k")):
        if size >= limit:
            return f"{'-' if amount < 0 else ''}{symbol}{number(size / limit, 1)}{suffix}"
    return money(amount, currency)


def number(value: Decimal, places: int = 1) -> str:
    """A plain figure rounded to `places` decimals, trailing zeros dropped: 33.3, 40, 1,200."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded.normalize():,f}"


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
