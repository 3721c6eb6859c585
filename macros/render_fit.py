"""The fit check's page parts: the SMB market below the tiers and the editor's
notes on framework lines that contradict what we sell (internal data)."""

from __future__ import annotations

from markupsafe import Markup

from calculators import fit
from calculators.model import Playbook

from .markup import paragraph, text, ul
from .render_values import money_range

SCOPES = ("disqualifiers", "tiers", "use_cases")


def smb_segment(playbook: Playbook) -> Markup:
    """One paragraph: the SMB market's revenue and retainers, below the lowest tier."""
    smb, pricing = playbook.require("smb"), playbook.require("pricing")
    lowest = playbook.require("tiers").tiers[-1]
    return paragraph(Markup(
        f"Companies with annual revenue of {money_range(smb.revenue, sep='–')} are the SMB market of the "
        f"fractional model: retainers of {money_range(pricing.retainer, sep='–')}. They sit below Tier "
        f"{text(lowest.number)} ({text(lowest.name)}), which starts at "
        f"{money_range(lowest.revenue, sep='–', compact=True)}, so they have no tier; the fit check places "
        f"them here."))


def editor_notes(playbook: Playbook, scope: str = "") -> Markup:
    """Open editor's notes as an admonition: all of them, or one data file's (`scope`)."""
    if scope and scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; expected one of {', '.join(SCOPES)}")
    notes = [n for s, n in fit.scoped_editor_notes(playbook) if not scope or s == scope]
    if not notes:
        return Markup("")
    intro = ("These lines of the framework contradict what we sell, or were added to it. They stay on the "
             "page, but no calculator applies them until a writer confirms them in the data.")
    return Markup('<div class="admonition warning"><p class="admonition-title">Editor’s note</p>'
                  f"{paragraph(intro)}{ul(notes)}</div>")




def currency_note(playbook: Playbook) -> Markup:
    """Which currencies the profiles and the tiers are in, and how (whether) the playbook compares them."""
    tiers = playbook.require("tiers")
    profiles = playbook.require("profiles").profiles
    tier_currencies = sorted({t.revenue.currency for t in tiers.tiers} | {t.budget.currency for t in tiers.tiers})
    profile_currencies = sorted({p.retainer.currency for p in profiles})
    if tier_currencies == profile_currencies:
        return Markup("")
    rates = playbook.rates
    how = ("The fit check compares them only at the rates set in the data: " + "; ".join(
        r.words() for r in rates) + "."
        if rates else "No exchange rate is set in the data, so the fit check does not compare amounts across "
                      "these currencies: it says it cannot judge.")
    return paragraph(Markup(text(f"The profiles' amounts are in {', '.join(profile_currencies)}, the tiers' in "
                               f"{', '.join(tier_currencies)}. {how}")))
