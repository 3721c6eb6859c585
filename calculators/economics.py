"""Economics: does a fractional leader pay off for the buyer, when, and at how many hours?

The answer is the buyer's: the value of the hours saved at their hourly cost
minus the fee, a month; the month the fee has paid for itself, counting the
ramp-up of data/economics.yml (the share of the hours saved in each phase of
the buyer's guide's 90-day engagement, an assumption the form shows and lets
the buyer change); and the hours a month at which it breaks even. The
published ranges (data/pricing.yml) give a low, expected and high case beside
it. A full-time hire and an agency project follow as context, never as a
saving when the buyer's figures lose money. Published prices keep their own
currency: they are converted only at a dated rate the data states.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any, Mapping, Optional

from . import chart
from . import inputs as read
from .declaration import Calculator
from .inputs import Field
from .model import MoneyRange, Playbook, PricingTier
from .money import CURRENCIES, SYMBOLS, Conversion, Money, convert, hours, json_number, money, multiple, percent

MAX_MONEY = Decimal(10) ** 12
"""Largest fee or cost accepted (a trillion): far beyond any real engagement."""
MAX_HOURLY = Decimal(10) ** 6
MAX_HOURS = Decimal(744)
"""Hours in the longest month (31 x 24): no more can be saved in a month."""
HUNDRED = Decimal(100)

_POINT_WORDS = {"low": "low end", "mid": "midpoint", "high": "high end"}
CURRENCY_NAMES = {"GBP": "pounds", "USD": "US dollars", "EUR": "euros"}
PRICE_WORDS = {"GBP": "a price in pounds", "USD": "a US-dollar price", "EUR": "a price in euros"}

# What each line of the assumptions rests on, said first on the line.
YOURS, PUBLISHED, GUIDE, ASSUMED = "Your figure", "Published figure", "Buyer's guide", "Assumption"


@dataclass(frozen=True)
class EconomicsInputs:
    """Checked inputs; money in the chosen currency, as Decimal; `ramp` the percent saved in each early month."""

    currency: str
    fractional_monthly_fee: Decimal
    fulltime_annual_cost: Decimal
    agency_project_cost: Decimal
    hours_saved_per_month: Decimal
    hourly_cost: Decimal
    months: int
    ramp: tuple[Decimal, ...] = ()
    starting: tuple[str, ...] = ()
    """The money fields that hold their starting value in the chosen currency (see `starts`), not the buyer's own."""


@dataclass(frozen=True)
class Case:
    """One set of hours and hourly cost at the buyer's fee: what it is worth, nets and when it pays back."""

    key: str
    label: str
    hours: Decimal
    hourly_cost: Decimal
    monthly_value: Decimal
    net_monthly: Decimal
    payback_month: Optional[int]
    converted: str = ""
    """How a published figure was put in the buyer's currency ("" when it is in it already)."""


@dataclass(frozen=True)
class EconomicsResult:
    """The buyer's answer and its context; the series run month 1 first over the horizon."""

    inputs: EconomicsInputs
    monthly_value: Decimal
    net_monthly_benefit: Decimal
    roi_multiple: Decimal
    break_even_hours: Decimal
    payback_month: Optional[int]
    full_from_month: int
    value_series: tuple[Decimal, ...]
    cumulative_value: tuple[Decimal, ...]
    cumulative_fee: tuple[Decimal, ...]
    cumulative_net: tuple[Decimal, ...]
    cases: tuple[Case, ...]
    range_note: str
    value_total: Decimal
    fractional_total: Decimal
    fulltime_total: Decimal
    agency_total: Decimal
    saving_vs_fulltime: Decimal
    saving_vs_fulltime_percent: Decimal
    guarantee_hours: Optional[Decimal]
    guarantee_met: Optional[bool]
    guarantee_tier: Optional[PricingTier]
    fulltime_series: tuple[Decimal, ...]
    agency_series: tuple[Decimal, ...]
    agency_breaks_within_months: Optional[int]
    assumptions: tuple[str, ...]
    help: tuple[tuple[str, str], ...] = ()
    """Each field's help text for the chosen currency: (field name, text)."""


class Sources:
    """The data the defaults and assumptions come from, resolved once."""

    def __init__(self, playbook: Playbook):
        self.pricing = playbook.require("pricing")
        self.economics = playbook.require("economics")
        self.smb = playbook.smb
        self.rates = playbook.rates
        wanted = self.economics.default_tier
        self.tier: PricingTier = next((t for t in self.pricing.tiers if t.id == wanted), None)
        if self.tier is None:
            known = ", ".join(t.id for t in self.pricing.tiers)
            raise LookupError(f"data/economics.yml: default_tier {wanted!r} is not a tier of data/pricing.yml "
                              f"(known: {known})")
        self.point = self.economics.range_point
        guide = playbook.buyers_guide
        phases = {p.id: p for p in guide.phases} if guide is not None else {}
        self.ramp = tuple((step, phases.get(step.phase)) for step in self.economics.ramp_up)

    def pick(self, span: Any, point: Optional[str] = None) -> Decimal:
        """The low end, midpoint or high end of a range (per data/economics.yml unless `point` is given)."""
        high = span.max if span.max is not None else span.min
        return {"low": span.min, "mid": (span.min + high) / 2, "high": high}[point or self.point]

    def hourly(self, point: Optional[str] = None) -> Decimal:
        """Labour saved a month divided by hours saved a month, at a point of the published ranges."""
        return self.pick(self.pricing.labour_savings, point) / self.pick(self.pricing.hours_saved, point)

    @property
    def hourly_cost(self) -> Decimal:
        return self.hourly()


