"""Read raw calculator inputs (form strings, URL values, CSV cells, Python values).

Every calculator takes its inputs through these helpers, so bad input always
becomes a `FieldError` in the field's own words: its label and what to type,
for example ``Months: enter a whole number from 1 to 60``. Numbers are read
as people type them (ASCII digits, 2,500 or 2 500, a currency sign that
matches the chosen currency), nothing more lenient. Errors are collected
across fields and raised together as one `InputError`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Optional

from . import amounts
from .money import SYMBOLS, plain  # noqa: F401  (plain: read.plain, as the calculators call it)
from .money import number as format_number

MAX_PLACES = 10
"""Most decimal places a number may have (keeps Decimal arithmetic exact)."""

_PLACES = Decimal(1).scaleb(-MAX_PLACES)
# What people type: ASCII digits only (no other scripts' digits, no "_", no exponent), grouped in
# threes by commas (2,500) or spaces (2 500), a point before decimals.
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(?P<sep>[, \u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*(?:\.\d*)?", re.ASCII)
_SEPARATORS = re.compile(r"[, \u00a0\u202f]")
_EURO_FORM = re.compile(r"\d[\d.,]*", re.ASCII)
_SIGNS = {symbol: code for code, symbol in SYMBOLS.items()}
_CURRENCY_NAMES = {"GBP": "pounds", "USD": "US dollars", "EUR": "euros"}
YES = ("1", "true", "on", "yes", "y")
NO = ("0", "false", "off", "no", "n")
"""The words a yes/no field reads (any case, spaces around), and "" as no: forms carry them to the URL reader."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(text: str, keep: str = "") -> str:
    """Text safe to show on a terminal or in one line: control and direction characters escaped (\\x1b, \\r).

    `keep` lists characters to leave as they are (the line breaks of a CSV written to a terminal).
    """
    def escape(match: re.Match) -> str:
        char = match.group()
        if char in keep:
            return char
        code = ord(char)
        return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return _CONTROL.sub(escape, text)


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one input: the field's contract name and a sentence."""

    field: str
    message: str

    def to_json(self) -> dict:
        return {"field": self.field, "message": self.message}


class InputError(ValueError):
    """One or more bad inputs; `errors` holds one FieldError per problem."""

    def __init__(self, errors: Iterable[FieldError]):
        self.errors = tuple(errors)
        super().__init__("; ".join(e.message for e in self.errors))


@dataclass(frozen=True)
class Field:
    """One calculator input, declared once: the form, the CLI's help, the URL reader and `Reader` read it.

    `kind` is "number", "choice", "flag" or "text" (read as people write it: "£38M");
    `default` is the text a form field starts with. A number's `min` and `max`
    (text, from data or the calculator) are the least and the most it accepts,
    `step` its increment ("1": whole numbers, "any": none); `above_min` refuses
    the `min` itself (a divisor: "above 0"); `money` reads a currency sign;
    `optional` lets it be left empty. A text field read as an amount or a
    count may state its `min` and `max` too. A choice lists its `choices`.
    A declaration that contradicts itself fails when it is made (ValueError).
    """

    name: str
    label: str
    kind: str
    default: str
    min: Optional[str] = None
    max: Optional[str] = None
    step: Optional[str] = None
    choices: tuple[str, ...] = ()
    help: str = ""
    group: str = ""
    above_min: bool = False
    money: bool = False
    optional: bool = False

    def __post_init__(self):
        who = f"field {self.name!r}"
        if self.kind not in KINDS:
            raise ValueError(f"{who}: kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        object.__setattr__(self, "choices", tuple(self.choices))
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"{who}: a choice lists its choices")
        if self.kind == "number" and (self.min is None or self.max is None or self.step is None):
            raise ValueError(f"{who}: a number declares its min, max and step (\"any\" for no step)")
        if (self.min is None) != (self.max is None):
            raise ValueError(f"{who}: declare both min and max, or neither")
        if self.min is not None:
            low, high = self._limit(self.min), self._limit(self.max)
            if low > high:
                raise ValueError(f"{who}: min {self.min} is above max {self.max}")
        if self.step not in (None, "any") and self._limit(self.step) <= 0:
            raise ValueError(f"{who}: step must be above 0 or \"any\", got {self.step!r}")
        if self.money and self.kind != "number":
            raise ValueError(f"{who}: only a number field is money")

    def _limit(self, text: str) -> Decimal:
        try:
            value = Decimal(text)
        except (InvalidOperation, TypeError):
            value = Decimal("nan")
        if not value.is_finite():
            raise ValueError(f"field {self.name!r}: {text!r} is not a number")
        return value

    def limits(self) -> tuple[Decimal, Decimal]:
        """The least and the most this field accepts (`min` and `max` as numbers)."""
        if self.min is None or self.max is None:
            raise ValueError(f"field {self.name!r} declares no min and max")
        return Decimal(self.min), Decimal(self.max)

    def increment(self) -> Optional[Decimal]:
        """The step as a number (None: any value)."""
        return None if self.step in (None, "any") else Decimal(self.step)

    def whole(self) -> bool:
        """Whether only whole numbers are accepted (step 1 from a whole min)."""
        step = self.increment()
        return step == 1 and self.limits()[0] % 1 == 0

    def range_words(self) -> str:
        """What the field accepts, in the words its errors, the form's help and the CLI's help use:
        "a whole number from 1 to 60", "an amount above 0, up to 1,000,000"; "" for a field without limits
        (a flag, a choice, a text such as a rate)."""
        if self.max is None:
            return ""
        low, high = self.limits()
        return range_words(low, high, self.increment(), self.above_min, self.money)


