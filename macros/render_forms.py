"""Calculator forms and results, rendered at build time by the calculators.

A form lists `registry.fields(name, playbook)` (labels, defaults and limits
come from data); each result element holds `registry.run(...)` of the
defaults, so the page shows correct numbers at first paint and without
JavaScript. In the browser, docs/assets/js/ runs the same package in a worker
and replaces `[data-output=FIELD]` text with `display[FIELD]`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Sequence

from markupsafe import Markup

from calculators import registry
from calculators.inputs import NO, YES, grouped, to_flag

from . import render_contact
from .markup import attr, tag, text


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


def _control(name: str, field, playbook=None) -> Markup:
    ident = f"calc-{name}-{field.name}"
    display = _defaults_result(playbook, name)["display"] if playbook is not None else {}
    limits = _limits(field)
    described = " ".join([f"{ident}-help"] * bool(field.help) + [f"{ident}-limits"] * bool(limits) + [f"{ident}-error"])
    common = dict(id=ident, name=field.name, aria_describedby=described)
    if field.kind == "flag" and field.default == "":
        return _question(ident, field)
    if field.kind == "flag":
        checked = " checked" if to_flag(field.name, field.default) else ""
        control = Markup(f'<input type="checkbox" value="1"{_attrs(common)}{checked}>')
        parts = [control, _label(ident, field.label)]
    elif field.kind == "choice":
        options = "".join(
            f'<option value="{attr(c)}"{" selected" if c == field.default else ""}>{text(c)}</option>'
            for c in field.choices)
        parts = [_label(ident, field.label), Markup(f"<select{_attrs(common)}>{options}</select>")]
    else:
        mode = ("text" if field.kind == "text"  # written as people write it: £38M, GBP:USD=1.27
                else "numeric" if field.whole() and field.limits()[0] >= 0 else "decimal")
        money = field.money
        value = _as_written(field.default) if money else field.default
        control = Markup(f'<input type="text" inputmode="{mode}" autocomplete="off" spellcheck="false"'
                         f'{_attrs(common)} value="{attr(value)}">')
        if money and "currency_symbol" in display:
            # The symbol switches with the chosen currency; the label and help say what the amount is.
            unit = tag("span", display["currency_symbol"], cls="calc__unit", data_output="currency_symbol",
                       aria_hidden="true")
            control = Markup(f'<span class="calc__money">{unit}{control}</span>')
        parts = [_label(ident, field.label), control]
    if field.help:
        key = f"help_{field.name}"
        if key in display:  # the help names amounts: it switches with the currency
            parts.append(tag("p", display[key], cls="calc__help", id=f"{ident}-help", data_output=key))
        else:
            parts.append(tag("p", field.help, cls="calc__help", id=f"{ident}-help"))
    if limits:
        parts.append(tag("p", limits, cls="calc__help calc__limits", id=f"{ident}-limits"))
    parts.append(_error_slot(ident, field.name))
    return Markup(f'<div class="calc__field calc__field--{attr(field.kind)}">' + "".join(parts) + "</div>")


def _limits(field) -> str:
    """What a typed field accepts, from its declaration (the words of its errors and of the CLI's help):
    "A number from 0 to 744." ("" for a choice, shown by its options, and for a field without limits)."""
    if field.kind not in ("number", "text"):
        return ""
    words = field.range_words()
    return words[:1].upper() + words[1:] + "." if words else ""


def _question(ident: str, field) -> Markup:
    """A yes/no question that may stay unanswered: two radio buttons, neither chosen at first.

    The Yes button keeps the field's usual id, so a label or test that ticks
    `#calc-NAME-FIELD` answers yes.
    """
    name = attr(field.name)
    yes = (f'<label class="calc__choice" for="{attr(ident)}">'
           f'<input type="radio" id="{attr(ident)}" name="{name}" value="1"> Yes</label>')
    no = (f'<label class="calc__choice" for="{attr(ident)}-no">'
          f'<input type="radio" id="{attr(ident)}-no" name="{name}" value="0"> No</label>')
    # Clearing an answer needs the script (a chosen radio button cannot be unchosen by hand): shown by form.js.
    clear = (f'<button type="button" class="calc__clear" data-clear="{name}" hidden '
             f'aria-label="Clear the answer: {attr(field.label)}">Clear</button>')
    return Markup(f'<fieldset class="calc__field calc__field--answer" aria-describedby="{attr(ident)}-error">'
                  f'<legend>{text(field.label)}</legend><div class="calc__choices">{yes}{no}{clear}</div>'
                  f'{_error_slot(ident, field.name)}</fieldset>')


def _error_slot(ident: str, name: str) -> Markup:
    return Markup(f'<p class="calc__error" id="{attr(ident)}-error" role="alert" data-error-for="{attr(name)}"></p>')


def _as_written(value: str) -> str:
    """An amount as people write it: 250,000 (the calculators read the separators)."""
    try:
        return grouped(Decimal(value))
    except (InvalidOperation, ValueError):
        return value


def _label(ident: str, label: str) -> Markup:
    return Markup(f'<label for="{attr(ident)}">{text(label)}</label>')


def _attrs(values: dict) -> str:
    return "".join(f' {key.rstrip("_").replace("_", "-")}="{attr(v)}"' for key, v in values.items())


CURRENT = "current"
"""data-state of a result region whose figures are for exactly what the fields show (stale: they are not)."""


def _answer(playbook, name: str, key: Sequence[Sequence[str]]) -> Markup:
    """The answer panel beside the inputs: the state in words, the headline, key figures, the next step."""
    display = _defaults_result(playbook, name)["display"]
    status = ('<p class="calc__status" data-calculator-status aria-live="polite">'
              '<progress class="calc__progress" aria-label="Loading the calculator" hidden></progress> '
              '<span data-status-text>These results are for the starting values.</span></p>')
    headline = ""
    if "headline" in display:
        headline = tag("p", display["headline"], cls="calc-answer__headline", data_output="headline")
    if "verdict" in display and "headline" in display:
        # A phone's sticky answer shows the verdict in a few words and the first key figures; the
        # headline in full follows the form there (see form()).
        headline += tag("p", display["verdict"], cls="calc-answer__verdict", data_output="verdict")
    rows = _rows(playbook, name, key)
    figures = f'<dl class="calc-results__list calc-answer__figures">{rows}</dl>' if rows else ""
    public = getattr(registry.declaration(name), "edition", "") == "public"
    action = render_contact.call_to_action(playbook, compact=True, headline=display.get("headline", "")) if public else ""
    # The one live region of the results: screen readers hear the state line and the headline change.
    return Markup(f'<section class="calc-answer" data-results-for="{attr(name)}" data-state="{CURRENT}" '
                  f'role="status" aria-live="polite" aria-label="Your answer">{status}{headline}{figures}'
                  f'{action}</section>')


def form(playbook, name: str, key: Sequence[Sequence[str]] = ()) -> Markup:
    """The calculator's form: the first group of fields, the answer panel, then the other groups.

    On wide screens the panel stands beside the fields (sticky); on phones it
    follows the first, most important group. `key` lists (label, output)
    rows of key figures for the panel.
    """
    _check(name)
    _defaults_result(playbook, name)  # fail the build now if the defaults do not compute
    groups: dict[str, list[Markup]] = {}
    for field in registry.fields(name, playbook):
        groups.setdefault(field.group, []).append(_control(name, field, playbook))
    sets = []
    for group, controls in groups.items():
        legend = tag("legend", group) if group else ""
        sets.append(Markup(f'<fieldset class="calc__group">{legend}{"".join(controls)}</fieldset>'))
    if any(f.kind == "flag" and f.default == "" for f in registry.fields(name, playbook)):
        sets.append(Markup('<p class="calc__reset"><button type="button" class="md-button" data-clear-all hidden>'
                           'Clear all answers</button></p>'))
    sets.insert(1, _answer(playbook, name, key))
    note = ('<noscript><p class="calc__note">With JavaScript off, the results on this page are for the starting '
            'values, whatever you type in the form. To get yours, turn on JavaScript for this site, or run the '
            f'same calculator on a computer: <code>python -m calculators {attr(name)} --help</code> lists its '
            'inputs.</p></noscript>')
    # On paper only: the page's address (its query holds the inputs) and the date (render.js fills it).
    stamp = '<p class="calc__printed" data-print-stamp hidden></p>'
    display = _defaults_result(playbook, name)["display"]
    full = ""
    if "verdict" in display and "headline" in display:
        full = tag("p", display["headline"], cls="calc-answer-full", data_output="headline", data_results_for=name,
                   data_state=CURRENT)
    # The words a yes/no field reads (calculators/inputs.py), for the link reader (url-state.js).
    words = f' data-yes="{attr(" ".join(YES))}" data-no="{attr(" ".join(NO))}"'
    return Markup(f'<form class="calc" data-calculator="{attr(name)}"{words} autocomplete="off" novalidate>'
                  f'{stamp}{"".join(sets)}<p class="calc__error calc__error--general" role="alert" data-error-for=""></p>'
                  f'{note}</form>{full}')


def output(playbook, name: str, field: str, block: bool = False, items: bool = False) -> Markup:
    """One result value as text, e.g. inside a sentence; `block` keeps its line breaks; `items`
    shows each line as an item of a list (assumptions, reasons)."""
    value = default_display(playbook, name, field)
    state = dict(data_results_for=name, data_state=CURRENT)
    if items:
        lis = "".join(f"<li>{text(line)}</li>" for line in value.split("\n") if line)
        return Markup(f'<ul class="calc-output calc-output--list" data-output-list="{attr(field)}" '
                      f'data-results-for="{attr(name)}" data-state="{CURRENT}">{lis}</ul>')
    if block:
        return tag("div", value, cls="calc-output calc-output--lines", data_output=field, **state)
    return tag("span", value, cls="calc-output", data_output=field, **state)


def results(playbook, name: str, rows: Sequence[Sequence[str]], title: str = "Results") -> Markup:
    """The results panel: (label, output field) rows; a row whose value is empty is left out."""
    items = _rows(playbook, name, rows)
    return Markup(f'<section class="calc-results" data-results-for="{attr(name)}" data-state="{CURRENT}" '
                  f'aria-label="{attr(title)}"><dl class="calc-results__list">{items}</dl></section>')


def _rows(playbook, name: str, rows: Sequence[Sequence[str]]) -> str:
    """(label, output) rows of a definition list; a row whose value is empty is hidden."""
    return "".join(
        f'<div class="calc-results__row"{" hidden" if not default_display(playbook, name, field) else ""}>'
        f'{tag("dt", label)}{tag("dd", default_display(playbook, name, field), data_output=field)}</div>'
        for label, field in rows)


def chart(playbook, name: str, field: str = "chart_svg", summary: str = "chart_summary",
          narrow: str = "chart_svg_narrow") -> Markup:
    """A chart drawn by Python (SVG), with its text alternative as the caption.

    When the calculator also draws it for a phone's column (`narrow`), both
    drawings are on the page and CSS shows the one that fits the width, so
    neither is shrunk below a legible size nor scrolls sideways.
    """
    _check(name)
    images = [(field, "wide")]
    if narrow in _defaults_result(playbook, name)["display"]:
        images.append((narrow, "narrow"))
    # Markup made by calculators/chart.py, its text escaped there.
    drawn = "".join(f'<div class="calc-chart__image calc-chart__image--{size}" data-output-svg="{attr(key)}">'
                    f'{default_display(playbook, name, key)}</div>' for key, size in images)
    caption = tag("figcaption", default_display(playbook, name, summary), data_output=summary)
    return Markup(f'<figure class="calc-chart" data-results-for="{attr(name)}" data-state="{CURRENT}">'
                  f'{drawn}{caption}</figure>')
