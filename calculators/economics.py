"""Economics: a fractional leader against a full-time hire and an agency project.

Defaults come from data: the fee of the pricing tier named by
data/economics.yml (default_tier), and the chosen end (range_point) of the
published ranges in data/pricing.yml. Every assumption is stated in the
result, and `headline` answers the buyer's question in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping, Optional

from . import chart
from . import inputs as read
from .declaration import Calculator
from .inputs import Field
from .model import MoneyRange, Playbook, PricingTier
from .money import CURRENCIES, SYMBOLS, hours, json_number, money, multiple, percent

MAX_MONEY = Decimal(10) ** 12
"""Largest fee or cost accepted (a trillion): far beyond any real engagement."""
MAX_HOURLY = Decimal(10) ** 6
MAX_HOURS = Decimal(744)
"""Hours in the longest month (31 x 24): no more can be saved in a month."""

_POINT_WORDS = {"low": "low end", "mid": "midpoint", "high": "high end"}


@dataclass(frozen=True)
class EconomicsInputs:
    """Checked inputs; money in the chosen currency, as Decimal."""

    currency: str
    fractional_monthly_fee: Decimal
    fulltime_annual_cost: Decimal
    agency_project_cost: Decimal
    hours_saved_per_month: Decimal
    hourly_cost: Decimal
    months: int


@dataclass(frozen=True)
class EconomicsResult:
    """The comparison over the horizon; the series are cumulative costs, month 1 first."""

    inputs: EconomicsInputs
    monthly_value: Decimal
    net_monthly_benefit: Decimal
    roi_multiple: Decimal
    value_total: Decimal
    fractional_total: Decimal
    fulltime_total: Decimal
    agency_total: Decimal
    saving_vs_fulltime: Decimal
    saving_vs_fulltime_percent: Decimal
    break_even_hours: Decimal
    guarantee_hours: Optional[Decimal]
    guarantee_met: Optional[bool]
    guarantee_tier: Optional[PricingTier]
    fractional_series: tuple[Decimal, ...]
    fulltime_series: tuple[Decimal, ...]
    agency_series: tuple[Decimal, ...]
    agency_breaks_within_months: Optional[int]
    assumptions: tuple[str, ...]
    help: tuple[tuple[str, str], ...] = ()
    """Each field's help text in the chosen currency: (field name, text)."""


class Sources:
    """The data the defaults and assumptions come from, resolved once."""

    def __init__(self, playbook: Playbook):
        self.pricing = playbook.require("pricing")
        self.economics = playbook.require("economics")
        self.smb = playbook.smb
        wanted = self.economics.default_tier
        self.tier: PricingTier = next((t for t in self.pricing.tiers if t.id == wanted), None)
        if self.tier is None:
            known = ", ".join(t.id for t in self.pricing.tiers)
            raise LookupError(f"data/economics.yml: default_tier {wanted!r} is not a tier of data/pricing.yml "
                              f"(known: {known})")
        self.point = self.economics.range_point

    def pick(self, span: Any) -> Decimal:
        """The low end, midpoint or high end of a range, per data/economics.yml."""
        high = span.max if span.max is not None else span.min
        return {"low": span.min, "mid": (span.min + high) / 2, "high": high}[self.point]

    @property
    def hourly_cost(self) -> Decimal:
        """Labour saved a month divided by hours saved a month, at the chosen point."""
        return self.pick(self.pricing.labour_savings) / self.pick(self.pricing.hours_saved)


GROUP_KEY = "Your figures"
GROUP_COMPARE = "What to compare with"


