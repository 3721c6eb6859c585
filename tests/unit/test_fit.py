"""The fit check's rules, on the tests' own small playbook (fit_fixture.py):
segment (SMB market, tier, below every tier), currencies never compared
silently, profiles, use cases, proven disqualifiers, editor's notes kept out
of decisions, and the action band."""

from __future__ import annotations

import pytest

from calculators import fit, registry
from conftest import real_playbook
from fit_fixture import playbook

BOOK = playbook()
RATED = playbook(rates=[{"base": "GBP", "quote": "USD", "rate": 1.5, "as_of": "2030-01-31", "source": "Test rate"}])
SCORES = {"use_case_fit": "9", "commercial_fit": "9", "technical_fit": "8", "strategic_value": "8"}


def run(book=BOOK, **params):
    result = registry.run("fit", params, book)
    assert result["ok"], result
    return result


def values(book=BOOK, **params):
    return run(book, **params)["values"]


def test_revenue_within_the_smb_range_is_the_smb_market_with_no_tier():
    v = values(annual_revenue="1000000")
    assert (v["segment"], v["tier"]) == ("smb-market", None)
    assert "within the SMB market's $200,000–$4,000,000 a year" in v["segment_rule"]


def test_smb_market_wins_over_a_budget_that_would_meet_a_tier():
    assert values(annual_revenue="3000000", annual_budget="60000")["segment"] == "smb-market"


@pytest.mark.parametrize("revenue, tier", [("20000000", 2), ("499999999", 2), ("500000000", 1)])
def test_tier_follows_the_revenue_minimums(revenue, tier):
    assert values(annual_revenue=revenue)["tier"] == tier


def test_between_the_smb_market_and_the_lowest_tier_is_below_every_tier_and_says_where():
    v = values(annual_revenue="5000000")
    assert (v["segment"], v["tier"]) == ("below-tiers", None)
    assert "above the SMB market's $4,000,000 ceiling" in v["segment_rule"]


def test_budget_alone_places_a_tier_as_account_scoring_does():
    assert values(annual_budget="250000")["tier"] == 1


def test_nothing_known_is_no_segment_and_asks_for_revenue():
    v = values()
    assert v["segment"] == "unknown" and "give the annual revenue or budget" in v["segment_rule"]


def test_pounds_are_not_compared_with_dollars_without_a_rate():
    v = values(annual_revenue="30000000", currency="GBP")
    assert v["segment"] == "unknown" and v["tier"] is None
    assert "cannot judge £30,000,000 against amounts in USD" in v["segment_rule"]


def test_a_rate_set_in_data_converts_and_its_date_is_in_the_reason():
    v = values(RATED, annual_revenue="30000000", currency="GBP")
    assert v["tier"] == 2
    assert "£30,000,000 = $45M at 1.5 (GBP/USD), as of 2030-01-31" in v["segment_rule"]


def test_the_inverse_of_a_rate_is_used_the_other_way():
    v = values(RATED, industry="Banking", annual_revenue="300000000", employees="2000")
    bank = v["profiles"][0]
    assert bank["resembles"] is True and any("£200,000,000" in why for why in bank["why"])


def test_profile_revenue_in_pounds_is_not_judged_without_a_rate():
    bank = values(industry="Banking", annual_revenue="300000000")["profiles"][0]
    assert bank["resembles"] is None
    assert any("cannot judge $300,000,000 against amounts in GBP" in why for why in bank["why"])


def test_a_known_fact_outside_the_profile_means_it_does_not_resemble():
    bank = values(industry="Banking", employees="50")["profiles"][0]
    assert bank["resembles"] is False and "50 employees is outside its 1,000–5,000" in bank["why"]


def test_profiles_of_other_industries_are_not_listed():
    assert [p["id"] for p in values(industry="Manufacturing", employees="9000")["profiles"]] == ["factory-buyer"]


@pytest.mark.parametrize("typed", ["Banking", "banking", "FINANCIAL_SERVICES", "Money/Banks", "Banks", "banking-ish"])
def test_crm_values_names_and_ids_all_mean_the_playbook_industry(typed):
    assert values(industry=typed)["industry"] == "banking-ish"


def test_use_cases_come_from_the_industry_and_patterns_match_their_examples():
    v = values(industry="Banking")
    assert v["use_cases"] == ["Ledger checks"]
    assert [(p["id"], p["matches_use_case"]) for p in v["technical_patterns"]] == [("streaming", True),
                                                                                   ("nightly", False)]


def test_competition_under_an_editors_note_is_left_out_of_the_answer():
    v = values(industry="Banking")
    assert v["competition"] == ["In-house"]
    assert any("WidgetCloud" in note for note in v["editor_notes"])


def test_an_unknown_industry_is_said_plainly_and_not_an_error():
    result = run(industry="Basket weaving")
    assert result["values"]["industry"] is None and result["values"]["use_cases"] == []
    assert "“Basket weaving” is not one of the playbook's industries" in result["display"]["use_cases"]


def test_a_budget_under_the_floor_is_a_proven_disqualifier():
    v = values(annual_budget="4999")
    assert [d["id"] for d in v["disqualifiers_proven"]] == ["tiny_budget"]
    assert "under $5,000" in v["disqualifiers_proven"][0]["why"]


