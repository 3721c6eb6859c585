"""The fit check and the editor's notes in a real build of the internal edition
(invariants over the real data): every answer region and the section it links
to, every open editor's note on its page, the SMB market below the tiers, and
none of it in the public edition."""

from __future__ import annotations

import html

from calculators import fit
from conftest import real_playbook

ANSWERS = ("segment", "segment_rule", "profiles", "use_cases", "patterns", "disqualifiers_proven",
           "disqualifiers_to_ask", "disqualifiers_not_applied", "triggers", "research", "band")


def text_of(site, page):
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_the_fit_page_shows_every_answer_and_links_each_section(internal_site):
    page = text_of(internal_site, "playbook/fit")
    assert 'data-calculator="fit"' in page
    for key in ANSWERS:
        assert f'data-output="{key}"' in page, key
    for target in ("../tiers/", "../tiers/#smb-market", "../profiles/", "../use-cases/", "../disqualifiers/",
                   "../triggers/", "../research/", "../scoring/"):
        assert f'href="{target}"' in page, target


def test_every_open_editors_note_is_on_its_page_and_on_the_fit_page(internal_site):
    pages = {"disqualifiers": "playbook/disqualifiers", "tiers": "playbook/tiers", "use_cases": "playbook/use-cases"}
    fit_page = html.unescape(text_of(internal_site, "playbook/fit"))
    for scope, note in fit.scoped_editor_notes(real_playbook()):
        assert note in html.unescape(text_of(internal_site, pages[scope])), note
        assert note in fit_page, note


def test_the_smb_market_sits_below_the_tiers(internal_site):
    assert 'id="smb-market"' in text_of(internal_site, "playbook/tiers")


def test_the_public_edition_has_no_fit_check_or_account_ranking(public_site):
    assert not (public_site / "playbook").exists()
    for path in public_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "data-batch" not in text and 'data-calculator="fit"' not in text, path
