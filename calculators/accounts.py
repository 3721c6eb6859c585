"""Accounts as the playbook judges them: the one pipeline for scored lists and CRM exports alike.

Answers "How should I prioritize [list of accounts]?" for any account file:
a CRM export as it comes (Salesforce, HubSpot, Pipedrive, Dynamics 365, Zoho
CRM) or a list with the four dimension scores, which is the same file with
four more columns. Headers resolve through data/crm.yml's aliases (and the
scoring model's own names); every row is an account (ranked), a row that
is not one (skipped, with why) or a row nothing identifies (rejected, with
why). One set of proofs declines an account: a disqualifier its industry
proves (data/disqualifiers.yml `proven_by`), its budget proves, or the file
ticks; an item under an editor's note is never applied.

Amounts are read by calculators.amounts in the cell's own currency, else the
row's currency column, else the file's default; converted into the tiers'
currency only at a stated rate, else that fact is unknown and the row says
why. Ranking: scored accounts by total, then accounts to score, then declined
ones; ties by tier (tier 1 first), then name, then row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import TYPE_CHECKING, Any, Mapping, Optional

from . import amounts, fit, scoring
from . import quote as quote_
from . import inputs as read
from .account_file import Rejected
from .inputs import FieldError, InputError
from .model import Playbook, crm_key

if TYPE_CHECKING:
    from .row_report import Problems
from .formulas import unguard
from .money import Money, plain

ID, NAME, DOMAIN, INDUSTRY, REVENUE, BUDGET, EMPLOYEES, CURRENCY, DISQUALIFIERS = (
    "id", "name", "domain", "industry", "annual_revenue", "annual_budget", "employees", "currency", "disqualifiers")
FIELDS = (ID, NAME, DOMAIN, INDUSTRY, REVENUE, BUDGET, EMPLOYEES, CURRENCY, DISQUALIFIERS)
FIELD_WORDS = {ID: "the account's id", NAME: "the account's name", DOMAIN: "the account's web domain",
               INDUSTRY: "the industry", REVENUE: "the annual revenue", BUDGET: "the annual budget",
               EMPLOYEES: "the number of employees", CURRENCY: "the currency", DISQUALIFIERS: "the disqualifiers"}

SCORED, TO_SCORE, DECLINED, REJECTED, SKIPPED = "scored", "to score", "declined", "rejected", "skipped"
OUTPUT = "output:"
"""Prefix of a header key that names a column the worksheet writes (data/crm.yml `outputs`)."""

LIST_SPLIT = re.compile(r"[|;]")
BLANKS = frozenset({"", "-", "--", "n/a", "na", "tbc", "tbd", "?"})
"""Cells that say nothing for a score, a currency, an id or a list (amounts read their own, in amounts.py)."""


# --- header resolution ----------------------------------------------------------------


def column_names(playbook: Playbook) -> dict[str, str]:
    """Every recognised header (as a crm_key) -> the field it means (or OUTPUT + a worksheet column)."""
    names: dict[str, str] = {}
    crm = playbook.crm
    for column in (crm.columns if crm is not None else ()):
        names.setdefault(crm_key(column.field), column.field)
        for alias in column.aliases:
            names.setdefault(crm_key(alias), column.field)
    for field in FIELDS:
        names.setdefault(crm_key(field), field)
    for d in playbook.require("scoring").dimensions:
        names.setdefault(crm_key(d.id), d.id)
        names.setdefault(crm_key(d.name), d.id)
    for group in playbook.require("disqualifiers").groups:
        for item in group.items:
            names.setdefault(crm_key(item.id), item.id)
    for field, column in outputs(playbook):
        names.setdefault(crm_key(column), OUTPUT + field)
    return names


def outputs(playbook: Playbook) -> tuple[tuple[str, str], ...]:
    """(field, column header) the worksheet adds, as data/crm.yml declares them."""
    crm = playbook.crm
    return tuple((o.field, o.column) for o in crm.outputs) if crm is not None else ()


@dataclass(frozen=True)
class Header:
    """Where each recognised field sits (field -> column index); other columns are kept as they are."""

    cells: tuple[str, ...]
    index: Mapping[str, int]
    ignored: tuple[str, ...]
    dimensions: tuple[str, ...]
    flags: tuple[str, ...]

    def label(self, field: str) -> str:
        at = self.index.get(field)
        return self.cells[at] if at is not None else field

    @cached_property
    def judged(self) -> tuple[tuple[str, Optional[int]], ...]:
        """(field, column index or None) of every field `judge` reads: the account's, and the dimensions'
        and disqualifiers' the file has."""
        fields_ = (*FIELDS, *self.dimensions, *self.flags)
        return tuple((f, self.index.get(f)) for f in dict.fromkeys(fields_))


