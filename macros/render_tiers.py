"""Target account tiers and the key Salesforce fields (data/tiers.yml, internal)."""

from __future__ import annotations

from markupsafe import Markup

from calculators.model import Playbook, Tier

from .markup import blocks, heading, table, text, ul
from .render_values import money_range


def salesforce_fields(playbook: Playbook) -> str:
    """The Salesforce fields reps fill in, with their values."""
    fields = playbook.require("tiers").salesforce_fields
    return table(["Field", "Values"], [(f.name, f.values) for f in fields], row_headers=True)


def tier_title(tier: Tier) -> str:
    """"Tier 1: Strategic Accounts", as the Salesforce field and the seed name it."""
    return f"Tier {tier.number}: {tier.name} Accounts"


def revenue(tier: Tier) -> Markup:
    """Revenue range and its note, for example "$1B+ per year, or high-growth unicorns"."""
    shown = money_range(tier.revenue, sep="–", compact=True)
    return Markup(f"{shown}, {text(tier.revenue_note)}") if tier.revenue_note else shown


def tiers(playbook: Playbook) -> str:
    """Every tier under its own heading: profile, examples and why they buy."""
    parts = []
    for tier in playbook.require("tiers").tiers:
        parts += [
            heading(2, tier_title(tier), tier.id),
            heading(3, "Profile", f"{tier.id}-profile"),
            table(None, _profile_rows(tier), row_headers=True, cls="alp-facts"),
            heading(3, "Examples", f"{tier.id}-examples"),
            ul(tier.examples),
            heading(3, "Why They Buy", f"{tier.id}-why-they-buy"),
            ul(tier.why_they_buy),
        ]
    return blocks(*parts)


def tier_summary(playbook: Playbook) -> str:
    """All tiers side by side, one row each."""
    rows = [(f"{t.number} ({t.name})", *(value for _, value in _profile_rows(t)))
            for t in playbook.require("tiers").tiers]
    head = ["Tier", "Revenue", "ML maturity", "Use cases", "Volume", "Budget (spend capability)"]
    return table(head, rows, row_headers=True)


def tier_budgets(playbook: Playbook) -> str:
    """Annual budget and revenue per tier, for the pricing page."""
    rows = [(tier_title(t), money_range(t.budget, sep="–", compact=True), revenue(t))
            for t in playbook.require("tiers").tiers]
    return table(["Tier", "Budget (spend capability)", "Revenue"], rows, row_headers=True)


def _profile_rows(tier: Tier) -> list[tuple[str, Markup | str]]:
    return [
        ("Revenue", revenue(tier)),
        ("ML Maturity", tier.ml_maturity),
        ("Use Cases", tier.use_cases),
        ("Volume", tier.volume),
        ("Budget (spend capability)", money_range(tier.budget, sep="–", compact=True)),
    ]
