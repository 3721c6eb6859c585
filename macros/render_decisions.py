"""The owner's decisions page: every open question of the data, each side quoted with the pages that
show it and the file that decides it (calculators/decisions.py); decided ones follow with the choice."""

from __future__ import annotations

import posixpath
from typing import Mapping

from calculators import decisions as owner
from calculators.model import Playbook

from .markup import heading, md_text


def owner_decisions(playbook: Playbook, here: str, titles: Mapping[str, str]) -> str:
    """Open decisions by kind, then those decided; links are Markdown relative to `here`, so the strict
    build checks them."""
    found = owner.decisions(playbook)
    still = [d for d in found if d.decided is None]
    done = [d for d in found if d.decided is not None]
    parts = [f"{len(still)} open, {len(done)} decided."]
    for kind in owner.KINDS:
        mine = [d for d in still if d.kind == kind]
        if mine:
            parts.append(heading(2, f"{kind}s ({len(mine)})", _anchor(kind)))
            parts += [_one(d, here, titles) for d in mine]
    if done:
        parts.append(heading(2, f"Decided ({len(done)})", "decided"))
        parts += [_one(d, here, titles) for d in done]
    return "\n\n".join(parts) + "\n"


def _anchor(kind: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in kind.lower()).replace("--", "-").strip("-") + "s"


def _one(decision: owner.Decision, here: str, titles: Mapping[str, str]) -> str:
    lines = [heading(3, decision.question, decision.id), ""]
    for side in decision.sides:
        links = ", ".join(f"[{md_text(titles.get(p, p))}]({posixpath.relpath(p, posixpath.dirname(here) or '.')})"
                          for p in side.pages)
        lines.append(f"- **{md_text(side.source)}**: “{md_text(side.says)}” Shows on {links}.")
    lines += ["", f"Decide it in {md_text(decision.decides)}."]
    if decision.decided is not None:
        lines.append(f"The owner decided on {md_text(decision.decided.date)}: {md_text(decision.decided.choice)}")
    return "\n".join(lines)

