"""Readiness: is a buyer ready for a fractional leader, and which hiring model fits?

Reads data/readiness.yml: the offer's manual work that makes a business a
candidate and the buyer's guide's ready signs (counted together), the "when
you are not ready" items (any one blocks; while one is unanswered there is
no ready verdict), and the decision rule as yes/no questions ordered
strongest first, where the first yes picks the model. An unanswered
question is never a no.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping, Optional

from . import inputs as read
from .declaration import Calculator
from .inputs import Field
from .model import DecisionQuestion, HiringModel, Item, Playbook

READY, NOT_READY, TOO_FEW, UNANSWERED = "ready", "not-ready", "too-few-signs", "unanswered"
HOLD_BACKS_OPEN = "hold-backs-unanswered"
VERDICTS = {
    UNANSWERED: "No answers yet",
    HOLD_BACKS_OPEN: "No verdict yet: answer what could hold you back",
    READY: "Ready",
    NOT_READY: "Not ready for a fractional leader yet",
    TOO_FEW: "Not ready for a fractional leader yet: too few signs",
}
DEFAULT_MODEL = "fractional"
"""The hiring model a ready buyer is pointed to when no decision question says otherwise."""

GROUP_WORKFLOW = "Work your team does by hand: which of these takes significant time?"
GROUP_READY = "How marketing and decisions work today: which are true?"
GROUP_NOT_READY = "What would hold you back: does any of these apply?"
GROUP_DECISION = "The decision rule: which describes your need?"


@dataclass(frozen=True)
class ReadinessInputs:
    """The ids answered yes, in each of the three lists, and every id answered at all (yes or no).

    A question left unanswered is neither yes nor no: it is not in `answered`.
    """

    ready_signs: frozenset[str]
    not_ready: frozenset[str]
    decision_questions: frozenset[str]
    answered: frozenset[str] = frozenset()


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
    unanswered: int = 0
    headline: str = ""
    open_hold_backs: int = 0


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_or(items: tuple[str, ...]) -> str:
    """a, b, or c (the guide's own list style)."""
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + ", or " + items[-1]


def fields(playbook: Playbook) -> tuple[Field, ...]:
    """One yes/no question per ready sign, not-ready item and decision question, unanswered at first.

    The default "" means "not answered" (a form shows Yes and No, neither chosen).
    """
    data = playbook.require("readiness")
    return (
        tuple(Field(i.id, i.text, "flag", "", group=GROUP_WORKFLOW) for i in data.workflow_signs)
        + tuple(Field(i.id, i.text, "flag", "", group=GROUP_READY) for i in data.ready_signs)
        + tuple(Field(i.id, capitalised(i.text), "flag", "", group=GROUP_NOT_READY) for i in data.not_ready)
        + tuple(Field(q.id, q.text, "flag", "", group=GROUP_DECISION) for q in data.decision_questions)
    )


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse(params: Mapping[str, Any], playbook: Playbook) -> ReadinessInputs:
    """The ids answered yes and those answered at all; raises InputError listing every answer not yes or no."""
    data = playbook.require("readiness")
    reader = read.Reader(params, fields(playbook))  # labels word the errors, defaults fill gaps
    signs = data.workflow_signs + data.ready_signs
    ids = [i.id for i in signs] + [i.id for i in data.not_ready] + [q.id for q in data.decision_questions]
    answers = {name: reader.flag(name) for name in ids if not _blank(reader.raw(name))}
    yes = lambda items: frozenset(i.id for i in items if answers.get(i.id))  # noqa: E731
    result = ReadinessInputs(yes(signs), yes(data.not_ready), yes(data.decision_questions),
                             frozenset(name for name, value in answers.items() if value is not None))
    reader.done()
    return result


def assess(inputs: ReadinessInputs, playbook: Playbook) -> ReadinessResult:
    """Verdict and hiring model by the guide's decision rule (the rules it leaves open are in `assumptions`)."""
    data = playbook.require("readiness")
    models = {m.id: m for m in data.hiring_models}
    all_signs = data.workflow_signs + data.ready_signs
    signs = tuple(i for i in all_signs if i.id in inputs.ready_signs)
    blockers = tuple(i for i in data.not_ready if i.id in inputs.not_ready)
    answered = tuple(q for q in data.decision_questions if q.id in inputs.decision_questions)
    questions = len(all_signs) + len(data.not_ready) + len(data.decision_questions)
    given = inputs.answered | inputs.ready_signs | inputs.not_ready | inputs.decision_questions
    unanswered = questions - len(given)
    open_hold_backs = sum(1 for i in data.not_ready if i.id not in given)
    enough = len(signs) >= data.several
    first_yes = answered[0] if answered else None
    elsewhere = first_yes is not None and first_yes.model != DEFAULT_MODEL

    model, question = None, None
    if elsewhere:  # the decision rule points away from a fractional leader, whatever the signs
        model, question = models[first_yes.model], first_yes
    elif enough and not blockers:
        model, question = models.get(DEFAULT_MODEL, data.hiring_models[0]), first_yes

    if unanswered == questions:
        verdict = UNANSWERED
    elif blockers:
        verdict = NOT_READY
    elif model is not None and open_hold_backs:
        verdict = HOLD_BACKS_OPEN
    elif model is not None:
        verdict = READY
    else:
        verdict = TOO_FEW

    reasons = [f"{len(signs)} of {len(all_signs)} signs are true; "
               f"{data.several} or more count as the guide\u2019s \u201cseveral\u201d."]
    if verdict == HOLD_BACKS_OPEN:
        reasons.append(f"{_questions(open_hold_backs)} that could hold you back {_are(open_hold_backs)} still "
                       "unanswered; a ready verdict waits for them.")
    if unanswered and verdict != UNANSWERED:
        reasons.append(f"{unanswered} question{'s are' if unanswered != 1 else ' is'} still unanswered; "
                       "the result counts only the answers given.")
    reasons += [f"A fractional leader cannot compensate for {b.text}." for b in blockers]
    purchases = data.first_purchases if blockers else ()
    if blockers:
        reasons.append(f"The first purchase may be {join_or(purchases)}.")
    if elsewhere:
        reasons.append(f"Yes to \u201c{first_yes.text}\u201d, the strongest question answered yes: "
                       f"{model.hire_when}")
    elif first_yes and model is not None:
        reasons.append(f"Yes to \u201c{first_yes.text}\u201d, the strongest question answered yes: {model.hire_when}")
    elif first_yes and blockers:
        reasons.append(f"Yes to \u201c{first_yes.text}\u201d, but a fractional leader needs the gaps above "
                       "closed first.")
    elif first_yes:
        reasons.append(f"Yes to \u201c{first_yes.text}\u201d, but with fewer than {data.several} ready signs "
                       "a fractional leader is not yet the clear choice.")
    elif model is not None:
        reasons.append(f"No decision question answered yes, and you are ready: {model.hire_when}")
    else:
        reasons.append("No decision question answered yes, so no hiring model is recommended yet.")
    reasons += [f"Also yes, but weaker in the decision rule: \u201c{q.text}\u201d" for q in answered[1:]]

    order = ", then ".join(models[q.model].name.lower() for q in data.decision_questions)
    assumptions = (
        f"\u201cSeveral\u201d signs means {data.several} or more of the {len(all_signs)}, counting the offer\u2019s "
        f"{len(data.workflow_signs)} kinds of manual work with the guide\u2019s {len(data.ready_signs)} signs; "
        "the guide does not give a number, and the offer counts any one kind of manual work.",
        "Any \u201cnot ready\u201d item outweighs the ready signs: the guide says a fractional leader "
        "cannot compensate for it.",
        f"The decision questions are asked strongest first ({order}) and the first yes decides the hiring "
        "model; a yes that points to another model than a fractional leader decides whatever the ready signs.",
        "With no yes to any decision question, a ready buyer is pointed to a fractional leader.",
        "A question left unanswered counts as neither yes nor no; until you answer one, there is no verdict.",
        "There is no \u201cready\u201d verdict while a question about what could hold you back is unanswered.",
    )
    result = ReadinessResult(inputs, verdict, signs, len(all_signs), data.several, blockers, purchases,
                             model, question, tuple(reasons), assumptions, unanswered, open_hold_backs=open_hold_backs)
    return replace(result, headline=headline(result))


def _questions(n: int) -> str:
    return f"{n} question{'s' if n != 1 else ''}"


def _are(n: int) -> str:
    return "are" if n != 1 else "is"


def headline(r: ReadinessResult) -> str:
    """The verdict and what to do next, in a sentence or two."""
    left = (f" {r.unanswered} question{'s are' if r.unanswered != 1 else ' is'} still unanswered."
            if r.unanswered else "")
    if r.verdict == UNANSWERED:
        return ("No answers yet. Answer the questions to see whether a fractional leader fits now, and which way "
                "of hiring does; skip any you do not know.")
    if r.verdict == HOLD_BACKS_OPEN:
        return (f"No verdict yet: {len(r.ready_signs)} of {r.ready_total} signs are true, but "
                f"{_questions(r.open_hold_backs)} about what could hold you back {_are(r.open_hold_backs)} "
                f"unanswered. Answer {'them' if r.open_hold_backs != 1 else 'it'} to see whether you are ready.{left}")
    if r.verdict == NOT_READY:
        text = (f"Not ready for a fractional leader yet: it cannot compensate for {r.blockers[0].text}. "
                f"Start with {join_or(r.first_purchases)}.")
        if r.model is not None:
            text += f" For the need you described, the guide points to: {r.model.name.lower()}."
        return text + left
    if r.verdict == TOO_FEW:
        return (f"Not ready for a fractional leader yet: {len(r.ready_signs)} of {r.ready_total} signs are true, "
                f"and it takes {r.several}. Revisit when more of the signs hold.{left}")
    if r.model.id == DEFAULT_MODEL:
        return (f"Ready for a fractional leader: {len(r.ready_signs)} of {r.ready_total} signs are true and "
                f"nothing holds you back. Next: compare what it costs, then talk to us.{left}")
    return f"A {r.model.name.lower()} fits better than a fractional leader. {r.model.hire_when}{left}"


def to_json(r: ReadinessResult, playbook: Playbook) -> dict:
    """The run() payload: answers (true, false or None when unanswered), raw values and display text."""
    yes = r.inputs.ready_signs | r.inputs.not_ready | r.inputs.decision_questions
    inputs = {f.name: (f.name in yes) if f.name in (r.inputs.answered | yes) else None for f in fields(playbook)}
    values = {
        "verdict": r.verdict,
        "ready_count": len(r.ready_signs),
        "ready_total": r.ready_total,
        "several": r.several,
        "unanswered": r.unanswered,
        "open_hold_backs": r.open_hold_backs,
        "ready_signs": [i.id for i in r.ready_signs],
        "blockers": [i.id for i in r.blockers],
        "first_purchases": list(r.first_purchases),
        "recommended_model": r.model.id if r.model else None,
        "recommended_model_name": r.model.name if r.model else None,
        "deciding_question": r.deciding_question.id if r.deciding_question else None,
        "reasons": list(r.reasons),
    }
    verdict = VERDICTS[r.verdict]
    if r.verdict == READY:
        verdict = "Ready for a fractional leader" if r.model.id == DEFAULT_MODEL else f"Ready to hire: {r.model.name}"
    waiting = r.verdict == UNANSWERED
    display = {
        "headline": r.headline,
        "verdict": verdict,
        "ready_count": f"{len(r.ready_signs)} of {r.ready_total} signs true ({r.several} needed)",
        "recommended_model": r.model.name if r.model else "No recommendation yet",
        "model_reason": (r.model.hire_when if r.model and r.verdict != HOLD_BACKS_OPEN else
                         "Answer the questions about what could hold you back first." if r.model else
                         "Answer the questions first." if waiting else
                         "Close the gaps above first." if r.blockers else
                         "Too few ready signs, and no decision question points elsewhere."),
        "blockers": "; ".join(capitalised(b.text) for b in r.blockers) or (
            "Not answered yet" if waiting else
            f"None so far; {_questions(r.open_hold_backs)} unanswered" if r.open_hold_backs else "None"),
        "first_purchases": (capitalised(join_or(r.first_purchases)) if r.first_purchases else
                            "Not answered yet" if waiting else "None needed"),
        "reasons": ("Answer the questions above to see how the verdict is reached." if waiting
                    else "\n".join(r.reasons)),
        "assumptions": "\n".join(r.assumptions),
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