KINDS = ("number", "choice", "flag", "text")


def range_words(low: Decimal, high: Decimal, step: Optional[Decimal] = None, above: bool = False,
                money: bool = False) -> str:
    """ "a number from 0 to 744", "an amount above 0, up to 1,000,000", "a whole or half number from 0 to 10"."""
    thing = step_words(step) if step is not None else "an amount" if money else "a number"
    if above:
        return f"{thing} above {grouped(low)}, up to {grouped(high)}"
    return f"{thing} from {grouped(low)} to {grouped(high)}"


def shown(raw: Any) -> str:
    """The found value as a short quoted text, safe for any input (control characters escaped)."""
    if raw is None:
        return "nothing"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, str):
        text = raw if len(raw) <= 40 else raw[:37] + "..."
        return "'" + visible(text) + "'"
    if isinstance(raw, int):
        return str(raw) if raw.bit_length() <= 128 else "a number too large to use"
    if isinstance(raw, float):
        return repr(raw) if math.isfinite(raw) else ("nan" if math.isnan(raw) else "infinity")
    if isinstance(raw, Decimal):
        return str(raw) if raw.is_finite() and abs(raw.adjusted()) < 40 else "a number out of range"
    if isinstance(raw, (list, tuple)):
        return "a list"
    if isinstance(raw, dict):
        return "a mapping"
    return f"a {type(raw).__name__}"


def grouped(number: Decimal) -> str:
    """A limit as readers see it in a message: 1,000,000."""
    return format_number(number)


def field_words(field: str) -> str:
    """A field id as words, for when no label is known: hours_saved is "Hours saved"."""
    words = field.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def said(field: str, label: Optional[str], what: str) -> FieldError:
    """A field error in people's words, "Label: what to type" (only "What to type" when label is "").

    Without a label (None) the field id is turned into words; a CSV cell's
    error passes "" because its row and column are shown beside it.
    """
    subject = field_words(field) if label is None else label
    return FieldError(field, f"{subject}: {what}" if subject else what[:1].upper() + what[1:])


def _error(field: str, label: Optional[str], what: str) -> InputError:
    return InputError([said(field, label, what)])


def _found(raw: Any) -> str:
    return f", not {shown(raw)}" if not (isinstance(raw, str) and not raw.strip()) else ""


def currency_words(code: str) -> str:
    """How a message names a currency: US dollars ($)."""
    return f"{_CURRENCY_NAMES.get(code, code)} ({SYMBOLS.get(code, code)})"


def _example(money: bool, minimum: Decimal, maximum: Decimal) -> str:
    if money:
        example = Decimal(2500) if minimum <= 2500 <= maximum else maximum
        return f"enter an amount such as {plain(example)}"
    if maximum - minimum <= 1000:
        return f"enter a number from {grouped(minimum)} to {grouped(maximum)}"
    return f"enter a number such as {plain(min(max(Decimal(40), minimum), maximum))}"


