"""The fit check: what a rep knows about one company in, the five common prompts answered.

From the industry, annual revenue, budget, employees and their currency, it
places the account (the SMB market of data/smb.yml, a tier of
data/tiers.yml, or below every tier, with the rule that decided), names the
enterprise profiles it resembles, the use cases and technical patterns to
probe, the disqualifiers its facts already prove and those still to ask
about, the triggers and research to work through and, when the four scores
are given, the action band of the scoring model.

Rules, in order (each result says which one decided):
1. Amounts in another currency than the data's are converted only at a
   rate the rep sets or the data states (data/rates.yml), through
   money.convert, its rate and date shown; without one the comparison is
   "cannot judge", never a silent one.
2. Revenue within the SMB market's range places the account there (no tier).
3. Otherwise the tier is the scoring model's: the best tier whose revenue
   or budget minimum the account meets.
4. A disqualifier is proven by a fact its `proven_by` names (a budget below
   the amount, an industry listed); one with an open editor's note
   (`offer_conflict`) is never applied, only shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, Callable, Mapping, Optional

from . import inputs as read
from . import scoring
from .declaration import Calculator
from .inputs import Field, FieldError, InputError
from .model import CountRange, Disqualifier, IndustryPattern, MoneyRange, Playbook, Profile, Tier, crm_key
from . import money as money_
from .money import CURRENCIES, Money, Rate, json_number, money

INDUSTRY, REVENUE, BUDGET, EMPLOYEES, CURRENCY = "industry", "annual_revenue", "annual_budget", "employees", "currency"
NOT_KNOWN = "Not known"
MAX_EMPLOYEES = 10_000_000
MAX_INDUSTRY = 120
SMB_SEGMENT = "smb-market"

PAGES = {
    "segment": "playbook/tiers.md", "profiles": "playbook/profiles.md", "use_cases": "playbook/use-cases.md",
    "disqualifiers": "playbook/disqualifiers.md", "triggers": "playbook/triggers.md",
    "research": "playbook/research.md", "band": "playbook/scoring.md",
}
"""The playbook page that holds each answer's section."""


# --- values -----------------------------------------------------------------


@dataclass(frozen=True)
class FitInputs:
    """Checked inputs: the industry as typed, amounts in `currency`, optional scores."""

    industry: Optional[str]
    annual_revenue: Optional[Decimal]
    annual_budget: Optional[Decimal]
    employees: Optional[int]
    currency: str
    scores: Optional[tuple[tuple[str, Decimal], ...]]


@dataclass(frozen=True)
class Converted:
    """An amount in another currency, or None with the reason it cannot be judged."""

    amount: Optional[Decimal]
    note: str = ""


@dataclass(frozen=True)
class Segment:
    """Where the account sits: `id` is a tier id, smb-market, below-tiers or unknown.

    `rule`, the sentence saying which fact decided, is written when first read (a
    CRM export of thousands of rows shows only some of them).
    """

    id: str
    name: str
    tier: Optional[Tier]
    anchor: str
    explain: Callable[[], str] = field(compare=False, repr=False)

    @cached_property
    def rule(self) -> str:
        return self.explain()


@dataclass(frozen=True)
class ProfileMatch:
    """One enterprise profile of the account's industry and how its size compares.

    `resembles` is None when the industry matches but no size fact could be judged.
    """

    profile: Profile
    resembles: Optional[bool]
    why: tuple[str, ...]


@dataclass(frozen=True)
class DisqualifierCheck:
    """One disqualifier: proven by the facts, to ask about, or not applied (editor's note)."""

    item: Disqualifier
    group: str
    state: str  # "proven", "ask" or "not-applied"
    why: str


@dataclass(frozen=True)
class FitResult:
    inputs: FitInputs
    industry: Optional[IndustryPattern]
    segment: Segment
    profiles: tuple[ProfileMatch, ...]
    patterns: tuple[tuple[Any, bool], ...]
    disqualifiers: tuple[DisqualifierCheck, ...]
    band: Optional[scoring.ScoringResult]
    notes: tuple[str, ...]


# --- pure rules ---------------------------------------------------------------