def test_a_budget_at_the_floor_is_not_proven():
    assert values(annual_budget="5000")["disqualifiers_proven"] == []


def test_a_budget_in_pounds_is_not_judged_against_a_dollar_floor_without_a_rate():
    v = values(annual_budget="3000", currency="GBP")
    assert v["disqualifiers_proven"] == []
    ask = {d["id"]: d["why"] for d in v["disqualifiers_to_ask"]}
    assert "cannot judge £3,000" in ask["tiny_budget"]


def test_an_industry_listed_in_the_proof_is_a_proven_disqualifier_whatever_its_case():
    assert [d["id"] for d in values(industry="PUBLIC_SECTOR")["disqualifiers_proven"]] == ["state_run"]


def test_a_disqualifier_under_an_editors_note_is_never_applied_only_shown():
    v = values(**SCORES)
    assert [d["id"] for d in v["disqualifiers_not_applied"]] == ["wants_advice"]
    assert "wants_advice" not in [d["id"] for d in v["disqualifiers_to_ask"]]
    assert v["band"] == "go" and not v["declined"]


def test_the_rest_are_still_to_ask():
    assert [d["id"] for d in values()["disqualifiers_to_ask"]] == ["tiny_budget", "state_run", "no_use_case"]


def test_the_four_scores_give_the_action_band():
    v = values(**SCORES)
    assert (v["total"], v["band"], v["action"]) == (34, "go", "Go now")


def test_a_proven_disqualifier_declines_whatever_the_score():
    v = values(annual_budget="1000", **SCORES)
    assert v["declined"] is True and v["band"] == "drop"


def test_without_scores_there_is_no_band_and_the_page_says_how_to_get_one():
    result = run()
    assert result["values"]["band"] is None
    assert "all four scores" in result["display"]["band"]


def test_some_scores_but_not_all_is_an_error_on_each_missing_one():
    result = registry.run("fit", {"use_case_fit": "9", "commercial_fit": "8"}, BOOK)
    assert not result["ok"]
    assert sorted(e["field"] for e in result["errors"]) == ["strategic_value", "technical_fit"]


@pytest.mark.parametrize("field, raw", [("annual_revenue", "lots"), ("employees", "2.5"), ("currency", "XYZ"),
                                        ("use_case_fit", "11"), ("industry", "x" * 200)])
def test_bad_input_is_a_field_error_not_an_exception(field, raw):
    result = registry.run("fit", {field: raw}, BOOK)
    assert not result["ok"] and [e["field"] for e in result["errors"]] == [field]


def test_each_answer_links_its_section_of_the_playbook():
    links = values(industry="Banking", annual_revenue="30000000")["links"]
    assert links["segment"] == "playbook/tiers.md#mid"
    assert links["use_cases"] == "playbook/use-cases.md#banking-ish"
    assert links["patterns"] == ["playbook/use-cases.md#streaming"]
    assert values(annual_revenue="1000000")["links"]["segment"] == "playbook/tiers.md#smb-market"


def test_every_tier_conflict_and_industry_note_is_an_editors_note():
    notes = values()["editor_notes"]
    assert any("Widgets on tap" in n for n in notes) and any("From a profile." in n for n in notes)
    assert any("Wants advice" in n for n in notes)


def test_a_confirmed_conflict_is_applied_again():
    from fit_fixture import raw_files
    from calculators.loader import playbook_from_plain
    raw = raw_files()
    raw["disqualifiers"]["groups"][0]["items"][2]["offer_conflict"]["confirmed"] = True
    book = playbook_from_plain(raw)
    v = values(book)
    assert "wants_advice" in [d["id"] for d in v["disqualifiers_to_ask"]]
    assert not any("Wants advice" in n for n in v["editor_notes"])


# --- invariants on the real data ----------------------------------------------------------


def test_real_data_defaults_compute_and_every_industry_name_finds_itself():
    book = real_playbook()
    assert registry.run("fit", {}, book)["ok"]
    for industry in book.use_cases.industries:
        assert fit.find_industry(industry.name, book) is industry


def test_real_crm_industry_values_all_name_a_playbook_industry():
    book = real_playbook()
    ids = {i.id for i in book.use_cases.industries}
    assert {entry.industry for entry in book.crm.industries} <= ids


def test_real_profiles_fit_industries_are_playbook_industries():
    book = real_playbook()
    ids = {i.id for i in book.use_cases.industries}
    for profile in book.profiles.profiles:
        assert profile.fit is None or set(profile.fit.industries) <= ids


def test_public_edition_has_no_fit_check_and_says_so():
    result = registry.run("fit", {}, real_playbook("public"))
    assert not result["ok"] and result["errors"][0]["field"] == "calculator"


def test_the_headline_says_where_the_account_sits_and_what_declines_it():
    assert run(annual_revenue="1000000")["display"]["headline"] == (
        "SMB market. No disqualifier proven yet (3 to ask about). Add the four scores for the action band.")
    assert run(annual_budget="100")["display"]["headline"] == (
        "Segment: below every tier. Decline: Budget under $5K.")
