"""What the fractional model costs and what it is compared with (data/pricing.yml, public)."""

from __future__ import annotations

from markupsafe import Markup

from calculators.model import Playbook, PricingTier

from .markup import cell_list, table, text
from .render_values import PERIODS, hours_range, money, money_range, number


def guarantee(tier: PricingTier) -> Markup:
    """"40 hours of manual labor saved per month. If we do not ... your next month is free." """
    if tier.guarantee is None:
        return text("—")
    g = tier.guarantee
    return text(f"{number(g.hours)} hours of manual labor saved {PERIODS[g.per]}. {g.remedy}")


def pricing_table(playbook: Playbook) -> str:
    """The retainer range by scope and each named tier with what it includes (nothing more than the data says)."""
    pricing = playbook.require("pricing")
    rows = [("Fractional CAIO retainer", money_range(pricing.retainer, sep="–"),
             "Depends on the scope of engagement", "—")]
    rows += [(t.name, money(t.fee), cell_list(t.includes), guarantee(t)) for t in pricing.tiers]
    return table(["Option", "Fee", "Includes", "Guarantee"], rows, row_headers=True)


def cost_comparison(playbook: Playbook) -> str:
    """The fractional model against a full-time Chief AI Officer and an AI agency project."""
    pricing = playbook.require("pricing")
    rows = [
        ("Full-time Chief AI Officer (total compensation)", money_range(pricing.fulltime_caio, sep="–")),
        ("AI agency project", money_range(pricing.agency_project, sep="–")),
        ("Fractional CAIO", money_range(pricing.retainer, sep="–")),
    ]
    rows += [(f"Fractional CAIO, {t.name.lower()}", money(t.fee)) for t in pricing.tiers]
    return table(["Option", "Cost"], rows, row_headers=True)


def typical_results(playbook: Playbook) -> str:
    """Typical results of the fractional model."""
    pricing = playbook.require("pricing")
    rows = [
        ("Manual labor eliminated", hours_range(pricing.hours_saved, sep="–")),
        ("Labor cost savings", money_range(pricing.labour_savings, sep="–")),
    ]
    return table(["Typical result", "Amount"], rows, row_headers=True)
