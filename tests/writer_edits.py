"""Edits a writer makes to data/ within the data model's rules, as text edits.

Each edit changes a copy of data/ the way a writer would in an editor (the
comments and layout stay), and the content checks must stay green after
all of them: tests/build/test_writer_edits.py applies them to a copy and
runs the checks; the experiment is repeatable by hand:

    python -c "import sys; sys.path[:0] = ['.', 'tests']; import writer_edits; writer_edits.main()" /tmp/edited
    PLAYBOOK_DATA_DIR=/tmp/edited .venv/bin/python -m pytest tests/unit tests/build
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise AssertionError(f"{path.name}: expected {old!r} once, found it {text.count(old)} times")
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(path: Path, block: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + block.strip("\n") + "\n",
                    encoding="utf-8")


NEW_PROFILE = """
  - id: logistics-vp
    name: VP Operations (Third-party Logistics)
    role: VP Operations or Head of Network Planning
    company_size: Mid-size logistics provider (1,000–5,000 employees)
    industry: Logistics and warehousing
    motivations: [Cut manual planning hours in every depot.]
    pain_points: ["Route changes are re-keyed by hand: 2 days of delay."]
    success_looks_like: ["6 months: planning time per depot halved."]
    budget_authority: [Signs up to $200K a year; above that the CFO approves.]
    retainer: {currency: USD, min: 6000, max: 20000, per: month}
    buying_process:
      stakeholders: [VP Operations (sponsor), CFO]
      evaluation: A paid four-week diagnostic.
      timeline: 6–10 weeks.
      criteria: Hours saved per depot.
"""

SECOND_PRICING_TIER = """
  - id: essentials
    name: Essentials
    fee: {currency: USD, amount: 1500, per: month}
    includes:
      - Two core workflow automations
      - Monthly strategy session
"""

NEW_BAND = '  - {id: warm-pursuit, min: 30, action: "Warm pursuit, a senior rep calls within a week"}\n'


def price(data: Path) -> None:
    """The most popular fee goes up (the everyday edit)."""
    replace_once(data / "pricing.yml", "fee: {currency: USD, amount: 2500, per: month}",
                 "fee: {currency: USD, amount: 2750, per: month}")


def pricing_row(data: Path) -> None:
    """A second named pricing tier, after the first one."""
    replace_once(data / "pricing.yml", "fulltime_caio:", SECOND_PRICING_TIER.lstrip("\n") + "fulltime_caio:")


def profile(data: Path) -> None:
    """A new ideal customer profile at the end of the list (with an id of its own)."""
    taken = (data / "profiles.yml").read_text(encoding="utf-8")
    new_id = next(i for i in ("logistics-vp", *(f"logistics-vp-{n}" for n in range(2, 99)))
                  if f"id: {i}\n" not in taken)
    append(data / "profiles.yml", NEW_PROFILE.replace("id: logistics-vp\n", f"id: {new_id}\n"))


def band_label(data: Path) -> None:
    """A band's action reworded."""
    replace_once(data / "scoring.yml", '"Active pursuit, standard process"', '"Pursue actively with the usual steps"')


def band_split(data: Path) -> None:
    """A band split in two: a new band between the top two."""
    text = (data / "scoring.yml").read_text(encoding="utf-8")
    at = text.index("  - {id: active-pursuit")
    (data / "scoring.yml").write_text(text[:at] + NEW_BAND + text[at:], encoding="utf-8")


def sentences(data: Path) -> None:
    """Sentences reworded: the tagline, the contact line, a red flag, a disqualifier's text."""
    replace_once(data / "site.yml", "tagline: Senior AI leadership that embeds in your operations",
                 "tagline: Hands-on AI leadership inside your operations")
    replace_once(data / "site.yml", "Message Ahmed on WhatsApp.", "Call us on a weekday.")
    replace_once(data / "disqualifiers.yml", "text: Require on-premise only",
                 "text: Insists on on-premise hosting only")


def company(data: Path) -> None:
    """The company renamed (site.yml says: here and only here)."""
    replace_once(data / "site.yml", "company_name: AI Leadership Partner", "company_name: Northwind Advisory")


EDITS = (price, pricing_row, profile, band_label, band_split, sentences, company)


def edited_copy(source: Path, target: Path) -> Path:
    """A copy of `source` (a data folder) with every writer edit applied."""
    shutil.copytree(source, target)
    for edit in EDITS:
        edit(target)
    return target


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    print(edited_copy(root / "data", Path(sys.argv[1])))


if __name__ == "__main__":
    main()
