"""Turn raw YAML/JSON values into the frozen dataclasses of model.py.

`parse(cls, raw, where)` walks the dataclass annotations and checks every
value, so a writer's mistake becomes one line naming the file, the entry
and the field, for example::

    data/pricing.yml: tiers[0].fee.amount: expected a number, got "lots"

Only the standard library is used, so the same checks run in Pyodide.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import math
import re
import types
import typing
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, NewType, Union, get_args, get_origin, get_type_hints

from .money import json_number

Id = NewType("Id", str)
"""A kebab-case identifier such as ``most-popular``."""

Name = NewType("Name", str)
"""A snake_case identifier such as ``hours_saved_per_month``: also a form, CLI and CSV name."""

_PATTERNS = {
    Id: (re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$"), "a kebab-case id like \"most-popular\""),
    Name: (re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"), "a snake_case name like \"hours_saved_per_month\""),
}


TEXT_LENGTH = 400
"""Longest text a field holds unless the model declares otherwise: a short paragraph."""

NAME_LENGTH = 80
"""Longest name or label (the model declares it on fields shown as titles)."""

ID_LENGTH = 60
"""Longest kebab-case id or snake_case name."""

LARGEST_NUMBER = Decimal(10) ** 15
"""Numbers in data are at most this large (a quadrillion): more is a slip, never a fact."""

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
"""Where a link in data may go; a link without a scheme stays on the site."""

# Link targets in text: Markdown links and images ([x](target), [x](<target>)),
# reference definitions ([x]: target), autolinks (<scheme:...>) and HTML
# attributes (href=, src=, ...), even though HTML in data is shown as text.
_LINK_TARGETS = re.compile(
    r"""\]\s*\(\s*<(?P<angle>[^>]*)>"""
    r"""|\]\s*\((?P<inline>[^)]*)"""
    r"""|\]\s*:\s*(?P<reference>\S+)"""
    r"""|<(?P<auto>[a-z][a-z0-9+.\-]*:[^>]*)>"""
    r"""|\b(?:href|src|srcset|action|formaction|poster|xlink:href|data)\s*=\s*["']?(?P<attr>[^"'>]*)""",
    re.I,
)
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f\\]")  # browsers drop whitespace and controls in a URL
# Markdown's attribute lists ({: onclick=...}, {#id .class}) would set HTML attributes from data.
_ATTRIBUTE_LIST = re.compile(r"\{\s*:?\s*(?:[#.][\w-]|[\w:-]+\s*=)[^}\n]*\}")
# A character every link target or attribute list above needs.
_MAYBE_MARKUP = re.compile(r"[\]<={]")
# Control characters other than tab and newline, and the bidirectional overrides
# that make text read differently from how it is stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def unsafe_link(value: str) -> str | None:
    """The first link target in `value` whose scheme is not http(s), mailto or tel, else None.

    Entities (`&#106;avascript:`), case (`JaVaScRiPt:`) and whitespace or
    control characters inside the scheme are seen through, as a browser would.
    """
    for match in _LINK_TARGETS.finditer(value):
        target = next(group for group in match.groups() if group is not None)
        seen = target
        for _ in range(5):  # entities inside entities: &amp;#106;
            unescaped = html.unescape(seen)
            if unescaped == seen:
                break
            seen = unescaped
        scheme = _SCHEME.match(_IGNORED_IN_URLS.sub("", seen))
        if scheme and scheme[1].lower() not in SAFE_SCHEMES:
            return target.strip()
    return None


def text_problem(value: str, max_length: int) -> str | None:
    """Why a text from data cannot be shown as it is, or None when it can."""
    if len(value) > max_length:
        return f"is {len(value):,} characters long; at most {max_length:,} (shorten it)"
    control = _CONTROL.search(value)
    if control:
        return f"contains the invisible control character U+{ord(control[0]):04X}; remove it"
    if not _MAYBE_MARKUP.search(value):  # most texts: no link or attribute list can be in them
        return None
    link = unsafe_link(value)
    if link is not None:
        return (f"links to {json.dumps(link, ensure_ascii=False)}; links may only go to http(s), "
                "mailto or tel addresses or to pages of this site")
    attributes = _ATTRIBUTE_LIST.search(value)
    if attributes:
        return f"contains the attribute list {json.dumps(attributes[0], ensure_ascii=False)}; data text sets no HTML attributes"
    return None


class DataError(ValueError):
    """Bad playbook data: `where` is the file, `path` the entry and field."""

    def __init__(self, where: str, path: str, message: str):
        self.where, self.path, self.message = where, path, message
        location = f"{where}: {path}" if path else where
        super().__init__(f"{location}: {message}")


def doc(text: str, max_length: int = TEXT_LENGTH, **kwargs: Any) -> Any:
    """A dataclass field carrying the one-sentence description shown to writers,
    and the most characters each of its texts may have."""
    return dataclasses.field(metadata={"doc": text, "max_length": max_length}, **kwargs)