def fields(playbook: Playbook) -> tuple[Field, ...]:
    """The form, with the data's defaults: the two figures that matter most first."""
    src = Sources(playbook)
    econ = src.economics
    c = src.tier.fee.currency
    money_field = lambda name, label, default, group, most=MAX_MONEY: Field(  # noqa: E731
        name, label, "number", read.plain(default), "0", read.plain(most), "any",
        help=field_help(name, src, c), group=group)
    return (
        money_field("fractional_monthly_fee", "Fractional fee per month", src.tier.fee.amount, GROUP_KEY),
        Field("hours_saved_per_month", "Hours saved per month", "number",
              read.plain(src.pick(src.pricing.hours_saved)), "0", read.plain(MAX_HOURS), "any",
              help=field_help("hours_saved_per_month", src, c), group=GROUP_KEY),
        money_field("fulltime_annual_cost", "Full-time leader, cost per year", src.pick(src.pricing.fulltime_caio),
                    GROUP_COMPARE),
        money_field("agency_project_cost", "Agency project cost", src.pick(src.pricing.agency_project),
                    GROUP_COMPARE),
        money_field("hourly_cost", "Cost of an hour of that work", src.hourly_cost.quantize(Decimal("0.01")),
                    GROUP_COMPARE, MAX_HOURLY),
        Field("months", "Horizon in months", "number", str(econ.horizon_months), "1",
              str(econ.max_horizon_months), "1", help=field_help("months", src, c), group=GROUP_COMPARE),
        Field("currency", "Currency", "choice", c, choices=CURRENCIES,
              help=field_help("currency", src, c), group=GROUP_COMPARE),
    )


def field_help(name: str, src: Sources, currency: str) -> str:
    """A field's help text, its amounts in the chosen currency (it switches with the currency)."""
    tier = src.tier
    return {
        "fractional_monthly_fee": f"The {tier.name.lower()} is {money(tier.fee.amount, currency)} a month; "
                                  f"retainers run {rng(src.pricing.retainer, currency)} by scope.",
        "hours_saved_per_month": "Manual work the automations remove each month.",
        "fulltime_annual_cost": "Total compensation of a full-time Chief AI Officer.",
        "agency_project_cost": "One project, paid up front.",
        "hourly_cost": "What the business pays for one hour of the manual work.",
        "months": "How many months to compare.",
        "currency": "Only the symbol changes; amounts are not converted.",
    }[name]


def parse(params: Mapping[str, Any], playbook: Playbook) -> EconomicsInputs:
    """Checked EconomicsInputs from raw params; raises InputError listing every bad field."""
    src = Sources(playbook)
    reader = read.Reader(params, fields(playbook))  # labels word the errors, defaults fill gaps
    zero = Decimal(0)
    values = dict(
        currency=reader.read("currency", read.to_choice, CURRENCIES),
        # Each number within the min and max its Field declares (fields() above): the form's limits.
        fractional_monthly_fee=reader.number("fractional_monthly_fee", above=zero,
                                             why_above=" (the ROI multiple divides by it)", money=True),
        fulltime_annual_cost=reader.number("fulltime_annual_cost", above=zero,
                                           why_above=" (the saving percent divides by it)", money=True),
        agency_project_cost=reader.number("agency_project_cost", money=True),
        hours_saved_per_month=reader.number("hours_saved_per_month"),
        hourly_cost=reader.number("hourly_cost", above=zero, why_above=" (break-even hours divide by it)",
                                  money=True),
        months=reader.read("months", read.to_whole, 1, src.economics.max_horizon_months),
    )
    reader.done()
    return EconomicsInputs(**values)


