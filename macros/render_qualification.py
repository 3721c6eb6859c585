"""Qualification lists: disqualifiers, trigger events, the account research
checklist and common prompts (all internal). Scoring is in render_scoring."""

from __future__ import annotations

import posixpath
from typing import Mapping

from calculators.model import Playbook

from .markup import blocks, heading, md_text, table, tag, task_list, ul


def disqualifiers(playbook: Playbook, level: int = 3) -> str:
    """Each group of disqualifiers with the flag name the scoring calculator and CSV use."""
    parts = []
    for group in playbook.require("disqualifiers").groups:
        rows = [(item.text, tag("code", item.id), applied_when(item)) for item in group.items]
        parts += [heading(level, group.name, group.id),
                  table(["Disqualifier", "Calculator flag", "Applied without a tick when"], rows)]
    return blocks(*parts)


def applied_when(item) -> str:
    """What proves a disqualifier from an account's facts, or why it is never applied (editor's note)."""
    from calculators.money import money

    if not item.applies:
        return "Never, until a writer confirms it (see the editor's note below)"
    proof, parts = item.proven_by, []
    if proof is not None and proof.budget_below is not None:
        parts.append(f"the annual budget is under {money(proof.budget_below.amount, proof.budget_below.currency)}")
    if proof is not None and proof.industries:
        parts.append("the industry is " + ", ".join(proof.industries))
    return "; or ".join(parts) or "Only when ticked"


def triggers(playbook: Playbook, level: int = 3) -> str:
    """Each group of trigger events under its heading."""
    parts = []
    for group in playbook.require("triggers").groups:
        parts += [heading(level, group.name, group.id), ul(group.items)]
    return blocks(*parts)


def research_checklist(playbook: Playbook, level: int = 3) -> str:
    """The account research checklist, one checklist per level."""
    parts = []
    for group in playbook.require("research").checklist:
        parts += [heading(level, group.name, group.id), task_list(group.items)]
    return blocks(*parts)


def common_prompts(playbook: Playbook, here: str, titles: Mapping[str, str]) -> str:
    """Questions reps ask, with {company} replaced, each linking the pages that answer it.

    Links are Markdown, relative to the page being rendered (`here`), so the
    strict build checks them; `titles` maps page paths to their nav titles.
    """
    company = playbook.require("site").company_name
    lines = []
    for prompt in playbook.require("research").common_prompts:
        links = [f"[{md_text(titles.get(page, page))}]({posixpath.relpath(page, posixpath.dirname(here) or '.')})"
                 for page in prompt.pages]
        lines.append(f"- “{md_text(prompt.text.replace('{company}', company))}”: see {', '.join(links)}")
    return "\n".join(lines)