def convert(amount: Optional[Decimal], have: str, want: str, playbook: Playbook,
            rates: tuple[Rate, ...] = ()) -> Converted:
    """`amount` in `have` as `want` through money.convert: at a rate the rep set (`rates`) first, then
    at the data's (data/rates.yml); `note` says the rate and its date, or what cannot be judged."""
    if amount is None or have == want:
        return Converted(amount)
    conversion = money_.convert(Money(amount, have), want, (*rates, *playbook.rates))
    if conversion.value is None:
        return Converted(None, f"{conversion.words()}; give the {have}:{want} rate to judge it")
    return Converted(conversion.value.amount, conversion.words())


def industry_index(playbook: Playbook) -> dict[str, IndustryPattern]:
    """Every way to name an industry (its id, its name and each part of it, CRM values) -> the industry."""
    patterns = playbook.require("use_cases").industries
    by_id = {p.id: p for p in patterns}
    index: dict[str, IndustryPattern] = {}
    crm = playbook.crm
    for entry in (crm.industries if crm is not None else ()):
        if entry.industry in by_id:
            for value in entry.values:
                index.setdefault(crm_key(value), by_id[entry.industry])
    for p in patterns:
        for name in (p.id, p.name, *p.name.split("/")):
            index[crm_key(name)] = p
    return index


def find_industry(text: Optional[str], playbook: Playbook,
                  index: Optional[dict] = None) -> Optional[IndustryPattern]:
    """The playbook industry a typed or exported industry value means, or None."""
    if not text:
        return None
    return (index if index is not None else industry_index(playbook)).get(crm_key(text))


def segment(revenue: Optional[Decimal], budget: Optional[Decimal], currency: str, playbook: Playbook,
            model: Optional[scoring.Model] = None) -> Segment:
    """The SMB market, a tier, below every tier, or unknown; `rule` says which fact decided."""
    model = model or scoring.Model(playbook)
    tiers = model.tiers
    tier_currency = model.currency
    rev, bud = convert(revenue, currency, tier_currency, playbook), convert(budget, currency, tier_currency, playbook)
    notes = [c.note for c in (rev, bud) if c.note]
    smb = playbook.smb.revenue if playbook.smb is not None else None
    if rev.amount is not None and smb is not None and within(rev.amount, smb):
        def smb_rule() -> str:
            retainer = playbook.pricing.retainer if playbook.pricing is not None else None
            fee = f"; its retainers run {range_text(retainer)}" if retainer is not None else ""
            return _with(f"Annual revenue {money(rev.amount, tier_currency)} is within the SMB market's "
                         f"{range_text(smb)}{fee}. The tiers start at {money(tiers[-1].revenue.min, tier_currency)}.",
                         notes)
        return Segment(SMB_SEGMENT, "SMB market", None, "smb-market", smb_rule)
    tier, met = model.tier_for(rev.amount, bud.amount)
    if tier is not None:
        return Segment(tier.id, f"Tier {scoring.tier_label(tier)}", tier, tier.id,
                       lambda: _with(model.suggest_tier(rev.amount, bud.amount).reason, notes))
    if rev.amount is None and bud.amount is None:
        if notes:
            return Segment("unknown", "Cannot judge", None, "account-tiers", lambda: _with("No segment", notes))
        return Segment("unknown", "Not known", None, "account-tiers",
                       lambda: "No segment: give the annual revenue or budget.")

    def below_rule() -> str:
        lowest = tiers[-1]
        parts = []
        if rev.amount is not None:
            where = ""
            if smb is not None and rev.amount > (smb.max or rev.amount):
                where = f", above the SMB market's {money(smb.max, smb.currency)} ceiling"
            elif smb is not None and rev.amount < smb.min:
                where = f", below the SMB market's {money(smb.min, smb.currency)} floor"
            parts.append(f"annual revenue {money(rev.amount, tier_currency)} is below Tier "
                         f"{scoring.tier_label(lowest)}'s {money(lowest.revenue.min, tier_currency)} minimum{where}")
        if bud.amount is not None:
            parts.append(f"annual budget {money(bud.amount, tier_currency)} is below Tier "
                         f"{scoring.tier_label(lowest)}'s {money(lowest.budget.min, tier_currency)} budget minimum")
        return _with("Below every tier: " + " and ".join(parts), notes)
    return Segment("below-tiers", "Below every tier", None, "account-tiers", below_rule)