GROUP_KEY = "Your figures"
GROUP_RAMP = "How fast the hours come (an assumption you can change)"
GROUP_COMPARE = "What to compare with"


def ramp_field(n: int) -> str:
    """The form, URL and CLI name of the share saved in month `n` of the ramp-up."""
    return f"share_saved_month_{n}"


def _phase_words(src: Sources, n: int) -> str:
    step, phase = src.ramp[n - 1]
    if phase is None:
        return f"month {n}"
    return f"month {n}, days {phase.first_day}–{phase.last_day}: {phase.name}"


def fields(playbook: Playbook) -> tuple[Field, ...]:
    """The form, with the data's defaults: the buyer's own figures first, then the ramp-up, then context."""
    src = Sources(playbook)
    econ = src.economics
    c = src.tier.fee.currency
    begin = starts(src, c)  # the published figures, each in the form's first currency
    money_field = lambda name, label, group, most=MAX_MONEY, above=True: Field(  # noqa: E731
        name, label, "number", read.plain(begin[name].amount), "0", read.plain(most), "any",
        help=field_help(name, src, c), group=group, above_min=above, money=True)
    ramp = tuple(
        Field(ramp_field(n), f"Share of the hours saved in {_phase_words(src, n)} (%)", "number",
              read.plain(step.percent), "0", "100", "any", group=GROUP_RAMP)
        for n, (step, _) in enumerate(src.ramp, 1))
    return (
        money_field("fractional_monthly_fee", "Fractional fee per month", GROUP_KEY),
        Field("hours_saved_per_month", "Hours saved per month", "number",
              read.plain(src.pick(src.pricing.hours_saved)), "0", read.plain(MAX_HOURS), "any",
              help=field_help("hours_saved_per_month", src, c), group=GROUP_KEY),
        money_field("hourly_cost", "Cost of an hour of that work", GROUP_KEY, MAX_HOURLY),
        Field("currency", "Currency of your figures", "choice", c, choices=CURRENCIES,
              help=field_help("currency", src, c), group=GROUP_KEY),
        Field("months", "Horizon in months", "number", str(econ.horizon_months), "1",
              str(econ.max_horizon_months), "1", help=field_help("months", src, c), group=GROUP_KEY),
    ) + ramp + (
        money_field("fulltime_annual_cost", "Full-time leader, cost per year", GROUP_COMPARE),
        money_field("agency_project_cost", "Agency project cost", GROUP_COMPARE, above=False),
    )


# --- starting values: the published figures, in the buyer's currency ----------------------------


@dataclass(frozen=True)
class Start:
    """A money field's starting value in the buyer's currency: the published figure, converted at the data's
    dated rate and rounded (`amount`), or kept as published when no rate is set (then it is not `usable`)."""

    published: Money
    conversion: Conversion
    amount: Decimal

    @property
    def usable(self) -> bool:
        """Whether the starting figure is in the buyer's currency (the same one, or converted at a rate)."""
        return self.conversion.value is not None

    @property
    def converted(self) -> bool:
        return self.conversion.rate is not None


def about(amount: Decimal) -> Decimal:
    """A converted price rounded as people quote one, to three significant figures (1,968.50 -> 1,970;
    196,850.39 -> 197,000; 59.055 -> 59.1), and never finer than a cent."""
    if amount == 0:
        return amount
    step = Decimal(1).scaleb(max(-2, amount.adjusted() - 2))
    return ((amount / step).to_integral_value(rounding=ROUND_HALF_UP) * step).quantize(Decimal("0.01")).normalize() + 0


def quoted(done: Conversion) -> Optional[Decimal]:
    """A published price as the calculator states it in the buyer's currency: itself in its own currency,
    converted at the data's dated rate and rounded (`about`) in another, None when no rate is set."""
    if done.value is None:
        return None
    return done.value.amount if done.rate is None else about(done.value.amount)


def published_starts(src: Sources) -> dict[str, Money]:
    """Each money field's starting value as published, in its own currency: the default tier's fee, the
    hourly cost of the published results and the comparisons, at the data's range point."""
    p = src.pricing
    return {
        "fractional_monthly_fee": Money(src.tier.fee.amount, src.tier.fee.currency),
        "hourly_cost": Money(src.hourly_cost.quantize(Decimal("0.01")), p.labour_savings.currency),
        "fulltime_annual_cost": Money(src.pick(p.fulltime_caio), p.fulltime_caio.currency),
        "agency_project_cost": Money(src.pick(p.agency_project), p.agency_project.currency),
    }


def starts(src: Sources, currency: str) -> dict[str, Start]:
    """Each money field's starting value in `currency`: the published figure converted at the data's dated
    rate and rounded (`about`), or the figure itself when it is in that currency or no rate is set."""
    out = {}
    for name, price in published_starts(src).items():
        done = convert(price, currency, src.rates)
        amount = quoted(done)
        out[name] = Start(price, done, price.amount if amount is None else amount)
    return out