def resolve_header(cells: list[str], playbook: Playbook, names: Optional[dict] = None) -> Optional[Header]:
    """The header of a row that names the account's name column, else None.

    Raises InputError when two columns mean one field, naming both.
    """
    names = names if names is not None else column_names(playbook)
    cleaned = tuple(unguard(c.lstrip("\ufeff")).strip() for c in cells)
    fields = [names.get(crm_key(c)) if c else None for c in cleaned]
    if NAME not in fields:
        return None
    index: dict[str, int] = {}
    errors = []
    for i, field in enumerate(fields):
        if field is None:
            continue
        if field in index:
            what = FIELD_WORDS.get(field) or (f"the worksheet's {field[len(OUTPUT):]} column"
                                              if field.startswith(OUTPUT) else field)
            errors.append(FieldError(cleaned[i], f"columns “{cleaned[index[field]]}” and “{cleaned[i]}” both "
                                                 f"mean {what}; keep one, or rename the other"))
            continue
        index[field] = i
    if errors:
        raise InputError(errors)
    ignored = tuple(c for c, f in zip(cleaned, fields) if f is None and c)
    dims = tuple(d.id for d in playbook.require("scoring").dimensions if d.id in index)
    flags = tuple(item.id for group in playbook.require("disqualifiers").groups for item in group.items
                  if item.id in index)
    return Header(cleaned, index, ignored, dims, flags)


def no_header(cells: list[str], playbook: Playbook) -> InputError:
    """The file's error when no row near its top names the account's name column."""
    found = ", ".join(c.strip() for c in cells if c.strip()) or "nothing"
    crm = playbook.crm
    aliases = next((c.aliases for c in crm.columns if c.field == NAME), ()) if crm is not None else ()
    if not cells:
        return InputError([FieldError("csv", "the CSV is empty: it needs a header row and one row per account")])
    return InputError([FieldError(NAME, f"the CSV has no account name column (found: {found}); name it one of "
                                        f"{', '.join(aliases) or NAME}")])


# --- the account -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Account:
    """One account of the file as the playbook judges it (scored when its scores are all given)."""

    row: int
    cells: tuple[str, ...]
    name: str
    record_id: str
    domain: str
    industry: Any
    industry_text: str
    segment: Any
    proven: tuple
    scores: Optional[tuple[Decimal, ...]]
    total: Optional[Decimal]
    band: Any
    status: str
    notes: tuple[str, ...]
    entered: bool = False
    duplicate: str = ""
    given: tuple = (None, None, None, "")
    """(employees, revenue, budget, currency) as the fit check takes them: what `Rules.likeness` reads,
    only for the rows shown or written."""

    @property
    def tier(self) -> Optional[int]:
        return self.segment.tier.number if self.segment.tier is not None else None


@dataclass(frozen=True, slots=True)
class Likeness:
    """The profiles an account resembles (fit.match_profiles, best first) and what to quote
    (quote.what_to_quote), from its facts as the fit check takes them, with both in words."""

    profiles: tuple
    quote: quote_.Quote
    profiles_text: str
    quote_text: str


def _profiles_text(matches: tuple) -> str:
    return " ".join(fit.match_line(m) for m in matches) or "None: no profile matches its known facts."


