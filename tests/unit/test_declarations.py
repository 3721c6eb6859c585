"""One declaration per calculator (calculators/declaration.py): everything reads it.

A fake calculator declared in a module of the test's own proves that the
registry, the command line, the forms, the worked examples and the browser
wheel pick a new calculator up from its declaration alone; broken
declarations fail with a message naming the calculator and what to fix.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import sys
import textwrap

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from calculators import cli, registry
from calculators.declaration import Calculator, DeclarationError
from calculators.loader import load_data_dir, project_data_dir
from conftest import ROOT
from macros import render_examples, render_forms

DATA = project_data_dir(ROOT)

FAKE_MODULE = '''
"""A calculator that exists only in a test: the cost of seats."""

from decimal import Decimal, InvalidOperation

from calculators.declaration import Calculator
from calculators.inputs import Field, FieldError, InputError, to_flag
from calculators.money import money


def fields(playbook):
    return (
        Field("seats", "Number of seats", "number", "3", "1", "100", "1", group="Team"),
        Field("seat_price", "Price per seat", "number", "40", "0", "1000", "any", group="Team", money=True),
        Field("annual_billing", "Billed yearly", "flag", "0", group="Billing"),
    )


def run(params, playbook):
    values = {f.name: params.get(f.name, f.default) for f in fields(playbook)}
    try:
        seats, price = Decimal(str(values["seats"])), Decimal(str(values["seat_price"]))
    except InvalidOperation:
        raise InputError([FieldError("seats", "seats must be a number")]) from None
    yearly = to_flag("annual_billing", values["annual_billing"])
    total = seats * price * (12 if yearly else 1)
    return {"inputs": {"seats": int(seats), "seat_price": int(price), "annual_billing": yearly},
            "values": {"total": int(total)},
            "display": {"total": money(total, "USD"), "seats": f"{seats} seats"},
            "assumptions": ["Every seat costs the same."]}


CALCULATOR = Calculator(
    name="seat_cost", title="Seat cost", edition=EDITION, fields=fields, run=run,
    outputs=(("total", "Total cost"), ("seats", "Seats")),
    flags_label="Billing", companions=("seat_cost_tables",),
)
'''


@pytest.fixture
def playbook():
    return load_data_dir(DATA)


def declare(tmp_path, monkeypatch, name: str = "seat_cost", source: str = FAKE_MODULE, edition: str = "internal"):
    """Write a calculator module outside the package and list it in registry.MODULES."""
    folder = tmp_path / "extra_calculators"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.py").write_text(f"EDITION = {edition!r}\n" + textwrap.dedent(source), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "MODULES", registry.MODULES + (f"extra_calculators.{name}",))
    monkeypatch.delitem(sys.modules, f"extra_calculators.{name}", raising=False)
    monkeypatch.delitem(sys.modules, "extra_calculators", raising=False)
    return name


def load_hook(name: str):
    return importlib.import_module(f"playbook_plugin.{name}")


def test_every_listed_module_declares_its_calculator_under_its_own_name():
    assert [c.name for c in registry.declarations()] == list(registry.names())
    assert all(isinstance(c, Calculator) and c.title and c.outputs for c in registry.declarations())


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_every_calculator_of_the_edition_agrees_with_the_real_data(edition):
    registry.check(load_data_dir(DATA, edition), edition)  # fields coherent, defaults compute, outputs produced


def test_a_new_calculator_is_run_by_the_registry_from_its_declaration(tmp_path, monkeypatch, playbook):
    declare(tmp_path, monkeypatch)
    assert "seat_cost" in registry.names() and "seat_cost" in registry.CALCULATORS
    result = registry.run("seat_cost", {"seats": "4", "annual_billing": "1"}, playbook)
    assert result["ok"] and result["display"]["total"] == "$1,920"
    assert registry.defaults("seat_cost", playbook) == {"seats": "3", "seat_price": "40", "annual_billing": "0"}
    registry.check(playbook, "internal")


def test_a_declared_money_field_comes_back_as_people_write_it(tmp_path, monkeypatch, playbook):
    declare(tmp_path, monkeypatch)
    display = registry.run("seat_cost", {"seat_price": "1000"}, playbook)["display"]
    assert display["input_seat_price"] == "1,000"  # the form shows it so once the result is in
    assert "input_seats" not in display  # not money: left as typed


def money_fields(name: str, playbook) -> list[str]:
    return [f.name for f in registry.fields(name, playbook) if f.money]


@pytest.mark.parametrize("name", [n for n in registry.names() if money_fields(n, load_data_dir(DATA))])
def test_every_real_money_field_comes_back_grouped(name, playbook):
    big = {field: "12345" for field in money_fields(name, playbook)}
    result = registry.run(name, big, playbook)
    assert result["ok"], result
    assert {key: value for key, value in result["display"].items() if key.startswith("input_")} == {
        f"input_{field}": "12,345" for field in big}


def test_a_new_calculator_gets_a_command_with_its_title_and_outputs(tmp_path, monkeypatch):
    declare(tmp_path, monkeypatch)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["seat_cost", "--seats", "5", "--annual-billing"], out, err) == 0, err.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0] == "Seat cost"
    assert any(line.split() == ["Total", "cost:", "$2,400"] for line in lines)
    assert any(line.split() == ["Seats:", "5", "seats"] for line in lines)


def test_a_new_calculator_gets_a_form_and_results_on_a_page(tmp_path, monkeypatch, playbook):
    declare(tmp_path, monkeypatch)
    form = render_forms.form(playbook, "seat_cost")
    assert 'data-calculator="seat_cost"' in form
    assert 'name="seats"' in form and "Number of seats" in form and "<legend>Billing</legend>" in form
    results = render_forms.results(playbook, "seat_cost", [("Total cost", "total")])
    assert "$120" in results


def test_a_new_calculator_gets_worked_examples_with_its_money_fields_and_flags_label(tmp_path, monkeypatch,
                                                                                      playbook):
    declare(tmp_path, monkeypatch)
    html = render_examples.worked_example(playbook, "seat_cost", "Two seats", seats=2, seat_price=1500,
                                          annual_billing=True)
    assert "<td>$1,500</td>" in html  # a declared money field shows its currency symbol
    assert "<th scope=\"row\">Billing</th>" in html or ">Billing<" in html
    assert "Total cost" in html and "$36,000" in html


def test_an_internal_calculator_and_its_companions_stay_out_of_the_public_wheel(tmp_path, monkeypatch):
    declare(tmp_path, monkeypatch)
    wheel = load_hook("browser_wheel")
    assert {"seat_cost", "seat_cost_tables"} <= set(wheel.left_out("public"))
    assert not {"seat_cost", "seat_cost_tables"} & set(wheel.left_out("internal"))
    for calculator in registry.declarations():
        expected = set() if calculator.edition == "public" else {calculator.name, *calculator.companions}
        assert expected <= set(wheel.left_out("public"))


def test_a_public_calculator_goes_into_the_public_wheel(tmp_path, monkeypatch):
    declare(tmp_path, monkeypatch, edition="public")
    assert "seat_cost" not in load_hook("browser_wheel").left_out("public")


GOOD = dict(name="seat_cost", title="Seat cost", edition="internal", fields=lambda playbook: (),
            outputs=(("total", "Total"),), run=lambda params, playbook: {})


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, "calculator 'seat_cost': title is missing"),
    ({"edition": "everyone"}, "calculator 'seat_cost': edition must be one of public, internal, got 'everyone'"),
    ({"outputs": ()}, "calculator 'seat_cost': outputs must list (display key, label) pairs, at least one"),
    ({"outputs": (("total", "Total"), ("total", "Sum"))}, "calculator 'seat_cost': output 'total' is listed twice"),
    ({"run": None}, "calculator 'seat_cost': run must be a function"),
    ({"fields": "seats"}, "calculator 'seat_cost': fields must be a function"),
    ({"name": "Seat Cost"}, "calculator name 'Seat Cost': use lowercase words joined by _"),
])
def test_a_declaration_missing_a_piece_fails_naming_the_calculator_and_the_piece(change, message):
    with pytest.raises(DeclarationError) as failure:
        Calculator(**{**GOOD, **change})
    assert str(failure.value).startswith(message)


def test_declared_outputs_that_run_does_not_produce_fail_the_check(tmp_path, monkeypatch, playbook):
    declare(tmp_path, monkeypatch, source=FAKE_MODULE.replace('("seats", "Seats")', '("per_seat", "Per seat")'))
    with pytest.raises(DeclarationError) as failure:
        registry.check(playbook, "internal")
    assert str(failure.value).startswith(
        "calculator 'seat_cost': declares the outputs per_seat, which run() does not produce; it produces ")


@pytest.mark.parametrize("old, new, message", [
    ('"3", "1", "100", "1"', '"3", "100", "1", "1"', "field 'seats': min 100 is above max 1"),
    ('"3", "1", "100", "1"', '"3", "1", "100"', "field 'seats': a number declares its min, max and step"),
    ('"flag", "0"', '"flag", "0", money=True', "field 'annual_billing': only a number field is money"),
    ('"3", "1", "100", "1"', '"3", "1", "lots", "1"', "field 'seats': 'lots' is not a number"),
])
def test_a_field_that_contradicts_itself_fails_the_check_naming_the_calculator_and_field(
        old, new, message, tmp_path, monkeypatch, playbook):
    declare(tmp_path, monkeypatch, source=FAKE_MODULE.replace(old, new))
    with pytest.raises(DeclarationError) as failure:
        registry.check(playbook, "internal")
    assert str(failure.value).startswith(f"calculator 'seat_cost': {message}")


def test_defaults_that_do_not_compute_fail_the_check(tmp_path, monkeypatch, playbook):
    declare(tmp_path, monkeypatch, source=FAKE_MODULE.replace('"number", "3"', '"number", "three"'))
    with pytest.raises(DeclarationError, match="calculator 'seat_cost': its default inputs fail: seats must be"):
        registry.check(playbook, "internal")


def test_a_listed_module_without_a_declaration_is_a_clear_error(tmp_path, monkeypatch):
    declare(tmp_path, monkeypatch, source=FAKE_MODULE.replace("CALCULATOR = Calculator(", "DECLARED = Calculator("))
    with pytest.raises(DeclarationError, match="extra_calculators.seat_cost is listed in registry.MODULES but has "
                                               r"no CALCULATOR = Calculator\(...\) declaration"):
        registry.declaration("seat_cost")


def test_a_declaration_named_unlike_its_module_is_a_clear_error(tmp_path, monkeypatch):
    declare(tmp_path, monkeypatch, name="seats")
    with pytest.raises(DeclarationError, match="declares the calculator 'seat_cost'; a calculator's name is "
                                               "its module's name, 'seats'"):
        registry.declaration("seats")


def test_a_declaration_is_frozen():
    declared = registry.declaration("economics")
    with pytest.raises(dataclasses.FrozenInstanceError):
        declared.title = "Something else"


# The build: playbook_plugin/runtime.py checks pages against the declarations before anything renders.

def pages(tmp_path, sources: dict[str, str]) -> Files:
    docs = tmp_path / "docs"
    for rel, text in sources.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return Files([File(rel, str(docs), str(tmp_path / "site"), True) for rel in sources])


def every_form(extra: str = "") -> dict[str, str]:
    found = {f"{c.name}.md": f'# {c.title}\n\n{{{{ calculator_form("{c.name}") }}}}\n'
             for c in registry.declarations()}
    found["other.md"] = "# Other\n\n" + extra
    return found


def test_a_page_naming_an_unknown_calculator_fails_the_build(tmp_path):
    hook = load_hook("runtime")
    files = pages(tmp_path, every_form('{{ calculator_form("horoscope") }}'))
    with pytest.raises(PluginError) as failure:
        hook.on_files(files, {"extra": {"edition": "internal"}})
    assert str(failure.value).startswith("docs/other.md: calculator_form('horoscope'): unknown calculator; "
                                         "expected one of ")


def test_a_calculator_without_a_page_fails_the_build(tmp_path, monkeypatch):
    declare(tmp_path, monkeypatch)
    hook = load_hook("runtime")
    files = pages(tmp_path, {n: t for n, t in every_form().items() if n != "seat_cost.md"})
    with pytest.raises(PluginError) as failure:
        hook.on_files(files, {"extra": {"edition": "internal"}})
    assert str(failure.value) == ("calculator 'seat_cost' has no page: add a page with "
                                  '{{ calculator_form("seat_cost") }} to docs/ and to nav in mkdocs.yml')


def test_an_internal_calculator_on_a_public_page_fails_the_public_build(tmp_path, monkeypatch):
    declare(tmp_path, monkeypatch)
    hook = load_hook("runtime")
    public = {n: t for n, t in every_form().items() if n.removesuffix(".md") not in
              {c.name for c in registry.declarations() if c.edition == "internal"} or n == "seat_cost.md"}
    with pytest.raises(PluginError, match="docs/seat_cost.md: calculator_form\\('seat_cost'\\): the seat_cost "
                                          "calculator is internal, so the public edition has no such form"):
        hook.on_files(pages(tmp_path, public), {"extra": {"edition": "public"}})


def test_pages_with_every_calculator_pass_the_build_check(tmp_path):
    files = pages(tmp_path, every_form())
    assert load_hook("runtime").on_files(files, {"extra": {"edition": "internal"}}) is files


def test_a_declared_calculator_the_registry_does_not_list_fails_the_build(tmp_path):
    hook = load_hook("runtime")
    package = tmp_path / "calculators"
    package.mkdir()
    for path in (ROOT / "calculators").glob("*.py"):
        (package / path.name).symlink_to(path)
    assert hook.unlisted_calculators(package) == []
    (package / "seat_cost.py").write_text(FAKE_MODULE, encoding="utf-8")
    assert hook.unlisted_calculators(package) == ["seat_cost"]
