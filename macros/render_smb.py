"""The small and mid-sized business profile of the fractional model (data/smb.yml, public)."""

from __future__ import annotations

from calculators.model import Playbook

from .markup import table, ul
from .render_values import count, hours_range, money_range


def smb_signs(playbook: Playbook) -> str:
    """Manual work that makes an SMB a candidate for a Fractional CAIO."""
    return ul(playbook.require("smb").manual_work_signs)


def smb_profile(playbook: Playbook) -> str:
    """Who needs a Fractional CAIO, in figures."""
    smb = playbook.require("smb")
    rows = [
        ("Annual revenue", money_range(smb.revenue, sep="–", compact=True)),
        ("Automatable work a strategic assessment typically reveals", hours_range(smb.automatable_hours, sep="–")),
        ("First quick wins", f"Within the first {count(smb.quick_wins_within_weeks)} weeks"),
        ("Transformation roadmap", f"{smb.roadmap_days} days"),
    ]
    return table(None, rows, row_headers=True, cls="alp-facts")
