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
from functools import cache, cached_property
from typing import Any, Callable, Mapping, Optional

from . import account_inputs
from . import inputs as read
from . import quote as quote_
from . import scoring
from .account_inputs import RATE
from .amounts import read_count
from .declaration import Calculator
from .inputs import Field, FieldError, InputError
from .model import CountRange, Disqualifier, IndustryPattern, MoneyRange, Playbook, Profile, Tier, crm_key
from .money import CURRENCIES, Money, Rate, json_number, money

INDUSTRY, EMPLOYEES = "industry", "employees"
REVENUE, BUDGET, CURRENCY, RATE = account_inputs.REVENUE, account_inputs.BUDGET, account_inputs.CURRENCY, RATE
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
    """Checked inputs: the industry as typed, amounts each in its own currency (the chosen `currency`
    unless typed with another: "£38M"), optional scores, the rates the rep set, and what the reading noted."""

    industry: Optional[str]
    annual_revenue: Optional[Money]
    annual_budget: Optional[Money]
    employees: Optional[int]
    currency: str
    scores: Optional[tuple[tuple[str, Decimal], ...]]
    rates: tuple[Rate, ...] = ()
    notes: tuple[str, ...] = ()


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
    """One enterprise profile and how the account compares with it.

    `industry` is whether the profile sells to the account's industry; `resembles` is None when no
    size fact could be judged. A profile of another industry is listed only when the account's known
    size matches it, below those that also match the industry.
    """

    profile: Profile
    resembles: Optional[bool]
    why: tuple[str, ...]
    industry: bool = True


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
    quote: Optional[quote_.Quote] = None


# --- pure rules ---------------------------------------------------------------


def convert(amount: Optional[Decimal | Money], have: str, want: str, playbook: Playbook,
            rates: tuple[Rate, ...] = ()) -> Converted:
    """`amount` (in `have`, or a Money in its own currency) as `want` through money.convert: at a rate the
    rep set (`rates`) first, then at the data's (data/rates.yml); `note` says the rate and its date, or
    what cannot be judged."""
    if amount is None or (have == want and not isinstance(amount, Money)):  # nothing to convert: no words
        return Converted(amount)
    value = amount if isinstance(amount, Money) else Money(amount, have)
    converted, note = account_inputs.in_currency(value, want, (*rates, *playbook.rates))
    return Converted(converted, note)


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


def segment(revenue: Optional[Decimal | Money], budget: Optional[Decimal | Money], currency: str,
            playbook: Playbook, model: Optional[scoring.Model] = None, rates: tuple[Rate, ...] = ()) -> Segment:
    """The SMB market, a tier, below every tier, or unknown; `rule` says which fact decided.

    Amounts are Decimals in `currency` or Money in their own; `rates` (the rep's) go before the data's.
    """
    model = model or scoring.Model(playbook)
    tiers = model.tiers
    tier_currency = model.currency
    rev = convert(revenue, currency, tier_currency, playbook, rates)
    bud = convert(budget, currency, tier_currency, playbook, rates)
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


@cache  # a handful of ranges in the data, worded for every row of a CRM export
def range_text(span: MoneyRange) -> str:
    top = f"–{money(span.max, span.currency)}" if span.max is not None else "+"
    return f"{money(span.min, span.currency)}{top} a {span.per}"


@cache
def count_text(span: CountRange) -> str:
    return f"{span.min:,}–{span.max:,}" if span.max is not None else f"{span.min:,}+"


def match_profiles(industry: Optional[IndustryPattern], employees: Optional[int],
                   revenue: Optional[Decimal | Money], currency: str, playbook: Playbook,
                   rates: tuple[Rate, ...] = ()) -> tuple[ProfileMatch, ...]:
    """The profiles the account resembles, each with its reasons, best first.

    Profiles selling to the account's industry come first: each resembles it unless a known fact is out
    of range. Then profiles of other industries whose known size (employees, revenue, converted at a
    stated rate) all match, with at least one fact judged: the account resembles them by size alone.
    The reasons are worded only for the profiles listed (the account pipeline asks for every row).
    """
    if playbook.profiles is None:
        return ()
    same, by_size = [], []
    conversions: dict[str, Converted] = {}  # the revenue in each profile currency, converted once
    for profile in playbook.profiles.profiles:
        fit = profile.fit
        if fit is None:
            continue
        sells = industry is not None and industry.id in fit.industries
        revenue_in = None
        if fit.revenue is not None and revenue is not None:
            revenue_in = conversions.get(fit.revenue.currency)
            if revenue_in is None:
                revenue_in = conversions[fit.revenue.currency] = convert(revenue, currency, fit.revenue.currency,
                                                                         playbook, rates)
        resembles, judged = _size_verdict(fit, employees, revenue_in)
        if sells:
            why = [f"industry {industry.name} is one it sells to", *_size_words(fit, employees, revenue_in)]
            same.append(ProfileMatch(profile, resembles if (judged or not resembles) else None, tuple(why)))
        elif resembles and judged:
            names = _industry_names(fit.industries, playbook)
            where = (f"industry {industry.name} is not one it sells to ({names})" if industry is not None
                     else f"industry not matched (it sells to {names})")
            by_size.append(ProfileMatch(profile, True, (*_size_words(fit, employees, revenue_in), where),
                                        industry=False))
    order = {True: 0, None: 1, False: 3}
    ranked = sorted(same, key=lambda m: order[m.resembles])
    return (*[m for m in ranked if m.resembles is not False], *by_size, *[m for m in ranked if m.resembles is False])