def _with(sentence: str, notes: list[str]) -> str:
    sentence = sentence.rstrip(".") + "."
    return sentence + "".join(f" Note: {n}." for n in notes)


def within(amount: Decimal, span: MoneyRange | CountRange) -> bool:
    return amount >= span.min and (span.max is None or amount <= span.max)


def range_text(span: MoneyRange) -> str:
    top = f"–{money(span.max, span.currency)}" if span.max is not None else "+"
    return f"{money(span.min, span.currency)}{top} a {span.per}"


def count_text(span: CountRange) -> str:
    return f"{span.min:,}–{span.max:,}" if span.max is not None else f"{span.min:,}+"


def match_profiles(industry: Optional[IndustryPattern], employees: Optional[int], revenue: Optional[Decimal],
                   currency: str, playbook: Playbook) -> tuple[ProfileMatch, ...]:
    """Profiles selling to the account's industry; each resembles it unless a known fact is out of range."""
    if industry is None or playbook.profiles is None:
        return ()
    out = []
    for profile in playbook.profiles.profiles:
        fit = profile.fit
        if fit is None or industry.id not in fit.industries:
            continue
        why, resembles, judged = [f"industry {industry.name} is one it sells to"], True, False
        if fit.employees is not None:
            if employees is None:
                why.append(f"employees not known (profile: {count_text(fit.employees)})")
            elif within(Decimal(employees), fit.employees):
                judged = True
                why.append(f"{employees:,} employees is within its {count_text(fit.employees)}")
            else:
                resembles = False
                why.append(f"{employees:,} employees is outside its {count_text(fit.employees)}")
        if fit.revenue is not None:
            converted = convert(revenue, currency, fit.revenue.currency, playbook)
            if revenue is None:
                why.append(f"revenue not known (profile: {range_text(fit.revenue)})")
            elif converted.amount is None:
                why.append(converted.note + f" (profile: {range_text(fit.revenue)})")
            elif within(converted.amount, fit.revenue):
                judged = True
                why.append(f"revenue {money(converted.amount, fit.revenue.currency)} is within its "
                           f"{range_text(fit.revenue)}" + (f" ({converted.note})" if converted.note else ""))
            else:
                resembles = False
                why.append(f"revenue {money(converted.amount, fit.revenue.currency)} is outside its "
                           f"{range_text(fit.revenue)}" + (f" ({converted.note})" if converted.note else ""))
        out.append(ProfileMatch(profile, resembles if (judged or not resembles) else None, tuple(why)))
    return tuple(out)


def patterns_for(industry: Optional[IndustryPattern], playbook: Playbook) -> tuple[tuple[Any, bool], ...]:
    """Every technical pattern, and whether one of its examples is a use case of the industry."""
    wanted = {crm_key(u) for u in industry.use_cases} if industry is not None else set()
    return tuple((p, any(crm_key(e) in wanted for e in p.examples))
                 for p in playbook.require("use_cases").technical_patterns)


def check_disqualifiers(industry_text: Optional[str], budget: Optional[Decimal], currency: str,
                        playbook: Playbook) -> tuple[DisqualifierCheck, ...]:
    """Each disqualifier: proven by the known facts, still to ask about, or not applied."""
    out = []
    key = crm_key(industry_text) if industry_text else ""
    for group in playbook.require("disqualifiers").groups:
        for item in group.items:
            out.append(DisqualifierCheck(item, group.id, *_disqualifier_state(item, key, budget, currency, playbook)))
    return tuple(out)


