"""The one door to the calculators, used by the CLI, the build macros and the browser.

Each calculator declares itself once (`CALCULATOR = Calculator(...)` at the
end of its module, see declaration.py); `MODULES` lists those modules, and
everything else (names, titles, outputs, money fields, editions) is read
from the declarations.

`run(name, params, playbook)` always returns a JSON-ready dict and never
raises for bad input: ``{"ok": True, "calculator", "inputs", "values",
"display", "assumptions"}`` or ``{"ok": False, "calculator", "errors":
[{"field", "message"}]}``. Unknown params are ignored; missing ones take the
defaults of `fields(name, playbook)`, whose labels and limits come from data.
"""

from __future__ import annotations

import importlib
from decimal import Context, Decimal, localcontext
from importlib.util import find_spec
from typing import Any, Mapping, Optional

from .declaration import Calculator, DeclarationError
from .inputs import Field, FieldError, InputError, grouped
from .model import Playbook

__all__ = ["MODULES", "CALCULATORS", "Calculator", "DeclarationError", "Field", "FieldError", "InputError", "names",
           "declaration", "declarations", "check", "uncovered", "fields", "defaults", "run"]

MODULES: tuple[str, ...] = ("scoring", "economics", "readiness", "fit")
"""The calculators' modules, in the order the CLI lists them: a name is a module
of this package; a dotted name is any importable module (tests declare extras)."""


def _module_name(entry: str) -> str:
    return entry if "." in entry else f"{__package__}.{entry}"


def names() -> tuple[str, ...]:
    """Every calculator's name (its module's name), whether or not this edition carries it."""
    return tuple(entry.rsplit(".", 1)[-1] for entry in MODULES)


def __getattr__(attribute: str):
    # registry.CALCULATORS: the names, read from MODULES each time (tests may add a module).
    if attribute == "CALCULATORS":
        return names()
    raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")


def declaration(name: Any) -> Calculator:
    """The calculator's declaration, its module imported on first use.

    Lazy, because the public edition's browser wheel leaves the internal
    calculators out: importing this registry must not need them. Raises
    InputError for an unknown name, LookupError when the module is not in
    this edition's wheel, DeclarationError when the module declares nothing.
    """
    entries = {entry.rsplit(".", 1)[-1]: entry for entry in MODULES}
    if not isinstance(name, str) or name not in entries:
        raise InputError([FieldError("calculator", f"unknown calculator {name!r}; expected one of "
                                                   f"{', '.join(entries)}")])
    module_name = _module_name(entries[name])
    if find_spec(module_name) is None:  # left out of this edition's browser wheel
        raise LookupError(f"the {name} calculator is not part of this edition")
    declared = getattr(importlib.import_module(module_name), "CALCULATOR", None)
    if not isinstance(declared, Calculator):
        raise DeclarationError(f"{module_name} is listed in registry.MODULES but has no "
                               "CALCULATOR = Calculator(...) declaration")
    if declared.name != name:
        raise DeclarationError(f"{module_name} declares the calculator {declared.name!r}; "
                               f"a calculator's name is its module's name, {name!r}")
    return declared


def declarations(edition: Optional[str] = None) -> tuple[Calculator, ...]:
    """The declarations present here (all of them in CPython), optionally only the edition's."""
    out = []
    for name in names():
        try:
            declared = declaration(name)
        except LookupError:
            continue
        if edition is None or declared.in_edition(edition):
            out.append(declared)
    return tuple(out)


def check(playbook: Playbook, edition: str) -> None:
    """Fail (DeclarationError) unless every calculator of the edition agrees with its data.

    The build calls this: the fields declare themselves coherently (checked as
    each Field is made), the defaults from data compute, and every declared
    output is produced.
    """
    for calculator in declarations(edition):
        who = f"calculator {calculator.name!r}"
        try:
            fields_ = calculator.fields(playbook)
        except LookupError as error:
            raise DeclarationError(f"{who}: its data is missing from the {edition} edition ({error})") from None
        except ValueError as error:  # a Field that contradicts itself
            raise DeclarationError(f"{who}: {error}") from None
        result = _run(calculator, {f.name: f.default for f in fields_}, playbook)
        if not result["ok"]:
            problems = "; ".join(e["message"] for e in result["errors"])
            raise DeclarationError(f"{who}: its default inputs fail: {problems}")
        missing = [key for key, _ in calculator.outputs if key not in result["display"]]
        if missing:
            raise DeclarationError(f"{who}: declares the outputs {', '.join(missing)}, which run() does not "
                                   f"produce; it produces {', '.join(sorted(result['display']))}")


def uncovered(cases: list[Mapping[str, Any]], playbook: Playbook, edition: str) -> list[str]:
    """The edition's calculators without both a valid and an invalid case among `cases`
    (tests/cases/calculator_cases.json: run under CPython and under Pyodide), each as one line."""
    missing = []
    for calculator in declarations(edition):
        outcomes = {run(calculator.name, case.get("params") or {}, playbook)["ok"]
                    for case in cases if case.get("calculator") == calculator.name}
        for ok, kind in ((True, "valid"), (False, "invalid")):
            if ok not in outcomes:
                missing.append(f"calculator {calculator.name!r} has no {kind} case in "
                               f"tests/cases/calculator_cases.json: add one with \"calculator\": "
                               f"\"{calculator.name}\" and {kind} params")
    return missing


def fields(name: str, playbook: Playbook) -> tuple[Field, ...]:
    """The calculator's inputs in form order (raises LookupError for an unknown name or missing data)."""
    try:
        return declaration(name).fields(playbook)
    except InputError as error:
        raise LookupError(error.errors[0].message) from None


def defaults(name: str, playbook: Playbook) -> dict[str, str]:
    """The default inputs, as text a form shows."""
    return {f.name: f.default for f in fields(name, playbook)}


def _context() -> Context:
    # A fixed context, whatever the caller's: results are the same everywhere.
    return Context(prec=34)


def _run(calculator: Calculator, params: Mapping[str, Any], playbook: Playbook) -> dict:
    name = calculator.name
    try:
        with localcontext(_context()):
            result = calculator.run(params, playbook)
    except InputError as error:
        return {"ok": False, "calculator": name, "errors": [e.to_json() for e in error.errors]}
    except LookupError as error:  # the edition lacks the calculator's data
        return {"ok": False, "calculator": name, "errors": [{"field": "calculator", "message": str(error)}]}
    display = {**result["display"], **_as_written(calculator.fields(playbook), result)}
    return {"ok": True, "calculator": name, **result, "display": display}


def _as_written(fields_: tuple[Field, ...], result: Mapping[str, Any]) -> dict[str, str]:
    """Each money field's amount as people write it (2,500), as display["input_NAME"]: a form
    shows it so once its result is in, whatever the calculator."""
    inputs = result.get("inputs") or {}
    return {f"input_{f.name}": grouped(Decimal(str(inputs[f.name])))
            for f in sorted(fields_, key=lambda f: f.name) if f.money and inputs.get(f.name) is not None}


def run(name: str, params: Mapping[str, Any], playbook: Playbook) -> dict:
    """Run a calculator on raw params; bad input gives field errors, never an exception."""
    try:
        calculator = declaration(name)
    except InputError as error:
        return {"ok": False, "calculator": name if isinstance(name, str) else repr(name),
                "errors": [e.to_json() for e in error.errors]}
    except LookupError as error:  # left out of this edition's wheel
        return {"ok": False, "calculator": name, "errors": [{"field": "calculator", "message": str(error)}]}
    return _run(calculator, params, playbook)