def _industry_names(ids: tuple[str, ...], playbook: Playbook) -> str:
    names = {p.id: p.name for p in playbook.require("use_cases").industries}
    return ", ".join(names.get(i, i) for i in ids)


def _size_verdict(fit, employees: Optional[int], revenue: Optional[Converted]) -> tuple[bool, bool]:
    """(no known fact outside the profile's range, at least one fact within it); `revenue` is converted
    into the profile's currency (None when not known)."""
    resembles, judged = True, False
    if fit.employees is not None and employees is not None:
        if within(Decimal(employees), fit.employees):
            judged = True
        else:
            resembles = False
    if fit.revenue is not None and revenue is not None and revenue.amount is not None:
        if within(revenue.amount, fit.revenue):
            judged = True
        else:
            resembles = False
    return resembles, judged


def _size_words(fit, employees: Optional[int], revenue: Optional[Converted]) -> list[str]:
    """The reasons of _size_verdict, in words."""
    why = []
    if fit.employees is not None:
        if employees is None:
            why.append(f"employees not known (profile: {count_text(fit.employees)})")
        else:
            where = "within" if within(Decimal(employees), fit.employees) else "outside"
            why.append(f"{employees:,} employees is {where} its {count_text(fit.employees)}")
    if fit.revenue is not None:
        if revenue is None:
            why.append(f"revenue not known (profile: {range_text(fit.revenue)})")
        elif revenue.amount is None:
            why.append(revenue.note + f" (profile: {range_text(fit.revenue)})")
        else:
            where = "within" if within(revenue.amount, fit.revenue) else "outside"
            rate_note = f" ({revenue.note})" if revenue.note else ""
            why.append(f"revenue {money(revenue.amount, fit.revenue.currency)} is {where} its "
                       f"{range_text(fit.revenue)}{rate_note}")
    return why


def patterns_for(industry: Optional[IndustryPattern], playbook: Playbook) -> tuple[tuple[Any, bool], ...]:
    """Every technical pattern, and whether one of its examples is a use case of the industry."""
    wanted = {crm_key(u) for u in industry.use_cases} if industry is not None else set()
    return tuple((p, any(crm_key(e) in wanted for e in p.examples))
                 for p in playbook.require("use_cases").technical_patterns)


def check_disqualifiers(industry_text: Optional[str], budget: Optional[Decimal | Money], currency: str,
                        playbook: Playbook, rates: tuple[Rate, ...] = ()) -> tuple[DisqualifierCheck, ...]:
    """Each disqualifier: proven by the known facts, still to ask about, or not applied."""
    out = []
    key = crm_key(industry_text) if industry_text else ""
    if isinstance(budget, Money):
        budget, currency = budget.amount, budget.currency
    for group in playbook.require("disqualifiers").groups:
        for item in group.items:
            out.append(DisqualifierCheck(item, group.id, *_disqualifier_state(item, key, budget, currency,
                                                                             playbook, rates)))
    return tuple(out)