def start_note(start: Start, currency: str) -> str:
    """What a field holding its starting value says beside it, when that value is a price in another currency:
    the price converted at the rate and its date, or that it is kept in its own currency and cannot be used."""
    price, words = start.published, CURRENCY_NAMES.get(currency, currency)
    if start.converted:
        return (f" The starting value, {money(start.amount, currency)}, is the published {price.text()} converted at "
                f"{rate_words(start.conversion.rate)} and rounded: put in your own, in {words}.")
    if not start.usable:
        return (f" The starting value is the published {price.text()}, in "
                f"{CURRENCY_NAMES.get(price.currency, price.currency)}: no {price.currency}/{currency} exchange rate "
                f"is set, so it cannot be used as {words}. Put in your own, in {words}.")
    return ""


def _number(name: str, raw: Any, currency: Optional[str] = None) -> Optional[Decimal]:
    """A money field's raw value as a number, or None when it does not read as one (the Reader says why)."""
    try:
        return read.number(name, raw, Decimal(0), MAX_MONEY, money=True, currency=currency)
    except read.InputError:
        return None


def switched(params: Mapping[str, Any], src: Sources) -> Mapping[str, Any]:
    """`params` with each money field that still holds the starting value of `previous_currency` (the currency
    the page showed the figures in, sent when the buyer changes the currency) given the starting value of the
    chosen currency. Any other figure is the buyer's own and stays as typed, whatever the currency."""
    if not isinstance(params, Mapping):
        return params
    try:
        before = read.to_choice("previous_currency", params.get("previous_currency"), CURRENCIES)
        after = read.to_choice("currency", params.get("currency"), CURRENCIES)
    except read.InputError:
        return params
    if before == after:
        return params
    was, now = starts(src, before), starts(src, after)
    out = dict(params)
    for name, start in was.items():
        if name in params and _number(name, params[name], before) == start.amount:
            out[name] = read.plain(now[name].amount)
    return out


def price_note(amount: Decimal, src: Sources, price_currency: str, currency: str) -> str:
    """What to say after a published price when the buyer's currency is another: that it is not converted,
    or about how much it is at the data's dated rate, rounded as a starting value is ("" in the same currency)."""
    if currency == price_currency:
        return ""
    done = convert(Money(amount, price_currency), currency, src.rates)
    if done.value is None:
        return f" ({PRICE_WORDS.get(price_currency, price_currency)}, not converted)"
    about_then = money(quoted(done), currency)
    return f" ({PRICE_WORDS.get(price_currency, price_currency)}: about {about_then} at {rate_words(done.rate)})"


def rate_words(rate) -> str:
    """1 GBP = 1.27 USD as of 2026-12-05: a rate as a figure beside it says it (its source is in the assumptions)."""
    return f"1 {rate.base} = {read.plain(rate.rate)} {rate.quote} as of {rate.as_of}"


def field_help(name: str, src: Sources, currency: str, start: Optional[Start] = None) -> str:
    """A field's help text; published prices stay in their own currency whatever the buyer chooses. `start`:
    the field holds its starting value, so the help says what that figure is."""
    tier, p = src.tier, src.pricing
    note = start_note(start, currency) if start is not None else ""
    fee_note = "" if note else price_note(tier.fee.amount, src, tier.fee.currency, currency)
    return {
        "fractional_monthly_fee": f"The {tier.name.lower()} is {money(tier.fee.amount, tier.fee.currency)} a month"
                                  f"{fee_note}; retainers run {rng(p.retainer)} by scope"
                                  f"{'' if currency == p.retainer.currency else ' (' + CURRENCY_NAMES.get(p.retainer.currency, p.retainer.currency) + ')'}.",
        "hours_saved_per_month": "Manual work the automations remove each month, once they run fully.",
        "fulltime_annual_cost": "Total compensation of a full-time Chief AI Officer.",
        "agency_project_cost": "One project, paid up front.",
        "hourly_cost": "What the business pays for one hour of the manual work.",
        "months": "How many months to add up.",
        "currency": "The currency of the figures you type. Published prices keep their own currency; a starting "
                    "value you have not changed is converted at the dated exchange rate named beside it.",
    }[name] + note


def parse(params: Mapping[str, Any], playbook: Playbook) -> EconomicsInputs:
    """Checked EconomicsInputs from raw params; raises InputError listing every bad field.

    A money field left out starts at its published value in the chosen currency (`starts`); with
    `previous_currency`, a starting value still in a field follows the currency (`switched`).
    """
    src = Sources(playbook)
    reader = read.Reader(switched(params, src), fields(playbook))  # labels word the errors, defaults fill gaps
    currency = reader.choice("currency")
    begin = starts(src, currency) if currency else {}
    reader.defaults.update((name, read.plain(start.amount)) for name, start in begin.items())
    values = dict(
        currency=currency,
        # Each read as its Field declares it (fields() above): the limits the form and the CLI show.
        # Above 0: the ROI multiple, the saving percent and the break-even hours divide by them.
        fractional_monthly_fee=reader.number("fractional_monthly_fee"),
        fulltime_annual_cost=reader.number("fulltime_annual_cost"),
        agency_project_cost=reader.number("agency_project_cost"),
        hours_saved_per_month=reader.number("hours_saved_per_month"),
        hourly_cost=reader.number("hourly_cost"),
        months=reader.whole("months"),
        ramp=tuple(reader.number(ramp_field(n)) for n in range(1, len(src.ramp) + 1)),
    )
    reader.done()
    values["starting"] = tuple(name for name, start in begin.items() if values[name] == start.amount)
    return EconomicsInputs(**values)