def compare(inputs: EconomicsInputs, playbook: Playbook) -> EconomicsResult:
    """Value, costs and savings over the horizon for checked inputs."""
    src = Sources(playbook)
    i = inputs
    monthly_value = i.hours_saved_per_month * i.hourly_cost
    months = range(1, i.months + 1)
    fractional_series = tuple(i.fractional_monthly_fee * m for m in months)
    fulltime_series = tuple(i.fulltime_annual_cost * m / 12 for m in months)
    agency_series = tuple(i.agency_project_cost for _ in months)
    fractional_total, fulltime_total = fractional_series[-1], fulltime_series[-1]
    saving = fulltime_total - fractional_total
    tier = guarantee_tier(src, i)
    guarantee = tier.guarantee if tier else None
    return EconomicsResult(
        inputs=i,
        monthly_value=monthly_value,
        net_monthly_benefit=monthly_value - i.fractional_monthly_fee,
        roi_multiple=monthly_value / i.fractional_monthly_fee,
        value_total=monthly_value * i.months,
        fractional_total=fractional_total,
        fulltime_total=fulltime_total,
        agency_total=i.agency_project_cost,
        saving_vs_fulltime=saving,
        saving_vs_fulltime_percent=saving / fulltime_total * 100,
        break_even_hours=i.fractional_monthly_fee / i.hourly_cost,
        guarantee_hours=guarantee.hours if guarantee else None,
        guarantee_met=(i.hours_saved_per_month >= guarantee.hours) if guarantee else None,
        guarantee_tier=tier,
        fractional_series=fractional_series,
        fulltime_series=fulltime_series,
        agency_series=agency_series,
        agency_breaks_within_months=src.smb.agency_breaks_within_months if src.smb else None,
        assumptions=assumptions(src, i),
        help=tuple((f.name, field_help(f.name, src, i.currency)) for f in fields(playbook)),
    )


def guarantee_tier(src: Sources, i: EconomicsInputs) -> Optional[PricingTier]:
    """The pricing tier whose fee the inputs name, when that tier carries a guarantee.

    The guarantee belongs to a tier (data/pricing.yml), so it applies only at
    that tier's fee; at any other fee there is none to meet. Like every
    amount here, the fee is compared without conversion whatever the currency.
    """
    return next((t for t in src.pricing.tiers
                 if t.guarantee is not None and t.fee.amount == i.fractional_monthly_fee), None)


def assumptions(src: Sources, i: EconomicsInputs) -> tuple[str, ...]:
    """Every assumption behind the figures, with the data's numbers in the chosen currency."""
    p, tier, point, c = src.pricing, src.tier, _POINT_WORDS[src.point], i.currency
    published = p.labour_savings.currency
    out = []
    if c != published:
        out.append(f"Amounts are in {c} ({SYMBOLS[c]}). Choosing a currency changes only the symbol: nothing is "
                   f"converted at an exchange rate, so the published figures, in {published}, are shown with "
                   f"the {SYMBOLS[c]} sign.")
    out += [
        "Monthly value = hours saved per month × hourly cost of that work.",
        f"Default hourly cost {money(src.hourly_cost, c)} = {money(src.pick(p.labour_savings), c)} of labour "
        f"saved a month ÷ {read.plain(src.pick(p.hours_saved))} hours saved a month: the {point} of the "
        f"published ranges ({rng(p.labour_savings, c)} and {read.plain(p.hours_saved.min)}–"
        f"{read.plain(p.hours_saved.max)} hours a month).",
        f"Default fractional fee: the {tier.name.lower()}, {money(tier.fee.amount, c)} a month "
        f"(retainers range {rng(p.retainer, c)} a month by scope). The fractional cost is that fee every month, "
        "with nothing else added.",
        f"Full-time cost: the annual cost spread evenly, one twelfth a month; it starts at the {point} of a "
        f"full-time Chief AI Officer's {rng(p.fulltime_caio, c)} total compensation.",
        f"Agency cost: one project, paid up front in month 1, with no upkeep; it starts at the {point} of "
        f"{rng(p.agency_project, c)} per project.",
    ]
    if src.smb is not None:
        out.append(f"Agency-built automations typically break within {src.smb.agency_breaks_within_months} "
                   "months; repairs or a rebuild are not priced in here.")
    for t in (t for t in p.tiers if t.guarantee is not None):
        out.append(f"The {read.plain(t.guarantee.hours)}-hour guarantee belongs to the {t.name.lower()} "
                   f"({money(t.fee.amount, c)} a {t.fee.per}) and is shown only at that fee: "
                   f"{t.guarantee.remedy}")
    out.append(f"Horizon: {i.months} months (the calculator accepts 1 to {src.economics.max_horizon_months}).")
    return tuple(out)