def _disqualifier_state(item: Disqualifier, industry_key: str, budget: Optional[Decimal], currency: str,
                        playbook: Playbook, rates: tuple[Rate, ...] = ()) -> tuple[str, str]:
    if not item.applies:
        return "not-applied", f"editor's note, not applied: {item.offer_conflict.reason}"
    proof = item.proven_by
    if proof is not None:
        if industry_key and industry_key in {crm_key(v) for v in proof.industries or ()}:
            return "proven", "proven by the industry"
        if proof.budget_below is not None and budget is not None:
            floor = proof.budget_below
            converted = convert(budget, currency, floor.currency, playbook, rates)
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
        Field(REVENUE, "Annual revenue", "text", "", "0", read.plain(scoring.MAX_AMOUNT), help="Optional, as you "
              "would write it: 38000000, £38M, $1.2bn; without a symbol, in the chosen currency.",
              group="What you know"),
        Field(BUDGET, "Annual budget", "text", "", "0", read.plain(scoring.MAX_AMOUNT), help="Optional: what they "
              "can spend a year, such as 60k or £60,000.", group="What you know"),
        Field(EMPLOYEES, "Employees", "text", "", "0", str(MAX_EMPLOYEES), "1", help="Optional: 420, ~450 or "
              "200-500 (the lower bound is used).", group="What you know"),
        Field(CURRENCY, "Currency of the amounts", "choice", currency, choices=CURRENCIES, group="What you know"),
        Field(RATE, account_inputs.RATE_LABEL, "text", "", help=account_inputs.rate_help(), group="What you know"),
    ]
    out += [Field(d.id, d.name, "number", "", read.plain(d.min), read.plain(d.max), read.plain(d.step),
                  help="Optional, all four or none: " + "; ".join(d.criteria) + ".", group="Scores (optional)",
                  optional=True)
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


def _employees(field: str, raw: Any, minimum: Decimal, maximum: Decimal, label: Optional[str] = None,
               **kwargs: Any) -> tuple[Optional[int], str]:
    """A head count as people write it ("420", "~450", "200-500"), read as the account pipeline reads it,
    within its Field's limits."""
    if isinstance(raw, str):
        reading = read_count(raw)
        if reading.value is None:
            if reading.question or not (reading.note == "not given" or reading.note.endswith("not known")):
                why = reading.note.split(": ", 1)[-1].removesuffix("; not read")
                raise InputError([read.said(field, label, f"enter a whole number such as 250, from "
                                                          f"{read.grouped(minimum)} to {read.grouped(maximum)} "
                                                          f"({read.shown(raw)}: {why})")])
            return None, ""
        if not minimum <= reading.value <= maximum:
            raise InputError([read.said(field, label, "enter " + read.range_words(minimum, maximum, Decimal(1)))])
        return reading.value, reading.note
    value = read.number(field, raw, minimum, maximum, Decimal(1), optional=True,
                        **({"label": label} if label is not None else {}))
    return (None if value is None else int(value)), ""


def parse(params: Mapping[str, Any], playbook: Playbook) -> FitInputs:
    """Checked FitInputs; raises InputError listing every bad field."""
    model = scoring.Model(playbook)
    reader = read.Reader(params, fields(playbook))  # labels word the errors, defaults fill gaps
    industry = reader.read(INDUSTRY, _industry)
    revenue, budget, currency, rates, notes = account_inputs.read_account(reader)
    employees, employees_note = reader.read(EMPLOYEES, _employees, *reader.fields[EMPLOYEES].limits()) or (None, "")
    if employees_note:
        notes.append(f"Employees: {employees_note}")
    scores = [(d, reader.number(d.id)) for d in model.dimensions]
    given = [d for d, v in scores if v is not None]
    if given and len(given) < len(scores):
        for d, v in scores:
            if v is None and not any(e.field == d.id for e in reader.errors):
                reader.errors.append(FieldError(d.id, f"{d.name}: give all {len(scores)} scores or none"))
    reader.done()
    full = tuple((d.id, v) for d, v in scores) if given else None
    return FitInputs(industry, revenue, budget, employees, currency, full, rates, tuple(notes))


def check(inputs: FitInputs, playbook: Playbook) -> FitResult:
    """Answer the five prompts for checked inputs."""
    model = scoring.Model(playbook)
    rates = inputs.rates
    industry = find_industry(inputs.industry, playbook)
    seg = segment(inputs.annual_revenue, inputs.annual_budget, inputs.currency, playbook, model, rates)
    profiles = match_profiles(industry, inputs.employees, inputs.annual_revenue, inputs.currency, playbook, rates)
    checks = check_disqualifiers(inputs.industry, inputs.annual_budget, inputs.currency, playbook, rates)
    band = None
    if inputs.scores is not None:
        tier_currency = model.currency
        rev = convert(inputs.annual_revenue, inputs.currency, tier_currency, playbook, rates).amount
        bud = convert(inputs.annual_budget, inputs.currency, tier_currency, playbook, rates).amount
        band = scoring.score(scoring.ScoringInputs(inputs.scores, rev, bud, proven_flags(checks)), playbook)
    quote = quote_.what_to_quote(seg.id, tuple(m.profile.id for m in resembled(profiles)), inputs.annual_budget,
                                 inputs.currency, playbook, rates)
    return FitResult(inputs, industry, seg, profiles, patterns_for(industry, playbook), checks, band,
                     editor_notes(playbook), quote)


def _lines(items) -> str:
    return "\n".join(items)


def to_json(result: FitResult, playbook: Playbook) -> dict:
    """The run() payload."""
    inp, seg, industry = result.inputs, result.segment, result.industry
    opt = lambda v: None if v is None else json_number(v)  # noqa: E731
    inputs = {INDUSTRY: inp.industry, REVENUE: _amount_input(inp.annual_revenue),
              BUDGET: _amount_input(inp.annual_budget), EMPLOYEES: inp.employees,
              CURRENCY: inp.currency, RATE: account_inputs.rates_text(inp.rates) or None}
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
        "profiles": [{"id": m.profile.id, "name": m.profile.name, "resembles": m.resembles,
                      "industry_match": m.industry, "why": list(m.why)} for m in result.profiles],
        "quote": quote_json(result.quote),
        "rates": [{"base": r.base, "quote": r.quote, "rate": json_number(r.rate), "as_of": r.as_of,
                   "source": r.source} for r in (*inp.rates, *playbook.rates)],
        "reading_notes": list(inp.notes),
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
        "quote": _lines(result.quote.lines()),
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
        "reading_notes": _lines(inp.notes) or "None.",
        "assumptions_text": _lines(assumptions(playbook, inp.rates)),
    }
    return {"inputs": inputs, "values": values, "display": display,
            "assumptions": list(assumptions(playbook, inp.rates))}


