"""The playbook's data types: one frozen dataclass per kind of fact in data/.

Each data file ``data/<name>.yml`` holds one ``*File`` record (see FILES).
Every file says who may read it (``audience``): ``public`` facts ship in the
prospect-facing edition, ``internal`` facts only in the sales reps' edition.
The field docs here are what the generated data reference shows writers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Literal, Optional

from . import contact
from .money import Rate as MoneyRate, money
from .validate import NAME_LENGTH, Id, Name, doc

Audience = Literal["public", "internal"]
Currency = Literal["GBP", "USD", "EUR"]
Period = Literal["month", "year", "project"]


# --- shared value types -----------------------------------------------------


@dataclass(frozen=True)
class MoneyRange:
    """An amount of money from `min` to `max` (open-ended when max is left out)."""

    currency: Currency = doc("ISO currency code: GBP, USD or EUR.")
    min: Decimal = doc("Lowest amount, a plain number such as 8000.")
    per: Period = doc("What the amount is for: month, year or project.")
    max: Optional[Decimal] = doc("Highest amount; leave out for 'and above' (shown as +).", default=None)

    def problems(self):
        if self.min < 0:
            yield "min", f"must not be negative, got {self.min}"
        if self.max is not None and self.max < self.min:
            yield "max", f"must be at least min ({self.min}), got {self.max}"


@dataclass(frozen=True)
class Money:
    """One amount of money."""

    currency: Currency = doc("ISO currency code: GBP, USD or EUR.")
    amount: Decimal = doc("The amount, a plain number such as 2500.")
    per: Period = doc("What the amount is for: month, year or project.")

    def problems(self):
        if self.amount < 0:
            yield "amount", f"must not be negative, got {self.amount}"


@dataclass(frozen=True)
class HoursRange:
    """A number of hours from `min` to `max` in a period."""

    min: Decimal = doc("Fewest hours.")
    max: Decimal = doc("Most hours.")
    per: Literal["month"] = doc("The period the hours are counted in: month.")

    def problems(self):
        if self.min < 0:
            yield "min", f"must not be negative, got {self.min}"
        if self.max < self.min:
            yield "max", f"must be at least min ({self.min}), got {self.max}"


@dataclass(frozen=True)
class Item:
    """One line of a list that calculators or forms refer to by name."""

    id: Name = doc("snake_case name; also the form field, URL and CSV name.")
    text: str = doc("The line as readers see it.")


@dataclass(frozen=True)
class Group:
    """A titled list of lines, such as one group of trigger events."""

    id: Id = doc("kebab-case id, used for links (#id).")
    name: str = doc("Heading shown above the list.")
    items: tuple[str, ...] = doc("The lines of the list.")


@dataclass(frozen=True)
class FlagGroup:
    """A titled list of named flags, such as one group of disqualifiers."""

    id: Id = doc("kebab-case id, used for links (#id).")
    name: str = doc("Heading shown above the list.")
    items: tuple[Item, ...] = doc("The flags: each a snake_case id and its text.")


@dataclass(frozen=True)
class OfferConflict:
    """Why a framework item contradicts what we sell (an editor's note).

    Until a writer confirms the item, pages show it with the note and no
    calculator applies it automatically.
    """

    reason: str = doc("Why the item contradicts the offer, in a sentence for the playbook's owner.")
    confirmed: bool = doc("true once a writer decides the item stands as written: calculators then apply "
                          "it and the note goes.", default=False)


@dataclass(frozen=True)
class ItemConflict:
    """An editor's note on one line of an entry that contradicts what we sell."""

    item: str = doc("The line it concerns, exactly as written in this entry.")
    reason: str = doc("Why the line contradicts the offer, in a sentence for the playbook's owner.")
    confirmed: bool = doc("true once a writer decides the line stands as written.", default=False)


@dataclass(frozen=True)
class CountRange:
    """A count from `min` to `max` (open-ended when max is left out), such as employees."""

    min: int = doc("Fewest.")
    max: Optional[int] = doc("Most; leave out for 'and above'.", default=None)

    def problems(self):
        if self.min < 0:
            yield "min", f"must not be negative, got {self.min}"
        if self.max is not None and self.max < self.min:
            yield "max", f"must be at least min ({self.min}), got {self.max}"


def _conflict_problems(conflicts, lines):
    """Each ItemConflict must name a line the entry really has."""
    for i, conflict in enumerate(conflicts or ()):
        if conflict.item not in lines:
            yield f"offer_conflicts[{i}].item", f"no line {conflict.item!r} in this entry"


# --- site -------------------------------------------------------------------


@dataclass(frozen=True)
class SiteFile:
    """data/site.yml: names used across the site, set in one place."""

    audience: Audience = doc("Who may read this file: public or internal.")
    company_name: str = doc("The company's name, shown wherever the playbook names us.", max_length=NAME_LENGTH)
    offering: str = doc("What we sell, in a few words.")
    tagline: str = doc("One sentence under the site title on the home page.")
    contact: str = doc("The invitation to get in touch, ending the buyer's guide and every calculator result.")
    booking_url: Optional[str] = doc("Optional: a booking page (https://...), offered as 'Book a call'.",
                                     default=None)
    contact_email: Optional[str] = doc("Optional: the email address prospects write to.", default=None)
    whatsapp: Optional[str] = doc("Optional: a WhatsApp number in international form (+44 ...).", default=None)
    phone: Optional[str] = doc("Optional: a phone number in international form (+44 ...), shown as text.",
                               default=None)
    person_name: Optional[str] = doc("Optional: who is behind the business, by name (with person_role and "
                                     "person_line).", default=None)
    person_role: Optional[str] = doc("Optional: that person's role, such as Fractional Chief AI Officer.",
                                     default=None)
    person_line: Optional[str] = doc("Optional: one line about that person, shown beside the contact buttons.",
                                     default=None)

    def problems(self):
        yield from contact.problems(self)


# --- ideal customer profiles -------------------------------------------------


@dataclass(frozen=True)
class BuyingProcess:
    """How an ICP buys: who is involved, how they evaluate, how long it takes."""

    stakeholders: tuple[str, ...] = doc("People involved; the first is the sponsor or champion.")
    evaluation: str = doc("What they look at before buying.")
    timeline: str = doc("How long decisions and pilots take.")
    criteria: str = doc("What decides the purchase.")


@dataclass(frozen=True)
class Profile:
    """One enterprise ideal customer profile (ICP)."""

    id: Id = doc("kebab-case id, used in macros such as profile_table(\"<id>\") and in links (#id).")
    name: str = doc("Title of the profile: the buyer's role and market, as readers see it.")
    role: str = doc("The buyer's job titles.")
    company_size: str = doc("Employees and revenue of a typical company.")
    industry: str = doc("Industries and example brands.")
    motivations: tuple[str, ...] = doc("What the buyer wants to achieve.")
    pain_points: tuple[str, ...] = doc("What hurts today.")
    success_looks_like: tuple[str, ...] = doc("Measurable outcomes with timeframes.")
    budget_authority: tuple[str, ...] = doc("What the buyer can sign and what needs approval.")
    retainer: MoneyRange = doc("Typical Fractional CAIO retainer for this buyer.")
    buying_process: BuyingProcess = doc("Stakeholders, evaluation, timeline and criteria.")
    fit: Optional["ProfileFit"] = doc("What the fit check compares an account with; leave out and no account "
                                      "is matched to this profile.", default=None)


@dataclass(frozen=True)
class ProfileFit:
    """The profile's company size and industries as figures the fit check compares."""

    industries: tuple[Id, ...] = doc("Industries of data/use_cases.yml (their ids) this profile sells to.")
    employees: Optional[CountRange] = doc("Employees of a typical company.", default=None)
    revenue: Optional[MoneyRange] = doc("Annual revenue of a typical company, in the profile's currency.",
                                        default=None)


@dataclass(frozen=True)
class ProfilesFile:
    """data/profiles.yml: the enterprise ideal customer profiles."""

    audience: Audience = doc("Who may read this file: public or internal.")
    profiles: tuple[Profile, ...] = doc("One entry per ICP; add an entry to add a profile everywhere.")


@dataclass(frozen=True)
class SmbFile:
    """data/smb.yml: the small and mid-sized business profile."""

    audience: Audience = doc("Who may read this file: public or internal.")
    revenue: MoneyRange = doc("Annual revenue of SMBs that need a Fractional CAIO.")
    fractional_market: MoneyRange = doc("Revenue range where fractional executives have become standard.")
    fulltime_salary: MoneyRange = doc("Full-time executive salary these businesses cannot justify.")
    manual_work_signs: tuple[str, ...] = doc("Manual work that makes a business a candidate.")
    automatable_hours: HoursRange = doc("Automatable work a strategic assessment typically reveals.")
    quick_wins_within_weeks: int = doc("Weeks within which the first quick wins usually land.")
    roadmap_days: int = doc("Length of the structured transformation roadmap, in days.")
    agency_breaks_within_months: int = doc("Months within which an agency-built automation typically breaks.")


# --- account tiers and Salesforce fields -------------------------------------


@dataclass(frozen=True)
class Tier:
    """One target account tier."""

    id: Id = doc("kebab-case id, for example \"strategic\".")
    number: int = doc("Tier number as in the Salesforce field: 1, 2 or 3.")
    name: str = doc("Tier name, for example \"Strategic\".")
    revenue: MoneyRange = doc("Annual revenue of accounts in this tier.")
    ml_maturity: str = doc("How mature their ML/AI practice is.")
    use_cases: str = doc("Kind of use cases they run.")
    volume: str = doc("Inference volume.")
    budget: MoneyRange = doc("Annual spend capability.")
    examples: tuple[str, ...] = doc("Example accounts.")
    why_they_buy: tuple[str, ...] = doc("Reasons they buy.")
    revenue_note: Optional[str] = doc("Extra qualifier shown after the revenue, if any.", default=None)
    offer_conflicts: Optional[tuple[ItemConflict, ...]] = doc(
        "Lines that contradict what we sell: shown with an editor's note until a writer confirms them.", default=None)

    def problems(self):
        if self.number < 1:
            yield "number", f"must be 1 or more, got {self.number}"
        yield from _conflict_problems(self.offer_conflicts, (self.ml_maturity, self.use_cases, self.volume,
                                                             *self.examples, *self.why_they_buy))


@dataclass(frozen=True)
class SalesforceField:
    """One Salesforce field reps fill in."""

    name: str = doc("Field label as in Salesforce.")
    values: str = doc("Allowed values or what the field holds.")


@dataclass(frozen=True)
class TiersFile:
    """data/tiers.yml: target account tiers and the Salesforce fields."""

    audience: Audience = doc("Who may read this file: public or internal.")
    salesforce_fields: tuple[SalesforceField, ...] = doc("Key Salesforce fields.")
    tiers: tuple[Tier, ...] = doc("Tiers from 1 (highest) down.")

    def problems(self):
        numbers = [t.number for t in self.tiers]
        if numbers != sorted(numbers):
            yield "tiers", "list tiers in order of their number, 1 first"


# --- use-case patterns --------------------------------------------------------


@dataclass(frozen=True)
class IndustryPattern:
    """Use-case pattern for one industry."""

    id: Id = doc("kebab-case id, used for links (#id).")
    name: str = doc("Industry name.")
    pain_points: tuple[str, ...] = doc("Their pain points.")
    use_cases: tuple[str, ...] = doc("Use cases to probe for.")
    key_metrics: tuple[str, ...] = doc("Metrics they judge by.")
    competition: tuple[str, ...] = doc("Who we compete with.")
    offer_conflicts: Optional[tuple[ItemConflict, ...]] = doc(
        "Lines that contradict what we sell: shown with an editor's note until a writer confirms them.", default=None)
    editor_note: Optional[str] = doc("A note to the playbook's owner shown under the industry, such as where "
                                     "its content comes from.", default=None)

    def problems(self):
        yield from _conflict_problems(self.offer_conflicts, (*self.pain_points, *self.use_cases,
                                                             *self.key_metrics, *self.competition))


@dataclass(frozen=True)
class TechnicalPattern:
    """Use-case pattern for one technical shape of work."""

    id: Id = doc("kebab-case id, used for links (#id).")
    name: str = doc("Pattern name.")
    traits: tuple[str, ...] = doc("What characterises it.")
    examples: tuple[str, ...] = doc("Example use cases.")


@dataclass(frozen=True)
class UseCasesFile:
    """data/use_cases.yml: use-case patterns by industry and by technical pattern."""

    audience: Audience = doc("Who may read this file: public or internal.")
    industries: tuple[IndustryPattern, ...] = doc("Patterns by industry.")
    technical_patterns: tuple[TechnicalPattern, ...] = doc("Patterns by technical pattern.")


# --- qualification: disqualifiers, scoring, triggers, research ---------------


@dataclass(frozen=True)
class YearlyAmount:
    """An amount of money a year."""

    currency: Currency = doc("ISO currency code: GBP, USD or EUR.")
    amount: Decimal = doc("The amount a year, a plain number such as 10000.")

    def problems(self):
        if self.amount < 0:
            yield "amount", f"must not be negative, got {self.amount}"


@dataclass(frozen=True)
class Proof:
    """Facts about an account that prove a disqualifier without asking."""

    budget_below: Optional[YearlyAmount] = doc("An annual budget below this amount proves it.", default=None)
    industries: Optional[tuple[str, ...]] = doc("Industry values, as CRM exports or reps write them, that prove it "
                                                "(case and punctuation do not matter).", default=None)


@dataclass(frozen=True)
class Disqualifier:
    """One disqualifier: a named flag, what proves it, and any editor's note."""

    id: Name = doc("snake_case name; also the form field, URL and CSV name.")
    text: str = doc("The line as readers see it.")
    proven_by: Optional[Proof] = doc("Facts that prove it without asking; applied automatically.", default=None)
    offer_conflict: Optional[OfferConflict] = doc(
        "Why it contradicts what we sell: until confirmed it is shown with the note and never declines an "
        "account.", default=None)

    @property
    def applies(self) -> bool:
        """Whether calculators may apply it (no open editor's note)."""
        return self.offer_conflict is None or self.offer_conflict.confirmed


@dataclass(frozen=True)
class DisqualifierGroup:
    """A titled group of disqualifiers."""

    id: Id = doc("kebab-case id, used for links (#id).")
    name: str = doc("Heading shown above the list.")
    items: tuple[Disqualifier, ...] = doc("The disqualifiers: each a snake_case id and its text.")


@dataclass(frozen=True)
class DisqualifiersFile:
    """data/disqualifiers.yml: signs an account is not a fit; any one declines it."""

    audience: Audience = doc("Who may read this file: public or internal.")
    groups: tuple[DisqualifierGroup, ...] = doc("Groups of disqualifiers; each item id is a scoring flag.")

    def problems(self):
        seen = set()
        for group in self.groups:
            for item in group.items:
                if item.id in seen:
                    yield "groups", f"disqualifier id {item.id!r} is used twice"
                seen.add(item.id)


@dataclass(frozen=True)
class Dimension:
    """One scoring dimension."""

    id: Name = doc("snake_case name; the calculator input, URL and CSV column.")
    name: str = doc("Label shown to reps.")
    min: Decimal = doc("Lowest score.")
    max: Decimal = doc("Highest score.")
    step: Decimal = doc("Smallest step between scores, for example 0.5 for halves.")
    criteria: tuple[str, ...] = doc("What to weigh when scoring.")

    def problems(self):
        if self.max <= self.min:
            yield "max", f"must be more than min ({self.min}), got {self.max}"
        if self.step <= 0:
            yield "step", f"must be more than 0, got {self.step}"


@dataclass(frozen=True)
class Band:
    """One action band: totals from `min` up to the next band's min."""

    id: Id = doc("kebab-case id of the band, used for links and colours.")
    min: Decimal = doc("Lowest total in this band.")
    action: str = doc("What reps do with accounts in this band.")


@dataclass(frozen=True)
class ScoringFile:
    """data/scoring.yml: the scoring model and the action by score."""

    audience: Audience = doc("Who may read this file: public or internal.")
    dimensions: tuple[Dimension, ...] = doc("Scoring dimensions, added up to the total.")
    bands: tuple[Band, ...] = doc("Action bands, highest first; the last starts at the lowest possible total.")

    def problems(self):
        mins = [b.min for b in self.bands]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            yield "bands", "list bands highest first, each with a lower min than the one before"
        lowest = sum(d.min for d in self.dimensions)
        if mins and mins[-1] != lowest:
            yield "bands", f"the last band must start at the lowest possible total ({lowest}), got {mins[-1]}"
        for i, band in enumerate(self.bands):
            if band.min > self.max_total:
                yield f"bands[{i}].min", (f"no account can reach it: the highest possible total is "
                                          f"{self.max_total}, got {band.min}")

    @property
    def max_total(self) -> Decimal:
        return sum(d.max for d in self.dimensions)


@dataclass(frozen=True)
class TriggersFile:
    """data/triggers.yml: events that make an account worth a call now."""

    audience: Audience = doc("Who may read this file: public or internal.")
    groups: tuple[Group, ...] = doc("Groups of trigger events.")


def page_path_problems(pages, example: str):
    """Each entry of `pages` that is not a page path under docs/ (like `example`): (field, message) pairs."""
    for i, page in enumerate(pages):
        if not page.endswith(".md") or page.startswith(("/", ".")):
            yield f"pages[{i}]", f"expected a page path under docs/ like {example}, got {page!r}"


@dataclass(frozen=True)
class Prompt:
    """A question reps ask the playbook, and where its answer lives."""

    text: str = doc("The question as reps ask it; {company} becomes the company name.")
    data: tuple[Name, ...] = doc("Data files whose facts answer it: names of data/*.yml without .yml.")
    pages: tuple[str, ...] = doc("Pages that answer it: paths under docs/, such as playbook/tiers.md.")
    how: Optional[str] = doc("How to get the answer from the data, for an AI assistant (llms.txt shows it).",
                             default=None)

    def problems(self):
        for i, name in enumerate(self.data):
            if name not in FILES:
                yield f"data[{i}]", f"unknown data file {name!r}; known: {', '.join(FILES)}"
        yield from page_path_problems(self.pages, "playbook/tiers.md")


@dataclass(frozen=True)
class ResearchFile:
    """data/research.yml: the account research checklist and prompts reps ask."""

    audience: Audience = doc("Who may read this file: public or internal.")
    checklist: tuple[Group, ...] = doc("Research checklist, by level.")
    common_prompts: tuple[Prompt, ...] = doc("Questions reps ask, with the data and pages that answer them.")


# --- CRM exports ---------------------------------------------------------------


@dataclass(frozen=True)
class CrmColumn:
    """One playbook field and the CRM column names that mean it."""

    field: Name = doc("The playbook's name for it, such as employees.")
    aliases: tuple[str, ...] = doc("Column headers and API names CRM exports use for it (case, spaces and "
                                   "underscores do not matter).")


@dataclass(frozen=True)
class CrmIndustry:
    """CRM industry values that mean one of the playbook's industries."""

    industry: Id = doc("An industry id of data/use_cases.yml.")
    values: tuple[str, ...] = doc("Industry values as CRM exports write them (case and punctuation do not matter).")


@dataclass(frozen=True)
class CrmOutput:
    """One column the ranked CSV adds, under the name a CRM re-imports."""

    field: Name = doc("What it holds: tier, segment, score, action, status, disqualifiers, use_cases, reasons.")
    column: str = doc("The column header written, as the CRM names the field.")


@dataclass(frozen=True)
class CrmFile:
    """data/crm.yml: how CRM account exports (Salesforce, HubSpot) map to the playbook."""

    audience: Audience = doc("Who may read this file: public or internal.")
    columns: tuple[CrmColumn, ...] = doc("Columns the batch recognises, with their aliases; add an alias here.")
    industries: tuple[CrmIndustry, ...] = doc("CRM industry values mapped to the playbook's industries.")
    outputs: tuple[CrmOutput, ...] = doc("Columns the ranked CSV adds, in order.")

    def problems(self):
        seen: dict = {}
        for i, column in enumerate(self.columns):
            for alias in column.aliases:
                key = crm_key(alias)
                if key in seen and seen[key] != column.field:
                    yield f"columns[{i}].aliases", f"alias {alias!r} already means {seen[key]}"
                seen[key] = column.field
        seen = {}
        for i, entry in enumerate(self.industries):
            for value in entry.values:
                key = crm_key(value)
                if key in seen and seen[key] != entry.industry:
                    yield f"industries[{i}].values", f"value {value!r} already maps to {seen[key]}"
                seen[key] = entry.industry


def crm_key(text: str) -> str:
    """A CRM header or value as one comparable key: 'Head Count', 'HeadCount' and 'head_count'
    are all 'headcount'."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


# --- pricing and economics ----------------------------------------------------


@dataclass(frozen=True)
class Guarantee:
    """The hours guarantee of a pricing tier."""

    hours: Decimal = doc("Hours of manual labour we guarantee to save.")
    per: Literal["month"] = doc("Period of the guarantee: month.")
    remedy: str = doc("What the client gets if we miss it.")
    method: Optional[str] = doc("How the hours saved are measured and proven; until it is set the owner's "
                                "decisions list it as open.", default=None)


@dataclass(frozen=True)
class PricingTier:
    """A named pricing tier of the fractional retainer."""

    id: Id = doc("kebab-case id.")
    name: str = doc("Tier name.")
    fee: Money = doc("Monthly fee.")
    includes: tuple[str, ...] = doc("What the tier includes.")
    guarantee: Optional[Guarantee] = doc("Hours guarantee, if the tier has one.", default=None)


@dataclass(frozen=True)
class PricingFile:
    """data/pricing.yml: what the fractional model costs and what it is compared with."""

    audience: Audience = doc("Who may read this file: public or internal.")
    retainer: MoneyRange = doc("Monthly fee range of the fractional model, by scope.")
    tiers: tuple[PricingTier, ...] = doc("Named pricing tiers (the published sources name only the most popular).")
    fulltime_caio: MoneyRange = doc("Total compensation of a full-time Chief AI Officer.")
    agency_project: MoneyRange = doc("What an AI agency charges for one project.")
    hours_saved: HoursRange = doc("Manual labour typically eliminated.")
    labour_savings: MoneyRange = doc("Labour cost typically saved.")

    def problems(self):
        for i, tier in enumerate(self.tiers):
            fee = tier.fee.amount
            if not self.retainer.min <= fee <= (self.retainer.max or fee):
                low, high = (money(v, self.retainer.currency) for v in (self.retainer.min, self.retainer.max or 0))
                shown = f"{low}-{high}" if self.retainer.max is not None else f"{low} and above"
                yield f"tiers[{i}].fee.amount", f"must lie within the retainer range {shown}, got {fee}"


@dataclass(frozen=True)
class RampStep:
    """One month of the ramp-up: a phase of the 90-day engagement and the share of the hours saved in it."""

    phase: Id = doc("The phase of data/buyers_guide.yml (`phases`) this month falls in.")
    percent: Decimal = doc("Share of the buyer's monthly hours saved in this month, 0 to 100 (an assumption: "
                           "the sources give the phases, not the shares).")

    def problems(self):
        if not 0 <= self.percent <= 100:
            yield "percent", f"must be from 0 to 100, got {self.percent}"


@dataclass(frozen=True)
class EconomicsFile:
    """data/economics.yml: how the ROI calculator picks its defaults."""

    audience: Audience = doc("Who may read this file: public or internal.")
    default_tier: Id = doc("Pricing tier whose fee is the default fractional fee.")
    range_point: Literal["low", "mid", "high"] = doc("Which end of the published ranges the defaults use.")
    horizon_months: int = doc("Default horizon in months.")
    max_horizon_months: int = doc("Longest horizon the calculator accepts, in months.")
    ramp_up: tuple[RampStep, ...] = doc("The first months, one a phase: the share of the hours saved in each; "
                                        "every later month saves all of them.", default=())

    def problems(self):
        if not 1 <= self.horizon_months <= self.max_horizon_months:
            yield "horizon_months", f"must be between 1 and max_horizon_months, got {self.horizon_months}"


# --- buyer's guide and readiness -----------------------------------------------


@dataclass(frozen=True)
class HiringModel:
    """One way to staff AI marketing leadership."""

    id: Id = doc("kebab-case id: fractional, full-time, agency or specialist.")
    name: str = doc("Name shown to buyers.")
    you_buy: str = doc("What the buyer gets for the money.")
    fits_when: str = doc("When this model is the stronger choice.")
    hire_when: str = doc("The decision rule's sentence for this model.")


@dataclass(frozen=True)
class DecisionQuestion:
    """A yes/no question of the decision rule that points to one hiring model."""

    id: Name = doc("snake_case name; the form field and URL name.")
    text: str = doc("The question as the buyer reads it.")
    model: Id = doc("Hiring model a yes points to.")


@dataclass(frozen=True)
class ReadinessFile:
    """data/readiness.yml: the readiness self-assessment and the hiring decision rule."""

    audience: Audience = doc("Who may read this file: public or internal.")
    ready_signs: tuple[Item, ...] = doc("Signs you are ready to hire a fractional leader.")
    several: int = doc("How many ready signs count as 'several' (an assumption the calculator states).")
    not_ready: tuple[Item, ...] = doc("Things a fractional leader cannot compensate for.")
    first_purchases: tuple[str, ...] = doc("What to buy first when not ready.")
    hiring_models: tuple[HiringModel, ...] = doc("The four hiring models compared in the guide.")
    decision_questions: tuple[DecisionQuestion, ...] = doc("The decision rule as yes/no questions, strongest first.")
    workflow_signs: tuple[Item, ...] = doc("The offer's manual work that makes a business a candidate, worded as "
                                           "signs a buyer can say yes or no to; they count with the ready signs.",
                                           default=())

    def problems(self):
        seen: set[str] = set()
        for key, items in (("workflow_signs", self.workflow_signs), ("ready_signs", self.ready_signs),
                           ("not_ready", self.not_ready), ("decision_questions", self.decision_questions)):
            for i, item in enumerate(items):
                if item.id in seen:
                    yield f"{key}[{i}].id", f"{item.id!r} is used twice; each question needs its own id"
                seen.add(item.id)
        models = {m.id for m in self.hiring_models}
        for i, q in enumerate(self.decision_questions):
            if q.model not in models:
                yield f"decision_questions[{i}].model", f"unknown hiring model {q.model!r}; known: {', '.join(sorted(models))}"
        if not 1 <= self.several <= len(self.ready_signs) + len(self.workflow_signs):
            yield "several", f"must be between 1 and the number of signs, got {self.several}"


@dataclass(frozen=True)
class ScopePart:
    """One part of the four-part engagement scope."""

    id: Id = doc("kebab-case id, used for links (#id).")
    name: str = doc("Heading of the part.")
    items: tuple[str, ...] = doc("What the part covers or delivers.")


@dataclass(frozen=True)
class Phase:
    """One phase of the 90-day engagement."""

    id: Id = doc("kebab-case id, used for links (#id).")
    first_day: int = doc("First day of the phase.")
    last_day: int = doc("Last day of the phase.")
    name: str = doc("What happens, in a few words.")
    outputs: tuple[str, ...] = doc("Expected outputs.")

    def problems(self):
        if self.last_day < self.first_day:
            yield "last_day", f"must not be before first_day ({self.first_day}), got {self.last_day}"


@dataclass(frozen=True)
class GuideFile:
    """data/buyers_guide.yml: the checklists of the buyer's guide."""

    audience: Audience = doc("Who may read this file: public or internal.")
    responsibilities: tuple[str, ...] = doc("What the fractional leader owns.")
    stage_documentation: tuple[str, ...] = doc("What to document for each stage of the commercial system.")
    prioritisation_questions: tuple[str, ...] = doc("Questions that rank workflows.")
    first_portfolio_examples: tuple[str, ...] = doc("Example workflows for the first portfolio.")
    workflow_needs: tuple[str, ...] = doc("What every selected workflow needs beyond software.")
    handover: tuple[str, ...] = doc("What a credible handover includes.")
    phases: tuple[Phase, ...] = doc("The 90-day engagement, in order.")
    candidate_questions: tuple[str, ...] = doc("Scenario questions to ask candidates.")
    adoption_examples: tuple[str, ...] = doc("Examples to ask for when checking adoption leadership.")
    red_flags: tuple[str, ...] = doc("Proposal red flags.")
    buyer_checklist: tuple[str, ...] = doc("What to confirm before signing.")


# --- exchange rates ---------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """The owner's decision that closes an open question: what was chosen, and when."""

    choice: str = doc("What the owner decided, in a sentence.")
    date: str = doc("The date of the decision, quoted, as \"2026-01-31\".")

    def problems(self):
        if not DATE.match(self.date):
            yield "date", f"expected a quoted date like \"2026-01-31\", got {self.date!r}"


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
"""A date as data files write it: \"2026-01-31\"."""


@dataclass(frozen=True)
class ExchangeRate:
    """One exchange rate: 1 `base` buys `rate` `quote`, as of a date, from a stated source."""

    base: Currency = doc("The currency converted from: GBP, USD or EUR.")
    quote: Currency = doc("The currency converted to: GBP, USD or EUR.")
    rate: Decimal = doc("How many units of quote one unit of base buys, such as 1.27.")
    as_of: str = doc("The date of the rate, quoted, as \"2026-01-31\"; every converted figure shows it.")
    source: str = doc("Where the rate comes from (a bank's published rate, or an assumption to confirm); "
                      "shown beside the rate.")
    decided: Optional[Decided] = doc("The owner's confirmation of this rate; until it is set the rate is listed "
                                     "among the owner's open decisions.", default=None)

    def problems(self):
        if self.rate <= 0:
            yield "rate", f"must be more than 0, got {self.rate}"
        if self.base == self.quote:
            yield "quote", "must differ from base"
        if not DATE.match(self.as_of):
            yield "as_of", f"expected a quoted date like \"2026-01-31\", got {self.as_of!r}"

    def to_rate(self) -> MoneyRate:
        """The rate as the calculators convert with it (calculators/money.py)."""
        return MoneyRate(self.base, self.quote, self.rate, self.as_of, self.source)


@dataclass(frozen=True)
class RatesFile:
    """data/rates.yml: the exchange rates amounts in different currencies are compared and shown at."""

    audience: Audience = doc("Who may read this file: public or internal.")
    rates: Optional[tuple[ExchangeRate, ...]] = doc(
        "One entry per pair of currencies (either direction serves both); leave out and amounts in different "
        "currencies are not compared: pages say which fact cannot be judged.", default=None)

    def problems(self):
        seen: dict = {}
        for i, rate in enumerate(self.rates or ()):
            pair = frozenset((rate.base, rate.quote))
            if pair in seen:
                yield f"rates[{i}]", (f"a {rate.base}/{rate.quote} rate is already set at rates[{seen[pair]}]; "
                                      "keep one of them")
            seen[pair] = i


# --- the owner's decisions -----------------------------------------------------


@dataclass(frozen=True)
class Side:
    """What one source says on an open question, word for word, and the pages that show it."""

    source: str = doc("The source document, as the owner knows it, such as the buyer's guide.")
    says: str = doc("Its words, quoted exactly.")
    pages: tuple[str, ...] = doc("Pages where it shows: paths under docs/, such as buyers-guide/index.md.")

    def problems(self):
        yield from page_path_problems(self.pages, "buyers-guide/index.md")


@dataclass(frozen=True)
class Contradiction:
    """Two sources that say different things on one question the owner must decide."""

    id: Id = doc("kebab-case id, used for links (#id).")
    question: str = doc("The question the owner decides, in a sentence.")
    sides: tuple[Side, ...] = doc("What each source says, quoted, with the pages that show it; at least two.")
    decides: str = doc("Where the answer is written: a data file and field, or a page, such as "
                       "\"data/pricing.yml: retainer\".")
    decided: Optional[Decided] = doc("The owner's choice and its date; until set the question is open and pages "
                                     "show what the sources say.", default=None)

    def problems(self):
        if len(self.sides) < 2:
            yield "sides", "a contradiction needs at least two sides"
        if not self.decides.startswith(("data/", "docs/")):
            yield "decides", f"expected a data file or page such as \"data/pricing.yml: retainer\", got {self.decides!r}"


@dataclass(frozen=True)
class DecisionsFile:
    """data/decisions.yml: where the sources contradict each other, for the owner to decide."""

    audience: Audience = doc("Who may read this file: public or internal.")
    contradictions: tuple[Contradiction, ...] = doc("One entry per question; close one with `decided:`.")


FILES: dict[str, type] = {
    "site": SiteFile,
    "profiles": ProfilesFile,
    "smb": SmbFile,
    "tiers": TiersFile,
    "use_cases": UseCasesFile,
    "disqualifiers": DisqualifiersFile,
    "scoring": ScoringFile,
    "triggers": TriggersFile,
    "research": ResearchFile,
    "crm": CrmFile,
    "pricing": PricingFile,
    "economics": EconomicsFile,
    "readiness": ReadinessFile,
    "buyers_guide": GuideFile,
    "rates": RatesFile,
    "decisions": DecisionsFile,
}
"""Each data file's name (data/<name>.yml) and the record it holds."""


@dataclass(frozen=True)
class Playbook:
    """All the data files of one edition; a file the edition leaves out is None."""

    site: Optional[SiteFile] = None
    profiles: Optional[ProfilesFile] = None
    smb: Optional[SmbFile] = None
    tiers: Optional[TiersFile] = None
    use_cases: Optional[UseCasesFile] = None
    disqualifiers: Optional[DisqualifiersFile] = None
    scoring: Optional[ScoringFile] = None
    triggers: Optional[TriggersFile] = None
    research: Optional[ResearchFile] = None
    crm: Optional[CrmFile] = None
    pricing: Optional[PricingFile] = None
    economics: Optional[EconomicsFile] = None
    readiness: Optional[ReadinessFile] = None
    buyers_guide: Optional[GuideFile] = None
    rates_file: Optional[RatesFile] = None
    decisions: Optional[DecisionsFile] = None

    @classmethod
    def of(cls, records: dict) -> "Playbook":
        """A Playbook from data file records keyed by file name (FILES)."""
        return cls(**{FIELDS.get(name, name): record for name, record in records.items()})

    def file(self, name: str):
        """The record of data/<name>.yml, or None when the edition leaves it out."""
        return getattr(self, FIELDS.get(name, name))

    def require(self, name: str):
        """The named data file, or a clear error naming the edition's gap."""
        value = self.file(name)
        if value is None:
            raise LookupError(f"data/{name}.yml is not part of this edition (it is internal or missing)")
        return value

    @cached_property
    def rates(self) -> tuple[MoneyRate, ...]:
        """The exchange rates of data/rates.yml, as calculators/money.py converts with them."""
        return tuple(r.to_rate() for r in (self.rates_file.rates or ())) if self.rates_file is not None else ()


FIELDS = {"rates": "rates_file"}
"""Data files whose Playbook field has another name (`playbook.rates` is the rates themselves)."""
