"""Scores a rep can reason about, on the tests' own playbook (fit_fixture.py):
each dimension's contribution, the distance to the bands above and below,
disqualifiers the facts prove applied automatically, and those under an
editor's note never applied."""

from __future__ import annotations

from calculators import registry
from fit_fixture import playbook

BOOK = playbook()


def scored(a, b, c, d, **extra):
    result = registry.run("scoring", {"use_case_fit": a, "commercial_fit": b, "technical_fit": c,
                                      "strategic_value": d, **extra}, BOOK)
    assert result["ok"], result
    return result


def test_top_band_has_nothing_above_and_half_a_point_below_at_its_floor():
    v = scored(8, 8, 7, 7)["values"]
    assert v["band"] == "go" and v["points_to_next_band"] == {"up": None, "down": 0.5}


def test_middle_band_says_how_far_up_and_down():
    v = scored(6, 6, 6, 6)["values"]          # 24 in "later" (20 to under 30)
    assert v["band"] == "later" and v["points_to_next_band"] == {"up": 6, "down": 4.5}


def test_lowest_band_has_nothing_below():
    v = scored(1, 1, 1, 1)["values"]
    assert v["points_to_next_band"] == {"up": 16, "down": None}


def test_each_dimension_contributes_its_score_and_share_of_the_total():
    v = scored(10, 5, 5, 0)["values"]
    assert [(c["id"], c["score"], c["max"], c["percent_of_total"]) for c in v["contributions"]] == [
        ("use_case_fit", 10, 10, 50), ("commercial_fit", 5, 10, 25), ("technical_fit", 5, 10, 25),
        ("strategic_value", 0, 10, 0)]


def test_a_total_of_zero_contributes_zero_percent_not_an_error():
    assert all(c["percent_of_total"] == 0 for c in scored(0, 0, 0, 0)["values"]["contributions"])


def test_a_budget_under_the_floor_declines_without_a_tick_and_says_so():
    result = scored(10, 10, 10, 10, annual_budget="4000")
    v = result["values"]
    assert v["declined"] and v["disqualified_by"] == ["tiny_budget"] and v["proven_disqualifiers"] == ["tiny_budget"]
    assert any(r.startswith("Applied automatically: Budget under $5K") for r in v["reasons"])


def test_a_budget_at_the_floor_is_not_declined():
    assert not scored(10, 10, 10, 10, annual_budget="5000")["values"]["declined"]


def test_a_ticked_disqualifier_under_an_editors_note_is_not_applied_and_said_so():
    v = scored(10, 10, 10, 10, wants_advice="1")["values"]
    assert not v["declined"] and v["not_applied"] == ["wants_advice"]
    assert any("Advice is what we sell." in r for r in v["reasons"])


def test_the_form_says_beside_each_flag_what_applies_it():
    helps = {f.name: f.help for f in registry.fields("scoring", BOOK)}
    assert "under $5,000" in helps["tiny_budget"]
    assert "Advice is what we sell." in helps["wants_advice"]


def test_each_dimensions_rubric_is_its_criteria_beside_it():
    helps = {f.name: f.help for f in registry.fields("scoring", BOOK)}
    assert helps["use_case_fit"] == "use_case_fit rule A; use_case_fit rule B"


def test_applied_flags_drop_editors_notes_and_add_what_the_budget_proves():
    from calculators.scoring import Model, applied_flags
    from decimal import Decimal

    model = Model(BOOK)
    assert applied_flags(model, {"wants_advice", "no_use_case"}, Decimal(4000)) == {"no_use_case", "tiny_budget"}
    assert applied_flags(model, set(), None) == frozenset()


def test_no_tier_for_smb_revenue_says_it_is_the_smb_market():
    reason = scored(5, 5, 5, 5, annual_revenue="1000000")["display"]["tier_reason"]
    assert reason.endswith("and it is in the SMB market below the tiers ($200,000–$4,000,000 revenue).")