def payback(monthly_value: Decimal, fee: Decimal, ramp: tuple[Decimal, ...]) -> Optional[int]:
    """The first month whose cumulative value of hours saved reaches the cumulative fee (None: never).

    The ramp-up months save their share of the hours; every later month all of them.
    """
    total = Decimal(0)
    for month, share in enumerate(ramp, 1):
        total += monthly_value * share / HUNDRED - fee
        if total >= 0:
            return month
    net = monthly_value - fee
    if net <= 0:
        return None
    more = max(1, int((-total / net).to_integral_value(rounding=ROUND_CEILING)))
    return len(ramp) + more


def value_series(monthly_value: Decimal, ramp: tuple[Decimal, ...], months: int) -> tuple[Decimal, ...]:
    """The value of the hours saved in each month of the horizon, the ramp-up's shares first."""
    return tuple(monthly_value * (ramp[m] / HUNDRED if m < len(ramp) else 1) for m in range(months))


def running(values: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    out, total = [], Decimal(0)
    for v in values:
        total += v
        out.append(total)
    return tuple(out)


def cases(src: Sources, i: EconomicsInputs) -> tuple[tuple[Case, ...], str]:
    """The buyer's case, then the published low, expected and high cases at the buyer's fee (when they can be
    put in the buyer's currency), and a sentence when they cannot."""
    def case(key, label, hrs, hourly, converted=""):
        value = hrs * hourly
        return Case(key, label, hrs, hourly, value, value - i.fractional_monthly_fee,
                    payback(value, i.fractional_monthly_fee, i.ramp), converted)

    out = [case("yours", "Your figures", i.hours_saved_per_month, i.hourly_cost)]
    p = src.pricing
    published = p.labour_savings.currency
    note = ""
    for point, label in (("low", "Published low"), ("mid", "Published expected"), ("high", "Published high")):
        hourly = convert(Money(src.hourly(point), published), i.currency, src.rates)
        if hourly.value is None:
            note = (f"The published results ({read.plain(p.hours_saved.min)}–{read.plain(p.hours_saved.max)} hours "
                    f"and {rng(p.labour_savings)} a month) are in {CURRENCY_NAMES.get(published, published)}; no "
                    f"exchange rate to {CURRENCY_NAMES.get(i.currency, i.currency)} is set, so they are not "
                    "set against your fee.")
            break
        converted = (f"{money(src.hourly(point), published)} an hour at {rate_words(hourly.rate)}"
                     if hourly.rate is not None else "")
        # Quoted as the starting hourly cost is, so the published low case and an unchanged form say the same.
        out.append(case(point, label, src.pick(p.hours_saved, point), quoted(hourly), converted))
    return tuple(out), note


def compare(inputs: EconomicsInputs, playbook: Playbook) -> EconomicsResult:
    """The buyer's answer, the published cases and the context over the horizon, for checked inputs."""
    src = Sources(playbook)
    i = inputs
    fee = i.fractional_monthly_fee
    monthly_value = i.hours_saved_per_month * i.hourly_cost
    months = range(1, i.months + 1)
    values = value_series(monthly_value, i.ramp, i.months)
    cumulative_value = running(values)
    cumulative_fee = tuple(fee * m for m in months)
    fulltime_series = tuple(i.fulltime_annual_cost * m / 12 for m in months)
    agency_series = tuple(i.agency_project_cost for _ in months)
    fractional_total, fulltime_total = cumulative_fee[-1], fulltime_series[-1]
    saving = fulltime_total - fractional_total
    tier = guarantee_tier(src, i)
    guarantee = tier.guarantee if tier else None
    found, note = cases(src, i)
    begin = starts(src, i.currency)
    return EconomicsResult(
        inputs=i,
        monthly_value=monthly_value,
        net_monthly_benefit=monthly_value - fee,
        roi_multiple=monthly_value / fee,
        break_even_hours=fee / i.hourly_cost,
        payback_month=found[0].payback_month,
        full_from_month=len(i.ramp) + 1,
        value_series=values,
        cumulative_value=cumulative_value,
        cumulative_fee=cumulative_fee,
        cumulative_net=tuple(v - c for v, c in zip(cumulative_value, cumulative_fee)),
        cases=found,
        range_note=note,
        value_total=cumulative_value[-1],
        fractional_total=fractional_total,
        fulltime_total=fulltime_total,
        agency_total=i.agency_project_cost,
        saving_vs_fulltime=saving,
        saving_vs_fulltime_percent=saving / fulltime_total * 100,
        guarantee_hours=guarantee.hours if guarantee else None,
        guarantee_met=(i.hours_saved_per_month >= guarantee.hours) if guarantee else None,
        guarantee_tier=tier,
        fulltime_series=fulltime_series,
        agency_series=agency_series,
        agency_breaks_within_months=src.smb.agency_breaks_within_months if src.smb else None,
        assumptions=assumptions(src, i),
        help=tuple((f.name, field_help(f.name, src, i.currency, begin[f.name] if f.name in i.starting else None))
                   for f in fields(playbook) if f.help),
    )


def guarantee_tier(src: Sources, i: EconomicsInputs) -> Optional[PricingTier]:
    """The pricing tier whose fee the inputs name, in its own currency, when that tier carries a guarantee.

    The guarantee belongs to a tier (data/pricing.yml), so it applies only at
    that tier's fee, or that fee converted at the data's dated rate as the
    fee field starts with it: at any other fee, or the same number in another
    currency, there is none to meet.
    """
    return next((t for t in src.pricing.tiers if t.guarantee is not None
                 and i.fractional_monthly_fee == in_currency(Money(t.fee.amount, t.fee.currency), i.currency, src)),
                None)


def in_currency(price: Money, currency: str, src: Sources) -> Optional[Decimal]:
    """A published price in `currency` as the calculator quotes it (`quoted`; None when no rate is set)."""
    return quoted(convert(price, currency, src.rates))


def assumptions(src: Sources, i: EconomicsInputs) -> tuple[str, ...]:
    """Every figure behind the answer, each said to be the buyer's, published, from the guide or assumed."""
    p, tier, point, c = src.pricing, src.tier, _POINT_WORDS[src.point], i.currency
    published = p.labour_savings.currency
    out = [
        f"{YOURS}: hours saved a month, the cost of an hour of that work, the fee and the horizon. Net value a "
        "month = hours saved × hourly cost − fee.",
    ]
    used = tuple(r for r in src.rates if {r.base, r.quote} == {c, published})
    if c != published:
        out.append(f"{YOURS}: amounts in {CURRENCY_NAMES.get(c, c)} ({SYMBOLS[c]}). Published prices and results "
                   f"are in {CURRENCY_NAMES.get(published, published)} and are shown in their own currency"
                   + (": no exchange rate is set, so none is converted." if not used else
                      ", converted only at the dated rate named beside them ("
                      + "; ".join(f"{rate_words(r)}: {r.source}" if r.source else rate_words(r) for r in used)
                      + ").")
                   + starting_words(src, c))
    phases = "; ".join(f"{_phase_words(src, n)}: {read.plain(share)}% of the hours"
                       for n, share in enumerate(i.ramp, 1))
    if i.ramp:
        out.append(f"{GUIDE}: the engagement runs in 90-day phases (diagnose and choose, build and operate the "
                   "pilot, scale and transfer), taken here as one month each.")
        out.append(f"{ASSUMED}: how much of the hours each early month saves ({phases}); from month "
                   f"{len(i.ramp) + 1} on, all of them. The sources give the phases, not these shares; change "
                   "them to yours.")
        if src.smb is not None:
            out.append(f"{PUBLISHED}: quick wins usually land within the first {src.smb.quick_wins_within_weeks} "
                       "weeks; the shares above do not count on them.")
    out.append(f"{ASSUMED}: the fee is paid every month from month 1, with nothing else added; paid back means the "
               "value of the hours saved so far has reached the fees paid so far.")
    out.append(f"{PUBLISHED}: typical results are {read.plain(p.hours_saved.min)}–{read.plain(p.hours_saved.max)} "
               f"hours a month and {rng(p.labour_savings)} of labour a month; the low, expected and high cases pair "
               "the ends and the midpoint of the two ranges.")
    out.append(f"{PUBLISHED}: the starting hourly cost, {money(src.hourly_cost, published)}, is "
               f"{money(src.pick(p.labour_savings), published)} ÷ {read.plain(src.pick(p.hours_saved))} hours, the "
               f"{point} of those ranges.")
    out.append(f"{PUBLISHED}: the starting fee is the {tier.name.lower()}, {money(tier.fee.amount, tier.fee.currency)}"
               f" a month; retainers run {rng(p.retainer)} a month by scope.")
    for t in (t for t in p.tiers if t.guarantee is not None):
        there = in_currency(Money(t.fee.amount, t.fee.currency), c, src)
        also = (f" (or {money(there, c)}, converted)"
                if there is not None and c != t.fee.currency else "")
        out.append(f"{PUBLISHED}: the {read.plain(t.guarantee.hours)}-hour guarantee belongs to the "
                   f"{t.name.lower()} ({money(t.fee.amount, t.fee.currency)} a {t.fee.per}) and is shown only at "
                   f"that fee{also}: {t.guarantee.remedy} It is set against the hours saved once the automations "
                   "run fully; a free month is not counted in the figures.")
    out.append(f"{PUBLISHED}, for context: a full-time Chief AI Officer costs {rng(p.fulltime_caio)} a year in total "
               f"compensation and an agency project {rng(p.agency_project)}; the comparison starts at the {point}, "
               "spreads the full-time cost evenly and counts the agency project once, up front, with no upkeep.")
    if src.smb is not None:
        out.append(f"{PUBLISHED}: agency-built automations typically break within "
                   f"{src.smb.agency_breaks_within_months} months; repairs or a rebuild are not priced in here.")
    out.append(f"{YOURS}: a horizon of {i.months} month{'s' if i.months != 1 else ''} (1 to "
               f"{src.economics.max_horizon_months}).")
    return tuple(out)


def starting_words(src: Sources, currency: str) -> str:
    """How the starting amounts were put in the buyer's currency, said in the assumptions."""
    words, begin = CURRENCY_NAMES.get(currency, currency), starts(src, currency).values()
    kept = [s.published.text() for s in begin if not s.usable]
    text = (" Starting amounts are those figures at that rate, to three significant figures"
            if any(s.converted for s in begin) else "")
    if kept:
        text += ((", except " if text else " Starting amounts ") + f"{', '.join(kept)}, kept as published: "
                 f"they cannot be used as {words}, and what depends on them is not judged until you put in yours")
    return text + "." if text else ""


def rng(span: MoneyRange) -> str:
    """A money range in its own currency, as the sources write it: $250,000–$400,000, or $200,000+ when open."""
    low = money(span.min, span.currency)
    return f"{low}+" if span.max is None else f"{low}–{money(span.max, span.currency)}"


def month_words(month: Optional[int], horizon: int) -> str:
    """When a case has paid back: "month 6", "month 14, after your 12-month horizon" or "never"."""
    if month is None:
        return "never at these figures"
    if month > horizon:
        return f"month {month:,}, after your {horizon}-month horizon"
    return f"month {month}"


def net_words(net: Decimal, c: str) -> str:
    if net > 0:
        return f"{money(net, c)} a month gained"
    if net < 0:
        return f"{money(-net, c)} a month lost"
    return "nothing gained or lost a month"


def would_need(r: EconomicsResult) -> str:
    """What would have to be true for the buyer's case to pay off: the hours, or a smaller fee."""
    i, c = r.inputs, r.inputs.currency
    text = (f"It would pay off with more than {hours(r.break_even_hours)} saved a month at "
            f"{money(i.hourly_cost, c)} an hour, or at a fee below {money(r.monthly_value, c)} a month")
    return text + "."


def smaller_scope(r: EconomicsResult, src: Sources) -> str:
    """Whether a smaller retainer could pay at these hours (only when the retainers are in the buyer's currency)."""
    retainer, c = src.pricing.retainer, r.inputs.currency
    if r.net_monthly_benefit > 0 or retainer.currency != c:
        return ""
    if r.monthly_value > retainer.min:
        return (f" Retainers start at {money(retainer.min, c)} a month for a smaller scope: ask what a scope under "
                f"{money(r.monthly_value, c)} would cover.")
    return (f" Even the smallest retainer, {money(retainer.min, c)} a month, costs more than these hours are "
            "worth: it does not pay off at this size.")


def headline(r: EconomicsResult, src: Sources) -> str:
    """The buyer's answer in a sentence or three: does it pay off, from when, and where it breaks even."""
    i, c = r.inputs, r.inputs.currency
    net = r.net_monthly_benefit
    if net > 0:
        paid = r.payback_month
        ramp = f" once the automations run fully (month {r.full_from_month})" if i.ramp else ""
        if paid is not None and paid <= i.months:
            return (f"It pays off: at your figures you gain {money(net, c)} a month{ramp}, and the fee has paid "
                    f"for itself by month {paid}. It breaks even at {hours(r.break_even_hours)} a month.")
        return (f"It pays off only slowly: you gain {money(net, c)} a month{ramp}, but the fee is paid back in "
                f"{month_words(paid, i.months)}. It breaks even at {hours(r.break_even_hours)} a month.")
    if net == 0:
        return ("It does not pay off: the hours you save are worth exactly the fee, so the months before the "
                f"automations run fully are never paid back. {would_need(r)}{smaller_scope(r, src)}")
    return (f"It does not pay off at your figures: {hours(i.hours_saved_per_month)} a month at "
            f"{money(i.hourly_cost, c)} an hour are worth {money(r.monthly_value, c)}, {money(-net, c)} less than "
            f"the {money(i.fractional_monthly_fee, c)} fee. {would_need(r)}{smaller_scope(r, src)}")


def verdict(r: EconomicsResult) -> str:
    """The answer in a few words, for a phone's sticky answer: pays off or not, and from which month."""
    i = r.inputs
    if r.net_monthly_benefit <= 0:
        return "It does not pay off at your figures."
    if r.payback_month is not None and r.payback_month <= i.months:
        return f"It pays off: paid back by month {r.payback_month}."
    return f"It pays off only slowly: paid back in {month_words(r.payback_month, i.months)}."


def guarantee_line(r: EconomicsResult) -> str:
    """Whether the hours guarantee is met and, in the same line, whether those hours cover the fee ("" when no
    tier's guarantee applies at this fee)."""
    if r.guarantee_met is None:
        return ""
    i, c = r.inputs, r.inputs.currency
    g = f"the {read.plain(r.guarantee_hours)}-hour guarantee of the {r.guarantee_tier.name.lower()}"
    h = hours(i.hours_saved_per_month)
    worth = f"at {money(i.hourly_cost, c)} an hour they are worth {money(r.monthly_value, c)}"
    fee = money(i.fractional_monthly_fee, c)
    net = r.net_monthly_benefit
    covers = (f"{worth}, {money(net, c)} more than the {fee} fee" if net > 0 else
              f"{worth}, exactly the {fee} fee" if net == 0 else
              f"{worth}, {money(-net, c)} less than the {fee} fee")
    if r.guarantee_met and net > 0:
        return f"Met, and it pays: {h} meet {g}, and {covers}."
    if r.guarantee_met:
        return f"Met, but the fee is not covered: {h} meet {g}, yet {covers}."
    if net > 0:
        return f"Not met, though it pays: {h} are below {g} (so the next month is free), yet {covers}."
    return f"Not met, and the fee is not covered: {h} are below {g} (so the next month is free), and {covers}."


def case_words(case: Case, r: EconomicsResult) -> str:
    """One case as a line: its hours and hourly cost, the net a month and when it pays back."""
    c = r.inputs.currency
    at = f" ({case.converted})" if case.converted else ""
    return (f"{hours(case.hours)} at {money(case.hourly_cost, c)} an hour{at}, worth {money(case.monthly_value, c)} a "
            f"month: {net_words(case.net_monthly, c)}, " + (f"paid back in {month_words(case.payback_month, r.inputs.months)}" if case.payback_month else "never paid back"))


def context(r: EconomicsResult) -> str:
    """The full-time hire, as context: a saving only when the buyer's figures pay off."""
    c, n = r.inputs.currency, r.inputs.months
    horizon = f"{n} month{'s' if n != 1 else ''}"
    totals = (f"Over {horizon} the fee adds up to {money(r.fractional_total, c)}; a full-time Chief AI Officer "
              f"would cost {money(r.fulltime_total, c)}.")
    if r.net_monthly_benefit <= 0:
        return totals + " A lower cost is no saving while the hours saved do not cover the fee."
    if r.saving_vs_fulltime > 0:
        return totals + (f" That is {money(r.saving_vs_fulltime, c)} ({percent(r.saving_vs_fulltime_percent)}) less, "
                         "though a full-time leader gives more hours of leadership.")
    return totals


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
    end = r.cumulative_net[-1]
    net = (f"{money(end, c)} ahead" if end > 0 else f"{money(-end, c)} behind" if end < 0 else "level")
    return (f"Over {n} month{'s' if n != 1 else ''}, the hours saved are worth {money(r.value_total, c)} and the fees "
            f"total {money(r.fractional_total, c)}: {net} at the end; paid back "
            f"{month_words(r.payback_month, n)}.")


def value_chart(r: EconomicsResult, layout: chart.Layout = chart.WIDE, cannot: str = "") -> str:
    """Cumulative value of the hours saved against cumulative fees, month by month, with the payback point;
    with `cannot` (what cannot be judged), the axes alone and that sentence as its description."""
    c = r.inputs.currency
    lines = [chart.Line("chart-value", "Value of the hours saved", r.cumulative_value),
             chart.Line("chart-fee", "Fees paid", r.cumulative_fee)]
    marker = None
    if cannot:
        lines = []
    elif r.payback_month is not None and r.payback_month <= r.inputs.months:
        m = r.payback_month
        marker = chart.Marker(m, r.cumulative_value[m - 1], f"Paid back, month {m}")
    return chart.line_chart(
        title="Cumulative value of the hours saved against the fees paid",
        description=cannot or chart_summary(r),
        x_label="Month",
        y_label=f"Cumulative ({SYMBOLS[c]})",
        xs=list(range(1, r.inputs.months + 1)),
        lines=lines,
        y_format=(lambda v: "") if cannot else (lambda v: money(v, c, compact=True)),  # no scale for no figures
        layout=layout,
        marker=marker,
    )


ANSWER = ("headline", "verdict", "net_monthly_benefit", "payback", "roi_multiple", "break_even_hours",
          "guarantee_met", "case_yours", "net_total", "chart_summary", "fulltime_context")
NEEDS = {
    "fractional_monthly_fee": ANSWER + ("fractional_total",),
    "hourly_cost": ANSWER + ("monthly_value", "value_total"),
    "fulltime_annual_cost": ("fulltime_context", "fulltime_total"),
    "agency_project_cost": ("agency_total",),
}
"""The outputs each money field's figure goes into: not shown while that field holds a figure in another currency."""


def unusable(r: EconomicsResult, src: Sources) -> tuple[str, ...]:
    """The money fields still holding a published figure that is not in the buyer's currency (no rate is set)."""
    begin = starts(src, r.inputs.currency)
    return tuple(name for name in r.inputs.starting if not begin[name].usable)


def cannot_judge(r: EconomicsResult, src: Sources, playbook: Playbook) -> dict[str, str]:
    """The outputs that cannot be judged, each with what stops it: the fields still holding a published figure
    in another currency, as no exchange rate is set ({} when there is none)."""
    held = unusable(r, src)
    if not held:
        return {}
    labels = {f.name: f.label.lower() for f in fields(playbook)}
    c = r.inputs.currency
    words = CURRENCY_NAMES.get(c, c)
    begin = starts(src, c)
    theirs = sorted({CURRENCY_NAMES.get(begin[n].published.currency, begin[n].published.currency) for n in held})
    pairs = sorted({f"{begin[n].published.currency}/{c}" for n in held})
    out = {}
    for name in held:
        short = (f"Cannot judge in {words}: the {labels[name]} holds the published {begin[name].published.text()} "
                 f"and no {begin[name].published.currency}/{c} exchange rate is set.")
        for key in NEEDS[name]:
            out.setdefault(key, short)
        if name == "agency_project_cost":  # shown as the figure itself: in its own currency, saying so
            out["agency_total"] = (f"{begin[name].published.text()}, the published figure in "
                                   f"{CURRENCY_NAMES.get(begin[name].published.currency)} (no "
                                   f"{begin[name].published.currency}/{c} exchange rate is set to put it in {words})")
    if any(n in held for n in ("fractional_monthly_fee", "hourly_cost")):
        which = " and the ".join(labels[n] for n in held if n in ("fractional_monthly_fee", "hourly_cost"))
        out["headline"] = (f"Cannot judge in {words} yet: the {which} still hold{'s' if ' and ' not in which else ''} "
                           f"published figures in {' and '.join(theirs)}, and no {' or '.join(pairs)} exchange rate "
                           f"is set. Put in your own, in {words}, and the answer follows.")
        out["verdict"] = f"Cannot judge yet: put in your figures in {words}."
    return out


def to_json(r: EconomicsResult, playbook: Playbook) -> dict:
    """The run() payload: normalised inputs, raw values, display text and assumptions."""
    src = Sources(playbook)
    i, c = r.inputs, r.inputs.currency
    cannot = cannot_judge(r, src, playbook)
    svg = value_chart(r, cannot=cannot.get("chart_summary", ""))
    inputs = {
        "currency": c,
        "fractional_monthly_fee": json_number(i.fractional_monthly_fee),
        "fulltime_annual_cost": json_number(i.fulltime_annual_cost),
        "agency_project_cost": json_number(i.agency_project_cost),
        "hours_saved_per_month": json_number(i.hours_saved_per_month),
        "hourly_cost": json_number(i.hourly_cost),
        "months": i.months,
        **{ramp_field(n): json_number(share) for n, share in enumerate(i.ramp, 1)},
    }
    names = ("monthly_value", "net_monthly_benefit", "roi_multiple", "value_total", "fractional_total",
             "fulltime_total", "agency_total", "saving_vs_fulltime", "saving_vs_fulltime_percent", "break_even_hours")
    values: dict[str, Any] = {"currency": c, "months": i.months}
    values.update((name, json_number(getattr(r, name))) for name in names)
    values["pays_off"] = r.net_monthly_benefit > 0
    values["payback_month"] = r.payback_month
    values["payback_within_horizon"] = r.payback_month is not None and r.payback_month <= i.months
    values["full_from_month"] = r.full_from_month
    values["guarantee_hours"] = None if r.guarantee_hours is None else json_number(r.guarantee_hours)
    values["guarantee_met"] = r.guarantee_met
    values["guarantee_covers_fee"] = None if r.guarantee_met is None else r.net_monthly_benefit >= 0
    values["cases"] = [{"case": k.key, "hours": json_number(k.hours), "hourly_cost": json_number(k.hourly_cost),
                        "monthly_value": json_number(k.monthly_value), "net_monthly": json_number(k.net_monthly),
                        "payback_month": k.payback_month} for k in r.cases]
    values["series"] = {
        "month": list(range(1, i.months + 1)),
        "value": [json_number(v) for v in r.value_series],
        "cumulative_value": [json_number(v) for v in r.cumulative_value],
        "cumulative_fee": [json_number(v) for v in r.cumulative_fee],
        "cumulative_net": [json_number(v) for v in r.cumulative_net],
        "fulltime": [json_number(v) for v in r.fulltime_series],
        "agency": [json_number(v) for v in r.agency_series],
    }
    values["chart_svg"] = svg
    by_key = {k.key: k for k in r.cases}
    display = {
        "headline": headline(r, src),
        "verdict": verdict(r),
        "currency_symbol": SYMBOLS[c],
        **{f"help_{name}": text for name, text in r.help},
        "monthly_value": money(r.monthly_value, c),
        "net_monthly_benefit": net_words(r.net_monthly_benefit, c),
        "payback": month_words(r.payback_month, i.months).capitalize(),
        "roi_multiple": multiple(r.roi_multiple),
        "value_total": money(r.value_total, c),
        "net_total": money(r.cumulative_net[-1], c),
        "fractional_total": money(r.fractional_total, c),
        "fulltime_total": money(r.fulltime_total, c),
        "agency_total": money(r.agency_total, c),
        "fulltime_context": context(r),
        "break_even_hours": hours(r.break_even_hours),
        "guarantee_met": guarantee_line(r),
        "months": f"{i.months} month{'s' if i.months != 1 else ''}",
        "case_yours": case_words(by_key["yours"], r),
        **{f"case_{k}": (case_words(by_key[k], r) if k in by_key else "") for k in ("low", "mid", "high")},
        "range_note": r.range_note,
        "agency_note": agency_note(r),
        "chart_svg": svg,
        "chart_svg_narrow": value_chart(r, chart.NARROW, cannot.get("chart_summary", "")),  # for a phone
        "chart_summary": chart_summary(r),
        "assumptions": "\n".join(r.assumptions),
        **cannot,
    }
    values["cannot_judge"] = list(unusable(r, src))
    return {"inputs": inputs, "values": values, "display": display, "assumptions": list(r.assumptions)}


def run(params: Mapping[str, Any], playbook: Playbook) -> dict:
    """Parse, compute and serialise: the registry's entry point (raises InputError)."""
    return to_json(compare(parse(params, playbook), playbook), playbook)


CALCULATOR = Calculator(
    name="economics",
    title="Does a fractional leader pay off for you?",
    edition="public",
    fields=fields,
    outputs=(
        ("headline", "Answer"), ("net_monthly_benefit", "Net value a month"), ("payback", "Paid back in"),
        ("break_even_hours", "Breaks even at"), ("guarantee_met", "Guarantee"), ("monthly_value", "Monthly value"),
        ("roi_multiple", "Return on the fee"), ("months", "Horizon"), ("net_total", "Net value over the horizon"),
        ("case_yours", "Your figures"), ("case_low", "Published low"), ("case_mid", "Published expected"),
        ("case_high", "Published high"), ("fulltime_context", "Against a full-time hire"),
        ("agency_total", "Agency project"),
    ),
    run=run,
)
"""The ROI calculator, as the registry, CLI, forms and wheel read it."""
