"""The owner's decisions are built from data alone: unset facts, editor's notes and contradictions, each
closed by editing data (a `decided:` entry or the missing value), never code."""

from __future__ import annotations

import dataclasses

from calculators import decisions
from calculators.loader import load_data_dir
from calculators.model import Decided
from conftest import FIXTURE_DATA

BOOK = load_data_dir(FIXTURE_DATA)


def ids(book, kind=None):
    return [d.id for d in decisions.open_decisions(book) if kind is None or d.kind == kind]


def test_a_contradiction_quotes_both_sides_with_their_pages_and_names_the_file_that_decides():
    found = {d.id: d for d in decisions.decisions(BOOK)}["what-we-sell"]
    assert found.kind == decisions.CONTRADICTION and len(found.sides) == 2
    assert found.sides[1].source == "Buyer's guide" and found.sides[1].pages == ("buyers-guide/index.md",)
    assert found.decides == "data/site.yml: offering"


def test_a_decided_contradiction_is_no_longer_open_and_keeps_the_choice_and_date():
    decided = {d.id: d for d in decisions.decisions(BOOK)}["growth-tier-budget"]
    assert decided.decided.date == "2030-02-01"
    assert "growth-tier-budget" not in ids(BOOK)


def test_each_exchange_rate_is_open_until_the_owner_confirms_it():
    assert "rate-gbp-usd" in ids(BOOK, decisions.UNSET)
    assert "rate-eur-usd" not in ids(BOOK)  # the fixture's EUR/USD rate carries `decided:`


def test_no_contact_channel_is_an_open_fact_until_one_is_set():
    assert "contact-channel" in ids(BOOK)
    with_email = dataclasses.replace(BOOK, site=dataclasses.replace(BOOK.site, contact_email="hello@example.com"))
    assert "contact-channel" not in ids(with_email)


def test_the_guarantee_is_open_until_its_method_is_set():
    assert "guarantee-method-most-popular" in ids(BOOK)
    tier = BOOK.pricing.tiers[0]
    proven = dataclasses.replace(tier, guarantee=dataclasses.replace(tier.guarantee, method="Timed task logs"))
    book = dataclasses.replace(BOOK, pricing=dataclasses.replace(BOOK.pricing, tiers=(proven,)))
    assert "guarantee-method-most-popular" not in ids(book)


def test_every_editors_note_in_data_is_a_decision_naming_its_file():
    notes = [d for d in decisions.open_decisions(BOOK) if d.kind == decisions.NOTE]
    assert notes and all(d.decides.startswith("data/") for d in notes)


def test_closing_a_rate_with_a_decided_entry_takes_it_off_the_list():
    rates = BOOK.rates_file
    confirmed = tuple(dataclasses.replace(r, decided=Decided("Keep it", "2030-03-01")) for r in rates.rates)
    book = dataclasses.replace(BOOK, rates_file=dataclasses.replace(rates, rates=confirmed))
    assert not [i for i in ids(book) if i.startswith("rate-")]


def test_the_build_line_counts_what_is_open_by_kind():
    found = decisions.open_decisions(BOOK)
    line = decisions.summary(BOOK)
    assert line.startswith(f"The owner's decisions: {len(found)} open (")
    assert f"{sum(d.kind == decisions.CONTRADICTION for d in found)} contradictions" in line


def test_the_public_edition_lists_only_what_its_data_holds():
    public = load_data_dir(FIXTURE_DATA, "public")
    assert {d.kind for d in decisions.decisions(public)} == {decisions.UNSET}
