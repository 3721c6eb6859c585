"""The one door to the calculators, used by the CLI, the build macros and the browser.

`run(name, params, playbook)` always returns a JSON-ready dict and never
raises for bad input: ``{"ok": True, "calculator", "inputs", "values",
"display", "assumptions"}`` or ``{"ok": False, "calculator", "errors":
[{"field", "message"}]}``. Unknown params are ignored; missing ones take the
defaults of `fields(name, playbook)`, whose labels and limits come from data.
"""

from __future__ import annotations

import importlib
from decimal import Context, localcontext
from importlib.util import find_spec
from types import ModuleType
from typing import Any, Mapping

from .inputs import Field, FieldError, InputError
from .model import Playbook

__all__ = ["CALCULATORS", "OUTPUTS", "MONEY_INPUTS", "Field", "FieldError", "InputError", "fields", "defaults", "run"]

CALCULATORS: tuple[str, ...] = ("scoring", "economics", "readiness")

OUTPUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "scoring": (("total", "Total"), ("outcome", "Outcome"), ("tier", "Tier"), ("disqualifiers", "Disqualifiers")),
    "economics": (
        ("monthly_value", "Monthly value"), ("net_monthly_benefit", "Net monthly benefit"),
        ("roi_multiple", "ROI multiple"), ("months", "Horizon"), ("fractional_total", "Fractional leader"),
        ("fulltime_total", "Full-time hire"), ("agency_total", "Agency project"),
        ("saving_vs_fulltime", "Saving vs full-time"), ("saving_vs_fulltime_percent", "Saving vs full-time (%)"),
        ("break_even_hours", "Break-even hours"), ("guarantee_met", "Guarantee met"),
    ),
    "readiness": (
        ("verdict", "Verdict"), ("ready_count", "Ready signs"), ("recommended_model", "Recommended"),
        ("model_reason", "Why"), ("blockers", "Not ready because"), ("first_purchases", "First purchase"),
    ),
}
"""The headline outputs of each calculator in reading order: display key and label
(the CLI's readable output and the pages' worked examples show these)."""

MONEY_INPUTS = frozenset({"annual_revenue", "annual_budget", "fractional_monthly_fee", "fulltime_annual_cost",
                          "agency_project_cost", "hourly_cost"})
"""Inputs that are amounts of money (shown with a currency symbol)."""


def _calculator(name: Any) -> ModuleType:
    """The calculator's module, imported on first use.

    Lazy, because the public edition's browser wheel leaves the internal
    calculators out: importing this registry must not need them.
    """
    if not isinstance(name, str) or name not in CALCULATORS:
        raise InputError([FieldError("calculator", f"unknown calculator {name!r}; expected one of "
                                                   f"{', '.join(CALCULATORS)}")])
    module = f"{__package__}.{name}"
    if find_spec(module) is None:  # left out of this edition's browser wheel
        raise LookupError(f"the {name} calculator is not part of this edition")
    return importlib.import_module(module)


def fields(name: str, playbook: Playbook) -> tuple[Field, ...]:
    """The calculator's inputs in form order (raises LookupError for an unknown name or missing data)."""
    try:
        return _calculator(name).fields(playbook)
    except InputError as error:
        raise LookupError(error.errors[0].message) from None


def defaults(name: str, playbook: Playbook) -> dict[str, str]:
    """The default inputs, as text a form shows."""
    return {f.name: f.default for f in fields(name, playbook)}


def _context() -> Context:
    # A fixed context, whatever the caller's: results are the same everywhere.
    return Context(prec=34)


def run(name: str, params: Mapping[str, Any], playbook: Playbook) -> dict:
    """Run a calculator on raw params; bad input gives field errors, never an exception."""
    try:
        with localcontext(_context()):
            result = _calculator(name).run(params, playbook)
    except InputError as error:
        return {"ok": False, "calculator": name if isinstance(name, str) else repr(name),
                "errors": [e.to_json() for e in error.errors]}
    except LookupError as error:  # the edition lacks the calculator's data
        return {"ok": False, "calculator": name, "errors": [{"field": "calculator", "message": str(error)}]}
    return {"ok": True, "calculator": name, **result}
