"""Single values inside prose: money, ranges, hours, counts and short lists.

Pages use these so that a figure living in data/ is never typed into a page,
for example ``{{ money_range(playbook.pricing.retainer) }}`` gives
"$850 to $5,000 per month". Every result is escaped text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from markupsafe import Markup

from calculators import money as formats
from calculators.model import HoursRange, Money, MoneyRange

from .markup import text

PERIODS = {"month": "per month", "year": "per year", "project": "per project"}
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number(value) -> str:
    """A number as readers write it: 2,500 or 0.5 (no trailing zeros); calculators/money.py formats it."""
    return formats.number(Decimal(value))


def amount(value, currency: str, compact: bool = False) -> str:
    """£8,000, or with compact £8K / $1B, as the seeds write large sums (calculators/money.py)."""
    return formats.money(Decimal(value), currency, compact)


def money(value: Money, per: bool = True, compact: bool = False) -> Markup:
    """One amount, for example "$2,500 per month"."""
    shown = amount(value.amount, value.currency, compact)
    return text(f"{shown} {PERIODS[value.per]}" if per else shown)


def money_range(value: MoneyRange, sep: str = " to ", per: bool = True, compact: bool = False) -> Markup:
    """A range shown as a range: "$850 to $5,000 per month", or "$500K+" when open-ended."""
    low = amount(value.min, value.currency, compact)
    shown = f"{low}+" if value.max is None else f"{low}{sep}{amount(value.max, value.currency, compact)}"
    return text(f"{shown} {PERIODS[value.per]}" if per else shown)


def hours_range(value: HoursRange, sep: str = " to ", per: bool = True) -> Markup:
    """"40 to 60 hours per month"."""
    shown = f"{number(value.min)}{sep}{number(value.max)} hours"
    return text(f"{shown} {PERIODS[value.per]}" if per else shown)


def count(value) -> Markup:
    """A small whole number in words ("three"), larger ones in digits; accepts a list (its length)."""
    n = len(value) if isinstance(value, (tuple, list)) else int(value)
    return text(WORDS[n] if 0 <= n < len(WORDS) else number(n))


def inline_list(items: Sequence[str], conjunction: str = "and") -> Markup:
    """Items inside a sentence: "a, b, and c", each starting lower-case unless it is an acronym.

    With conjunction="" the items are only joined by commas, for a sentence that
    goes on with one more item of its own ("a, b, c, and a guarantee").
    """
    words = [_in_sentence(i) for i in items]
    if not conjunction:
        return text(", ".join(words))
    if len(words) <= 2:
        return text(f" {conjunction} ".join(words))
    return text(", ".join(words[:-1]) + f", {conjunction} " + words[-1])


def escaped(value) -> Markup:
    """Any single data value as escaped text, for the rare sentence that quotes a field."""
    return text(value)


def by_id(items: Sequence, wanted: str):
    """The entry of a data list with this id, or a clear error listing the ids there are."""
    for item in items:
        if item.id == wanted:
            return item
    known = ", ".join(str(i.id) for i in items)
    raise LookupError(f"no entry with id {wanted!r}; known ids: {known}")


def _in_sentence(item: str) -> str:
    first = item.split(" ", 1)[0]
    if len(first) > 1 and first.replace("-", "").isupper():
        return item  # an acronym such as CRM keeps its capitals
    return item[:1].lower() + item[1:]
