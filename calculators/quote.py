"""What to quote: the engagement ranges the sources give, and whether an account's budget fits one.

The sources price two offers in two currencies: the SMB retainer of
data/pricing.yml (a monthly range and its named tiers, in dollars) and each
enterprise profile's typical monthly retainer in data/profiles.yml (in
pounds). A figure keeps its source's currency; shown in the account's
currency it is converted at a stated rate with the rate and its date beside
it, never relabelled. An annual budget is compared as a twelfth a month.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from .model import MoneyRange, Playbook
from .money import CURRENCIES, Money, Rate, convert, money, plain

SMB_OFFER = "smb-retainer"
MONTHS = Decimal(12)


@dataclass(frozen=True)
class Offer:
    """One engagement a source prices: its monthly range in the source's currency, and where it is set."""

    id: str
    name: str
    span: MoneyRange
    page: str
    detail: str = ""


@dataclass(frozen=True)
class OfferFit:
    """An offer, shown in the account's currency when a rate allows, and how the monthly budget compares.

    `verdict` is "within", "below" (the budget is under its minimum), "above" (over its maximum),
    "unknown" (no budget) or "cannot-judge" (no rate).
    """

    offer: Offer
    text: str
    verdict: str
    rate: Optional[Rate] = None  # the rate the budget was compared at, when the offer is in another currency


@dataclass(frozen=True)
class Quote:
    """The offers for the account (its segment's and the profiles it resembles), every offer the sources
    price with the budget's fit, and the answer in a sentence."""

    chosen: tuple[OfferFit, ...]
    others: tuple[OfferFit, ...]
    summary: str

    def lines(self) -> tuple[str, ...]:
        head = [f"Quote: {f.text}" for f in self.chosen] or [
            "No source prices an engagement for this segment or a profile it resembles; the sources price:"]
        rest = [f"{'Also priced' if self.chosen else 'Priced'}: {f.text}" for f in self.others]
        return (*head, *rest, self.summary)

    def short(self) -> str:
        """The offers to quote and whether the budget fits, in one paragraph (a worksheet cell, a row)."""
        head = [f"Quote: {f.text}." for f in self.chosen] or [
            "No source prices an engagement for this segment or a profile it resembles."]
        return " ".join((*head, self.summary))


def offers(playbook: Playbook) -> tuple[Offer, ...]:
    """Every engagement the sources price: the SMB retainer, then each profile's typical retainer."""
    out = []
    pricing = playbook.pricing
    if pricing is not None:
        named = "; ".join(f"{t.name}: {money(t.fee.amount, t.fee.currency)} a {t.fee.per}" for t in pricing.tiers)
        out.append(Offer(SMB_OFFER, "SMB retainer", pricing.retainer, "playbook/pricing.md", named))
    if playbook.profiles is not None:
        out.extend(Offer(p.id, p.name, p.retainer, f"playbook/profiles.md#{p.id}") for p in playbook.profiles.profiles)
    return tuple(out)


def span_text(span: MoneyRange) -> str:
    top = f"–{money(span.max, span.currency)}" if span.max is not None else "+"
    return f"{money(span.min, span.currency)}{top} a {span.per}"


def _rate_words(rate: Rate) -> str:
    return f"at {plain(rate.rate)} ({rate.base}/{rate.quote}), {rate.when()}"


def shown_in(span: MoneyRange, currency: str, rates: tuple[Rate, ...]) -> str:
    """A range in its own currency and, when `currency` differs and a rate is set, about what it is there:
    "£8,000–£25,000 a month (about $10,160–$31,750 at 1.27 (GBP/USD), as of 2026-12-05)"."""
    own = span_text(span)
    if span.currency == currency:
        return own
    low = convert(Money(span.min, span.currency), currency, rates)
    if low.value is None:
        return f"{own} (no {span.currency}/{currency} rate is set to show it in {currency})"
    high = convert(Money(span.max, span.currency), currency, rates).value if span.max is not None else None
    top = f"–{money(_round(high.amount), currency)}" if high is not None else "+"
    return f"{own} (about {money(_round(low.value.amount), currency)}{top} {_rate_words(low.rate)})"


def _round(amount: Decimal) -> Decimal:
    """A converted price to the nearest 10: it is an estimate, shown as one ("about")."""
    return (amount / 10).quantize(Decimal(1)) * 10


@dataclass(frozen=True)
class Priced:
    """Every offer the sources price, each worded in one currency (`currency`) at the rates given: what
    what_to_quote shows, whatever the account's budget (the account pipeline words them once per file)."""

    currency: str
    rates: tuple[Rate, ...]
    offers: tuple[tuple[Offer, str], ...]


def priced(currency: str, playbook: Playbook, rates: tuple[Rate, ...] = ()) -> Priced:
    """The offers worded in `currency`; `rates` (the rep's) go before the data's."""
    rates = (*rates, *playbook.rates)
    return Priced(currency, rates, tuple(
        (o, f"{o.name}, {shown_in(o.span, currency, rates)}" + (f"; {o.detail}" if o.detail else ""))
        for o in offers(playbook)))


def _fit(offer: Offer, text: str, monthly: Optional[Money], rates: tuple[Rate, ...]) -> OfferFit:
    if monthly is None:
        return OfferFit(offer, text, "unknown")
    conversion = convert(monthly, offer.span.currency, rates)
    if conversion.value is None:
        return OfferFit(offer, text, "cannot-judge")
    amount, rate = conversion.value.amount, conversion.rate
    if amount < offer.span.min:
        return OfferFit(offer, text, "below", rate)
    if offer.span.max is not None and amount > offer.span.max:
        return OfferFit(offer, text, "above", rate)
    return OfferFit(offer, text, "within", rate)


