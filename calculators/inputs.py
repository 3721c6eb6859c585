"""Read raw calculator inputs (form strings, URL values, CSV cells, Python values).

Every calculator takes its inputs through these helpers, so bad input always
becomes a `FieldError` naming the field and saying what is allowed, for
example ``months must be between 1 and 60``. Errors are collected
across fields and raised together as one `InputError`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Optional

from .money import SYMBOLS, plain  # noqa: F401  (plain: read.plain, as the calculators call it)
from .money import number as format_number

MAX_PLACES = 10
"""Most decimal places a number may have (keeps Decimal arithmetic exact)."""

_PLACES = Decimal(1).scaleb(-MAX_PLACES)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_CURRENCY_SIGNS = "".join(SYMBOLS.values())  # a typed "$2,500" is read as 2500
_TRUE = frozenset({"1", "true", "on", "yes", "y"})
_FALSE = frozenset({"0", "false", "off", "no", "n", ""})


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
    """One calculator input as a form shows it; labels and limits come from data.

    `kind` is "number", "choice" or "flag"; `default` is the text a form field
    starts with; `min`, `max` and `step` are form attributes (text) or None.
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


def shown(raw: Any) -> str:
    """The found value as a short quoted text, safe for any input."""
    if raw is None:
        return "nothing"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, str):
        text = raw if len(raw) <= 40 else raw[:37] + "..."
        return "'" + text.replace("\n", " ") + "'"
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


def _not_a_number(field: str, raw: Any) -> InputError:
    return InputError([FieldError(field, f"{field} must be a number, got {shown(raw)}")])


def to_decimal(field: str, raw: Any, money: bool = False) -> Decimal:
    """Any raw value as a finite Decimal, or a FieldError ("must be a number").

    Text may carry thousands separators (2,500) and, for money, a leading
    currency sign ($2,500); "nan", "inf" and anything else are refused.
    """
    if isinstance(raw, str):
        text = raw.strip()
        if money and text[:1] in _CURRENCY_SIGNS:
            text = text[1:].strip()
        elif money and text[:1] in "+-" and text[1:2] in _CURRENCY_SIGNS:
            text = text[0] + text[2:].strip()
        if "," in text:
            if not _THOUSANDS.match(text):
                raise _not_a_number(field, raw)
            text = text.replace(",", "")
        if len(text) > 60:
            raise _not_a_number(field, raw)
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            raise _not_a_number(field, raw) from None
    elif isinstance(raw, bool) or raw is None:
        raise _not_a_number(field, raw)
    elif isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int):
        if raw.bit_length() > 128:
            raise InputError([FieldError(field, f"{field} is too large")])
        number = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise _not_a_number(field, raw)
        number = Decimal(repr(raw))
    else:
        raise _not_a_number(field, raw)
    if not number.is_finite():
        raise _not_a_number(field, raw)
    return number


def step_words(step: Decimal) -> str:
    """How a step reads in a message: whole, whole or half, or a multiple of 0.25."""
    if step == 1:
        return "a whole number"
    if step == Decimal("0.5"):
        return "a whole or half number"
    return f"a multiple of {plain(step)}"


def check_number(field: str, number: Decimal, minimum: Decimal, maximum: Decimal,
                 step: Optional[Decimal] = None, above: Optional[Decimal] = None,
                 why_above: str = "", between: bool = False) -> Decimal:
    """Check a Decimal's range, decimal places and step; return it unchanged.

    `between` words range errors as "between min and max" (small bounded
    scales such as scores); otherwise "must not be negative"/"at most".
    `above` rejects values at or below it (divisors): "must be more than 0".
    """
    if number < minimum or number > maximum:
        if between:
            message = f"{field} must be between {grouped(minimum)} and {grouped(maximum)}"
        elif number < minimum:
            message = f"{field} must not be negative" if minimum == 0 else f"{field} must be at least {grouped(minimum)}"
        else:
            message = f"{field} must be at most {grouped(maximum)}"
        raise InputError([FieldError(field, message)])
    if above is not None and number <= above:
        raise InputError([FieldError(field, f"{field} must be more than {grouped(above)}{why_above}")])
    try:
        too_fine = number.quantize(_PLACES) != number
    except InvalidOperation:
        too_fine = True
    if too_fine:
        raise InputError([FieldError(field, f"{field} must have at most {MAX_PLACES} decimal places")])
    if step is not None and (number - minimum) % step != 0:
        raise InputError([FieldError(field, f"{field} must be {step_words(step)}")])
    return number


def to_flag(field: str, raw: Any) -> bool:
    """A yes/no input: true/false, 1/0, on/off, yes/no or empty (no)."""
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise InputError([FieldError(field, f"{field} must be yes or no (1/0, true/false, on/off), got {shown(raw)}")])


def to_choice(field: str, raw: Any, choices: tuple[str, ...]) -> str:
    """One of `choices`, matched without regard to case or surrounding spaces."""
    if isinstance(raw, str):
        wanted = raw.strip().upper()
        for choice in choices:
            if choice.upper() == wanted:
                return choice
    raise InputError([FieldError(field, f"{field} must be one of {', '.join(choices)}, got {shown(raw)}")])


def to_whole(field: str, raw: Any, minimum: int, maximum: int) -> int:
    """A whole number from `minimum` to `maximum`, such as a horizon in months."""
    number = to_decimal(field, raw)
    if number < minimum or number > maximum:
        raise InputError([FieldError(field, f"{field} must be between {minimum} and {maximum}")])
    if number != number.to_integral_value():
        raise InputError([FieldError(field, f"{field} must be a whole number")])
    return int(number)


class Reader:
    """Reads fields from a params mapping, filling defaults and collecting errors.

    Missing or None params take the field's default; unknown params are
    ignored. Call `done()` after reading every field: it raises one
    InputError holding every problem found.
    """

    def __init__(self, params: Any, defaults: Mapping[str, str]):
        self.errors: list[FieldError] = []
        if not isinstance(params, Mapping):
            self.errors.append(FieldError("params", f"inputs must be a mapping of field names to values, got {shown(params)}"))
            params = {}
        self.params = params
        self.defaults = defaults

    def raw(self, field: str) -> Any:
        try:
            value = self.params.get(field)
        except TypeError:
            value = None
        return self.defaults.get(field, "") if value is None else value

    def read(self, field: str, convert, *args, **kwargs) -> Any:
        """Convert the field's raw value; on a problem record it and return None."""
        try:
            return convert(field, self.raw(field), *args, **kwargs)
        except InputError as error:
            self.errors.extend(error.errors)
            return None

    def done(self) -> None:
        if self.errors:
            raise InputError(self.errors)


def number(field: str, raw: Any, minimum: Decimal, maximum: Decimal, step: Optional[Decimal] = None,
           above: Optional[Decimal] = None, why_above: str = "", between: bool = False,
           money: bool = False, optional: bool = False) -> Optional[Decimal]:
    """A checked Decimal from any raw value; "" is None when optional, else "is required"."""
    if isinstance(raw, str) and not raw.strip():
        if optional:
            return None
        raise InputError([FieldError(field, f"{field} is required")])
    value = to_decimal(field, raw, money=money)
    return check_number(field, value, minimum, maximum, step, above, why_above, between)