def describe(value: Any) -> str:
    """Show a found value the way a writer typed it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def parse(cls: type, raw: Any, where: str, path: str = "") -> Any:
    """Check `raw` against the type `cls` and return the typed value."""
    return _Parser(where).value(cls, raw, path)


class _Parser:
    def __init__(self, where: str):
        self.where = where

    def fail(self, path: str, message: str) -> typing.NoReturn:
        raise DataError(self.where, path, message)

    def value(self, tp: Any, raw: Any, path: str, max_length: int = TEXT_LENGTH) -> Any:
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            options = [a for a in get_args(tp) if a is not type(None)]
            if raw is None:
                return None
            return self.value(options[0], raw, path, max_length)
        if origin is Literal:
            allowed = get_args(tp)
            if raw not in allowed:
                shown = ", ".join(describe(a) for a in allowed)
                self.fail(path, f"expected one of {shown}, got {describe(raw)}")
            return raw
        if origin is tuple:
            return self.sequence(get_args(tp)[0], raw, path, max_length)
        if dataclasses.is_dataclass(tp):
            return self.record(tp, raw, path)
        if tp in _PATTERNS:
            text = self.text(raw, path, ID_LENGTH)
            pattern, expected = _PATTERNS[tp]
            if not pattern.match(text):
                self.fail(path, f"expected {expected}, got {describe(raw)}")
            return text
        if tp is str:
            return self.text(raw, path, max_length)
        if tp is Decimal:
            return self.number(raw, path)
        if tp is int:
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.fail(path, f"expected a whole number, got {describe(raw)}")
            if abs(raw) >= LARGEST_NUMBER:
                self.fail(path, f"{raw:,} is too large to be a real figure (below {LARGEST_NUMBER:,})")
            return raw
        if tp is bool:
            if not isinstance(raw, bool):
                self.fail(path, f"expected true or false, got {describe(raw)}")
            return raw
        raise TypeError(f"model.py uses an unsupported type {tp!r} at {path}")

    def text(self, raw: Any, path: str, max_length: int = TEXT_LENGTH) -> str:
        if not isinstance(raw, str) or not raw.strip():
            self.fail(path, f"expected some text, got {describe(raw)}")
        problem = text_problem(raw.strip(), max_length)
        if problem:
            self.fail(path, problem)
        return raw.strip()

    def number(self, raw: Any, path: str) -> Decimal:
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            self.fail(path, f"expected a number, got {describe(raw)}")
        if isinstance(raw, float) and not math.isfinite(raw):
            self.fail(path, f"expected a number, got {describe(raw)}")
        try:
            number = Decimal(str(raw).replace(",", "").strip())
        except InvalidOperation:
            self.fail(path, f"expected a number, got {describe(raw)}")
        if not number.is_finite():
            self.fail(path, f"expected a number, got {describe(raw)}")
        if isinstance(raw, str):
            self.fail(path, f"expected a number, got {describe(raw)} (remove the quotes)")
        if abs(number) >= LARGEST_NUMBER:
            self.fail(path, f"{raw} is too large to be a real figure (below {LARGEST_NUMBER:,})")
        return number

    def sequence(self, item_tp: Any, raw: Any, path: str, max_length: int = TEXT_LENGTH) -> tuple:
        if not isinstance(raw, list):
            self.fail(path, f"expected a list, got {describe(raw)}")
        if not raw:
            self.fail(path, "expected at least one item, got an empty list")
        items = tuple(self.value(item_tp, item, f"{path}[{i}]", max_length) for i, item in enumerate(raw))
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            key = getattr(item, "id", None)
            if key is None:
                continue
            if key in seen:
                self.fail(f"{path}[{i}].id", f"duplicate id {describe(key)} (also at {path}[{seen[key]}])")
            seen[key] = i
        return items

    def record(self, cls: type, raw: Any, path: str) -> Any:
        if not isinstance(raw, dict):
            self.fail(path, f"expected a mapping of fields, got {describe(raw)}")
        hints, fields = _shape(cls)
        for key in raw:
            if key not in fields:
                allowed = ", ".join(fields)
                self.fail(_join(path, str(key)), f"unknown field; allowed fields are {allowed}")
        values = {}
        for name, field in fields.items():
            where = _join(path, name)
            if name not in raw or raw[name] is None:
                optional = field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
                if not optional:
                    self.fail(where, "missing required field")
                continue
            values[name] = self.value(hints[name], raw[name], where, field.metadata.get("max_length", TEXT_LENGTH))
        obj = cls(**values)
        for field_name, message in getattr(obj, "problems", lambda: ())():
            self.fail(_join(path, field_name), message)
        return obj


@functools.cache
def _shape(cls: type) -> tuple[dict, dict]:
    """The record's resolved annotations and its fields, worked out once per class."""
    return get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def to_plain(value: Any) -> Any:
    """The JSON-ready form of a model value (Decimals become numbers)."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, Decimal):
        return json_number(value)
    return value
