"""Worked examples on pages are the calculators' own results, escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from calculators import registry
from calculators.loader import load_data_dir
from macros import render_examples
from conftest import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = load_data_dir(FIXTURE_DATA)


def test_scoring_example_shows_the_calculators_result_and_reasons():
    html = render_examples.scoring_example(PLAYBOOK, account="A & B <script>", use_case_fit=9, commercial_fit=9,
                                           technical_fit=8.5, strategic_value=8.5, annual_revenue=2_000_000_000)
    result = registry.run("scoring", {"use_case_fit": 9, "commercial_fit": 9, "technical_fit": 8.5,
                                      "strategic_value": 8.5, "annual_revenue": 2_000_000_000}, PLAYBOOK)
    assert "A &amp; B &lt;script&gt;" in html and "<script>" not in html
    assert "<td>35 / 40</td>" in html and "<td>Immediate priority, full resources</td>" in html
    assert "<td>$2,000,000,000</td>" in html
    for reason in result["values"]["reasons"]:
        assert reason.replace("'", "&#x27;") in html or reason in html


def test_economics_example_defaults_are_the_seed_figures():
    html = render_examples.economics_example(PLAYBOOK)
    assert "<td>$3,000</td>" in html and "<td>1.2×</td>" in html
    assert "<summary>Assumptions</summary>" in html


def test_worked_value_is_one_escaped_display_value():
    assert render_examples.worked_value(PLAYBOOK, "economics", "roi_multiple", hourly_cost=62.5) == "1.0×"


def test_inputs_the_calculator_refuses_fail_the_build():
    with pytest.raises(ValueError, match="from 0 to 10"):
        render_examples.scoring_example(PLAYBOOK, commercial_fit=11)
    with pytest.raises(ValueError, match="has no output 'nope'"):
        render_examples.worked_value(PLAYBOOK, "economics", "nope")
