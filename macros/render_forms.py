"""Calculator forms and results, rendered at build time by the calculators.

A form lists `registry.fields(name, playbook)` (labels, defaults and limits
come from data); each result element holds `registry.run(...)` of the
defaults, so the page shows correct numbers at first paint and without
JavaScript. In the browser, docs/assets/js/ runs the same package in a worker
and replaces `[data-output=FIELD]` text with `display[FIELD]`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from calculators import registry
from calculators.inputs import to_flag

from .markup import Html, attr, tag, text


class FormError(LookupError):
    """A page asked for a calculator or output that does not exist (one build error line)."""


@lru_cache(maxsize=16)
def _defaults_result(playbook, name: str) -> dict:
    result = registry.run(name, registry.defaults(name, playbook), playbook)
    if not result.get("ok"):
        raise FormError(f"calculator {name!r}: its default inputs fail: {result.get('errors')}")
    return result


def _check(name: str) -> None:
    if name not in registry.names():
        raise FormError(f"unknown calculator {name!r}; expected one of {', '.join(registry.names())}")


def default_display(playbook, name: str, field: str) -> str:
    """The display text of `field` for the default inputs (what first paint shows)."""
    _check(name)
    display = _defaults_result(playbook, name)["display"]
    if field not in display:
        raise FormError(f"calculator {name!r} has no output {field!r}; it has {', '.join(sorted(display))}")
    return display[field]


def _control(name: str, field) -> Html:
    ident = f"calc-{name}-{field.name}"
    described = f"{ident}-help {ident}-error" if field.help else f"{ident}-error"
    common = dict(id=ident, name=field.name, aria_describedby=described)
    if field.kind == "flag":
        checked = " checked" if to_flag(field.name, field.default) else ""
        control = Html(f'<input type="checkbox" value="1"{_attrs(common)}{checked}>')
        parts = [control, _label(ident, field.label)]
    elif field.kind == "choice":
        options = "".join(
            f'<option value="{attr(c)}"{" selected" if c == field.default else ""}>{text(c)}</option>'
            for c in field.choices)
        parts = [_label(ident, field.label), Html(f"<select{_attrs(common)}>{options}</select>")]
    else:
        mode = "numeric" if field.step == "1" and not (field.min or "").startswith("-") else "decimal"
        control = Html(f'<input type="text" inputmode="{mode}" autocomplete="off" spellcheck="false"'
                       f'{_attrs(common)} value="{attr(field.default)}">')
        parts = [_label(ident, field.label), control]
    if field.help:
        parts.append(tag("p", field.help, cls="calc__help", id=f"{ident}-help"))
    parts.append(Html(f'<p class="calc__error" id="{ident}-error" role="alert" '
                      f'data-error-for="{attr(field.name)}"></p>'))
    return Html(f'<div class="calc__field calc__field--{attr(field.kind)}">' + "".join(parts) + "</div>")


def _label(ident: str, label: str) -> Html:
    return Html(f'<label for="{attr(ident)}">{text(label)}</label>')


def _attrs(values: dict) -> str:
    return "".join(f' {key.rstrip("_").replace("_", "-")}="{attr(v)}"' for key, v in values.items())


def form(playbook, name: str) -> Html:
    """The calculator's form: its fields by group, a status line and error slots."""
    _check(name)
    _defaults_result(playbook, name)  # fail the build now if the defaults do not compute
    groups: dict[str, list[Html]] = {}
    for field in registry.fields(name, playbook):
        groups.setdefault(field.group, []).append(_control(name, field))
    sets = []
    for group, controls in groups.items():
        legend = tag("legend", group) if group else ""
        sets.append(Html(f'<fieldset class="calc__group">{legend}{"".join(controls)}</fieldset>'))
    status = ('<p class="calc__status" data-calculator-status aria-live="polite" hidden>'
              '<progress class="calc__progress"></progress> <span data-status-text></span></p>')
    note = ('<noscript><p class="calc__note">The results below are for the values first shown; '
            'turn on JavaScript to recalculate as you type.</p></noscript>')
    return Html(f'<form class="calc" data-calculator="{attr(name)}" autocomplete="off" novalidate>'
                f'{status}{"".join(sets)}<p class="calc__error" role="alert" data-error-for=""></p>{note}</form>')


def output(playbook, name: str, field: str, block: bool = False) -> Html:
    """One result value as text, e.g. inside a sentence; `block` keeps its line breaks."""
    value = default_display(playbook, name, field)
    if block:
        return tag("div", value, cls="calc-output calc-output--lines", data_output=field, data_results_for=name)
    return tag("span", value, cls="calc-output", data_output=field, data_results_for=name)


def results(playbook, name: str, rows: Sequence[Sequence[str]], title: str = "Results") -> Html:
    """The results panel: a live region listing (label, output field) rows."""
    items = "".join(
        f'<div class="calc-results__row">{tag("dt", label)}'
        f'{tag("dd", default_display(playbook, name, field), data_output=field)}</div>'
        for label, field in rows)
    return Html(f'<section class="calc-results" role="status" aria-live="polite" data-results-for="{attr(name)}" '
                f'aria-label="{attr(title)}"><dl class="calc-results__list">{items}</dl></section>')


def chart(playbook, name: str, field: str = "chart_svg", summary: str = "chart_summary") -> Html:
    """A chart drawn by Python (SVG), with its text alternative as the caption."""
    svg = default_display(playbook, name, field)  # markup made by calculators/chart.py, its text escaped there
    caption = tag("figcaption", default_display(playbook, name, summary), data_output=summary)
    return Html(f'<figure class="calc-chart" data-results-for="{attr(name)}">'
                f'<div class="calc-chart__image" data-output-svg="{attr(field)}">{svg}</div>{caption}</figure>')