def _number_text(text: str) -> Optional[str]:
    """Text as Decimal() may read it, or None when it is not a number as people type one."""
    if _PLAIN.fullmatch(text):
        return text
    if _GROUPED.fullmatch(text):
        return _SEPARATORS.sub("", text)
    return None


def to_decimal(field: str, raw: Any, money: bool = False, *, label: Optional[str] = None,
               currency: Optional[str] = None, minimum: Decimal = Decimal(0),
               maximum: Decimal = Decimal(10) ** 12) -> Decimal:
    """Any raw value as a finite Decimal, or a FieldError saying what to type.

    Text is read as people type numbers: ASCII digits, grouped by commas or
    spaces (2,500; 2 500), and for money a currency sign before or after the
    amount ($2,500). With `currency` chosen, a sign of another currency is an
    error naming the selected one. "1_000", "1e3", "nan", other scripts'
    digits and anything else are refused.
    """
    if isinstance(raw, str):
        text = raw.strip()
        sign = ""
        if money and text[:1] in "+-" and text[1:2] in _SIGNS:
            sign, text = text[0], text[1:]
        if money and text[:1] in _SIGNS:
            found, text = text[0], text[1:].strip()
        elif money and text[-1:] in _SIGNS:
            found, text = text[-1], text[:-1].strip()
        else:
            found = ""
        if found and currency is not None and _SIGNS[found] != currency:
            raise _error(field, label, f"{found} is not the selected currency, {currency_words(currency)}; "
                                       f"enter the amount in {_CURRENCY_NAMES.get(currency, currency)} or "
                                       "change the currency")
        if money and currency == "EUR" and _EURO_FORM.fullmatch(text):
            # The euro's own forms (2.000,50 and 2,000.50 alike) by the one amount reader; 2.000 is asked about.
            reading = amounts.read_amount(text, currency)
            if reading.question:
                why = reading.note.split(": ", 1)[-1].removesuffix("; not read")
                raise _error(field, label, f"is “{text}” {why} Write it without a thousands separator, such as "
                                           "2000 or 2,5")
            number_text = None if reading.value is None else sign + str(reading.value.amount)
        else:
            number_text = _number_text(sign + text) if len(text) <= 60 else None
        if number_text is None:
            raise _error(field, label, _example(money, minimum, maximum) + _found(raw))
        number = Decimal(number_text)
    elif isinstance(raw, bool) or raw is None:
        raise _error(field, label, _example(money, minimum, maximum) + _found(raw))
    elif isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int):
        if raw.bit_length() > 128:
            raise _error(field, label, f"enter a number up to {grouped(maximum)}")
        number = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise _error(field, label, _example(money, minimum, maximum) + _found(raw))
        number = Decimal(repr(raw))
    else:
        raise _error(field, label, _example(money, minimum, maximum) + _found(raw))
    if not number.is_finite():
        raise _error(field, label, _example(money, minimum, maximum) + _found(raw))
    return number


def step_words(step: Decimal) -> str:
    """How a step reads in a message: whole, whole or half, or a multiple of 0.25."""
    if step == 1:
        return "a whole number"
    if step == Decimal("0.5"):
        return "a whole or half number"
    return f"a multiple of {plain(step)}"


def check_number(field: str, number: Decimal, minimum: Decimal, maximum: Decimal,
                 step: Optional[Decimal] = None, above: bool = False, *, label: Optional[str] = None,
                 money: bool = False) -> Decimal:
    """Check a Decimal's range, decimal places and step; return it unchanged.

    `above` refuses `minimum` itself (a divisor). A value out of range or off
    the step is told the whole range: "enter a whole number from 1 to 60".
    """
    what = "enter " + range_words(minimum, maximum, step, above, money)
    if number < minimum or number > maximum or (above and number == minimum):
        raise _error(field, label, what)
    try:
        too_fine = number.quantize(_PLACES) != number
    except InvalidOperation:
        too_fine = True
    if too_fine:
        raise _error(field, label, f"use at most {MAX_PLACES} decimal places")
    if step is not None and (number - minimum) % step != 0:
        raise _error(field, label, what)
    return number


