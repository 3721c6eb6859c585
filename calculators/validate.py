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
# Control characters other than tab and newline; characters that show nothing
# (zero-width spaces and joiners, the byte-order mark, invisible operators);
# the direction marks and overrides that make text read differently from how
# it is stored; and lone surrogates (half of an escaped pair, not a character).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                      "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")

SHOWN_LENGTH = 60
"""Most characters of a found value an error message repeats."""


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
        point = ord(control[0])
        if 0xD800 <= point <= 0xDFFF:
            return f"contains U+{point:04X}, half of an escaped character pair and not a character; remove it"
        kind = "control" if point < 0xA0 else "invisible or direction-changing"
        return f"contains the {kind} character U+{point:04X} at character {control.start() + 1}; remove it"
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
    """Bad playbook data: `where` is the file, `path` the entry and field (`profiles[4].retainer.max`).

    One error may carry several problems (`errors`, one DataError each, in
    file order): its text is one line per problem. `located` names the
    entry by its id and adds the line of the file, once the loader knows it.
    """

    def __init__(self, where: str, path: str, message: str, line: int | None = None,
                 entry: str = "", field: str | None = None):
        self.where, self.path, self.message, self.line = where, path, message, line
        self.entry, self.field = entry, path if field is None else field
        self.errors: list[DataError] = [self]
        if line or entry:  # data/profiles.yml:142, profile "<id>", retainer.max: ...
            location = ", ".join(part for part in (f"{where}:{line}" if line else where, entry, self.field) if part)
        else:  # data/profiles.yml: profiles[4].retainer.max: ...
            location = f"{where}: {path}" if path else where
        super().__init__(f"{location}: {message}")

    @classmethod
    def of(cls, problems: list["DataError"]) -> "DataError":
        """One error standing for every problem found (at least one)."""
        problems = [p for problem in problems for p in problem.errors]
        if len(problems) == 1:
            return problems[0]
        error = cls(problems[0].where, problems[0].path, problems[0].message)
        error.errors = problems
        error.args = ("\n".join(str(p) for p in problems),)
        return error

    def located(self, raw: Any, lines: dict[tuple, int]) -> "DataError":
        """This problem with the line its path starts on and its entry named by id, when known."""
        if len(self.errors) > 1:
            return DataError.of([e.located(raw, lines) for e in self.errors])
        steps = path_steps(self.path)
        line = next((lines[tuple(steps[:n])] for n in range(len(steps), -1, -1) if tuple(steps[:n]) in lines), None)
        entry, rest = entry_name(raw, steps)
        message = _ALSO_AT.sub(lambda m: f"(also on line {lines[tuple(path_steps(m[1]))]})"
                               if tuple(path_steps(m[1])) in lines else m[0], self.message)
        return DataError(self.where, self.path, message, line or self.line, entry, rest)


_ALSO_AT = re.compile(r"\(also at ([\w.\[\]]+)\)")


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_steps(path: str) -> list:
    """`profiles[4].retainer.max` as ["profiles", 4, "retainer", "max"]."""
    return [int(index) if index else key for key, index in _STEP.findall(path)]


def singular(key: str) -> str:
    if key.endswith("ies"):
        return key[:-3] + "y"
    return key[:-1] if key.endswith("s") else f"{key} entry"


def entry_name(raw: Any, steps: list) -> tuple[str, str]:
    """The innermost list entry on the path with a short id (`profile "<id>"`), and the rest of the path."""
    entry, rest_from, node = "", 0, raw
    for n, step in enumerate(steps):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, int) and n and isinstance(node, dict):
            key = node.get("id")
            if isinstance(key, str) and 0 < len(key) <= ID_LENGTH and not _CONTROL.search(key):
                entry, rest_from = f"{singular(str(steps[n - 1]))} {json.dumps(key, ensure_ascii=False)}", n + 1
    if not entry:
        return "", path_text(steps)
    return entry, path_text(steps[rest_from:])


def path_text(steps: list) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


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
        if len(value) > SHOWN_LENGTH:
            return f"{json.dumps(value[:SHOWN_LENGTH], ensure_ascii=False)[:-1]}…\" ({len(value):,} characters)"
        return json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def parse(cls: type, raw: Any, where: str, path: str = "") -> Any:
    """Check `raw` against the type `cls` and return the typed value; every problem found is in the DataError."""
    parser = _Parser(where)
    try:
        return parser.value(cls, raw, path)
    except DataError as error:
        parser.problems.append(error)
    except _Broken:
        pass
    raise DataError.of(parser.problems)


class _Broken(Exception):
    """A part of the value had problems (already collected): its parent cannot be built either."""


class _Parser:
    def __init__(self, where: str):
        self.where = where
        self.problems: list[DataError] = []

    def each(self, check) -> tuple[Any, bool]:
        """Run one check, collecting its problem: (value, whether it failed)."""
        try:
            return check(), False
        except DataError as error:
            self.problems.append(error)
        except _Broken:
            pass
        return None, True

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
        if isinstance(raw, str):  # "25000" in quotes, 25,000 or 2.5e3 (which YAML reads as text)
            self.fail(path, f"expected a number, got {describe(raw)}; write it with digits only, "
                      f"as {number:f}, without quotes")
        if abs(number) >= LARGEST_NUMBER:
            self.fail(path, f"{raw} is too large to be a real figure (below {LARGEST_NUMBER:,})")
        return number

    def sequence(self, item_tp: Any, raw: Any, path: str, max_length: int = TEXT_LENGTH) -> tuple:
        if not isinstance(raw, list):
            self.fail(path, f"expected a list, got {describe(raw)}")
        if not raw:
            self.fail(path, "expected at least one item, got an empty list")
        checked = [self.each(lambda i=i, item=item: self.value(item_tp, item, f"{path}[{i}]", max_length))
                   for i, item in enumerate(raw)]
        if any(failed for _, failed in checked):
            raise _Broken
        items = tuple(item for item, _ in checked)
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
        broken = False
        for key in raw:
            if key not in fields:
                allowed = ", ".join(fields)
                plain = isinstance(key, str) and len(key) <= ID_LENGTH and not _CONTROL.search(key)
                shown = key if plain else describe(key)
                self.problems.append(DataError(self.where, _join(path, shown),
                                               f"unknown field; allowed fields are {allowed}"))
                broken = True
        values = {}
        for name, field in fields.items():
            where = _join(path, name)
            if name not in raw or raw[name] is None:
                optional = field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
                if not optional:
                    self.problems.append(DataError(self.where, where, "missing required field"))
                    broken = True
                continue
            max_length = field.metadata.get("max_length", TEXT_LENGTH)
            values[name], failed = self.each(lambda: self.value(hints[name], raw[name], where, max_length))
            broken = broken or failed
        if broken:
            raise _Broken
        obj = cls(**values)
        found = [DataError(self.where, _join(path, field_name), message)
                 for field_name, message in getattr(obj, "problems", lambda: ())()]
        if found:
            self.problems.extend(found)
            raise _Broken
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
