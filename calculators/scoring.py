"""Account scoring: four dimension scores, the action band, disqualifiers, a tier.

The model is data/scoring.yml: scores add up to a total, and the total's band
says what reps do. Any disqualifier of data/disqualifiers.yml declines the
account whatever its score. The tier suggestion reads data/tiers.yml: the
best tier whose revenue or budget minimum the account meets (the seed's tier 1
is "$1B+ or high-growth unicorns", so budget can lift a fast-growing account).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping, Optional

from . import account_inputs
from . import inputs as read
from .account_inputs import BUDGET, CURRENCY, RATE, REVENUE
from .declaration import Calculator
from .inputs import Field
from .model import Band, Item, Playbook, Tier
from .money import CURRENCIES, Money, Rate, json_number, money

MAX_AMOUNT = Decimal(10) ** 13
"""Largest annual revenue or budget accepted (ten trillion): beyond any real account."""

FIELD_REVENUE = REVENUE
FIELD_BUDGET = BUDGET


@dataclass(frozen=True)
class ScoringInputs:
    """Checked inputs: scores in data order, optional revenue and budget in the tier table's currency,
    flags set. `entered` keeps the amounts as the rep gave them (each in its own currency), `currency`
    the one chosen, `rates` those the rep set, `notes` how each amount was read or converted and
    `unjudged` the facts no stated rate lets the tiers judge."""

    scores: tuple[tuple[str, Decimal], ...]
    annual_revenue: Optional[Decimal]
    annual_budget: Optional[Decimal]
    flags: frozenset[str]
    entered: tuple[Optional[Money], Optional[Money]] = (None, None)
    currency: str = ""
    rates: tuple[Rate, ...] = ()
    notes: tuple[str, ...] = ()
    unjudged: tuple[str, ...] = ()


@dataclass(frozen=True)
class TierSuggestion:
    """The suggested tier (None: no tier) and the facts that decided it."""

    tier: Optional[Tier]
    decided_by: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ScoringResult:
    """A scored account: total, its band, the outcome band after disqualifiers, a tier.

    `declined` is true when the outcome is the lowest band, by score or by a
    disqualifier; `flag_ids` lists every disqualifier id in data order;
    `currency` is the tier table's, in which revenue and budget are read.
    """

    inputs: ScoringInputs
    total: Decimal
    max_total: Decimal
    score_band: Band
    band: Band
    declined: bool
    disqualified_by: tuple[Item, ...]
    flag_ids: tuple[str, ...]
    tier: TierSuggestion
    reasons: tuple[str, ...]
    assumptions: tuple[str, ...]
    currency: str
    proven: tuple[Item, ...] = ()
    not_applied: tuple[Item, ...] = ()
    to_next_band: tuple[Optional[Decimal], Optional[Decimal]] = (None, None)
    dimensions: tuple = ()


class Model:
    """The scoring data, resolved once (batch scoring reuses one Model per file)."""

    def __init__(self, playbook: Playbook):
        scoring = playbook.require("scoring")
        self.dimensions = scoring.dimensions
        self.bands = scoring.bands  # highest first (checked by the data model)
        self.max_total = scoring.max_total
        self.tiers = playbook.require("tiers").tiers
        self.currency = self.tiers[0].revenue.currency  # the tier table's: revenue and budget are read in it
        self.disqualifiers = tuple(
            (group, item) for group in playbook.require("disqualifiers").groups for item in group.items)
        self.flag_items = {item.id: item for _, item in self.disqualifiers}
        self.lowest = self.bands[-1]
        self.smb = playbook.smb.revenue if playbook.smb is not None else None  # the market below the tiers

    def band_for(self, total: Decimal) -> Band:
        """The band whose min is the highest one at or below the total."""
        for band in self.bands:
            if total >= band.min:
                return band
        return self.lowest

    def band_range(self, band: Band) -> str:
        """'25 to under 35' or '35 to 40': the totals a band covers."""
        index = self.bands.index(band)
        if index == 0:
            return f"{read.plain(band.min)} to {read.plain(self.max_total)}"
        return f"{read.plain(band.min)} to under {read.plain(self.bands[index - 1].min)}"

    def tier_for(self, revenue: Optional[Decimal], budget: Optional[Decimal]) -> tuple[Optional[Tier], tuple[str, ...]]:
        """The best tier whose revenue or budget minimum is met, and which facts met it."""
        for tier in self.tiers:
            met = []
            if revenue is not None and revenue >= tier.revenue.min:
                met.append(FIELD_REVENUE)
            if budget is not None and budget >= tier.budget.min:
                met.append(FIELD_BUDGET)
            if met:
                return tier, tuple(met)
        return None, ()

    def suggest_tier(self, revenue: Optional[Decimal], budget: Optional[Decimal]) -> TierSuggestion:
        """The tier and a sentence saying which fact decided it."""
        tier, met = self.tier_for(revenue, budget)
        if tier is None:
            return TierSuggestion(None, (), self._no_tier_reason(revenue, budget))
        parts = []
        if FIELD_REVENUE in met:
            parts.append(f"annual revenue {money(revenue, tier.revenue.currency)} meets its "
                         f"{money(tier.revenue.min, tier.revenue.currency)} revenue minimum")
        if FIELD_BUDGET in met:
            parts.append(f"annual budget {money(budget, tier.budget.currency)} meets its "
                         f"{money(tier.budget.min, tier.budget.currency)} budget minimum")
        reason = f"Tier {tier_label(tier)}: " + " and ".join(parts) + "."
        if met == (FIELD_BUDGET,) and revenue is not None:
            floor = money(tier.revenue.min, tier.revenue.currency)
            reason += (f" Revenue alone ({money(revenue, tier.revenue.currency)}) is below the tier's {floor} "
                       "minimum; the budget lifts it"
                       + (f" (the tier's revenue is {floor}+ {tier.revenue_note})." if tier.revenue_note else "."))
        return TierSuggestion(tier, met, reason)

    def _no_tier_reason(self, revenue: Optional[Decimal], budget: Optional[Decimal]) -> str:
        if revenue is None and budget is None:
            return "No tier suggested: enter the annual revenue or annual budget to suggest one."
        last = self.tiers[-1]
        facts = []
        if revenue is not None:
            facts.append(f"annual revenue {money(revenue, last.revenue.currency)} is below every tier's "
                         f"revenue minimum (lowest {money(last.revenue.min, last.revenue.currency)})")
        if budget is not None:
            facts.append(f"annual budget {money(budget, last.budget.currency)} is below every tier's "
                         f"budget minimum (lowest {money(last.budget.min, last.budget.currency)})")
        smb = self.smb
        if revenue is not None and smb is not None and smb.currency == last.revenue.currency \
                and smb.min <= revenue <= (smb.max if smb.max is not None else revenue):
            top = f"–{money(smb.max, smb.currency)}" if smb.max is not None else "+"
            facts.append(f"it is in the SMB market below the tiers ({money(smb.min, smb.currency)}{top} revenue)")
        return "No tier: " + " and ".join(facts) + "."


def tier_label(tier: Tier) -> str:
    """The Salesforce "Target Account Tier" value: 1 (Strategic)."""
    return f"{tier.number} ({tier.name})"


def fields(playbook: Playbook) -> tuple[Field, ...]:
    """The form: four scores, revenue and budget, then one flag per disqualifier."""
    model = Model(playbook)
    currency = model.currency
    out = [
        Field(d.id, d.name, "number", default_score(d.min, d.max, d.step), read.plain(d.min),
              read.plain(d.max), read.plain(d.step), help="; ".join(d.criteria), group="Scores")
        for d in model.dimensions
    ]
    out.append(Field(FIELD_REVENUE, "Annual revenue", "text", "", "0", read.plain(MAX_AMOUNT),
                     help="Optional, as you would write it: 38000000, £38M, $1.2bn; without a symbol, in the "
                          "chosen currency. Suggests a tier.", group="Account size"))
    out.append(Field(FIELD_BUDGET, "Annual budget", "text", "", "0", read.plain(MAX_AMOUNT),
                     help="Optional: annual spend capability, such as 60k or £60,000; suggests a tier.",
                     group="Account size"))
    out.append(Field(CURRENCY, "Currency of the amounts", "choice", currency, choices=CURRENCIES,
                     help=f"The tiers are in {currency}; amounts in another currency are converted at a stated "
                          "rate.", group="Account size"))
    out.append(Field(RATE, account_inputs.RATE_LABEL, "text", "", help=account_inputs.rate_help(),
                     group="Account size"))
    out.extend(Field(item.id, item.text, "flag", "0", group=group.name, help=flag_help(item))
               for group, item in model.disqualifiers)
    return tuple(out)


def flag_help(item: Item) -> str:
    """What a disqualifier's tick box does beyond declining: proven by facts, or not applied."""
    if not getattr(item, "applies", True):
        return f"Editor's note, not applied until a writer confirms it: {item.offer_conflict.reason}"
    budget = proven_budget(item)
    if budget is not None:
        return f"Applied automatically when the annual budget is under {money(budget.amount, budget.currency)}."
    return ""


