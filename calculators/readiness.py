"""Readiness: is a buyer ready for a fractional leader, and which hiring model fits?

Reads the buyer's guide as data/readiness.yml: ready signs, the "when you
are not ready" items (any one blocks), and the decision rule as yes/no
questions ordered strongest first, where the first yes picks the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from . import inputs as read
from .declaration import Calculator
from .inputs import Field
from .model import DecisionQuestion, HiringModel, Item, Playbook

READY, NOT_READY, TOO_FEW = "ready", "not-ready", "too-few-signs"
VERDICTS = {READY: "Ready", NOT_READY: "Not ready yet", TOO_FEW: "Not ready yet: too few signs"}
DEFAULT_MODEL = "fractional"
"""The hiring model a ready buyer is pointed to when no decision question says otherwise."""

GROUP_READY = "Signs you are ready"
GROUP_NOT_READY = "When you are not ready"
GROUP_DECISION = "The decision rule"


@dataclass(frozen=True)
class ReadinessInputs:
    """The ids answered yes, in each of the three lists."""

    ready_signs: frozenset[str]
    not_ready: frozenset[str]
    decision_questions: frozenset[str]


@dataclass(frozen=True)
class ReadinessResult:
    """The verdict, the recommended hiring model (None: no recommendation) and why."""

    inputs: ReadinessInputs
    verdict: str
    ready_signs: tuple[Item, ...]
    ready_total: int
    several: int
    blockers: tuple[Item, ...]
    first_purchases: tuple[str, ...]
    model: Optional[HiringModel]
    deciding_question: Optional[DecisionQuestion]
    reasons: tuple[str, ...]
    assumptions: tuple[str, ...]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_or(items: tuple[str, ...]) -> str:
    """a, b, or c (the guide's own list style)."""
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + ", or " + items[-1]


def fields(playbook: Playbook) -> tuple[Field, ...]:
    """One yes/no field per ready sign, not-ready item and decision question."""
    data = playbook.require("readiness")
    return (
        tuple(Field(i.id, i.text, "flag", "0", group=GROUP_READY) for i in data.ready_signs)
        + tuple(Field(i.id, capitalised(i.text), "flag", "0", group=GROUP_NOT_READY) for i in data.not_ready)
        + tuple(Field(q.id, q.text, "flag", "0", group=GROUP_DECISION) for q in data.decision_questions)
    )


def parse(params: Mapping[str, Any], playbook: Playbook) -> ReadinessInputs:
    """The ids answered yes; raises InputError listing every answer that is not yes or no."""
    data = playbook.require("readiness")
    reader = read.Reader(params, {f.name: f.default for f in fields(playbook)})
    yes = lambda items: frozenset(i.id for i in items if reader.read(i.id, read.to_flag))  # noqa: E731
    result = ReadinessInputs(yes(data.ready_signs), yes(data.not_ready), yes(data.decision_questions))
    reader.done()
    return result


def assess(inputs: ReadinessInputs, playbook: Playbook) -> ReadinessResult:
    """Verdict and hiring model by the guide's decision rule."""
    data = playbook.require("readiness")
    models = {m.id: m for m in data.hiring_models}
    signs = tuple(i for i in data.ready_signs if i.id in inputs.ready_signs)
    blockers = tuple(i for i in data.not_ready if i.id in inputs.not_ready)
    answered = tuple(q for q in data.decision_questions if q.id in inputs.decision_questions)
    enough = len(signs) >= data.several
    verdict = NOT_READY if blockers else READY if enough else TOO_FEW
    first_yes = answered[0] if answered else None

    reasons = [f"{len(signs)} of {len(data.ready_signs)} ready signs are true; "
               f"{data.several} or more count as the guide's \u201cseveral\u201d."]
    reasons += [f"A fractional leader cannot compensate for {b.text}." for b in blockers]
    purchases = data.first_purchases if blockers else ()
    if blockers:
        reasons.append(f"The first purchase may be {join_or(purchases)}.")

    model, question = None, None
    if first_yes and not (blockers and first_yes.model == DEFAULT_MODEL):
        model, question = models[first_yes.model], first_yes
        reasons.append(f"Yes to \u201c{first_yes.text}\u201d, the strongest question answered yes: {model.hire_when}")
    elif first_yes:
        reasons.append(f"Yes to \u201c{first_yes.text}\u201d, but a fractional leader needs the gaps above closed first.")
    elif enough and not blockers:
        model = models.get(DEFAULT_MODEL, data.hiring_models[0])
        reasons.append(f"No decision question answered yes, and you are ready: {model.hire_when}")
    else:
        reasons.append("No decision question answered yes, so no hiring model is recommended yet.")
    reasons += [f"Also yes, but weaker in the decision rule: \u201c{q.text}\u201d" for q in answered[1:]]

    assumptions = (
        f"\u201cSeveral\u201d ready signs means {data.several} or more of the {len(data.ready_signs)}; "
        "the guide does not give a number.",
        "Any \u201cnot ready\u201d item outweighs the ready signs: the guide says a fractional leader "
        "cannot compensate for it.",
        "The decision questions are asked strongest first and the first yes decides the hiring model.",
        "With no yes to any decision question, a ready buyer is pointed to a fractional leader.",
    )
    return ReadinessResult(inputs, verdict, signs, len(data.ready_signs), data.several, blockers, purchases,
                           model, question, tuple(reasons), assumptions)


def to_json(r: ReadinessResult, playbook: Playbook) -> dict:
    """The run() payload: answers, raw values and display text."""
    inputs = {f.name: f.name in (r.inputs.ready_signs | r.inputs.not_ready | r.inputs.decision_questions)
              for f in fields(playbook)}
    values = {
        "verdict": r.verdict,
        "ready_count": len(r.ready_signs),
        "ready_total": r.ready_total,
        "several": r.several,
        "ready_signs": [i.id for i in r.ready_signs],
        "blockers": [i.id for i in r.blockers],
        "first_purchases": list(r.first_purchases),
        "recommended_model": r.model.id if r.model else None,
        "recommended_model_name": r.model.name if r.model else None,
        "deciding_question": r.deciding_question.id if r.deciding_question else None,
        "reasons": list(r.reasons),
    }
    display = {
        "verdict": VERDICTS[r.verdict],
        "ready_count": f"{len(r.ready_signs)} of {r.ready_total} ready signs ({r.several} needed)",
        "recommended_model": r.model.name if r.model else "No recommendation yet",
        "model_reason": (r.model.hire_when if r.model else
                         "Close the gaps above first." if r.blockers else
                         "Too few ready signs, and no decision question answered yes."),
        "blockers": "; ".join(capitalised(b.text) for b in r.blockers) or "None",
        "first_purchases": capitalised(join_or(r.first_purchases)) if r.first_purchases else "None needed",
        "reasons": "\n".join(r.reasons),
    }
    return {"inputs": inputs, "values": values, "display": display, "assumptions": list(r.assumptions)}


def run(params: Mapping[str, Any], playbook: Playbook) -> dict:
    """Parse, compute and serialise: the registry's entry point (raises InputError)."""
    return to_json(assess(parse(params, playbook), playbook), playbook)


CALCULATOR = Calculator(
    name="readiness",
    title="Readiness for a fractional leader",
    edition="public",
    fields=fields,
    outputs=(
        ("verdict", "Verdict"), ("ready_count", "Ready signs"), ("recommended_model", "Recommended"),
        ("model_reason", "Why"), ("blockers", "Not ready because"), ("first_purchases", "First purchase"),
    ),
    run=run,
)
"""The readiness self-assessment, as the registry, CLI, forms and wheel read it."""