CACHED = 4096
"""Readings and segments kept per file (a file repeats its figures; a long one must not fill memory)."""
CACHED_WORDS = 32_768
"""Profiles and quotes kept per file, in words (each a few hundred characters)."""


class Rules:
    """What judging a row needs, resolved once per file: the scoring model, industries, proofs, currencies.

    `currency` is the file's default (the page's choice, --currency), else the tiers' own; `rates` the
    exchange rates the rep set (the page's rate field, --rate: account_inputs.read_rates), which go before
    the data's; `decimal_comma` whether the file writes 8,5 for 8.5.
    """

    def __init__(self, playbook: Playbook, currency: Optional[str] = None, rates: Optional[tuple] = None,
                 decimal_comma: Optional[bool] = None):
        self.playbook = playbook
        self.model = model = scoring.Model(playbook)
        self.tier_currency = model.currency
        self.currency = (currency or "").strip().upper() or model.currency
        self.rep_rates = tuple(rates or ())
        self.rates = (*self.rep_rates, *playbook.rates)
        self.decimal_comma = decimal_comma
        self.industries = fit.industry_index(playbook)
        self.flags = model.flag_items
        self.flag_keys = {}
        for flag, item in self.flags.items():
            self.flag_keys.setdefault(crm_key(item.text), flag)
            self.flag_keys[crm_key(flag)] = flag
        self.dimensions = model.dimensions
        self.industry_proofs: dict[str, list] = {}
        for _, item in model.disqualifiers:
            if item.proven_by is not None:
                for value in item.proven_by.industries or ():
                    self.industry_proofs.setdefault(crm_key(value), []).append(item)
        floors = ((item, scoring.proven_budget(item)) for _, item in model.disqualifiers)
        self.budget_floors = tuple((item, floor) for item, floor in floors
                                   if floor is not None and item.applies and floor.currency == model.currency)
        self.to_score = f"Score the {len(model.dimensions)} dimensions"
        self._amounts: dict = {}
        self._counts: dict = {}
        self._scores: dict = {}
        self._segments: dict = {}
        self._industry: dict = {}
        self._likeness: dict = {}
        self._priced: dict = {}
        self._quotes: dict = {}

    def amount(self, text: str, currency: str) -> amounts.AmountReading:
        """The cell read and converted into the tiers' currency (cached: a file repeats its figures)."""
        if text.isdigit() and text.isascii() and len(text) < 16 and currency == self.tier_currency:
            plain_amount = amounts.AmountReading(Money(Decimal(text), currency))  # the usual CRM figure: fast
            return plain_amount, plain_amount
        key = (text, currency)
        reading = self._amounts.get(key)
        if reading is None:
            if len(self._amounts) > CACHED:
                self._amounts.clear()
            raw = amounts.read_amount(text, currency, decimal_comma=self.decimal_comma)
            reading = self._amounts[key] = (raw, amounts.in_currency(raw, self.tier_currency, self.rates))
        return reading

    def count(self, text: str) -> amounts.CountReading:
        if text.isdigit() and text.isascii() and len(text) < 10:
            return amounts.CountReading(int(text))
        reading = self._counts.get(text)
        if reading is None:
            if len(self._counts) > CACHED:
                self._counts.clear()
            reading = self._counts[text] = amounts.read_count(text, decimal_comma=self.decimal_comma)
        return reading

    def score(self, text: str, d) -> Decimal | str:
        """A dimension's score, or the reason it is not one."""
        key = (text, d.id)
        value = self._scores.get(key)
        if value is None:
            cell = text.strip()
            if self.decimal_comma and "," in cell and "." not in cell:
                cell = cell.replace(",", ".")
            try:
                number_ = Decimal(cell)
                ok = number_.is_finite() and d.min <= number_ <= d.max and (number_ - d.min) % d.step == 0
            except InvalidOperation:
                ok = False
            value = number_ if ok else (f"{d.name} must be a score from {plain(d.min)} to {plain(d.max)} in steps "
                                        f"of {plain(d.step)}, got {read.shown(text)}")
            if len(self._scores) < 10_000:
                self._scores[key] = value
        return value

    def segment(self, revenue: Optional[Decimal], budget: Optional[Decimal]):
        key = (revenue, budget)
        seg = self._segments.get(key)
        if seg is None:
            if len(self._segments) > CACHED:
                self._segments.clear()
            seg = self._segments[key] = fit.segment(revenue, budget, self.tier_currency, self.playbook, self.model)
        return seg

    def likeness(self, account: Account) -> Likeness:
        """What fit.check answers for the account's facts: the profiles resembled and what to quote, in
        words (built only for the rows shown or written; cached, as a file repeats its facts)."""
        industry = account.industry
        employees, revenue, budget, currency = account.given
        key = (industry.id if industry is not None else None, employees, revenue, currency)
        matches = self._likeness.get(key)
        if matches is None:
            if len(self._likeness) > CACHED_WORDS:
                self._likeness.clear()
            found = fit.resembled(fit.match_profiles(industry, employees, revenue, currency, self.playbook,
                                                     self.rep_rates))
            matches = self._likeness[key] = (found, _profiles_text(found))
        profiles, profiles_text = matches
        quote_key = (currency, account.segment.id, tuple(m.profile.id for m in profiles), budget)
        quote = self._quotes.get(quote_key)
        if quote is None:
            if len(self._quotes) > CACHED_WORDS:
                self._quotes.clear()
            offers = self._priced.get(currency)
            if offers is None:
                offers = self._priced[currency] = quote_.priced(currency, self.playbook, self.rep_rates)
            found = quote_.quote_from(offers, quote_key[1], quote_key[2], budget)
            quote = self._quotes[quote_key] = (found, found.short())
        return Likeness(profiles, quote[0], profiles_text, quote[1])

    def industry(self, text: str):
        """(the playbook industry or None, the disqualifiers the industry proves)."""
        found = self._industry.get(text)
        if found is None:
            key = crm_key(text)
            found = self._industry[text] = (self.industries.get(key) if key else None,
                                            tuple(self.industry_proofs.get(key, ())))
        return found