def _disqualifier_state(item: Disqualifier, industry_key: str, budget: Optional[Decimal], currency: str,
                        playbook: Playbook) -> tuple[str, str]:
    if not item.applies:
        return "not-applied", f"editor's note, not applied: {item.offer_conflict.reason}"
    proof = item.proven_by
    if proof is not None:
        if industry_key and industry_key in {crm_key(v) for v in proof.industries or ()}:
            return "proven", "proven by the industry"
        if proof.budget_below is not None and budget is not None:
            floor = proof.budget_below
            converted = convert(budget, currency, floor.currency, playbook)
            if converted.amount is None:
                return "ask", converted.note
            if converted.amount < floor.amount:
                shown = money(budget, currency) + (f" ({converted.note})" if converted.note else "")
                return "proven", f"proven: annual budget {shown} is under {money(floor.amount, floor.currency)}"
            return "ask", f"annual budget {money(budget, currency)} is not under {money(floor.amount, floor.currency)}"
    return "ask", "to ask about"


def proven_flags(checks: tuple[DisqualifierCheck, ...]) -> frozenset[str]:
    return frozenset(c.item.id for c in checks if c.state == "proven")


def scoped_editor_notes(playbook: Playbook) -> tuple[tuple[str, str], ...]:
    """Every open editor's note with the data file it sits in: framework lines that contradict
    what we sell (kept out of decisions) and notes on added industries."""
    notes = []
    for group in playbook.require("disqualifiers").groups:
        for item in group.items:
            if not item.applies:
                notes.append(("disqualifiers", f"Disqualifier “{item.text}”: {item.offer_conflict.reason}"))
    for tier in playbook.require("tiers").tiers:
        for c in tier.offer_conflicts or ():
            if not c.confirmed:
                notes.append(("tiers", f"Tier {scoring.tier_label(tier)}, “{c.item}”: {c.reason}"))
    for industry in playbook.require("use_cases").industries:
        for c in industry.offer_conflicts or ():
            if not c.confirmed:
                notes.append(("use_cases", f"{industry.name}, “{c.item}”: {c.reason}"))
        if industry.editor_note:
            notes.append(("use_cases", f"{industry.name}: {industry.editor_note}"))
    return tuple(notes)


def editor_notes(playbook: Playbook) -> tuple[str, ...]:
    return tuple(note for _, note in scoped_editor_notes(playbook))


def open_conflict_items(industry: IndustryPattern) -> frozenset[str]:
    return frozenset(c.item for c in industry.offer_conflicts or () if not c.confirmed)


# --- the calculator -----------------------------------------------------------


def fields(playbook: Playbook) -> tuple[Field, ...]:
    """The form: the account's facts, then the four optional scores."""
    model = scoring.Model(playbook)
    names = tuple(p.name for p in playbook.require("use_cases").industries)
    currency = model.currency
    out = [
        Field(INDUSTRY, "Industry", "choice", NOT_KNOWN, choices=(NOT_KNOWN, *names),
              help="One of the playbook's industries (the command line also takes the value your CRM holds, "
                   "such as Banking).", group="What you know"),
        Field(REVENUE, "Annual revenue", "number", "", "0", read.plain(scoring.MAX_AMOUNT), "any",
              help="Optional.", group="What you know"),
        Field(BUDGET, "Annual budget", "number", "", "0", read.plain(scoring.MAX_AMOUNT), "any",
              help="Optional: what they can spend a year.", group="What you know"),
        Field(EMPLOYEES, "Employees", "number", "", "0", str(MAX_EMPLOYEES), "1", help="Optional.",
              group="What you know"),
        Field(CURRENCY, "Currency of the amounts", "choice", currency, choices=CURRENCIES, group="What you know"),
    ]
    out += [Field(d.id, d.name, "number", "", read.plain(d.min), read.plain(d.max), read.plain(d.step),
                  help="Optional, all four or none: " + "; ".join(d.criteria) + ".", group="Scores (optional)")
            for d in model.dimensions]
    return tuple(out)


def _industry(field: str, raw: Any, label: Optional[str] = None, **_: Any) -> Optional[str]:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InputError([FieldError(field, f"{label or 'Industry'}: enter the industry as text")])
    text = " ".join(raw.split())
    if len(text) > MAX_INDUSTRY:
        raise InputError([FieldError(field, f"{label or 'Industry'}: enter at most {MAX_INDUSTRY} characters")])
    return None if not text or text.lower() == NOT_KNOWN.lower() else text


