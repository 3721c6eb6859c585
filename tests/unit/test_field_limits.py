"""A field's limits are declared once: the min and max its Field states (the form, the CLI's help and
the URL reader show them) are the limits the calculator accepts, for every calculator."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculators import registry
from conftest import fixture_playbook

PLAYBOOK = fixture_playbook()
NUMBER_FIELDS = [(name, field) for name in registry.names() for field in registry.fields(name, PLAYBOOK)
                 if field.kind == "number" and field.max is not None]


def own_errors(name: str, field, value: str) -> list[str]:
    """The calculator's complaints about this field alone, given `value` and every other default."""
    params = {**registry.defaults(name, PLAYBOOK), field.name: value}
    result = registry.run(name, params, PLAYBOOK)
    return [] if result["ok"] else [e["message"] for e in result["errors"] if e["field"] == field.name]


@pytest.mark.parametrize("name, field", NUMBER_FIELDS, ids=[f"{n}.{f.name}" for n, f in NUMBER_FIELDS])
def test_the_largest_value_the_form_allows_is_accepted_and_one_more_is_not(name, field):
    largest = Decimal(field.max)
    assert own_errors(name, field, field.max) == []
    refused = own_errors(name, field, str(largest + 1))
    assert refused and all(field.label in message for message in refused), refused


def test_the_hourly_cost_the_roi_form_allows_is_what_the_calculator_accepts():
    (field,) = [f for n, f in NUMBER_FIELDS if n == "economics" and f.name == "hourly_cost"]
    assert own_errors("economics", field, field.max) == []
