"""What a prospect reads first: the headline answers, the readiness rules, when the
guarantee applies, and the contact channels. Exact sentences come from the tests'
own data (tests/fixtures/data) and variations of it made here.
"""

from __future__ import annotations

import dataclasses

import pytest

from calculators import contact, registry
from calculators.model import SiteFile
from calculators.validate import DataError, parse
from conftest import fixture_playbook
from macros import render_contact, render_forms

PLAYBOOK = fixture_playbook("public")
READINESS = PLAYBOOK.readiness
SIGNS = [i.id for i in READINESS.ready_signs]


def economics(**params):
    result = registry.run("economics", params, PLAYBOOK)
    assert result["ok"], result
    return result


def readiness(*yes, no=(), playbook=PLAYBOOK, **params):
    answers = {**{name: "1" for name in yes}, **{name: "0" for name in no}, **params}
    result = registry.run("readiness", answers, playbook)
    assert result["ok"], result
    return result


# --- the economics headline --------------------------------------------------

def test_economics_headline_answers_whether_it_pays_and_when():
    assert economics()["display"]["headline"] == (
        "It pays off: at your figures you gain $500 a month once the automations run fully (month 4), and the "
        "fee has paid for itself by month 12. It breaks even at 33.3 hours a month.")


def test_economics_headline_never_calls_a_losing_fee_a_saving():
    headline = economics(fractional_monthly_fee="40000", hourly_cost="75", currency="GBP",
                         months="1")["display"]["headline"]
    assert headline.startswith("It does not pay off at your figures: 40 hours a month at £75 an hour are worth "
                               "£3,000, £37,000 less than the £40,000 fee.")
    assert "full-time" not in headline


def test_help_and_assumptions_keep_published_prices_in_dollars():
    display = economics(currency="EUR", fractional_monthly_fee="3000")["display"]  # a fee the buyer typed
    assert display["help_fractional_monthly_fee"].startswith("The most popular tier is $2,500 a month (a US-dollar "
                                                             "price")
    assert "€2,500" not in display["assumptions"] and "$75 is $3,000" not in display["assumptions"]
    assert "amounts in euros (€)" in display["assumptions"]
    assert display["currency_symbol"] == "€"


# --- the guarantee applies at the fee of the tier that carries it --------------

def test_guarantee_line_shows_at_the_tier_fee():
    assert economics(hours_saved_per_month="40")["display"]["guarantee_met"].startswith(
        "Met, and it pays: 40 hours meet the 40-hour guarantee of the most popular tier")
    assert economics(hours_saved_per_month="39")["values"]["guarantee_met"] is False


@pytest.mark.parametrize("fee", ["2499", "40000"])
def test_no_guarantee_line_at_a_fee_no_tier_guarantees(fee):
    result = economics(fractional_monthly_fee=fee)
    assert result["values"]["guarantee_met"] is None
    assert result["display"]["guarantee_met"] == ""


def test_a_tier_without_a_guarantee_gives_no_guarantee_line():
    tier = dataclasses.replace(PLAYBOOK.pricing.tiers[0], guarantee=None)
    playbook = dataclasses.replace(PLAYBOOK, pricing=dataclasses.replace(PLAYBOOK.pricing, tiers=(tier,)))
    result = registry.run("economics", {}, playbook)
    assert result["values"]["guarantee_met"] is None
    assert not any("guarantee" in line for line in result["assumptions"])


def test_a_result_row_with_nothing_to_say_is_prerendered_hidden():
    shown = render_forms._rows(PLAYBOOK, "economics", [["Guarantee met", "guarantee_met"]])
    assert shown.startswith('<div class="calc-results__row">')
    tier = dataclasses.replace(PLAYBOOK.pricing.tiers[0], guarantee=None)
    playbook = dataclasses.replace(PLAYBOOK, pricing=dataclasses.replace(PLAYBOOK.pricing, tiers=(tier,)))
    assert render_forms._rows(playbook, "economics", [["Guarantee met", "guarantee_met"]]).startswith(
        '<div class="calc-results__row" hidden>')


# --- readiness as a conversation ----------------------------------------------

def test_no_answer_gives_no_verdict():
    result = readiness()
    assert result["values"]["verdict"] == "unanswered"
    assert result["values"]["recommended_model"] is None
    assert result["display"]["headline"].startswith("No answers yet. Answer the questions")


def test_unanswered_is_not_no():
    assert readiness()["inputs"][SIGNS[0]] is None
    assert readiness(no=[SIGNS[0]])["inputs"][SIGNS[0]] is False
    assert readiness(no=[SIGNS[0]])["values"]["verdict"] == "too-few-signs"


def test_fields_start_unanswered():
    assert all(f.default == "" for f in registry.fields("readiness", PLAYBOOK))


def test_too_few_signs_never_recommends_a_fractional_leader():
    result = readiness(*SIGNS[:READINESS.several - 1], "needs_executive_judgment")
    assert result["values"]["verdict"] == "too-few-signs"
    assert result["values"]["recommended_model"] is None


def test_a_question_pointing_elsewhere_is_a_ready_verdict_for_that_model():
    result = readiness(SIGNS[0], "work_is_continuous_and_central", no=[i.id for i in READINESS.not_ready])
    values, display = result["values"], result["display"]
    assert values["verdict"] == "ready" and values["recommended_model"] == "full-time"
    assert display["verdict"] == "Ready to hire: Full-time leader"
    assert display["headline"].startswith("A full-time leader fits better than a fractional leader.")


