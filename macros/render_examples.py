"""Worked examples computed by the calculators at build time.

Each macro calls `registry.run` with the inputs a page gives, so the numbers
on the page are the calculator's own: if data or code change, the page
changes with them, and inputs the calculator refuses fail the build.
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from calculators import registry
from calculators.money import money

from .markup import attr, table, tag, text, ul

MACROS = ("worked_example", "scoring_example", "economics_example", "readiness_example", "worked_value")
"""The macros this module provides (registered by macros/main.py)."""


def _run(playbook, name: str, inputs: dict) -> dict:
    result = registry.run(name, inputs, playbook)
    if not result["ok"]:
        problems = "; ".join(e["message"] for e in result["errors"])
        raise ValueError(f"{name} example: {problems}")
    return result


def _input_rows(playbook, name: str, result: dict) -> list[tuple[str, str]]:
    """The inputs as readers see them: money with its symbol, only the flags that are set."""
    currency = result["inputs"].get("currency") or "USD"
    calculator = registry.declaration(name)
    rows, flags = [], []
    for field in calculator.fields(playbook):
        value = result["inputs"][field.name]
        if field.kind == "flag":
            if value:
                flags.append(field.label)
        elif value is None:
            continue
        elif field.money:
            rows.append((field.label, money(Decimal(str(value)), currency)))
        else:
            rows.append((field.label, str(value)))
    if flags:
        rows.append((calculator.flags_label, "; ".join(flags)))
    return rows


def _block(name: str, title: str, result: dict, rows_in, extra: list) -> Markup:
    declared = registry.declaration(name).outputs
    outputs = [(label, result["display"][key]) for key, label in declared if result["display"].get(key)]
    parts = [
        tag("p", Markup(f"<strong>{text(title)}</strong>")),
        table(["Input", "Value"], rows_in, row_headers=True, cls="worked-example__inputs"),
        table(["Result", "Value"], outputs, row_headers=True, cls="worked-example__results"),
        *extra,
    ]
    body = "\n".join(str(p) for p in parts)
    return Markup(f'<div class="worked-example" data-calculator="{attr(name)}">\n{body}\n</div>')


def worked_example(playbook, calculator: str, title: str = "Worked example", **inputs) -> Markup:
    """Any calculator's result for the given inputs (defaults for the rest): inputs, headline
    outputs, then the calculator's reasons, or its assumptions when it gives no reasons."""
    result = _run(playbook, calculator, inputs)
    reasons = result["values"].get("reasons")
    if reasons:
        extra = [tag("p", "Why:"), ul(reasons)]
    else:
        extra = [Markup("<details><summary>Assumptions</summary>\n" + str(ul(result["assumptions"])) + "\n</details>")]
    return _block(calculator, title, result, _input_rows(playbook, calculator, result), extra)


def scoring_example(playbook, account: str = "Example account", **inputs) -> Markup:
    """One account scored in full: inputs, total, outcome, tier, and the calculator's reasons."""
    return worked_example(playbook, "scoring", account, **inputs)


def economics_example(playbook, title: str = "Worked example", **inputs) -> Markup:
    """The economics for the given inputs (defaults for the rest), with every assumption."""
    return worked_example(playbook, "economics", title, **inputs)


def readiness_example(playbook, title: str = "Worked example", **inputs) -> Markup:
    """A readiness verdict for the answers given (yes to each named item), with the reasons."""
    return worked_example(playbook, "readiness", title, **inputs)


def worked_value(playbook, calculator: str, output: str, **inputs) -> Markup:
    """One display value for prose, e.g. {{ worked_value("economics", "roi_multiple", hourly_cost=62.5) }}."""
    result = _run(playbook, calculator, inputs)
    if output not in result["display"]:
        raise ValueError(f"{calculator} has no output {output!r}; it has {', '.join(sorted(result['display']))}")
    return text(result["display"][output])