def _amount_input(value: Optional[Money]) -> Optional[str]:
    """An amount with its currency, as a form and the command line read it back: "£38,000,000"."""
    return None if value is None else value.text()


def quote_json(quote: quote_.Quote) -> dict:
    """What to quote as the fit check's --json and the account pipeline's rows give it."""
    def one(fit: quote_.OfferFit) -> dict:
        span = fit.offer.span
        return {"id": fit.offer.id, "name": fit.offer.name, "currency": span.currency,
                "min": json_number(span.min), "max": None if span.max is None else json_number(span.max),
                "per": span.per, "verdict": fit.verdict, "text": fit.text, "link": fit.offer.page}
    return {"chosen": [one(f) for f in quote.chosen], "others": [one(f) for f in quote.others],
            "summary": quote.summary}


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
    if not result.profiles:
        if industry is None:
            return ("Give an industry of the playbook, or the employees and revenue, to compare with the "
                    "enterprise profiles.")
        return (f"No enterprise profile sells to {industry.name}, and none matches the size entered "
                "(give the employees and revenue to compare by size).")
    verdict = {True: "Resembles", False: "Does not resemble", None: "May resemble (size not judged)"}
    lines = [f"{verdict[m.resembles]} {match_line(m)}" for m in result.profiles]
    if industry is not None and not any(m.industry for m in result.profiles):
        lines.insert(0, f"No enterprise profile sells to {industry.name}; by size alone:")
    return _lines(lines)


def match_line(match: ProfileMatch) -> str:
    """One profile and why: "Logistics Profile by size: 420 employees is within its 200–1,000; …"."""
    return f"{match.profile.name}{'' if match.industry else ' by size'}: {'; '.join(match.why)}."


def resembled(matches: tuple[ProfileMatch, ...]) -> tuple[ProfileMatch, ...]:
    """The profiles an account resembles (match_profiles' order, best first): those quoted for it."""
    return tuple(m for m in matches if m.resembles)


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


def assumptions(playbook: Playbook, rates: tuple[Rate, ...] = ()) -> tuple[str, ...]:
    mine = "; ".join(r.words() for r in rates)
    data = "; ".join(r.words() for r in playbook.rates)
    if mine or data:
        rate_text = ("Amounts in another currency are converted only at a stated rate: "
                     + "; ".join(part for part in (mine, f"the playbook's: {data}" if data else "") if part) + ".")
    else:
        rate_text = "No exchange rate is set: amounts in another currency than a comparison's are not judged."
    return (
        "An account whose revenue is within the SMB market's range is placed there, whatever its budget.",
        "Otherwise the tier is the best one whose revenue or budget minimum the account meets, as in account "
        "scoring.",
        "A profile resembles the account when it sells to the account's industry and no known fact is outside "
        "its range; a profile of another industry resembles it by size when every known size fact is within "
        "its range, and is listed after those.",
        "What to quote: the SMB retainer for the SMB market, each resembled profile's typical retainer; an "
        "annual budget is compared as a twelfth a month with every priced offer.",
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
    outputs=(("segment", "Segment"), ("segment_rule", "Why"), ("profiles", "Profiles"), ("quote", "What to quote"),
             ("use_cases", "Use cases to probe"), ("patterns", "Technical patterns"),
             ("disqualifiers_proven", "Disqualifiers proven"), ("disqualifiers_to_ask", "Disqualifiers to ask"),
             ("disqualifiers_not_applied", "Not applied"), ("triggers", "Trigger events"),
             ("research", "Research checklist"), ("band", "Action band")),
    run=run,
    companions=("quote",),  # what to quote: internal too
)
"""The fit check, as the registry, CLI, forms and wheel read it."""