def _employees(field: str, raw: Any, label: Optional[str] = None, **kwargs: Any) -> Optional[int]:
    value = read.number(field, raw, Decimal(0), Decimal(MAX_EMPLOYEES), optional=True,
                        **({"label": label} if label is not None else {}))
    if value is not None and value != value.to_integral_value():
        raise InputError([FieldError(field, f"{label or 'Employees'}: enter a whole number such as 250")])
    return None if value is None else int(value)


def parse(params: Mapping[str, Any], playbook: Playbook) -> FitInputs:
    """Checked FitInputs; raises InputError listing every bad field."""
    model = scoring.Model(playbook)
    reader = read.Reader(params, fields(playbook))  # labels word the errors, defaults fill gaps
    industry = reader.read(INDUSTRY, _industry)
    revenue = reader.read(REVENUE, read.number, Decimal(0), scoring.MAX_AMOUNT, money=True, optional=True)
    budget = reader.read(BUDGET, read.number, Decimal(0), scoring.MAX_AMOUNT, money=True, optional=True)
    employees = reader.read(EMPLOYEES, _employees)
    currency = reader.read(CURRENCY, read.to_choice, CURRENCIES)
    scores = [(d, reader.read(d.id, read.number, d.min, d.max, d.step, between=True, optional=True))
              for d in model.dimensions]
    given = [d for d, v in scores if v is not None]
    if given and len(given) < len(scores):
        for d, v in scores:
            if v is None and not any(e.field == d.id for e in reader.errors):
                reader.errors.append(FieldError(d.id, f"{d.name}: give all {len(scores)} scores or none"))
    reader.done()
    full = tuple((d.id, v) for d, v in scores) if given else None
    return FitInputs(industry, revenue, budget, employees, currency, full)


def check(inputs: FitInputs, playbook: Playbook) -> FitResult:
    """Answer the five prompts for checked inputs."""
    model = scoring.Model(playbook)
    industry = find_industry(inputs.industry, playbook)
    seg = segment(inputs.annual_revenue, inputs.annual_budget, inputs.currency, playbook, model)
    profiles = match_profiles(industry, inputs.employees, inputs.annual_revenue, inputs.currency, playbook)
    checks = check_disqualifiers(inputs.industry, inputs.annual_budget, inputs.currency, playbook)
    band = None
    if inputs.scores is not None:
        tier_currency = model.currency
        rev = convert(inputs.annual_revenue, inputs.currency, tier_currency, playbook).amount
        bud = convert(inputs.annual_budget, inputs.currency, tier_currency, playbook).amount
        band = scoring.score(scoring.ScoringInputs(inputs.scores, rev, bud, proven_flags(checks)), playbook)
    return FitResult(inputs, industry, seg, profiles, patterns_for(industry, playbook), checks, band,
                     editor_notes(playbook))


def _lines(items) -> str:
    return "\n".join(items)