def rng(span: MoneyRange, currency: Optional[str] = None) -> str:
    """A money range as written in the sources: $250,000–$400,000, or $200,000+ when open.

    `currency` shows the amounts with another currency's symbol (nothing is converted).
    """
    c = currency or span.currency
    low = money(span.min, c)
    return f"{low}+" if span.max is None else f"{low}–{money(span.max, c)}"


def headline(r: EconomicsResult) -> str:
    """The answer in one sentence: the fractional cost, the difference from a full-time hire, the break-even."""
    i, c = r.inputs, r.inputs.currency
    horizon = f"{i.months} month{'s' if i.months != 1 else ''}"
    if r.saving_vs_fulltime > 0:
        against = (f"{money(r.saving_vs_fulltime, c)} ({percent(r.saving_vs_fulltime_percent)}) "
                   "less than a full-time hire")
    elif r.saving_vs_fulltime < 0:
        against = (f"{money(-r.saving_vs_fulltime, c)} ({percent(-r.saving_vs_fulltime_percent)}) "
                   "more than a full-time hire")
    else:
        against = "the same as a full-time hire"
    return (f"A fractional leader costs {money(r.fractional_total, c)} over {horizon}: {against}; "
            f"the fee pays for itself at {hours(r.break_even_hours)} a month.")


LINE_LABELS = (("chart-fractional", "Fractional leader"), ("chart-fulltime", "Full-time hire"),
               ("chart-agency", "Agency project"))


def agency_note(r: EconomicsResult) -> str:
    """What the agency total leaves out."""
    text = "One project, paid up front, with no upkeep."
    if r.agency_breaks_within_months is not None:
        text += (f" Such builds typically break within {r.agency_breaks_within_months} months "
                 "(processes change, APIs update); repairs are not priced in.")
    return text


def chart_summary(r: EconomicsResult) -> str:
    """The chart in words: the text alternative shown next to it."""
    c, n = r.inputs.currency, r.inputs.months
    return (f"Cumulative cost over {n} month{'s' if n != 1 else ''}: fractional leader {money(r.fractional_total, c)}, "
            f"full-time hire {money(r.fulltime_total, c)}, agency project {money(r.agency_total, c)} "
            "(one project paid up front, no upkeep).")


def cost_chart(r: EconomicsResult, layout: chart.Layout = chart.WIDE) -> str:
    """The cumulative cost of the three models, month by month, as SVG (a phone's column: chart.NARROW)."""
    c = r.inputs.currency
    lines = [chart.Line(cls, label, series) for (cls, label), series in
             zip(LINE_LABELS, (r.fractional_series, r.fulltime_series, r.agency_series))]
    return chart.line_chart(
        title="Cumulative cost: fractional leader, full-time hire and agency project",
        description=chart_summary(r),
        x_label="Month",
        y_label=f"Cumulative cost ({SYMBOLS[c]})",
        xs=list(range(1, r.inputs.months + 1)),
        lines=lines,
        y_format=lambda v: money(v, c, compact=True),
        layout=layout,
    )