# --- judging one row ---------------------------------------------------------------------------


def _problem_reason(column: str, reading: amounts.Reading) -> str:
    if reading.question:
        return f"{column}: unclear, not read (say which)"
    if "exchange rate" in reading.note:
        return f"{column}: in a currency without an exchange rate"
    if reading.note.endswith("not known"):
        return f"{column}: given as not known"
    return f"{column}: not read"


def judge(rules: Rules, header: Header, number: int, cells: tuple[str, ...], problems: Optional[Problems] = None,
          entered: Optional[Mapping[str, Any]] = None, duplicate: str = "") -> Account | Rejected:
    """One row as an Account, or Rejected when nothing identifies it (no name, id or domain).

    `entered` holds the scores a rep typed for this row (dimension id -> text); they take the place of
    the file's. Values that cannot be read make that fact unknown, with the reason in the notes and
    in `problems`.
    """
    notes: list[str] = []
    # every cell the row is judged on, read at once (a long file calls this for each row)
    read_cells = {field: ("" if at is None else (unguard(cells[at]) if cells[at][:1] == "'" else cells[at]).strip())
                  for field, at in header.judged}
    cell = read_cells.__getitem__

    def note(reason: str, message: str) -> None:
        notes.append(message)
        if problems is not None:
            problems.add(number, reason, message)

    name, record_id, domain = cell(NAME), cell(ID), cell(DOMAIN)
    if not (name or record_id or domain):
        return Rejected(number, cells, header.label(NAME), "nothing identifies the account: no name, id or domain")
    currency = rules.currency
    currency_text = cell(CURRENCY)
    if currency_text and currency_text.lower() not in BLANKS:
        code = amounts.currency_code(currency_text)
        if code is None:
            note(f"{header.label(CURRENCY)}: not a currency",
                 f"{header.label(CURRENCY)}: “{currency_text}” is not a currency code; took {currency}")
        else:
            currency = code
    values: dict[str, Optional[Decimal]] = {REVENUE: None, BUDGET: None}
    given: dict[str, Optional[Money]] = {REVENUE: None, BUDGET: None}  # in their own currency, as fit takes them
    for field in (REVENUE, BUDGET):
        text = cell(field)
        if not text:
            continue
        column = header.label(field)
        raw, converted = rules.amount(text, currency)
        given[field] = raw.value
        if raw.value is not None and currency_text and raw.value.currency != currency:
            notes.append(f"{column}: {text} is in {raw.value.currency}, the row's currency {currency}: took "
                         f"{raw.value.currency}")
        if converted.value is None:
            if converted.note:
                note(_problem_reason(column, converted), f"{column}: {converted.note}")
            continue
        if converted.note:
            notes.append(f"{column}: {converted.note}")
        values[field] = converted.value.amount
    employees = cell(EMPLOYEES)
    headcount = None
    if employees:
        reading = rules.count(employees)
        headcount = reading.value
        column = header.label(EMPLOYEES)
        if reading.value is None:
            note(_problem_reason(column, reading), f"{column}: {reading.note}")
        elif reading.note:
            notes.append(f"{column}: {reading.note}")

    scores: list[Decimal] = []
    typed = 0
    for d in rules.dimensions:
        if entered is not None and d.id in entered:
            raw_score = entered[d.id]
            text = "" if raw_score is None else str(raw_score).strip()
        else:
            text = read_cells.get(d.id, "")
        if not text or text.lower() in BLANKS:
            continue
        typed += 1
        value = rules.score(text, d)
        if value.__class__ is str:
            note(f"{d.name}: not a score", value)
        else:
            scores.append(value)
    if typed and len(scores) < len(rules.dimensions):
        if len(scores) == typed:
            note("scores: some given, not all",
                 f"{typed} of the {len(rules.dimensions)} scores given: give all or none to rank by score")
        scores = []

    ticked: set[str] = set()
    for flag in header.flags:
        text = cell(flag)
        try:
            if read.to_flag(flag, text):
                ticked.add(flag)
        except InputError:
            note(f"{header.label(flag)}: not yes or no",
                 f"{header.label(flag)} must be yes or no, got {read.shown(text)}; not applied")
    listed = cell(DISQUALIFIERS)
    if listed and listed.lower() not in BLANKS:
        for part in LIST_SPLIT.split(listed):
            key = crm_key(part)
            if not key:
                continue
            found = rules.flag_keys.get(key)
            if found is None:
                note("disqualifiers: unknown item",
                     f"unknown disqualifier {read.shown(part.strip())}; known: {', '.join(rules.flags)}")
            else:
                ticked.add(found)

    industry_text = cell(INDUSTRY)
    industry, industry_proofs = rules.industry(industry_text) if industry_text else (None, ())
    if industry_text and industry is None and not industry_proofs:
        notes.append(f"industry “{industry_text}” is not one of the playbook's")
    revenue, budget = values[REVENUE], values[BUDGET]
    seg = rules.segment(revenue, budget)
    proven: list[tuple[Any, str]] = []
    not_applied = []
    for item in industry_proofs:
        if item.applies:
            proven.append((item, f"industry “{industry_text}”"))
        else:
            not_applied.append(item)
    if budget is not None and any(budget < floor.amount for _, floor in rules.budget_floors):
        proven += [pair for pair in scoring.proven_by_facts(rules.model, budget)
                   if all(pair[0].id != p.id for p, _ in proven)]
    for flag in ticked:
        item = rules.flags[flag]
        if not item.applies:
            not_applied.append(item)
        elif all(item.id != p.id for p, _ in proven):
            proven.append((item, "ticked in the file"))
    for item in not_applied:
        notes.append(f"“{item.text}” not applied (editor's note)")
    if duplicate:
        notes.append(duplicate)
    total = band = None
    if scores:
        total = sum(scores, Decimal(0))
        band = rules.model.band_for(total)
    status = DECLINED if proven else SCORED if scores else TO_SCORE
    if proven:
        order = {item.id: n for n, item in enumerate(rules.flags.values())}
        proven.sort(key=lambda pair: order[pair[0].id])
    return Account(number, cells, name or domain or record_id, record_id, domain, industry, industry_text, seg,
                   tuple(proven), tuple(scores) if scores else None, total, band, status, tuple(notes),
                   entered is not None and bool(scores), duplicate,
                   (headcount, given[REVENUE], given[BUDGET], currency))