def to_json(result: FitResult, playbook: Playbook) -> dict:
    """The run() payload."""
    inp, seg, industry = result.inputs, result.segment, result.industry
    opt = lambda v: None if v is None else json_number(v)  # noqa: E731
    inputs = {INDUSTRY: inp.industry, REVENUE: opt(inp.annual_revenue), BUDGET: opt(inp.annual_budget),
              EMPLOYEES: inp.employees, CURRENCY: inp.currency}
    for d in playbook.require("scoring").dimensions:
        inputs[d.id] = opt(dict(inp.scores)[d.id]) if inp.scores else None
    hidden = open_conflict_items(industry) if industry is not None else frozenset()
    use_cases = list(industry.use_cases) if industry is not None else []
    proven = [c for c in result.disqualifiers if c.state == "proven"]
    ask = [c for c in result.disqualifiers if c.state == "ask"]
    not_applied = [c for c in result.disqualifiers if c.state == "not-applied"]
    likely = [p for p, hit in result.patterns if hit]
    links = {
        "segment": f"{PAGES['segment']}#{seg.anchor}",
        "profiles": [f"{PAGES['profiles']}#{m.profile.id}" for m in result.profiles if m.resembles],
        "use_cases": f"{PAGES['use_cases']}#{industry.id}" if industry else PAGES["use_cases"],
        "patterns": [f"{PAGES['use_cases']}#{p.id}" for p in likely],
        "disqualifiers": PAGES["disqualifiers"], "triggers": PAGES["triggers"], "research": PAGES["research"],
        "band": PAGES["band"],
    }
    band = result.band
    values = {
        "tier": seg.tier.number if seg.tier else None,
        "tier_id": seg.tier.id if seg.tier else None,
        "segment": seg.id,
        "segment_name": seg.name,
        "segment_rule": seg.rule,
        "industry": industry.id if industry else None,
        "profiles": [{"id": m.profile.id, "name": m.profile.name, "resembles": m.resembles, "why": list(m.why)}
                     for m in result.profiles],
        "use_cases": use_cases,
        "pain_points": list(industry.pain_points) if industry else [],
        "key_metrics": list(industry.key_metrics) if industry else [],
        "competition": [c for c in industry.competition if c not in hidden] if industry else [],
        "technical_patterns": [{"id": p.id, "name": p.name, "matches_use_case": hit} for p, hit in result.patterns],
        "disqualifiers_proven": [{"id": c.item.id, "text": c.item.text, "why": c.why} for c in proven],
        "disqualifiers_to_ask": [{"id": c.item.id, "text": c.item.text, "why": c.why} for c in ask],
        "disqualifiers_not_applied": [{"id": c.item.id, "text": c.item.text, "why": c.why} for c in not_applied],
        "triggers": {g.id: list(g.items) for g in playbook.require("triggers").groups},
        "research": {g.id: list(g.items) for g in playbook.require("research").checklist},
        "band": None if band is None else band.band.id,
        "action": None if band is None else band.band.action,
        "total": None if band is None else json_number(band.total),
        "declined": None if band is None else band.declined,
        "links": links,
        "editor_notes": list(result.notes),
    }
    display = {
        "headline": headline(result),
        "segment": seg.name,
        "segment_rule": seg.rule,
        "profiles": _profiles_text(result, industry),
        "use_cases": _use_cases_text(industry, hidden, inp.industry),
        "patterns": _lines(f"{p.name}: {'matches' if hit else 'ask about'} "
                           f"({', '.join(p.examples)})" for p, hit in result.patterns),
        "disqualifiers_proven": _lines(f"{c.item.text}: {c.why}" for c in proven) or "None proven by what you entered.",
        "disqualifiers_to_ask": _lines(c.item.text for c in ask) or "None.",
        "disqualifiers_not_applied": _lines(f"{c.item.text}: {c.why}" for c in not_applied) or "None.",
        "triggers": _lines(f"{g.name}: {', '.join(g.items)}" for g in playbook.require("triggers").groups),
        "research": _lines(f"{g.name}: {', '.join(g.items)}" for g in playbook.require("research").checklist),
        "band": _band_text(band),
        "editor_notes": _lines(result.notes) or "None.",
        "assumptions_text": _lines(assumptions(playbook)),
    }
    return {"inputs": inputs, "values": values, "display": display, "assumptions": list(assumptions(playbook))}


def headline(result: FitResult) -> str:
    """The answer in one sentence: where the account sits, what declines it, what to do next."""
    seg = result.segment
    where = f"{seg.name}." if seg.tier is not None or seg.id == SMB_SEGMENT else f"Segment: {seg.name.lower()}."
    proven = [c.item.text for c in result.disqualifiers if c.state == "proven"]
    if proven:
        return f"{where} Decline: {'; '.join(proven)}."
    asked = sum(1 for c in result.disqualifiers if c.state == "ask")
    band = result.band
    step = (f"Score {read.plain(band.total)} of {read.plain(band.max_total)}: {band.band.action}."
            if band is not None else "Add the four scores for the action band.")
    return f"{where} No disqualifier proven yet ({asked} to ask about). {step}"