def proven_budget(item: Item):
    """The yearly amount under which a budget proves this disqualifier, if any."""
    proof = getattr(item, "proven_by", None)
    return proof.budget_below if proof is not None else None


def proven_by_facts(model: "Model", budget: Optional[Decimal]) -> tuple[tuple[Item, str], ...]:
    """Disqualifiers the entered facts prove (a budget under the data's floor), each with why.

    Amounts are in the tier table's currency; a floor in another currency is not judged.
    """
    if budget is None:
        return ()
    currency = model.currency
    out = []
    for _, item in model.disqualifiers:
        floor = proven_budget(item)
        if floor is not None and getattr(item, "applies", True) and floor.currency == currency \
                and budget < floor.amount:
            out.append((item, f"annual budget {money(budget, currency)} is under {money(floor.amount, currency)}"))
    return tuple(out)


def applied_flags(model: "Model", ticked: "set[str] | frozenset[str]", budget: Optional[Decimal]) -> frozenset[str]:
    """The disqualifiers that decline an account: those ticked that may apply (no open editor's note),
    and those its budget proves (a batch row's flags, like score())."""
    out = {flag for flag in ticked if getattr(model.flag_items.get(flag), "applies", True)}
    out.update(item.id for item, _ in proven_by_facts(model, budget))
    return frozenset(out)


