"""Edits a writer makes to data/ within the data model's rules.

Each edit reads what the data says now and changes it (a price up, a row
added, a label reworded), so the edits apply to any valid data, including
data a writer has already edited. tests/build/test_writer_edits.py applies
them to a copy of data/ and runs the content checks; the experiment is
repeatable by hand:

    .venv/bin/python tests/writer_edits.py /tmp/edited
    PLAYBOOK_DATA_DIR=/tmp/edited .venv/bin/python -m pytest tests/unit tests/build
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml


@dataclass
class Shown:
    """What the edits put on the site, for a test to look for."""

    texts: list[str] = field(default_factory=list)


def edit(data: Path, name: str, change) -> None:
    """Load data/<name>.yml, let `change` alter it, write it back (comments are not kept)."""
    path = data / f"{name}.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def free_id(taken, wanted: str) -> str:
    taken = set(taken)
    return next(i for i in (wanted, *(f"{wanted}-{n}" for n in range(2, 99))) if i not in taken)


def price(data: Path, shown: Shown) -> None:
    """The first named tier's fee goes up by a tenth of the way to the top of the retainer range."""
    def change(raw):
        fee, retainer = raw["tiers"][0]["fee"], raw["retainer"]
        top = Decimal(str(retainer.get("max") or fee["amount"] * 2))
        fee["amount"] = int(Decimal(str(fee["amount"])) + max(1, int((top - Decimal(str(fee["amount"]))) / 10)))
        fee["amount"] = min(fee["amount"], int(top))
    edit(data, "pricing", change)


def pricing_row(data: Path, shown: Shown) -> None:
    """A new named pricing tier at the bottom of the retainer range."""
    def change(raw):
        retainer = raw["retainer"]
        tier_id = free_id((t["id"] for t in raw["tiers"]), "essentials")
        raw["tiers"].append({"id": tier_id, "name": "Essentials for tests",
                             "fee": {"currency": retainer["currency"], "amount": retainer["min"], "per": retainer["per"]},
                             "includes": ["Two core workflow automations", "Monthly strategy session"]})
    edit(data, "pricing", change)
    shown.texts.append("Essentials for tests")


NEW_PROFILE = {
    "name": "VP Operations (Third-party Logistics)",
    "role": "VP Operations or Head of Network Planning",
    "company_size": "Mid-size logistics provider (1,000–5,000 employees)",
    "industry": "Logistics and warehousing",
    "motivations": ["Cut manual planning hours in every depot."],
    "pain_points": ["Route changes are re-keyed by hand: 2 days of delay."],
    "success_looks_like": ["6 months: planning time per depot halved."],
    "budget_authority": ["Signs up to $200K a year; above that the CFO approves."],
    "retainer": {"currency": "USD", "min": 6000, "max": 20000, "per": "month"},
    "buying_process": {"stakeholders": ["VP Operations (sponsor)", "CFO"], "evaluation": "A paid four-week diagnostic.",
                       "timeline": "6–10 weeks.", "criteria": "Hours saved per depot."},
}


def profile(data: Path, shown: Shown) -> None:
    """A new ideal customer profile at the end of the list."""
    def change(raw):
        new_id = free_id((p["id"] for p in raw["profiles"]), "logistics-vp")
        raw["profiles"].append({"id": new_id, **NEW_PROFILE})
    edit(data, "profiles", change)
    shown.texts.append(NEW_PROFILE["name"])


def band_label(data: Path, shown: Shown) -> None:
    """The second band's action reworded."""
    def change(raw):
        raw["bands"][1]["action"] = "Pursue actively with the usual steps"
    edit(data, "scoring", change)
    shown.texts.append("Pursue actively with the usual steps")


def band_split(data: Path, shown: Shown) -> None:
    """The top band split in two: a new band halfway between the top two minimums."""
    def change(raw):
        bands = raw["bands"]
        low, high = Decimal(str(bands[1]["min"])), Decimal(str(bands[0]["min"]))
        middle = (low + high) / 2
        step = min(Decimal(str(d.get("step", 1))) for d in raw["dimensions"])
        middle = (middle / step).to_integral_value() * step
        if not low < middle < high:
            return  # the two bands are one step apart: nothing to split
        band_id = free_id((b["id"] for b in bands), "warm-pursuit")
        bands.insert(1, {"id": band_id, "min": float(middle) if middle % 1 else int(middle),
                         "action": "Warm pursuit, a senior rep calls within a week"})
        shown.texts.append("Warm pursuit, a senior rep calls within a week")
    edit(data, "scoring", change)


def sentences(data: Path, shown: Shown) -> None:
    """Sentences reworded: the tagline, the contact line, a disqualifier's text."""
    edit(data, "site", lambda raw: raw.update(tagline="Hands-on AI leadership inside your operations.",
                                              contact="Ask for a diagnostic; we answer on weekdays."))
    def change(raw):
        raw["groups"][0]["items"][0]["text"] = "Cannot name one problem machine learning would solve"
    edit(data, "disqualifiers", change)
    shown.texts.append("Cannot name one problem machine learning would solve")


def company(data: Path, shown: Shown) -> None:
    """The company renamed (site.yml says: here and only here)."""
    edit(data, "site", lambda raw: raw.update(company_name="Northwind Advisory"))
    shown.texts.append("Northwind Advisory")


EDITS = (price, pricing_row, profile, band_label, band_split, sentences, company)


def apply_edits(data: Path) -> Shown:
    """Every writer edit applied to the data folder `data`; what they show."""
    shown = Shown()
    for change in EDITS:
        change(data, shown)
    return shown


def edited_copy(source: Path, target: Path) -> tuple[Path, Shown]:
    """A copy of `source` (a data folder) with every writer edit applied, and what they show."""
    shutil.copytree(source, target)
    return target, apply_edits(target)


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    folder, shown = edited_copy(root / "data", Path(sys.argv[1]))
    print(folder, *shown.texts, sep="\n")


if __name__ == "__main__":
    main()