def to_json(r: EconomicsResult) -> dict:
    """The run() payload: normalised inputs, raw values, display text and assumptions."""
    i, c = r.inputs, r.inputs.currency
    svg = cost_chart(r)
    inputs = {
        "currency": c,
        "fractional_monthly_fee": json_number(i.fractional_monthly_fee),
        "fulltime_annual_cost": json_number(i.fulltime_annual_cost),
        "agency_project_cost": json_number(i.agency_project_cost),
        "hours_saved_per_month": json_number(i.hours_saved_per_month),
        "hourly_cost": json_number(i.hourly_cost),
        "months": i.months,
    }
    names = ("monthly_value", "net_monthly_benefit", "roi_multiple", "value_total", "fractional_total",
             "fulltime_total", "agency_total", "saving_vs_fulltime", "saving_vs_fulltime_percent", "break_even_hours")
    values: dict[str, Any] = {"currency": c, "months": i.months}
    values.update((name, json_number(getattr(r, name))) for name in names)
    values["guarantee_hours"] = None if r.guarantee_hours is None else json_number(r.guarantee_hours)
    values["guarantee_met"] = r.guarantee_met
    values["series"] = {
        "month": list(range(1, i.months + 1)),
        "fractional": [json_number(v) for v in r.fractional_series],
        "fulltime": [json_number(v) for v in r.fulltime_series],
        "agency": [json_number(v) for v in r.agency_series],
    }
    values["chart_svg"] = svg
    if r.guarantee_met is None:
        guarantee = ""  # no guarantee at this fee: the page leaves the line out
    else:
        verdict = "Yes" if r.guarantee_met else "No"
        relation = "meets" if r.guarantee_met else "is below"
        guarantee = (f"{verdict}: {hours(i.hours_saved_per_month)} {relation} the "
                     f"{read.plain(r.guarantee_hours)}-hour guarantee of the {r.guarantee_tier.name.lower()}")
    display = {
        "headline": headline(r),
        "currency_symbol": SYMBOLS[c],
        **{f"help_{name}": text for name, text in r.help},
        "monthly_value": money(r.monthly_value, c),
        "net_monthly_benefit": money(r.net_monthly_benefit, c),
        "roi_multiple": multiple(r.roi_multiple),
        "value_total": money(r.value_total, c),
        "fractional_total": money(r.fractional_total, c),
        "fulltime_total": money(r.fulltime_total, c),
        "agency_total": money(r.agency_total, c),
        "saving_vs_fulltime": money(r.saving_vs_fulltime, c),
        "saving_vs_fulltime_percent": percent(r.saving_vs_fulltime_percent),
        "break_even_hours": hours(r.break_even_hours),
        "guarantee_met": guarantee,
        "months": f"{i.months} month{'s' if i.months != 1 else ''}",
        "agency_note": agency_note(r),
        "chart_svg": svg,
        "chart_svg_narrow": cost_chart(r, chart.NARROW),  # the same figures, drawn for a phone's column
        "chart_summary": chart_summary(r),
        "assumptions": "\n".join(r.assumptions),
    }
    return {"inputs": inputs, "values": values, "display": display, "assumptions": list(r.assumptions)}


def run(params: Mapping[str, Any], playbook: Playbook) -> dict:
    """Parse, compute and serialise: the registry's entry point (raises InputError)."""
    return to_json(compare(parse(params, playbook), playbook))


CALCULATOR_MONEY = frozenset({"fractional_monthly_fee", "fulltime_annual_cost", "agency_project_cost", "hourly_cost"})
"""The inputs that are amounts of money."""


CALCULATOR = Calculator(
    name="economics",
    title="Economics: fractional vs full-time vs agency",
    edition="public",
    fields=fields,
    money=CALCULATOR_MONEY,
    outputs=(
        ("monthly_value", "Monthly value"), ("net_monthly_benefit", "Net monthly benefit"),
        ("roi_multiple", "ROI multiple"), ("months", "Horizon"), ("fractional_total", "Fractional leader"),
        ("fulltime_total", "Full-time hire"), ("agency_total", "Agency project"),
        ("saving_vs_fulltime", "Saving vs full-time"), ("saving_vs_fulltime_percent", "Saving vs full-time (%)"),
        ("break_even_hours", "Break-even hours"), ("guarantee_met", "Guarantee met"),
    ),
    run=run,
)
"""The ROI calculator, as the registry, CLI, forms and wheel read it."""