# --- ranking, output ------------------------------------------------------------------------------

NO_TIER = 99
"""Sorts an account with no tier after every tier."""

GROUPS = {SCORED: 0, TO_SCORE: 1, DECLINED: 2}


def sort_key(account: Account) -> tuple:
    """Scored first by total, then to score, then declined; ties by tier (1 first), name, row."""
    total = account.total if account.status == SCORED else Decimal(0)
    return (GROUPS[account.status], -total, account.tier or NO_TIER, account.name.casefold(), account.row)


def action(rules: Rules, account: Account) -> str:
    if account.status == DECLINED:
        return rules.model.lowest.action
    if account.status == SCORED:
        return account.band.action
    return rules.to_score


def fields(rules: Rules, account: Account, likeness: Optional[Likeness] = None) -> dict[str, str]:
    """The playbook's answers for one account, as the worksheet and the page write them."""
    likeness = likeness or rules.likeness(account)
    seg = account.segment
    reasons = [seg.rule] + [f"{item.text}: proven by the {why}." for item, why in account.proven]
    if account.total is not None:
        reasons.append(f"Score {plain(account.total)} of {plain(rules.model.max_total)}: {account.band.action}.")
    reasons += [n[0].upper() + n[1:] + ("" if n.endswith(".") else ".") for n in account.notes]
    return {
        "tier": scoring.tier_label(seg.tier) if seg.tier is not None else "",
        "segment": seg.name,
        "status": account.status,
        "score": plain(account.total) if account.total is not None else "",
        "action": action(rules, account),
        "disqualifiers": "; ".join(item.text for item, _ in account.proven),
        "use_cases": "; ".join(account.industry.use_cases) if account.industry is not None else "",
        "reasons": " ".join(reasons),
        "profiles": likeness.profiles_text,
        "quote": likeness.quote_text,
    }


