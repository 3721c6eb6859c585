"""Qualification lists: disqualifiers, trigger events, the account research
checklist and common prompts (all internal). Scoring is in render_scoring."""

from __future__ import annotations

from calculators.model import Playbook

from .markup import blocks, heading, table, tag, task_list, ul


def disqualifiers(playbook: Playbook, level: int = 3) -> str:
    """Each group of disqualifiers with the flag name the scoring calculator and CSV use."""
    parts = []
    for group in playbook.require("disqualifiers").groups:
        rows = [(item.text, tag("code", item.id)) for item in group.items]
        parts += [heading(level, group.name, group.id), table(["Disqualifier", "Calculator flag"], rows)]
    return blocks(*parts)


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


def common_prompts(playbook: Playbook) -> str:
    """Questions reps ask, with {company} replaced by our company name."""
    company = playbook.require("site").company_name
    prompts = [f"“{p.replace('{company}', company)}”" for p in playbook.require("research").common_prompts]
    return ul(prompts)
