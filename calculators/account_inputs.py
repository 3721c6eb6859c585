"""An account's facts as a rep types them on the fit check and account scoring.

Amounts are read as people write them, with the reading rules of the account
pipeline (calculators/amounts.py): "£38M", "60k", "38,000,000 GBP"; an
amount's own symbol or code wins over the currency chosen on the form. The
exchange rates a rep sets ("GBP:USD=1.27", several separated by commas) are
read here once, for the fit check, account scoring, the prioritise page and
the command line (`--rate`), and go before the rates of data/rates.yml.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from .amounts import read_amount
from .inputs import InputError, Reader, grouped, range_words, said, shown
from .money import CURRENCIES, Money, Rate, convert, plain

RATE = "rate"
"""The rate field's name: Python keyword, CLI flag (--rate), form input, URL parameter."""

RATE_LABEL = "Exchange rate"
"""The rate field's label on every form that has one (fit check, account scoring, prioritise page)."""

REVENUE, BUDGET, CURRENCY = "annual_revenue", "annual_budget", "currency"

RATE_SOURCE = "the rate you set"
"""What a rep's rate says where a data rate names its source."""

RATE_EXAMPLE = "GBP:USD=1.27"

_RATE = re.compile(r"^\s*([A-Za-z]{3})\s*[:/]\s*([A-Za-z]{3})\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*$")
MAX_RATES = 6
MAX_RATE_TEXT = 200


def rate_help() -> str:
    """The rate field's help, as the form and the CLI show it."""
    return (f"Optional: an exchange rate to use instead of the playbook's, such as {RATE_EXAMPLE} "
            f"(1 GBP buys 1.27 USD); separate several with commas. Currencies: {', '.join(CURRENCIES)}.")


def read_rates(field: str, raw: Any, *, label: Optional[str] = None) -> tuple[Rate, ...]:
    """The rates typed in one field: "GBP:USD=1.27, EUR:USD=1.08" (empty: none).

    Each is dated "the rate you set" (a rep's rate has no date but today's); a pair given twice,
    a currency the playbook does not know or a rate of 0 is an error in the field's own words.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ()
    if not isinstance(raw, str) or len(raw) > MAX_RATE_TEXT:
        raise InputError([said(field, label, f"enter rates such as {RATE_EXAMPLE}, not {shown(raw)}")])
    out: list[Rate] = []
    for part in raw.split(","):
        if not part.strip():
            continue
        match = _RATE.match(part)
        if not match:
            raise InputError([said(field, label, f"enter each rate as {RATE_EXAMPLE} (1 GBP buys 1.27 USD), "
                                                 f"not {shown(part.strip())}")])
        base, quote = match[1].upper(), match[2].upper()
        unknown = [c for c in (base, quote) if c not in CURRENCIES]
        if unknown:
            raise InputError([said(field, label, f"{unknown[0]} is not a currency the playbook uses; "
                                                 f"use {', '.join(CURRENCIES)}")])
        if base == quote:
            raise InputError([said(field, label, f"{base}:{quote} converts a currency into itself; "
                                                 "give two different currencies")])
        try:
            value = Decimal(match[3])
        except InvalidOperation:  # the pattern admits only digits; kept for safety
            raise InputError([said(field, label, f"enter the rate as a number, such as {RATE_EXAMPLE}")]) from None
        if value <= 0 or value >= 10_000:
            raise InputError([said(field, label, f"the {base}:{quote} rate must be above 0 and below 10,000")])
        if any({r.base, r.quote} == {base, quote} for r in out):
            raise InputError([said(field, label, f"the {base}/{quote} rate is given twice; keep one")])
        out.append(Rate(base, quote, value, "", RATE_SOURCE))
        if len(out) > MAX_RATES:
            raise InputError([said(field, label, f"give at most {MAX_RATES} rates")])
    return tuple(out)


def rates_text(rates: tuple[Rate, ...]) -> str:
    """Rates as the field holds them: "GBP:USD=1.27, EUR:USD=1.08"."""
    return ", ".join(f"{r.base}:{r.quote}={plain(r.rate)}" for r in rates)


def read_money(field: str, raw: Any, currency: Optional[str], minimum: Decimal, maximum: Decimal, *,
               label: Optional[str] = None) -> tuple[Optional[Money], str]:
    """An amount as people write it ("£38M", "60k", 38000000), in its own currency or else `currency`,
    from `minimum` to `maximum` (its Field's declared limits).

    Returns (Money or None when left empty or "not known", the reading's note); an amount that cannot be
    read, or only the rep can tell ("2.000": two, or two thousand?), is an error saying what to type.
    """
    if raw is None:
        return None, ""
    if isinstance(raw, bool) or (isinstance(raw, (float, Decimal)) and not Decimal(str(raw)).is_finite()):
        raise InputError([said(field, label, f"enter an amount such as 38000000 or £38M, not {shown(raw)}")])
    if isinstance(raw, (int, float, Decimal)):
        text = plain(Decimal(str(raw))) if isinstance(raw, float) else plain(Decimal(raw))
    elif isinstance(raw, str):
        text = raw
    else:
        raise InputError([said(field, label, f"enter an amount such as 38000000 or £38M, not {shown(raw)}")])
    if not text.strip():
        return None, ""
    if any(c.isdigit() and not c.isascii() for c in text):
        raise InputError([said(field, label, f"enter the amount in the digits 0-9, such as 38000000 or £38M "
                                             f"(not {shown(text)})")])
    reading = read_amount(text, currency)
    if reading.value is None:
        if not reading.question and reading.note.endswith("not known"):
            return None, reading.note
        why = reading.note.split(": ", 1)[-1].removesuffix("; not read")
        raise InputError([said(field, label, f"enter an amount such as 38000000 or £38M, from {grouped(minimum)} "
                                             f"to {grouped(maximum)} ({shown(text)}: {why})")])
    if reading.value.currency not in CURRENCIES:
        raise InputError([said(field, label, f"{reading.value.currency} is not a currency the playbook uses; "
                                             f"use {', '.join(CURRENCIES)}")])
    if not minimum <= reading.value.amount <= maximum:
        raise InputError([said(field, label, "enter " + range_words(minimum, maximum))])
    return reading.value, reading.note


def read_account(reader: Reader) -> tuple[Optional[Money], Optional[Money], Optional[str],
                                          tuple[Rate, ...], list[str]]:
    """Revenue, budget, the chosen currency and the rep's rates, as the fit check and account scoring
    read them (each amount within its Field's limits), with what the readings noted
    ("Annual revenue: ~45k: took ...")."""
    currency = reader.choice(CURRENCY)
    notes, amounts = [], []
    for name in (REVENUE, BUDGET):
        value, note = reader.read(name, read_money, currency, *reader.fields[name].limits()) or (None, "")
        amounts.append(value)
        if note and value is not None:
            notes.append(f"{reader.labels.get(name) or name}: {note}")
    rates = reader.read(RATE, read_rates) or ()
    return amounts[0], amounts[1], currency, rates, notes


def in_currency(value: Optional[Money], want: str, rates: tuple[Rate, ...]) -> tuple[Optional[Decimal], str]:
    """`value` as an amount in `want`, only at a stated rate (`rates`, the rep's before the data's), and the
    words a reason says beside it: the rate and its date, or which fact cannot be judged and the rate to give."""
    if value is None or value.currency == want:
        return (None if value is None else value.amount), ""
    conversion = convert(value, want, rates)
    if conversion.value is None:
        return None, f"{conversion.words()}; give the {value.currency}:{want} rate to judge it"
    return conversion.value.amount, conversion.words()