def account_json(rules: Rules, account: Account) -> dict:
    """One account as the page, the command line's --json and the parity tests read it."""
    likeness = rules.likeness(account)
    shown = fields(rules, account, likeness)
    groups = {item.id: group.id for group, item in rules.model.disqualifiers}
    return {
        "row": account.row, "id": account.record_id, "name": account.name, "domain": account.domain,
        "status": account.status, "tier": account.tier,
        "tier_id": account.segment.tier.id if account.segment.tier is not None else None,
        "segment": account.segment.id,
        "total": None if account.total is None else float(account.total) if account.total % 1 else int(account.total),
        "band": account.band.id if account.status == SCORED else rules.model.lowest.id
        if account.status == DECLINED else None,
        "scores": {d.id: plain(v) for d, v in zip(rules.dimensions, account.scores)} if account.scores else {},
        "disqualifiers": [{"id": item.id, "group": groups[item.id], "text": item.text} for item, _ in account.proven],
        "industry": account.industry.id if account.industry is not None else None,
        "industry_name": account.industry.name if account.industry is not None else "",
        "industry_text": account.industry_text,
        "use_cases": list(account.industry.use_cases) if account.industry is not None else [],
        "duplicate": account.duplicate,
        "profiles": [{"id": m.profile.id, "name": m.profile.name, "industry_match": m.industry, "why": list(m.why)}
                     for m in likeness.profiles],
        "quote": fit.quote_json(likeness.quote),
        "display": shown,
    }
