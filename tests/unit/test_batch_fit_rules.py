"""The batch scorer's own CSV follows the fit rules (on the tests' own playbook,
fit_fixture.py): ties break by tier, a disqualifier under an editor's note
never declines, a budget under the floor declines without a tick."""

from __future__ import annotations

from calculators.batch import score_csv
from fit_fixture import playbook

BOOK = playbook()
HEAD = "name,use_case_fit,commercial_fit,technical_fit,strategic_value,annual_revenue,annual_budget,disqualifiers"


def ranked(text):
    result = score_csv(text, BOOK)
    names = result.columns.index("name")
    return [row[names] for row in result.rows], result


def test_ties_break_by_tier_before_name():
    order, _ = ranked(f"{HEAD}\nAardvark Small,6,6,6,7,25000000,,\nZebra Big,6,6,6,7,900000000,,\nNo Tier,6,6,6,7,,,\n")
    assert order == ["Zebra Big", "Aardvark Small", "No Tier"]


def test_a_disqualifier_under_an_editors_note_does_not_decline():
    order, result = ranked(f"{HEAD}\nAdvice Seeker,5,5,5,5,,,wants_advice\nOther,1,1,1,1,,,\n")
    band = result.columns.index("band")
    assert order == ["Advice Seeker", "Other"] and result.rows[0][band] != "drop"


def test_a_budget_under_the_floor_declines_without_a_tick():
    order, result = ranked(f"{HEAD}\nRich Scores,10,10,10,10,,4000,\nModest,5,5,5,5,,,\n")
    band, disq = result.columns.index("band"), result.columns.index("disqualifiers")
    assert order == ["Modest", "Rich Scores"] and result.rows[1][band] == "drop"
    assert result.rows[1][disq] == "tiny_budget"
