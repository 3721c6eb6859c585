"""The writers' data reference: every data file and field, read from the model.

It walks FILES in calculators/model.py, so a field added there shows up here
with no other change. Types are named as writers think of them (text, whole
number, list of …), and each field shows an example taken from the real
data/ file, so nobody has to read Python to edit the YAML.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import yaml

from markupsafe import Markup

from calculators.loader import MAX_DEPTH
from calculators.model import FILES, Playbook
from calculators.validate import ID_LENGTH, LARGEST_NUMBER, SAFE_SCHEMES, TEXT_LENGTH, Id, Name, to_plain

from .markup import blocks, heading, join, paragraph, scroll, table, tag, text, ul

HEAD = ("Field", "Type", "Required", "Allowed values", "What it is", "Example")
EXAMPLE_CHARS = 90

# Each scalar type: its name for writers, and what a value may be.
SCALARS = {
    str: ("text", "any text"),
    Decimal: ("number", "a plain number (no quotes, currency sign or commas), such as 8000 or 0.5"),
    int: ("whole number", "a whole number without quotes, such as 12"),
    bool: ("true or false", "true or false"),
    Id: ("kebab-case id", "lowercase letters and digits joined by hyphens, such as enterprise-cmo"),
    Name: ("snake_case name", "lowercase letters and digits joined by underscores, such as use_case_fit"),
}


@dataclasses.dataclass(frozen=True)
class Shape:
    """What a field holds, in writer terms."""

    label: Markup            # the Type column
    allowed: Markup          # the Allowed values column
    record: type | None    # the record its entries hold, if any
    is_list: bool


def data_reference(playbook: Playbook) -> str:
    """The whole reference: the rules every value follows, one section per data file, then the shared shapes."""
    shared = shared_records()
    samples: dict[type, list] = {cls: [] for cls in shared}
    parts = [heading(2, "Rules for every value", "rules-for-every-value"), rules()]
    for name, cls in FILES.items():
        record = playbook.file(name)
        found = [to_plain(record)] if record is not None else []
        parts.append(heading(2, f"data/{name}.yml", anchor_of(name) + "-yml"))
        parts.append(paragraph(summary(cls, record)))
        rows = field_rows(cls, found, "", shared, samples)
        parts.append(scroll(table(HEAD, rows, cls="alp-data-reference")))
    parts.append(heading(2, "Shared shapes", "shared-shapes"))
    parts.append(paragraph("These shapes appear in several files; each field that holds one links here."))
    for cls in shared:
        parts.append(heading(3, shape_name(cls).capitalize(), anchor_of(shape_name(cls))))
        parts.append(paragraph(prose(first_line(cls.__doc__))))
        rows = field_rows(cls, samples[cls], "", shared, samples)
        parts.append(scroll(table(HEAD, rows, cls="alp-data-reference")))
    return blocks(*parts)


def rules() -> Markup:
    """What the data checks refuse in any file, stated from the limits they use."""
    schemes = ", ".join(f"{s}:" for s in SAFE_SCHEMES)
    return ul([
        "Each text has at most the number of characters its row states (most allow "
        f"{TEXT_LENGTH:,}); ids and names at most {ID_LENGTH}.",
        f"A link written in text, [words](address), may go only to an address starting with {schemes} "
        "or to a page of this site; any other kind of address (javascript:, data: and the like) is refused.",
        "Text is shown exactly as typed: HTML tags appear as written, and attribute lists such as "
        "{: .class} and control characters are refused.",
        "A key may appear only once in a mapping; files are UTF-8; lists and mappings nest at most "
        f"{MAX_DEPTH} levels; anchors and aliases (&name, *name) are not used.",
        f"Numbers are below {LARGEST_NUMBER:,}.",
    ])


def summary(cls: type, record) -> Markup:
    """The file's docstring without its leading 'data/x.yml:', plus who reads it."""
    line = first_line(cls.__doc__).split(": ", 1)[-1]
    line = line[:1].upper() + line[1:]
    if record is None:
        return prose(line)
    readers = "everyone (public edition too)" if record.audience == "public" else "sales reps only (internal)"
    return join([prose(line), " Audience today: ", tag("strong", readers), "."])


def field_rows(cls: type, found: list, prefix: str, shared: tuple, samples: dict) -> list:
    """One row per field of `cls`, descending into records that are not shared."""
    rows = []
    hints = get_type_hints(cls)
    for field in dataclasses.fields(cls):
        path = f"{prefix}{field.name}"
        tp, optional = unwrap_optional(hints[field.name])
        shape = describe(tp, shared, field.metadata.get("max_length", TEXT_LENGTH))
        values = [f[field.name] for f in found if isinstance(f, dict) and f.get(field.name) is not None]
        inner = [v for value in values for v in (value if shape.is_list else [value])]
        rows.append((
            tag("code", path),
            shape.label,
            "optional" if optional else "required",
            shape.allowed,
            prose(field.metadata.get("doc", "")),
            example(values, shape, shared),
        ))
        if shape.record in shared:
            samples[shape.record].extend(inner)
        elif shape.record is not None:
            child = f"{path}[]." if shape.is_list else f"{path}."
            rows.extend(field_rows(shape.record, inner, child, shared, samples))
    return rows