def points_to_next_band(model: "Model", total: Decimal, band: Band) -> tuple[Optional[Decimal], Optional[Decimal]]:
    """(points to gain to reach the band above, points to lose to fall into the band below); None at the ends."""
    step = min(d.step for d in model.dimensions)
    index = model.bands.index(band)
    up = model.bands[index - 1].min - total if index > 0 else None
    down = total - band.min + step if index < len(model.bands) - 1 else None
    return up, down


def default_score(low: Decimal, high: Decimal, step: Decimal) -> str:
    """The middle of a scale, on a step: 5 on 0-10."""
    middle = low + ((high - low) / 2 / step).to_integral_value() * step
    return read.plain(middle)


def parse(params: Mapping[str, Any], playbook: Playbook) -> ScoringInputs:
    """Checked ScoringInputs from raw params; raises InputError listing every bad field."""
    model = Model(playbook)
    reader = read.Reader(params, fields(playbook))  # labels word the errors, defaults fill gaps
    scores = tuple((d.id, reader.number(d.id)) for d in model.dimensions)
    revenue, budget, currency, rates, notes = account_inputs.read_account(reader)
    flags = frozenset(item.id for _, item in model.disqualifiers if reader.flag(item.id))
    reader.done()
    every_rate = (*rates, *playbook.rates)
    amounts, unjudged = [], []
    for value in (revenue, budget):
        amount, note = account_inputs.in_currency(value, model.currency, every_rate)
        amounts.append(amount)
        if note:
            (unjudged if amount is None else notes).append(note)
    return ScoringInputs(scores, amounts[0], amounts[1], flags, (revenue, budget), currency, rates, tuple(notes),
                         tuple(unjudged))