def _profiles_text(result: FitResult, industry: Optional[IndustryPattern]) -> str:
    if industry is None:
        return "Give an industry of the playbook to compare with the enterprise profiles."
    if not result.profiles:
        return f"No enterprise profile sells to {industry.name}."
    verdict = {True: "Resembles", False: "Does not resemble", None: "May resemble (size not judged)"}
    return _lines(f"{verdict[m.resembles]} {m.profile.name}: {'; '.join(m.why)}." for m in result.profiles)


def _use_cases_text(industry: Optional[IndustryPattern], hidden: frozenset, typed: Optional[str]) -> str:
    if industry is None:
        if typed:
            return f"“{typed}” is not one of the playbook's industries: probe by technical pattern below."
        return "Give the industry to see its use cases."
    lines = [f"{industry.name}: {', '.join(industry.use_cases)}",
             f"Pain points: {', '.join(industry.pain_points)}",
             f"Key metrics: {', '.join(industry.key_metrics)}"]
    shown = [c for c in industry.competition if c not in hidden]
    if shown:
        lines.append(f"Competition: {', '.join(shown)}")
    return _lines(lines)


def _band_text(band: Optional[scoring.ScoringResult]) -> str:
    if band is None:
        return "Give all four scores to see the action band."
    text = f"{read.plain(band.total)} of {read.plain(band.max_total)}: {band.band.action}"
    if band.disqualified_by:
        text += " (declined: " + "; ".join(i.text for i in band.disqualified_by) + ")"
    return text


def assumptions(playbook: Playbook) -> tuple[str, ...]:
    rates = playbook.rates
    rate_text = ("Amounts in another currency are converted at the rates the playbook sets: "
                 + "; ".join(r.words() for r in rates) + "."
                 if rates else "No exchange rate is set: amounts in another currency than a comparison's are "
                               "not judged.")
    return (
        "An account whose revenue is within the SMB market's range is placed there, whatever its budget.",
        "Otherwise the tier is the best one whose revenue or budget minimum the account meets, as in account "
        "scoring.",
        "A profile resembles the account when it sells to the account's industry and no known fact is outside "
        "its range.",
        "A disqualifier is applied only when the facts entered prove it; lines under an editor's note are "
        "never applied.",
        rate_text,
    )


def rules(playbook: Playbook) -> tuple[str, ...]:
    """The fit rules in words, with this data's figures (llms.txt lists them)."""
    tiers = playbook.require("tiers").tiers
    smb = playbook.require("smb").revenue
    lowest = tiers[-1]
    notes = scoped_editor_notes(playbook)
    return (
        f"Segment: annual revenue within {range_text(smb)} (`smb.revenue`) is the SMB market, with no tier.",
        "Tier: otherwise the first tier whose revenue or budget minimum is met: "
        + "; ".join(f"Tier {scoring.tier_label(t)} from {money(t.revenue.min, t.revenue.currency)} revenue or "
                    f"{money(t.budget.min, t.budget.currency)} budget a year" for t in tiers)
        + f". Below Tier {lowest.number}'s minimums: below every tier.",
        *assumptions(playbook)[2:],
        f"{len(notes)} framework lines carry an open editor's note (`offer_conflicts`, `offer_conflict`): "
        "show them as notes, never use them to decline, tier or compare.",
    )


def run(params: Mapping[str, Any], playbook: Playbook) -> dict:
    """Parse, check and serialise: the registry's entry point (raises InputError)."""
    return to_json(check(parse(params, playbook), playbook), playbook)


CALCULATOR = Calculator(
    name="fit",
    title="Fit check: is this company a fit?",
    edition="internal",
    fields=fields,
    money=frozenset({REVENUE, BUDGET}),
    outputs=(("segment", "Segment"), ("segment_rule", "Why"), ("profiles", "Profiles"),
             ("use_cases", "Use cases to probe"), ("patterns", "Technical patterns"),
             ("disqualifiers_proven", "Disqualifiers proven"), ("disqualifiers_to_ask", "Disqualifiers to ask"),
             ("disqualifiers_not_applied", "Not applied"), ("triggers", "Trigger events"),
             ("research", "Research checklist"), ("band", "Action band")),
    run=run,
    companions=("crm",),  # CRM exports' triage reads the fit rules: internal too
)
"""The fit check, as the registry, CLI, forms and wheel read it."""