def what_to_quote(segment_id: str, resembled: tuple[str, ...], budget: Optional[Money], currency: str,
                  playbook: Playbook, rates: tuple[Rate, ...] = ()) -> Quote:
    """The offers for an account in `segment_id` resembling the profiles `resembled` (ids), shown in
    `currency`, and whether its annual `budget` fits any offer the sources price."""
    return quote_from(priced(currency, playbook, rates), segment_id, resembled, budget)


def quote_from(offers_: Priced, segment_id: str, resembled: tuple[str, ...], budget: Optional[Money]) -> Quote:
    """what_to_quote with the offers already worded (priced)."""
    monthly = Money(budget.amount / MONTHS, budget.currency) if budget is not None else None
    fits = [_fit(o, text, monthly, offers_.rates) for o, text in offers_.offers]
    wanted = ({SMB_OFFER} if segment_id == "smb-market" else set()) | set(resembled)
    chosen = tuple(f for f in fits if f.offer.id in wanted)
    others = tuple(f for f in fits if f.offer.id not in wanted)
    return Quote(chosen, others, _summary(budget, monthly, fits))


def _summary(budget: Optional[Money], monthly: Optional[Money], fits: list[OfferFit]) -> str:
    if budget is None:
        return "Give the annual budget to see which priced offer it fits."
    said = f"A budget of {budget} a year ({monthly.text()} a month)"
    within = [f for f in fits if f.verdict == "within"]
    if within:
        return f"{said} fits: {'; '.join(f.offer.name for f in within)}.{_compared(within)}"
    unjudged = [f for f in fits if f.verdict == "cannot-judge"]
    above = [f for f in fits if f.verdict == "above"]
    below = [f for f in fits if f.verdict == "below"]
    parts = []
    if above:
        parts.append("above " + "; ".join(f"the {f.offer.name}'s {money(f.offer.span.max, f.offer.span.currency)} "
                                          f"a {f.offer.span.per}" for f in above))
    profiles_below = [f for f in below if f.offer.id != SMB_OFFER]
    profile_count = sum(1 for f in fits if f.offer.id != SMB_OFFER)
    if profiles_below and len(profiles_below) == profile_count and len(profiles_below) > 1:
        currencies = {f.offer.span.currency for f in profiles_below}
        lowest = min(profiles_below, key=lambda f: f.offer.span.min)
        parts.append("below every profile" + (f" (the lowest starts at {money(lowest.offer.span.min, lowest.offer.span.currency)} "
                                              f"a {lowest.offer.span.per})" if len(currencies) == 1 else ""))
        below = [f for f in below if f.offer.id == SMB_OFFER]
    if below:
        parts.append("below " + "; ".join(f"the {f.offer.name}'s {money(f.offer.span.min, f.offer.span.currency)} "
                                          f"a {f.offer.span.per}" for f in below))
    verdict = f"{said} fits none of the priced offers: {', '.join(parts)}." if parts else f"{said} is not judged."
    verdict += _compared([f for f in fits if f.verdict in ("above", "below")])
    if unjudged:
        pairs = sorted({f"{budget.currency}:{f.offer.span.currency}" for f in unjudged})
        verdict += (f" Not judged against {'; '.join(f.offer.name for f in unjudged)}: no exchange rate "
                    f"({', '.join(pairs)}) is set; give it to compare.")
    return verdict


def _compared(fits: list[OfferFit]) -> str:
    """The rates a budget was compared at against offers in another currency, said beside the verdict."""
    rates = list(dict.fromkeys(f.rate for f in fits if f.rate is not None))
    return f" Compared at {'; '.join(r.words() for r in rates)}." if rates else ""


def converted_elsewhere(span: MoneyRange, rates: tuple[Rate, ...]) -> tuple[str, ...]:
    """The range in each other currency a stated rate reaches, each with its rate and date."""
    out = []
    for currency in CURRENCIES:
        if currency == span.currency:
            continue
        shown = shown_in(span, currency, rates)
        if "(about " in shown:
            out.append(shown[shown.index("(about ") + 1:-1])
    return tuple(out)


def who(offer: Offer, playbook: Playbook) -> str:
    """Which accounts an offer is quoted to, from the data that places them."""
    if offer.id == SMB_OFFER:
        smb = playbook.smb.revenue if playbook.smb is not None else None
        return f"Accounts in the SMB market (revenue {span_text(smb)})" if smb else "Accounts in the SMB market"
    profile = next(p for p in playbook.require("profiles").profiles if p.id == offer.id)
    fit = profile.fit
    if fit is None:
        return "Accounts like this profile"
    names = {i.id: i.name for i in playbook.require("use_cases").industries}
    parts = [", ".join(names.get(i, i) for i in fit.industries)]
    if fit.employees is not None:
        top = f"–{fit.employees.max:,}" if fit.employees.max is not None else "+"
        parts.append(f"{fit.employees.min:,}{top} employees")
    if fit.revenue is not None:
        parts.append(f"revenue {span_text(fit.revenue)}")
    return "Accounts that resemble it: " + "; ".join(parts) + " (or its size alone, in another industry)"