def score(inputs: ScoringInputs, playbook: Playbook) -> ScoringResult:
    """Total, band, disqualifiers and tier for checked inputs."""
    model = Model(playbook)
    total = sum((value for _, value in inputs.scores), Decimal(0))
    score_band = model.band_for(total)
    ticked = tuple(item for _, item in model.disqualifiers if item.id in inputs.flags)
    not_applied = tuple(item for item in ticked if not getattr(item, "applies", True))
    proven = proven_by_facts(model, inputs.annual_budget)
    proven_ids = {item.id for item, _ in proven}
    hits = tuple(item for _, item in model.disqualifiers
                 if (item in ticked and item not in not_applied) or item.id in proven_ids)
    band = model.lowest if hits else score_band
    up, down = points_to_next_band(model, total, score_band)
    tier = model.suggest_tier(inputs.annual_revenue, inputs.annual_budget)
    if tier.tier is None and inputs.unjudged:
        tier = TierSuggestion(None, (), "No tier suggested: " + "; ".join(inputs.unjudged) + ".")
    elif inputs.notes:  # the amounts compared were converted (or read): the tier says how
        tier = TierSuggestion(tier.tier, tier.decided_by, tier.reason + " " + "; ".join(inputs.notes) + ".")
    names = {d.id: d.name for d in model.dimensions}
    reasons = [
        f"Total {read.plain(total)} of {read.plain(model.max_total)}: "
        + ", ".join(f"{names[i]} {read.plain(v)}" for i, v in inputs.scores) + ".",
        f"A total of {read.plain(total)} is in the {model.band_range(score_band)} band: {score_band.action}.",
    ]
    if up is not None or down is not None:
        reasons.append("It is " + " and ".join(
            part for part in (f"{read.plain(up)} points short of the band above" if up is not None else "",
                              f"{read.plain(down)} points from falling into the band below" if down is not None
                              else "")
            if part) + ".")
    for item, why in proven:
        reasons.append(f"Applied automatically: {item.text}, because the {why}.")
    for item in not_applied:
        reasons.append(f"Not applied: “{item.text}” carries an editor's note ({item.offer_conflict.reason}).")
    if hits:
        reasons.append("Declined whatever the score: " + "; ".join(item.text for item in hits)
                       + (" is a disqualifier." if len(hits) == 1 else " are disqualifiers."))
    reasons.append(tier.reason)
    if tier.tier is not None:  # a fact no rate reaches, beside a tier another fact decided
        reasons.extend(f"Not judged: {note}." for note in inputs.unjudged)
    return ScoringResult(inputs, total, model.max_total, score_band, band, band is model.lowest, hits,
                         tuple(model.flag_items), tier, tuple(reasons), assumptions(model), model.currency,
                         tuple(item for item, _ in proven), not_applied, (up, down), model.dimensions)


CURRENCY_NAMES = {"USD": "US dollars", "GBP": "pounds sterling", "EUR": "euros"}


def assumptions(model: Model) -> tuple[str, ...]:
    """What the score, the outcome and the tier rest on, with the data's own figures."""
    top, step = model.bands[0], min(d.step for d in model.dimensions)
    currency = model.currency
    return (
        f"The total is the sum of the {len(model.dimensions)} dimension scores; each band covers totals from "
        f"its minimum up to the next band's minimum, so {read.plain(top.min - step)} is in the band below "
        f"{read.plain(top.min)}.",
        "Any disqualifier declines the account whatever its score.",
        f"The tiers are in the tier table's currency ({CURRENCY_NAMES.get(currency, currency)}); an amount in "
        "another currency is converted only at a stated rate (the one you set, else the playbook's, its date "
        "shown), and without one the tier says what it cannot judge.",
        "The suggested tier is the best one whose revenue minimum or budget minimum the account meets.",
    )


