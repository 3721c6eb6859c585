"""A field's limits and parsing are declared once, on its Field: the form's help and input mode, the CLI's
--help, the link reader's words and the calculator's parser all read that one declaration, for every field
of every registered calculator. At each limit a value is accepted; just beyond it, refused in words that
give the field's label (never its id) and the range."""

from __future__ import annotations

import contextlib
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from calculators import cli, registry
from calculators.inputs import NO, YES, grouped
from conftest import fixture_playbook
from macros import render_forms

PLAYBOOK = fixture_playbook()
FIELDS = [(name, field) for name in registry.names() for field in registry.fields(name, PLAYBOOK)]
LIMITED = [(name, f) for name, f in FIELDS if f.kind in ("number", "text") and f.max is not None]
CHOICES = [(name, f) for name, f in FIELDS if f.kind == "choice"]
FLAGS = [(name, f) for name, f in FIELDS if f.kind == "flag"]


def ids(pairs):
    return [f"{name}.{field.name}" for name, field in pairs]


class Form(HTMLParser):
    """A rendered form: each element's attributes by id, the text of each element with an id, the options
    of each select and the form's own attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, dict] = {}
        self.text: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.form: dict = {}
        self._open: list[str] = []
        self._select = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = attrs
        if tag == "select":
            self._select = attrs["name"]
            self.options[self._select] = []
        if tag == "option":
            self.options[self._select].append(attrs["value"])
        if "id" in attrs:
            self.attrs[attrs["id"]] = attrs
            if tag == "p":
                self._open.append(attrs["id"])
                self.text[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if tag == "p" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for ident in self._open:
            self.text[ident] += data


FORMS = {name: Form(render_forms.form(PLAYBOOK, name)) for name in registry.names()}


def cli_help(name: str) -> dict[str, str]:
    """Each option's help line of `python -m calculators NAME --help`, whitespace made single."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        cli.build_parser(PLAYBOOK).parse_args([name, "--help"])
    blocks = re.split(r"\n  (?=-)", out.getvalue().split("options:", 1)[1])
    return {block.split()[0]: " ".join(block.split()) for block in blocks if block.strip()}


HELP = {name: cli_help(name) for name in registry.names()}


def own_errors(name: str, field, value: str) -> list[str]:
    """The calculator's complaints about this field alone, given `value` and every other default."""
    params = {**registry.defaults(name, PLAYBOOK), field.name: value}
    result = registry.run(name, params, PLAYBOOK)
    return [] if result["ok"] else [e["message"] for e in result["errors"] if e["field"] == field.name]


def assert_refused_in_words(field, messages: list[str]):
    assert messages, f"{field.name}: refused nothing"
    low, high = field.limits()
    for message in messages:
        assert message.startswith(field.label + ": "), message
        assert field.name not in message.replace(field.label, ""), message
        assert f"from {grouped(low)} to {grouped(high)}" in message \
            or f"above {grouped(low)}, up to {grouped(high)}" in message, message
        # in the very words the form and the CLI show (a text's reading may say why it is not a number instead)
        assert field.range_words() in message or field.kind == "text" and "(" in message, message


def nudge(field) -> Decimal:
    """The smallest move the field's step allows (1 for a field without one)."""
    return field.increment() or Decimal(1)


# --- the parser accepts exactly the declared range --------------------------------------------------


@pytest.mark.parametrize("name, field", LIMITED, ids=ids(LIMITED))
def test_the_largest_declared_value_is_accepted_and_one_step_more_is_refused_stating_the_range(name, field):
    low, high = field.limits()
    assert own_errors(name, field, field.max) == []
    assert_refused_in_words(field, own_errors(name, field, str(high + nudge(field))))


@pytest.mark.parametrize("name, field", LIMITED, ids=ids(LIMITED))
def test_the_least_declared_value_is_accepted_and_one_step_less_is_refused_stating_the_range(name, field):
    low, high = field.limits()
    if field.above_min:  # a divisor: the least itself is refused, anything above it taken
        assert_refused_in_words(field, own_errors(name, field, field.min))
        assert own_errors(name, field, str(low + Decimal("0.01"))) == []
    else:
        assert own_errors(name, field, field.min) == []
    assert_refused_in_words(field, own_errors(name, field, str(low - nudge(field))))


@pytest.mark.parametrize("name, field", [(n, f) for n, f in LIMITED if f.increment() not in (None, Decimal(1))],
                         ids=ids([(n, f) for n, f in LIMITED if f.increment() not in (None, Decimal(1))]))
def test_a_value_between_steps_is_refused_stating_the_range(name, field):
    low, _ = field.limits()
    assert_refused_in_words(field, own_errors(name, field, str(low + field.increment() / 2)))


@pytest.mark.parametrize("name, field", [(n, f) for n, f in LIMITED if f.whole()],
                         ids=ids([(n, f) for n, f in LIMITED if f.whole()]))
def test_a_whole_number_field_refuses_a_fraction_stating_the_range(name, field):
    low, _ = field.limits()
    assert_refused_in_words(field, own_errors(name, field, str(low + Decimal("0.5"))))


@pytest.mark.parametrize("name, field", CHOICES, ids=ids(CHOICES))
def test_every_declared_choice_is_accepted_as_the_form_and_the_cli_list_it(name, field):
    assert FORMS[name].options[field.name] == list(field.choices)
    flag = "--" + field.name.replace("_", "-")
    assert HELP[name][flag].startswith(f"{flag} {'|'.join(field.choices)} ")
    for choice in field.choices:
        assert own_errors(name, field, choice) == [] and own_errors(name, field, f" {choice.lower()} ") == []


@pytest.mark.parametrize("name, field", FLAGS, ids=ids(FLAGS))
def test_every_yes_and_no_word_the_link_reader_takes_is_one_the_calculator_reads(name, field):
    form = FORMS[name].form
    assert form["data-yes"].split() == list(YES) and form["data-no"].split() == list(NO)
    for word in (*YES, *NO):
        assert own_errors(name, field, word.upper()) == []
    [message] = own_errors(name, field, "maybe")
    assert message.startswith(field.label + ": ") and "answer yes or no" in message


# --- the form and the CLI show the declared range -----------------------------------------------------


@pytest.mark.parametrize("name, field", LIMITED, ids=ids(LIMITED))
def test_the_form_and_the_cli_state_the_range_the_parser_applies(name, field):
    words = field.range_words()
    low, high = field.limits()
    assert f"{grouped(low)}" in words and f"{grouped(high)}" in words
    ident = f"calc-{name}-{field.name}"
    form = FORMS[name]
    assert form.text[f"{ident}-limits"] == words[0].upper() + words[1:] + "."
    assert f"{ident}-limits" in form.attrs[ident]["aria-describedby"].split()
    if field.kind == "number":
        assert form.attrs[ident]["inputmode"] == ("numeric" if field.whole() and low >= 0 else "decimal")
    assert f"; {words}; default " in HELP[name]["--" + field.name.replace("_", "-")]


def test_the_roi_forms_hourly_cost_is_what_the_calculator_accepts():
    """The issue's case: the form said up to 10^12 while Python refused above 10^6."""
    field = next(f for n, f in LIMITED if n == "economics" and f.name == "hourly_cost")
    assert own_errors("economics", field, field.max) == []
    assert grouped(Decimal(field.max)) in FORMS["economics"].text["calc-economics-hourly_cost-limits"]
