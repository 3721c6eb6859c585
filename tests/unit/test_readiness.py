"""Readiness: the buyer's guide verdict and its decision rule (seed 002)."""

from __future__ import annotations

from pathlib import Path

import pytest

from calculators import registry
from calculators.loader import load_data_dir
from conftest import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = load_data_dir(FIXTURE_DATA)
DATA = PLAYBOOK.readiness
SIGNS = [i.id for i in DATA.ready_signs]
WORKFLOWS = [i.id for i in DATA.workflow_signs]
NOTHING_HOLDS_BACK = {i.id: "0" for i in DATA.not_ready}


def assess(*yes, **params):
    result = registry.run("readiness", {**{name: "1" for name in yes}, **params}, PLAYBOOK)
    assert result["ok"], result
    return result


def test_no_answers_gives_no_verdict_and_recommends_nothing():
    result = assess()
    assert result["values"]["verdict"] == "unanswered"
    assert result["values"]["recommended_model"] is None
    assert result["display"]["recommended_model"] == "No recommendation yet"


def test_several_ready_signs_means_ready_for_a_fractional_leader():
    result = assess(*SIGNS[:DATA.several], **NOTHING_HOLDS_BACK)
    values = result["values"]
    assert values["verdict"] == "ready"
    assert values["ready_count"] == DATA.several == 3
    assert values["recommended_model"] == "fractional"
    assert result["display"]["model_reason"].startswith("Hire a fractional AI marketing leader when")


def test_nothing_blocking_shows_no_first_purchase_is_needed():
    display = assess(*SIGNS[:DATA.several], **NOTHING_HOLDS_BACK)["display"]
    assert display["blockers"] == "None"
    assert display["first_purchases"] == "None needed"


def test_one_sign_short_of_several_is_not_ready():
    assert assess(*SIGNS[:DATA.several - 1])["values"]["verdict"] == "too-few-signs"


def test_the_several_assumption_is_stated():
    assert assess()["assumptions"][0] == (
        "“Several” signs means 3 or more of the 13, counting the offer’s 5 kinds of manual work with the guide’s "
        "8 signs; the guide does not give a number, and the offer counts any one kind of manual work.")


def test_the_offers_manual_work_counts_as_signs():
    result = assess(*WORKFLOWS[:2], SIGNS[0], **NOTHING_HOLDS_BACK)
    assert result["values"]["verdict"] == "ready" and result["values"]["ready_count"] == 3


@pytest.mark.parametrize("left", [1, 3, 5])
def test_no_ready_verdict_while_a_hold_back_is_unanswered(left):
    answered = dict(list(NOTHING_HOLDS_BACK.items())[left:])
    result = assess(*SIGNS[:4], **answered)
    values, display = result["values"], result["display"]
    assert values["verdict"] == "hold-backs-unanswered" and values["open_hold_backs"] == left
    assert "Ready" not in display["verdict"] and "ready" not in display["headline"].split(".")[0].replace(
        "No verdict yet", "")
    question = "question" if left == 1 else "questions"
    assert f"{left} {question} about what could hold you back" in display["headline"]


def test_a_no_to_every_hold_back_gives_the_verdict():
    assert assess(*SIGNS[:4], **NOTHING_HOLDS_BACK)["values"]["verdict"] == "ready"


def test_an_unanswered_sign_is_never_counted_as_no():
    values = assess(*SIGNS[:2], **NOTHING_HOLDS_BACK)["values"]
    assert values["verdict"] == "too-few-signs"
    assert values["unanswered"] == len(WORKFLOWS) + len(SIGNS) - 2 + len(DATA.decision_questions)


def test_any_not_ready_item_outweighs_every_ready_sign():
    result = assess(*SIGNS, "no_internal_owner")
    values = result["values"]
    assert values["verdict"] == "not-ready"
    assert result["display"]["verdict"] == "Not ready for a fractional leader yet"
    assert values["blockers"] == ["no_internal_owner"]
    assert values["first_purchases"] == list(DATA.first_purchases)
    assert values["recommended_model"] is None
    reasons = " ".join(values["reasons"])
    assert "A fractional leader cannot compensate for no internal owner who can make decisions." in reasons
    assert ("The first purchase may be focused research, an analytics cleanup, a specialist agency, "
            "or a full-time operational hire.") in reasons


def test_first_yes_wins_strongest_question_first():
    result = assess(*SIGNS[:4], "needs_executive_judgment", "execution_known_volume_constrained",
                    "work_is_continuous_and_central")
    values = result["values"]
    assert values["recommended_model"] == "full-time"
    assert values["deciding_question"] == "work_is_continuous_and_central"
    assert result["display"]["recommended_model"] == "Full-time leader"
    assert any(r.startswith("Also yes, but weaker in the decision rule") for r in values["reasons"])


def test_agency_when_execution_is_known_and_volume_is_the_constraint():
    values = assess(*SIGNS[:3], "execution_known_volume_constrained")["values"]
    assert values["recommended_model"] == "agency"
    assert "Hire an agency when you already know what needs to be executed" in " ".join(values["reasons"])


def test_specialist_when_architecture_is_clear():
    assert assess("architecture_clear_skill_missing")["values"]["recommended_model"] == "specialist"


def test_reasons_quote_the_question_answered_yes():
    reasons = assess("architecture_clear_skill_missing")["values"]["reasons"]
    assert any("“Is the architecture clear, with a defined technical or channel skill missing?”" in r for r in reasons)


def test_not_ready_with_an_agency_question_still_points_to_the_agency():
    values = assess("no_data_access", "execution_known_volume_constrained")["values"]
    assert values["verdict"] == "not-ready"
    assert values["recommended_model"] == "agency"


def test_not_ready_blocks_a_fractional_recommendation():
    values = assess(*SIGNS, "offer_not_valued", "needs_executive_judgment")["values"]
    assert values["recommended_model"] is None
    assert "needs the gaps above closed first" in " ".join(values["reasons"])


def test_fields_are_one_unanswered_flag_per_item_labelled_from_data():
    fields = registry.fields("readiness", PLAYBOOK)
    assert [f.name for f in fields] == (
        WORKFLOWS + SIGNS + [i.id for i in DATA.not_ready] + [q.id for q in DATA.decision_questions])
    assert all(f.kind == "flag" and f.default == "" for f in fields)
    assert fields[0].label == DATA.workflow_signs[0].text


def test_an_answer_that_is_not_yes_or_no_is_an_error():
    result = registry.run("readiness", {"manual_handoffs": "sometimes"}, PLAYBOOK)
    [error] = result["errors"]
    label = next(f.label for f in registry.fields("readiness", PLAYBOOK) if f.name == "manual_handoffs")
    assert error["field"] == "manual_handoffs" and error["message"].startswith(label + ": ")
    assert "yes or no" in error["message"] and "'sometimes'" in error["message"]


def test_public_edition_runs_readiness():
    assert registry.run("readiness", {}, load_data_dir(FIXTURE_DATA, "public"))["ok"]
