"""The enterprise ideal customer profiles (data/profiles.yml, internal).

Everything loops over the data, so a fifth profile added to the YAML shows
up on the profiles page and in the comparison table with no code change.
"""

from __future__ import annotations

from markupsafe import Markup

from calculators.model import Playbook, Profile

from .markup import blocks, cell_list, heading, table, ul
from .render_values import by_id, money_range

SECTIONS = (
    ("motivations", "Motivations"),
    ("pain_points", "Pain Points"),
    ("success_looks_like", "Success Looks Like"),
    ("budget_authority", "Budget Authority"),
)


def retainer(profile: Profile) -> Markup:
    """The typical Fractional CAIO retainer, for example "£8K–£40K per month"."""
    return money_range(profile.retainer, sep="–", compact=True)


def profile_table(playbook: Playbook, profile_id: str) -> str:
    """The 'Profile' facts of one ICP: role, company size, industry and typical retainer."""
    profile = by_id(playbook.require("profiles").profiles, profile_id)
    return _facts(profile)


def profile(playbook: Playbook, profile_id: str) -> str:
    """One ICP in full: profile, motivations, pain points, success, budget authority, buying process."""
    profiles = playbook.require("profiles").profiles
    found = by_id(profiles, profile_id)
    return _section(found, profiles.index(found) + 1)


def profiles(playbook: Playbook) -> str:
    """Every ICP in the order of the data, each under a heading whose anchor is its id."""
    return "\n".join(_section(p, n) for n, p in enumerate(playbook.require("profiles").profiles, 1))


def profile_comparison(playbook: Playbook) -> str:
    """All ICPs side by side, one column each."""
    items = playbook.require("profiles").profiles
    rows = [
        ("Role", *(p.role for p in items)),
        ("Company size", *(p.company_size for p in items)),
        ("Industry", *(p.industry for p in items)),
        ("Typical Fractional CAIO retainer", *(retainer(p) for p in items)),
        ("Budget authority", *(cell_list(p.budget_authority) for p in items)),
        ("Stakeholders", *(cell_list(p.buying_process.stakeholders) for p in items)),
        ("Evaluation", *(p.buying_process.evaluation for p in items)),
        ("Timeline", *(p.buying_process.timeline for p in items)),
        ("Decision criteria", *(p.buying_process.criteria for p in items)),
    ]
    head = ["", *(f"ICP {n}: {p.name}" for n, p in enumerate(items, 1))]
    return table(head, rows, row_headers=True, cls="alp-compare")


def profile_retainers(playbook: Playbook) -> str:
    """Typical Fractional CAIO retainer per ICP, for the pricing page."""
    items = playbook.require("profiles").profiles
    rows = [(f"ICP {n}: {p.name}", retainer(p)) for n, p in enumerate(items, 1)]
    return table(["Ideal customer profile", "Typical Fractional CAIO retainer"], rows, row_headers=True)


def _facts(p: Profile) -> Markup:
    rows = [
        ("Role", p.role),
        ("Company size", p.company_size),
        ("Industry", p.industry),
        ("Typical Fractional CAIO retainer", retainer(p)),
    ]
    return table(None, rows, row_headers=True, cls="alp-facts")


def _section(p: Profile, number: int) -> str:
    parts = [heading(2, f"ICP {number} — {p.name}", p.id), heading(3, "Profile", f"{p.id}-profile"), _facts(p)]
    for field, title in SECTIONS:
        parts += [heading(3, title, f"{p.id}-{field.replace('_', '-')}"), ul(getattr(p, field))]
    process = p.buying_process
    parts += [
        heading(3, "Buying Process", f"{p.id}-buying-process"),
        table(None, [
            ("Stakeholders", cell_list(process.stakeholders)),
            ("Evaluation", process.evaluation),
            ("Timeline", process.timeline),
            ("Criteria", process.criteria),
        ], row_headers=True, cls="alp-facts"),
    ]
    return blocks(*parts)