def test_verdict_and_model_never_contradict():
    questions = [q.id for q in READINESS.decision_questions]
    for yes in ([], SIGNS[:1], SIGNS, ["no_data_access"], SIGNS + ["no_data_access"]):
        for question in [None, *questions]:
            values = readiness(*yes, *([question] if question else []), no=[SIGNS[-1]])["values"]
            model = values["recommended_model"]
            if values["verdict"] == "ready":
                assert model is not None
            if values["verdict"] in ("not-ready", "too-few-signs", "unanswered"):
                assert model != "fractional"


def test_blocked_buyer_is_told_what_to_buy_first():
    headline = readiness(*SIGNS, "no_internal_owner")["display"]["headline"]
    assert headline.startswith("Not ready for a fractional leader yet: it cannot compensate for no internal "
                               "owner who can make decisions. Start with focused research")


def test_assumptions_state_every_rule_the_guide_leaves_open():
    text = " ".join(readiness()["assumptions"])
    assert f"means {READINESS.several} or more of the {len(SIGNS) + len(READINESS.workflow_signs)}" in text
    assert "outweighs the ready signs" in text
    assert "strongest first (full-time leader, then agency, then specialist contractor, then fractional leader)" in text
    assert "With no yes to any decision question, a ready buyer is pointed to a fractional leader." in text
    assert "left unanswered counts as neither yes nor no" in text


def test_the_several_threshold_comes_from_data():
    playbook = dataclasses.replace(PLAYBOOK, readiness=dataclasses.replace(READINESS, several=2))
    no = [i.id for i in READINESS.not_ready]
    assert readiness(*SIGNS[:2], no=no, playbook=playbook)["values"]["verdict"] == "ready"


# --- contact channels -----------------------------------------------------------

SITE = {"audience": "public", "company_name": "Fixture Co", "offering": "An offer", "tagline": "A tagline.",
        "contact": "Ask for a diagnostic."}


def test_no_channel_means_no_link_and_a_visible_placeholder():
    site = parse(SiteFile, SITE, "data/site.yml")
    assert contact.channels(site) == ()
    for compact in (False, True):
        html = render_contact.call_to_action(PLAYBOOK, compact=compact)
        assert "<a " not in html and "Placeholder: no way to reach us is set yet" in html
        assert "Copy my business case" in html


def test_channels_become_safe_links_in_a_fixed_order():
    site = parse(SiteFile, {**SITE, "contact_email": "hello@example.com", "whatsapp": "+44 20 7946 0000",
                            "booking_url": "https://example.com/book", "phone": "+44 20 7946 0001"},
                 "data/site.yml")
    assert [(c.label, c.href) for c in contact.channels(site)] == [
        ("Book a call", "https://example.com/book"),
        ("Email hello@example.com", "mailto:hello@example.com?subject=My%20business%20case%20for%20a%20fractional"
                                    "%20Chief%20AI%20Officer"),
        ("WhatsApp +44 20 7946 0000", "https://wa.me/442079460000"),
        ("Call +44 20 7946 0001", ""),
    ]
    playbook = dataclasses.replace(PLAYBOOK, site=site)
    html = render_contact.call_to_action(playbook, headline="It pays off <b>&")
    assert html.count("<a ") == 3 and "Ask for a diagnostic." in html and "Placeholder" not in html
    assert 'href="mailto:hello@example.com?subject=' in html and "&amp;body=" in html and "tel:" not in html
    assert "It%20pays%20off%20%3Cb%3E%26" in html and "<b>" not in html


def test_email_and_whatsapp_open_with_the_buyers_answer_and_link_written():
    site = parse(SiteFile, {**SITE, "contact_email": "hello@example.com", "whatsapp": "+44 20 7946 0000"},
                 "data/site.yml")
    email, whatsapp = contact.channels(site)
    text = contact.message("It pays off: paid back by month 12.", "https://example.com/roi/?hours=50&fee=2500")
    assert text.splitlines() == [contact.SUBJECT, "", "It pays off: paid back by month 12.", "",
                                 "My figures: https://example.com/roi/?hours=50&fee=2500"]
    assert contact.prefilled(whatsapp, text).startswith("https://wa.me/442079460000?text=My%20business%20case")
    assert "%3Fhours%3D50%26fee%3D2500" in contact.prefilled(whatsapp, text)
    assert contact.prefilled(email, text).startswith("mailto:hello@example.com?subject=My%20business%20case")
    assert "&body=My%20business" in contact.prefilled(email, text)


def test_who_is_behind_the_business_shows_when_set():
    person = {"person_name": "Ada Example", "person_role": "Fractional CAIO", "person_line": "Builds <owned> systems."}
    playbook = dataclasses.replace(PLAYBOOK, site=parse(SiteFile, {**SITE, **person}, "data/site.yml"))
    html = render_contact.call_to_action(playbook) + render_contact.footer(playbook)
    assert html.count("Ada Example") == 2 and "Builds &lt;owned&gt; systems." in html
    with pytest.raises(DataError):
        parse(SiteFile, {**SITE, "person_name": "Ada Example"}, "data/site.yml")


@pytest.mark.parametrize("field,value", [
    ("booking_url", "javascript:alert(1)"),
    ("booking_url", "ftp://example.com"),
    ("booking_url", "http://example.com/book"),
    ("contact_email", "not an email"),
    ("contact_email", "a@b"),
    ("whatsapp", "07946 000000"),
    ("phone", "call us"),
])
def test_a_bad_channel_fails_naming_file_and_field(field, value):
    with pytest.raises(DataError) as error:
        parse(SiteFile, {**SITE, field: value}, "data/site.yml")
    assert str(error.value).startswith(f"data/site.yml: {field}: ")
