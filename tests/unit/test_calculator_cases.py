"""A calculator without shared cases (tests/cases/calculator_cases.json, run under CPython and Pyodide)
stops the build with one line naming it and what to add."""

from __future__ import annotations

import json

import pytest
from mkdocs.exceptions import PluginError

from calculators import registry
from conftest import ROOT, real_playbook
from macros import main

CASES = json.loads((ROOT / "tests" / "cases" / "calculator_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_every_calculator_of_each_edition_has_a_valid_and_an_invalid_case(edition):
    assert registry.uncovered(CASES, real_playbook(edition), edition) == []


def test_a_calculator_without_cases_is_named_with_what_to_add():
    name = registry.names()[0]
    others = [case for case in CASES if case["calculator"] != name]
    assert registry.uncovered(others, real_playbook(), "internal") == [
        f'calculator {name!r} has no {kind} case in tests/cases/calculator_cases.json: add one with '
        f'"calculator": "{name}" and {kind} params' for kind in ("valid", "invalid")]


def test_a_calculator_without_cases_stops_the_build(tmp_path):
    name = registry.names()[-1]
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps({"cases": [c for c in CASES if c["calculator"] != name]}), encoding="utf-8")
    with pytest.raises(PluginError, match=f"calculator {name!r} has no invalid case"):
        main.check_cases(real_playbook(), "internal", cases)
