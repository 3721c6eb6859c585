"""The owner's decisions: every question the playbook's data leaves open, in one list.

Three kinds, each closed by editing data, never code: a fact the site needs
that no data file sets (a contact channel, the guarantee's method, an
exchange rate nobody confirmed), an editor's note on a framework line that
contradicts the offer (closed with `confirmed: true` or a rewrite), and two
sources that say different things (data/decisions.yml, closed with
`decided:`). Until then pages show what the sources say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import contact
from .model import Decided, Playbook, Side

UNSET, NOTE, CONTRADICTION = "Unset fact", "Editor's note", "Contradiction"
KINDS = (UNSET, NOTE, CONTRADICTION)

CONTACT_PAGES = ("index.md", "buyers-guide/index.md", "calculators/roi.md", "calculators/readiness.md")
RATE_PAGES = ("playbook/fit.md", "playbook/account-scoring.md", "playbook/profiles.md")
NOTE_PAGES = {"tiers": "playbook/tiers.md", "disqualifiers": "playbook/disqualifiers.md",
              "use_cases": "playbook/use-cases.md"}


@dataclass(frozen=True)
class Decision:
    """One question for the owner: what the sources say (each side quoted, with its pages) and where the
    answer is written; `decided` once the owner has chosen."""

    id: str
    kind: str
    question: str
    sides: tuple[Side, ...]
    decides: str
    decided: Optional[Decided] = None


def decisions(playbook: Playbook) -> tuple[Decision, ...]:
    """Every decision the edition's data holds, open or decided: unset facts, editor's notes, contradictions."""
    return (*_unset(playbook), *_notes(playbook), *_contradictions(playbook))


def open_decisions(playbook: Playbook) -> tuple[Decision, ...]:
    return tuple(d for d in decisions(playbook) if d.decided is None)


def summary(playbook: Playbook) -> str:
    """The build log's line: how many are open, by kind."""
    found = open_decisions(playbook)
    counts = [f"{sum(1 for d in found if d.kind == k)} {k.lower()}{'s' if sum(1 for d in found if d.kind == k) != 1 else ''}"
              for k in KINDS]
    return f"The owner's decisions: {len(found)} open ({', '.join(counts)}); see playbook/decisions.md"


def _unset(playbook: Playbook) -> list[Decision]:
    out = []
    site = playbook.file("site")
    if site is not None and not contact.channels(site):
        out.append(Decision(
            "contact-channel", UNSET, "How does a prospect get in touch? No contact channel is set, so no call "
            "to action has a link.",
            (Side("The site's call to action", site.contact, CONTACT_PAGES),),
            "data/site.yml: " + ", ".join(contact.CHANNELS)))
    for rate in (playbook.rates_file.rates or ()) if playbook.rates_file is not None else ():
        out.append(Decision(
            f"rate-{rate.base.lower()}-{rate.quote.lower()}", UNSET,
            f"Is 1 {rate.base} = {rate.rate.normalize():f} {rate.quote} the rate to convert at? The sources give "
            "no exchange rate.",
            (Side("data/rates.yml", rate.to_rate().words(), RATE_PAGES),),
            f"data/rates.yml: rates ({rate.base}/{rate.quote}: rate, as_of, source)", rate.decided))
    pricing = playbook.file("pricing")
    for tier in (pricing.tiers if pricing is not None else ()):
        guarantee = tier.guarantee
        if guarantee is not None and not guarantee.method:
            out.append(Decision(
                f"guarantee-method-{tier.id}", UNSET,
                f"How is the {tier.name}'s guarantee proven? It promises proof but states no method.",
                (Side("The Rise of the Fractional Executive", guarantee.remedy,
                      ("playbook/pricing.md", "fractional-caio/index.md")),),
                f"data/pricing.yml: tiers ({tier.id}, guarantee.method)"))
    return out


def _notes(playbook: Playbook) -> list[Decision]:
    from .fit import scoped_editor_notes  # the fit check's own list of open notes, so both agree

    needed = ("tiers", "disqualifiers", "use_cases")
    if any(playbook.file(name) is None for name in needed):
        return []
    out = []
    for n, (file, note) in enumerate(scoped_editor_notes(playbook), 1):
        line, _, reason = note.partition(": ")
        out.append(Decision(f"note-{n}", NOTE, f"Does {line} stand as written?",
                            (Side(f"Editor's note in data/{file}.yml", reason or note, (NOTE_PAGES[file],)),),
                            f"data/{file}.yml (set confirmed: true, or rewrite the line)"))
    return out


def _contradictions(playbook: Playbook) -> list[Decision]:
    found = playbook.file("decisions")
    if found is None:
        return []
    return [Decision(c.id, CONTRADICTION, c.question, c.sides, c.decides, c.decided) for c in found.contradictions]