def to_json(result: ScoringResult) -> dict:
    """The run() payload: normalised inputs, raw values and display text."""
    inp = result.inputs
    tier = result.tier.tier
    opt = lambda v: None if v is None else json_number(v)  # noqa: E731
    inputs = {name: json_number(value) for name, value in inp.scores}
    for name, value in zip((FIELD_REVENUE, FIELD_BUDGET), inp.entered):
        inputs[name] = None if value is None else value.text()  # with its currency: "£38,000,000"
    inputs[CURRENCY] = inp.currency
    inputs[RATE] = account_inputs.rates_text(inp.rates) or None
    inputs.update((flag, flag in inp.flags) for flag in result.flag_ids)
    values = {
        "total": json_number(result.total),
        "max_total": json_number(result.max_total),
        "score_band": result.score_band.id,
        "band": result.band.id,
        "action": result.band.action,
        "declined": result.declined,
        "disqualified_by": [item.id for item in result.disqualified_by],
        "tier": tier.number if tier else None,
        "tier_id": tier.id if tier else None,
        "tier_name": tier.name if tier else None,
        "tier_decided_by": list(result.tier.decided_by),
        "reasons": list(result.reasons),
        "contributions": contributions(result),
        "points_to_next_band": {"up": opt(result.to_next_band[0]), "down": opt(result.to_next_band[1])},
        "proven_disqualifiers": [item.id for item in result.proven],
        "not_applied": [item.id for item in result.not_applied],
    }
    display = {
        "headline": headline(result),
        "total": f"{read.plain(result.total)} / {read.plain(result.max_total)}",
        "action": result.band.action,
        "outcome": (f"Decline: {'; '.join(i.text for i in result.disqualified_by)}"
                    if result.disqualified_by else result.band.action),
        "tier": f"Tier {tier_label(tier)}" if tier else "No tier",
        "tier_reason": result.tier.reason,
        "disqualifiers": "; ".join(i.text for i in result.disqualified_by) or "None",
        "reasons": "\n".join(result.reasons),
        "contributions": "\n".join(
            f"{dim.name}: {read.plain(value)} of {read.plain(dim.max)} ({c['percent_of_total']}% of the total)"
            for (_, value), dim, c in zip(inp.scores, result.dimensions, contributions(result))),
        "to_next_band": _next_band_text(result),
    }
    return {"inputs": inputs, "values": values, "display": display, "assumptions": list(result.assumptions)}


def headline(result: ScoringResult) -> str:
    """The outcome in one sentence: total, what to do, and the tier."""
    total = f"{read.plain(result.total)} of {read.plain(result.max_total)}"
    tier = result.tier.tier
    if result.disqualified_by:
        return (f"Decline, whatever the score ({total}): "
                + "; ".join(i.text for i in result.disqualified_by) + ".")
    size = f" Suggested tier: Tier {tier_label(tier)}." if tier else " Add revenue or budget for a tier."
    return f"Score {total}: {result.band.action}.{size}"


def contributions(result: ScoringResult) -> list[dict]:
    """Each dimension's score, its maximum and its share of the total (whole percent)."""
    scores = result.inputs.scores
    out = []
    for (dim_id, value), dim in zip(scores, result.dimensions):
        share = (value * 100 / result.total) if result.total else Decimal(0)
        out.append({"id": dim_id, "name": dim.name, "score": json_number(value), "max": json_number(dim.max),
                    "percent_of_total": int(share.to_integral_value())})
    return out


def _next_band_text(result: ScoringResult) -> str:
    up, down = result.to_next_band
    parts = []
    if up is not None:
        parts.append(f"{read.plain(up)} points to the band above")
    if down is not None:
        parts.append(f"{read.plain(down)} points fewer drop it to the band below")
    return "; ".join(parts) or "The only band."


def run(params: Mapping[str, Any], playbook: Playbook) -> dict:
    """Parse, compute and serialise: the registry's entry point (raises InputError)."""
    return to_json(score(parse(params, playbook), playbook))


CALCULATOR = Calculator(
    name="scoring",
    title="Account score",
    edition="internal",
    fields=fields,
    outputs=(("total", "Total"), ("outcome", "Outcome"), ("tier", "Tier"), ("disqualifiers", "Disqualifiers")),
    run=run,
    flags_label="Disqualifiers",
    # the prioritise page's account pipeline, and the account facts reader it shares with the fit check
    companions=("accounts", "account_file", "formulas", "ranking", "ranking_session", "row_report", "worksheet",
                "account_inputs"),
)
"""The account scoring calculator, as the registry, CLI, forms and wheel read it."""
