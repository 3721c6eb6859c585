"""Numbers and money as people read them: the one formatter for pages, charts, CLI and CSV.

Amounts stay Decimal through every calculation; these functions round only
the text shown to people, half away from zero (as people round by hand).
The calculators' display text, the chart's axis, the pages' prose
(macros/render_values.py) and the ranked CSV all format here, so $250K reads
the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
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


# --- money with its currency ----------------------------------------------------


@dataclass(frozen=True)
class Money:
    """An amount with its currency: the one money value every calculator passes around.

    `currency` is an ISO 4217 code ("GBP", "USD", "EUR", or any other a CRM
    writes, such as "AUD"); a Money is never shown with another symbol.
    """

    amount: Decimal
    currency: str

    def text(self, compact: bool = False) -> str:
        """As people read it: £38,000,000, or £38M with `compact`."""
        return money(self.amount, self.currency, compact)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Rate:
    """1 `base` buys `rate` `quote`, as of a date, from a stated source (data, or the rep's own entry)."""

    base: str
    quote: str
    rate: Decimal
    as_of: str
    source: str = ""

    def words(self) -> str:
        """1 GBP = 1.27 USD, as of 2026-12-01 (source)."""
        where = f" ({self.source})" if self.source else ""
        return f"1 {self.base} = {plain(self.rate)} {self.quote}, as of {self.as_of}{where}"


@dataclass(frozen=True)
class Conversion:
    """The result of converting: the amount in the wanted currency (None when no rate is set) and the rate used."""

    original: Money
    currency: str
    value: Optional[Money]
    rate: Optional[Rate]

    def words(self) -> str:
        """What a surface says beside the figure: how it was converted, or why it could not be."""
        if self.value is None:
            return (f"cannot judge {self.original} against amounts in {self.currency}: "
                    f"no {self.original.currency}/{self.currency} exchange rate is set")
        if self.rate is None:
            return str(self.original)
        return (f"{self.original} = {self.value.text(compact=True)} at {plain(self.rate.rate)}"
                f" ({self.rate.base}/{self.rate.quote}), as of {self.rate.as_of}")


def convert(value: Money, currency: str, rates: tuple[Rate, ...] = ()) -> Conversion:
    """`value` in `currency`, only at a stated rate (direct or inverse); the first matching rate wins,
    so a rate the rep sets goes before the data's."""
    if value.currency == currency:
        return Conversion(value, currency, value, None)
    for rate in rates:
        if (rate.base, rate.quote) == (value.currency, currency):
            return Conversion(value, currency, Money(value.amount * rate.rate, currency), rate)
        if (rate.base, rate.quote) == (currency, value.currency):
            return Conversion(value, currency, Money(value.amount / rate.rate, currency), rate)
    return Conversion(value, currency, None, None)