def describe(tp: Any, shared: tuple, max_length: int = TEXT_LENGTH) -> Shape:
    """Name a model type in writer terms (`max_length`: the most characters a text may have)."""
    if get_origin(tp) is Literal:
        choices = [tag("code", c) for c in get_args(tp)]
        label = text("one of " + ", ".join(map(str, get_args(tp))))
        return Shape(label, join([join(choices, ", "), " (exactly as written)"]), None, False)
    if get_origin(tp) is tuple:
        item = describe(get_args(tp)[0], shared, max_length)
        unique = " No two entries may have the same id." if has_id(item.record) else ""
        if item.record is None:
            label = join(["list of ", item.label])
            allowed = text(f"One or more entries, each {SCALARS[get_args(tp)[0]][1]}{length(get_args(tp)[0], max_length)}.")
        elif item.record in shared:
            label = join(["list of ", item.label])
            allowed = join(["One or more entries, each with the fields of ", item.label, ".", unique])
        else:
            label = text("list of mappings")
            allowed = text("One or more entries, each with the fields below." + unique)
        return Shape(label, allowed, item.record, True)
    if dataclasses.is_dataclass(tp):
        if tp in shared:
            name = shape_name(tp)
            link = Markup(f'<a href="#{anchor_of(name)}">{text(name)}</a>')
            return Shape(link, join(["The fields of ", link, "."]), tp, False)
        return Shape(text("mapping"), text("The fields below."), tp, False)
    label, allowed = SCALARS[tp]
    return Shape(text(label), text(allowed[0].upper() + allowed[1:] + length(tp, max_length) + "."), None, False)


def length(tp: Any, max_length: int) -> str:
    """How long a text of this type may be, as a clause."""
    if tp is str:
        return f", at most {max_length:,} characters"
    if tp in (Id, Name):
        return f", at most {ID_LENGTH} characters"
    return ""


def example(values: list, shape: Shape, shared: tuple) -> Markup:
    """The first value the data has for this field, as it is written in YAML."""
    if not values:
        return text("—")
    value = values[0]
    if shape.record is not None and shape.record not in shared:
        return text("see the rows below")
    note = ""
    if shape.is_list and isinstance(value, list):
        note = f" (first of {len(value)})" if len(value) > 1 else ""
        value = value[0]
    shown = yaml.safe_dump(without_empty(value), default_flow_style=True, allow_unicode=True, width=10**6, sort_keys=False)
    shown = shown.removesuffix("\n").removesuffix("\n...")
    if len(shown) > EXAMPLE_CHARS:
        shown = shown[: EXAMPLE_CHARS - 1].rstrip() + "…"
    return join([tag("code", shown), note])


def without_empty(value: Any) -> Any:
    """Leave out unset optional fields, as a writer would."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_empty(v) for v in value]
    return value


def prose(line: str) -> Markup:
    """Docstring text with `name` shown as code."""
    pieces = line.split("`")
    return join(tag("code", p) if i % 2 else text(p) for i, p in enumerate(pieces))


def shared_records() -> tuple[type, ...]:
    """Records that more than one field holds: described once, under Shared shapes."""
    counts: dict[type, int] = {}

    def walk(cls: type) -> None:
        for tp in get_type_hints(cls).values():
            tp, _ = unwrap_optional(tp)
            while get_origin(tp) is tuple:
                tp = get_args(tp)[0]
            if dataclasses.is_dataclass(tp):
                counts[tp] = counts.get(tp, 0) + 1
                if counts[tp] == 1:
                    walk(tp)

    for cls in FILES.values():
        walk(cls)
    return tuple(cls for cls, n in counts.items() if n > 1)


def has_id(cls: type | None) -> bool:
    return cls is not None and any(f.name == "id" for f in dataclasses.fields(cls))


def unwrap_optional(tp: Any) -> tuple[Any, bool]:
    """(the type inside Optional[...], whether it was optional)."""
    if get_origin(tp) in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        return options[0], True
    return tp, False


def shape_name(cls: type) -> str:
    """MoneyRange -> 'money range'."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()


def anchor_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def first_line(doc: typing.Optional[str]) -> str:
    return (doc or "").strip().splitlines()[0] if doc else ""
