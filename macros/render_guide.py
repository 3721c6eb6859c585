"""The buyer's guide: readiness, scope, the 90-day engagement, candidates,
hiring models, red flags, the buyer checklist and the decision rule
(data/buyers_guide.yml and data/readiness.yml, public)."""

from __future__ import annotations

import dataclasses

from markupsafe import Markup

from calculators.model import GuideFile, Phase, Playbook

from .markup import blocks, heading, paragraph, table, task_list, text, ul
from .render_contact import call_to_action
from .render_values import by_id

# The plain lists of buyers_guide.yml that guide_list() may show.
GUIDE_LISTS = tuple(f.name for f in dataclasses.fields(GuideFile) if f.name not in ("audience", "phases"))
LABELLED = ("responsibilities", "prioritisation_questions")


def guide_list(playbook: Playbook, name: str) -> str:
    """One list of the guide by its field name, for example guide_list("workflow_needs")."""
    if name not in GUIDE_LISTS:
        raise LookupError(f"guide_list({name!r}): no such list in data/buyers_guide.yml; known: {', '.join(GUIDE_LISTS)}")
    return ul(getattr(playbook.require("buyers_guide"), name), labels=name in LABELLED)


def ready_signs(playbook: Playbook) -> str:
    """Signs a company is ready to hire a fractional leader."""
    return ul(item.text for item in playbook.require("readiness").ready_signs)


def not_ready(playbook: Playbook) -> str:
    """What a fractional leader cannot compensate for."""
    return ul(item.text for item in playbook.require("readiness").not_ready)


def phase_title(playbook: Playbook, phase_id: str) -> Markup:
    """"Days 1–30: diagnose and choose"."""
    return text(_title(by_id(playbook.require("buyers_guide").phases, phase_id)))


def phase_outputs(playbook: Playbook, phase_id: str) -> str:
    """The expected outputs of one phase."""
    return ul(by_id(playbook.require("buyers_guide").phases, phase_id).outputs)


def engagement_days(playbook: Playbook) -> Markup:
    """Length of the engagement in days (the last day of the last phase): 90."""
    return text(playbook.require("buyers_guide").phases[-1].last_day)


def engagement_phases(playbook: Playbook) -> str:
    """The phases of the engagement side by side with their expected outputs."""
    rows = [(f"Days {p.first_day}–{p.last_day}", p.name.capitalize(), ul(p.outputs, cls="alp-cell-list"))
            for p in playbook.require("buyers_guide").phases]
    return table(["Days", "Phase", "Expected outputs"], rows, row_headers=True)


def hiring_models(playbook: Playbook, level: int = 3) -> str:
    """Each hiring model: what you buy and when it fits."""
    parts = []
    for model in playbook.require("readiness").hiring_models:
        parts += [heading(level, model.name, model.id), paragraph(model.you_buy), paragraph(model.fits_when)]
    return blocks(*parts)


def decision_rule(playbook: Playbook) -> str:
    """When to hire each model, one sentence per model."""
    return ul(model.hire_when for model in playbook.require("readiness").hiring_models)


def red_flags(playbook: Playbook) -> str:
    """Signs a fractional AI marketing proposal needs a second look."""
    return ul(playbook.require("buyers_guide").red_flags)


def buyer_checklist(playbook: Playbook) -> str:
    """What to confirm before signing, as a checklist."""
    return task_list(playbook.require("buyers_guide").buyer_checklist)


def contact(playbook: Playbook) -> str:
    """How a prospect gets in touch: the invitation and a link for each channel set."""
    return call_to_action(playbook)


def _title(phase: Phase) -> str:
    return f"Days {phase.first_day}–{phase.last_day}: {phase.name}"
