"""The fit check's page parts on the tests' own playbook: editor's notes by data
file, the SMB market below the tiers, the currency note, and the CRM export
form's prerendered ranking with every value escaped."""

from __future__ import annotations

import pytest

from fit_fixture import playbook
from macros import render_fit

BOOK = playbook()


def test_editors_notes_are_shown_per_data_file_and_all_together():
    tiers = str(render_fit.editor_notes(BOOK, "tiers"))
    assert "Widgets on tap" in tiers and "Advice is what we sell." not in tiers
    everything = str(render_fit.editor_notes(BOOK))
    assert "Widgets on tap" in everything and "Advice is what we sell." in everything
    with pytest.raises(ValueError, match="unknown scope"):
        render_fit.editor_notes(BOOK, "prices")


def test_the_smb_market_is_placed_below_the_lowest_tier():
    text = str(render_fit.smb_segment(BOOK))
    assert "$200,000–$4,000,000" in text and "Tier 2 (Mid)" in text


def test_the_currency_note_shows_the_rate_and_its_date_or_says_it_cannot_judge():
    assert "cannot judge" in str(render_fit.currency_note(BOOK))
    rated = playbook(rates=[{"base": "GBP", "quote": "USD", "rate": 1.5, "as_of": "2030-01-31", "source": "Test rate"}])
    assert "1 GBP = 1.5 USD, as of 2030-01-31 (Test rate)" in str(render_fit.currency_note(rated))


def test_the_prerendered_crm_ranking_escapes_account_names():
    html = str(render_fit.triage_form(BOOK, "Account Name,Annual Revenue\n<b>Bad</b>,30000000\n"))
    assert "<b>Bad</b>" not in html and "&lt;b&gt;Bad&lt;/b&gt;" in html
    assert 'data-row="2"' in html