def to_flag(field: str, raw: Any, *, label: Optional[str] = None) -> bool:
    """A yes/no input: true/false, 1/0, on/off, yes/no or empty (no)."""
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in YES:
            return True
        if text in NO or not text:
            return False
    raise _error(field, label, f"answer yes or no (or 1/0, true/false, on/off){_found(raw)}")


def _one_of(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1] if len(choices) > 1 else "".join(choices)


def to_choice(field: str, raw: Any, choices: tuple[str, ...], *, label: Optional[str] = None) -> str:
    """One of `choices`, matched without regard to case or surrounding spaces."""
    if isinstance(raw, str):
        wanted = raw.strip().upper()
        for choice in choices:
            if choice.upper() == wanted:
                return choice
    raise _error(field, label, f"choose {_one_of(choices)}{_found(raw)}")


class Reader:
    """Reads a calculator's fields from a params mapping, filling defaults and collecting errors.

    `fields` are the calculator's Fields: their labels word the errors, their
    defaults fill missing params, and their declared limits and parsing are
    the only ones `number`, `whole`, `choice` and `flag` apply. Missing or None
    params take the field's default; unknown params are ignored. A money
    field's currency sign is checked against the field named "currency" once
    it has been read. Call `done()` after reading every field: it raises one
    InputError holding every problem found.
    """

    def __init__(self, params: Any, fields: Iterable[Field]):
        self.errors: list[FieldError] = []
        if not isinstance(params, Mapping):
            self.errors.append(FieldError("params", "the inputs could not be read; reload the page and try again"))
            params = {}
        self.params = params
        self.fields = {f.name: f for f in fields}
        self.defaults = {name: f.default for name, f in self.fields.items()}
        self.labels = {name: f.label for name, f in self.fields.items()}
        self.currency: Optional[str] = None

    def raw(self, field: str) -> Any:
        try:
            value = self.params.get(field)
        except TypeError:
            value = None
        return self.defaults.get(field, "") if value is None else value

    def read(self, field: str, convert, *args, **kwargs) -> Any:
        """Convert the field's raw value; on a problem record it and return None."""
        kwargs.setdefault("label", self.labels.get(field))
        if kwargs.get("money") and self.currency is not None:
            kwargs.setdefault("currency", self.currency)
        try:
            value = convert(field, self.raw(field), *args, **kwargs)
        except InputError as error:
            self.errors.extend(error.errors)
            return None
        if field == "currency" and isinstance(value, str):
            self.currency = value
        return value

    def number(self, field: str) -> Optional[Decimal]:
        """A number field read as its Field declares it (limits, step, money, optional), never otherwise."""
        declared = self.fields[field]
        low, high = declared.limits()
        return self.read(field, number, low, high, declared.increment(), declared.above_min,
                         money=declared.money, optional=declared.optional)

    def whole(self, field: str) -> Optional[int]:
        """A whole-number field (declared with step 1) as an int."""
        if not self.fields[field].whole():
            raise ValueError(f"field {field!r} is not declared as whole numbers (step 1)")
        value = self.number(field)
        return None if value is None else int(value)

    def choice(self, field: str) -> Optional[str]:
        """One of the choices the Field declares."""
        return self.read(field, to_choice, self.fields[field].choices)

    def flag(self, field: str) -> Optional[bool]:
        """A yes/no field."""
        return self.read(field, to_flag)

    def done(self) -> None:
        if self.errors:
            raise InputError(self.errors)


def number(field: str, raw: Any, minimum: Decimal, maximum: Decimal, step: Optional[Decimal] = None,
           above: bool = False, money: bool = False, optional: bool = False, *, label: Optional[str] = None,
           currency: Optional[str] = None) -> Optional[Decimal]:
    """A checked Decimal from any raw value; "" is None when optional, else an error saying what to type."""
    if isinstance(raw, str) and not raw.strip():
        if optional:
            return None
        if step is not None:
            raise _error(field, label, "enter " + range_words(minimum, maximum, step, above, money))
        raise _error(field, label, _example(money, minimum, maximum))
    value = to_decimal(field, raw, money=money, label=label, currency=currency, minimum=minimum, maximum=maximum)
    return check_number(field, value, minimum, maximum, step, above, label=label, money=money)
