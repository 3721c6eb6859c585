"""Amounts and counts as people write them in a CRM cell: "£38M", "38,000,000 GBP", "~45", "40-50", "TBC".

One reading per cell, never a guess: a value (with the currency the cell, the
row or the file states), or no value with the reason in words, and a flag
when the cell is a question only the rep can answer ("2.000": two, or two
thousand?). The account pipeline puts the words in the row's notes; a form
shows them beside the field.

Currency precedence: the cell's own symbol or code, then `currency` (the
caller passes the row's currency column, else the file's default). A bare "$"
is the dollar of that context when it is a dollar currency (AUD, CAD...),
else the US dollar; a bare "¥" needs the context to say JPY or CNY. Converting is separate (`in_currency`), only at a rate
passed in, so a currency without a rate leaves the fact unknown and says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Optional

from .money import Money, Rate, convert, number

UNKNOWN = frozenset({"tbc", "tbd", "tba", "n/a", "na", "n.a.", "-", "--", "—", "–", "?", "none", "null", "nil",
                     "unknown", "not known", "#n/a", "not applicable", "not disclosed", "undisclosed",
                     "confidential", "private"})
"""Cell values that say "not known" (case does not matter)."""

CODES = frozenset({
    "USD", "GBP", "EUR", "AUD", "CAD", "NZD", "CHF", "JPY", "CNY", "HKD", "SGD", "INR", "SEK", "NOK", "DKK",
    "PLN", "CZK", "HUF", "ZAR", "BRL", "MXN", "AED", "SAR", "ILS", "KRW", "TRY", "RON", "ISK"})
"""ISO 4217 codes read before or after a number; any other three letters are not a currency."""

SYMBOLS = (("US$", "USD"), ("CA$", "CAD"), ("AU$", "AUD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("A$", "AUD"),
           ("C$", "CAD"), ("S$", "SGD"), ("R$", "BRL"), ("£", "GBP"), ("€", "EUR"), ("₹", "INR"),
           ("¥", "¥"), ("$", "$"))
"""Symbols, longest first; "$" and "¥" alone are resolved against the context (see the module's docstring)."""

_SYMBOL_CODES = {s.lower(): c for s, c in SYMBOLS}

DOLLARS = frozenset({"USD", "AUD", "CAD", "NZD", "HKD", "SGD"})

WORDS = {"dollars": "$", "dollar": "$", "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "euros": "EUR",
         "euro": "EUR"}

SCALES = {"k": 3, "thousand": 3, "m": 6, "mm": 6, "mn": 6, "mio": 6, "mil": 6, "million": 6, "millions": 6,
          "b": 9, "bn": 9, "billion": 9, "billions": 9, "mrd": 9, "tn": 12, "trillion": 12}

_SPACES = re.compile("[\u00a0\u202f\u2009\u2007]")
_APPROX = re.compile(r"^(?:~|≈|c\.|ca\.|circa\b|approx\.?|approximately\b|about\b|around\b|roughly\b|est\.)\s*",
                     re.IGNORECASE)
_AT_LEAST = re.compile(r"^(?:>=?|≥|over\b|more than\b|at least\b|above\b)\s*", re.IGNORECASE)
_AT_MOST = re.compile(r"^(?:<=?|≤|under\b|less than\b|up to\b|below\b|fewer than\b)\s*", re.IGNORECASE)
_PLUS = re.compile(r"\s*(?:\+|plus|or more)$", re.IGNORECASE)
_RANGE = re.compile(r"^(?P<low>.*?\d.*?)\s*(?:-|–|—|\bto\b)\s*(?P<high>\D{0,4}\d.*)$", re.IGNORECASE)
_SYMBOL = "|".join(re.escape(s) for s, _ in SYMBOLS)
_SINGLE = re.compile(
    rf"^(?P<neg1>-)?\s*(?P<pre>{_SYMBOL}|[A-Za-z]{{3}}(?=[\s\d\-]))?\s*(?P<neg2>-)?\s*"
    r"(?P<num>\d(?:[\d.,' ]*\d)?)\s*"
    r"(?P<scale>thousand|millions?|billions?|trillion|mio|mrd|mil|mm|mn|bn|tn|k|m|b)?\.?\s*"
    rf"(?P<post>{_SYMBOL}|[A-Za-z]{{3,7}})?$", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
_PLAIN_FORM = re.compile(r"^[^-–—~≈<>≤≥+(]*$")
_WORDY = re.compile(r"^(?:c|ca|circa|approx|approximately|about|around|roughly|est|over|more|at|above|under|less|"
                    r"up|below|fewer)\b|\bto\b|plus$|or more$", re.IGNORECASE)
_COUNT_WORDS = re.compile(r"\s*(?:employees|employee|staff|people|ftes?|heads?|headcount)$", re.IGNORECASE)
LONGEST = 60
"""Characters beyond which a cell is not read as one amount."""


@dataclass(frozen=True)
class Reading:
    """What one cell says: `value` (None when not known), `note` (words for the row's notes; empty when the
    cell was plain) and `question` (True when only the rep can tell what was meant)."""

    value: object = None
    note: str = ""
    question: bool = False


@dataclass(frozen=True)
class AmountReading(Reading):
    """An amount cell read: `value` is a Money in the currency stated, or None."""

    value: Optional[Money] = None


@dataclass(frozen=True)
class CountReading(Reading):
    """A count cell read (employees): `value` is a whole number, or None."""

    value: Optional[int] = None


class _Unread(Exception):
    """A cell that is not an amount; the message says why, `question` when the rep must say which."""

    def __init__(self, message: str, question: bool = False):
        super().__init__(message)
        self.question = question


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _unknown(text: str) -> Optional[str]:
    """The note for a cell that says "not known", or None when it says something else."""
    if not text:
        return "not given"
    if text.lower() in UNKNOWN:
        return f"{text}: not known"
    return None


def _digits(num: str, decimal_comma: Optional[bool], scaled: bool) -> Decimal:
    """The number of `num` (digits with grouping and a decimal mark), reading separators as written.

    Raises _Unread when the separators do not make one number, or make two different ones equally well.
    """
    num = num.replace("'", " ")
    if " " in num:
        spaced = re.match(r"^([\d ]+)(?:[.,](\d+))?$", num)
        if not spaced or not _grouped(spaced.group(1).split(" ")):
            raise _Unread("the spaces do not group the digits in threes")
        fraction = spaced.group(2)
        return Decimal(spaced.group(1).replace(" ", "") + (f".{fraction}" if fraction else ""))
    dots, commas = num.count("."), num.count(",")
    if dots and commas:
        mark = "." if num.rfind(".") > num.rfind(",") else ","
        group = "," if mark == "." else "."
        whole, _, fraction = num.rpartition(mark)
        if whole.count(mark) or not _grouped(whole.split(group)):
            raise _Unread("the separators do not make one number")
        return Decimal(whole.replace(group, "") + "." + fraction)
    if not dots and not commas:
        return Decimal(num)
    sep = "." if dots else ","
    parts = num.split(sep)
    if len(parts) > 2:
        if not _grouped(parts):
            raise _Unread("the separators do not group the digits in threes")
        return Decimal("".join(parts))
    whole, fraction = parts
    comma_decimal = sep == ","
    if len(fraction) != 3 or len(whole) > 3:
        # Only a decimal mark can be followed by other than three digits.
        if comma_decimal and decimal_comma is False:
            raise _Unread(f"is {whole},{fraction} a decimal? the file uses points for decimals", question=True)
        return Decimal(f"{whole}.{fraction}")
    as_decimal, as_grouped = Decimal(f"{whole}.{fraction}"), Decimal(whole + fraction)
    if comma_decimal:
        if decimal_comma:
            raise _Unread(f"{number(as_decimal)} or {number(as_grouped)}?", question=True)
        return as_grouped
    if scaled:
        if decimal_comma is True:
            raise _Unread(f"{number(as_decimal)} or {number(as_grouped)} (before the scale)?", question=True)
        return as_decimal
    if decimal_comma is True:
        return as_grouped
    if decimal_comma is False:
        return as_decimal
    raise _Unread(f"{number(as_decimal)} or {number(as_grouped)}?", question=True)


def _grouped(groups: list[str]) -> bool:
    return (bool(groups) and 1 <= len(groups[0]) <= 3 and all(g.isdigit() for g in groups)
            and all(len(g) == 3 for g in groups[1:]))


def _currency(token: str, context: Optional[str]) -> str:
    """The ISO code a symbol, code or word stands for; raises _Unread for words that are not a currency."""
    code = _SYMBOL_CODES.get(token.lower())
    if code is None:
        code = WORDS.get(token.lower())
    if code is None and token.upper() in CODES:
        code = token.upper()
    if code is None:
        raise _Unread(f"“{token}” is not a currency or a scale the playbook reads")
    if code == "$":
        return context if context in DOLLARS else "USD"
    if code == "¥":  # yen and yuan share it: only the row can say which
        if context in ("JPY", "CNY"):
            return context
        raise _Unread("¥ is the yen's and the yuan's sign: say JPY or CNY", question=True)
    return code


def _single(text: str, context: Optional[str], decimal_comma: Optional[bool]) -> tuple[Decimal, Optional[str], str]:
    """One amount without range or approximation: (value, currency code written in the cell or None, note)."""
    if _SCIENTIFIC.match(text):
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _Unread("not a number") from None
        return value, None, f"read {text} as {number(value)} (scientific notation, as rounded by a spreadsheet)"
    match = _SINGLE.match(text)
    if not match:
        raise _Unread("not an amount")
    pre, post, scale = match.group("pre"), match.group("post"), match.group("scale")
    if post and post.lower() in SCALES and not scale:
        scale, post = post, None
    codes = [_currency(t, context) for t in (pre, post) if t]
    if len(set(codes)) > 1:
        raise _Unread(f"names two currencies, {codes[0]} and {codes[1]}")
    value = _digits(match.group("num"), decimal_comma, scaled=bool(scale))
    if scale:
        value = value.scaleb(SCALES[scale.lower()])
    if value == value.to_integral_value():
        value = Decimal(int(value))
    if match.group("neg1") or match.group("neg2"):
        value = -value
    return value, (codes[0] if codes else None), ""


def _parse(text: str, context: Optional[str], decimal_comma: Optional[bool]):
    """(value, code, note) for any form read; raises _Unread otherwise."""
    if len(text) > LONGEST:
        raise _Unread(f"longer than {LONGEST} characters")
    if _PLAIN_FORM.match(text) and not _WORDY.search(text):  # no sign, range or approximation: one amount
        return _single(text, context, decimal_comma)
    original = text
    if text.startswith("(") and text.endswith(")"):
        value, code, _ = _parse(text[1:-1].strip(), context, decimal_comma)
        return -value, code, f"read {original} as -{number(value)} (a negative in brackets)"
    approx = _APPROX.match(text)
    if approx:
        value, code, _ = _parse(text[approx.end():], context, decimal_comma)
        return value, code, f"read {original} as {number(value)} (approximate)"
    if _AT_MOST.match(text):
        raise _Unread("gives only an upper bound")
    at_least = _AT_LEAST.match(text)
    plus = _PLUS.search(text)
    if at_least or plus:
        inner = text[at_least.end():] if at_least else text[:plus.start()]
        value, code, _ = _parse(inner.strip(), context, decimal_comma)
        return value, code, f"{original}: took the lower bound, {number(value)}"
    if not text.startswith("-") and not _SCIENTIFIC.match(text):
        ranged = _RANGE.match(text)
        if ranged:
            low_text, high_text = ranged.group("low"), ranged.group("high")
            high, high_code, _ = _single(high_text, context, decimal_comma)
            tail = _SINGLE.match(high_text)
            low_has_scale = _SINGLE.match(low_text) and _SINGLE.match(low_text).group("scale")
            scale = tail.group("scale") if tail else None
            if scale and not low_has_scale and not re.search(r"[A-Za-z]$", low_text):
                low_text = f"{low_text}{scale}"
            low, low_code, _ = _single(low_text, context, decimal_comma)
            if low_code and high_code and low_code != high_code:
                raise _Unread(f"names two currencies, {low_code} and {high_code}")
            bound = min(low, high)
            return bound, low_code or high_code, f"{original}: took the lower bound, {number(bound)}"
    return _single(text, context, decimal_comma)


def read_amount(text: str, currency: Optional[str] = None, *, decimal_comma: Optional[bool] = None) -> AmountReading:
    """A money cell: "£38M", "38,000,000 GBP", "USD 1.2m", "2.756 million", "~45k", "40-50M", "€45.000.000".

    `currency` is the row's currency column, else the file's default; the cell's own symbol or code wins
    (the caller compares the result's currency with the row's to say so).
    `decimal_comma` says whether the file writes decimals with a comma (True in a semicolon file), None
    when nothing says.
    """
    text = _clean(text)
    unknown = _unknown(text)
    if unknown is not None:
        return AmountReading(None, unknown)
    context = currency.strip().upper() if currency and currency.strip() else None
    try:
        value, code, note = _parse(text, context, decimal_comma)
    except _Unread as why:
        return AmountReading(None, f"{text}: {why}; not read", why.question)
    if value < 0:
        return AmountReading(None, f"{text}: a negative amount; not read")
    code = code or context
    if code is None:
        return AmountReading(None, f"{text}: no currency given; not read", True)
    return AmountReading(Money(value, code), note)


def read_count(text: str, *, decimal_comma: Optional[bool] = None) -> CountReading:
    """A count cell (employees): "1,200", "~45", "45+", "c. 45", "40-50", "1001-5000", "1.2k", "TBC"."""
    text = _clean(text)
    unknown = _unknown(text)
    if unknown is not None:
        return CountReading(None, unknown)
    bare = _COUNT_WORDS.sub("", text)
    try:
        value, code, note = _parse(bare, None, decimal_comma)
    except _Unread as why:
        return CountReading(None, f"{text}: {why}; not read", why.question)
    if code is not None:
        return CountReading(None, f"{text}: an amount of money, not a count; not read")
    if value < 0:
        return CountReading(None, f"{text}: a negative count; not read")
    if value != value.to_integral_value():
        return CountReading(None, f"{text}: not a whole number; not read", True)
    return CountReading(int(value), note)


def in_currency(reading: AmountReading, currency: str, rates: tuple[Rate, ...] = ()) -> AmountReading:
    """The reading converted to `currency` at a rate passed in; without one, unknown with the reason.

    The note keeps what the reading said and adds the rate used, so a row says how its figure was got.
    """
    if reading.value is None or reading.value.currency == currency:
        return reading
    conversion = convert(reading.value, currency, rates)
    words = "; ".join(w for w in (reading.note, conversion.words()) if w)
    if conversion.value is None:
        return AmountReading(None, words, reading.question)
    return AmountReading(conversion.value, words, reading.question)
