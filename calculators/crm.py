"""CRM account exports (Salesforce, HubSpot) as they come: columns by alias, industries by value, triage.

Answers "How should I prioritize [list of accounts]?" for an unmodified
export. Headers are recognised through the aliases of data/crm.yml (case,
spaces, underscores and punctuation do not matter: "Annual Revenue",
"AnnualRevenue" and "annual_revenue" are one); industry values through its
industry map. Accounts without the four scores are not rejected: each gets
its segment and tier, the disqualifiers its fields prove, the use cases to
probe and the status "to score". The ranked CSV keeps every input column (and
the id) and adds the playbook's columns under the names data/crm.yml declares,
so it re-imports into the CRM.

Ranking: scored accounts by total (ties by tier, tier 1 first), then accounts
to score by tier, then declined ones; input order breaks remaining ties.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Optional

from . import fit
from . import inputs as read
from . import scoring
from .inputs import FieldError, InputError
from .model import Playbook, crm_key
from .money import CURRENCIES, json_number

ID, NAME, INDUSTRY, REVENUE, BUDGET, EMPLOYEES, CURRENCY, DISQUALIFIERS = (
    "id", "name", "industry", "annual_revenue", "annual_budget", "employees", "currency", "disqualifiers")

TO_SCORE, SCORED, DECLINED = "to score", "scored", "declined"
BLANKS = frozenset({"", "n/a", "na", "-", "--", "none", "null", "unknown", "not known"})
"""Cell values that mean "not known"."""

_SUFFIX = {"k": Decimal(10) ** 3, "m": Decimal(10) ** 6, "mm": Decimal(10) ** 6, "b": Decimal(10) ** 9,
           "bn": Decimal(10) ** 9}
_AMOUNT = re.compile(r"^(?P<code>[A-Za-z]{3})?\s*(?P<num>[^A-Za-z]*?)\s*(?P<suffix>k|m|mm|b|bn)?$", re.IGNORECASE)
_SPLIT = re.compile(r"[|;,]")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- columns and values -------------------------------------------------------


def column_names(playbook: Playbook) -> dict[str, str]:
    """Every recognised header (as a crm_key) -> the playbook field it means."""
    names: dict[str, str] = {}
    crm = playbook.crm
    for column in (crm.columns if crm is not None else ()):
        names[crm_key(column.field)] = column.field
        for alias in column.aliases:
            names.setdefault(crm_key(alias), column.field)
    for field in (ID, NAME, INDUSTRY, REVENUE, BUDGET, EMPLOYEES, CURRENCY, DISQUALIFIERS):
        names.setdefault(crm_key(field), field)
    for d in playbook.require("scoring").dimensions:
        names.setdefault(crm_key(d.id), d.id)
        names.setdefault(crm_key(d.name), d.id)
    for group in playbook.require("disqualifiers").groups:
        for item in group.items:
            names.setdefault(crm_key(item.id), item.id)
    return names


@dataclass(frozen=True)
class Header:
    """Where each recognised field sits: field -> column index; the rest are kept as they are."""

    cells: tuple[str, ...]
    index: dict
    ignored: tuple[str, ...]
    flag_fields: tuple[str, ...] = ()


def read_header(cells: list[str], playbook: Playbook) -> Header:
    """Resolve the header once; the first column meaning a field wins, later ones are kept unread."""
    names = column_names(playbook)
    index: dict[str, int] = {}
    ignored = []
    cleaned = tuple(c.lstrip("\ufeff").strip() for c in cells)
    for i, cell in enumerate(cleaned):
        field = names.get(crm_key(cell))
        if field is not None and field not in index:
            index[field] = i
        elif cell:
            ignored.append(cell)
    if NAME not in index:
        found = ", ".join(c for c in cleaned if c) or "nothing"
        aliases = next((c.aliases for c in playbook.crm.columns if c.field == NAME), ()) if playbook.crm else ()
        raise InputError([FieldError(NAME, f"the CSV has no account name column (found: {found}); name it one of "
                                           f"{', '.join(aliases) or NAME}")])
    flag_fields = tuple(item.id for group in playbook.require("disqualifiers").groups for item in group.items
                        if item.id in index)
    return Header(cleaned, index, tuple(ignored), flag_fields)


def amount(text: str, column: str) -> tuple[Optional[Decimal], Optional[str]]:
    """A money cell as CRMs export it: "4200000", "$4,200,000.00", "USD 4,200,000", "4.2M".

    Returns (amount, currency code written in the cell or None); raises ValueError with a reason.
    """
    cleaned = text.strip()
    if cleaned.lower() in BLANKS:
        return None, None
    match = _AMOUNT.match(cleaned.replace("\u00a0", " "))
    if not match:
        raise ValueError(f"{column} must be an amount such as 4200000 or $4.2M, got {read.shown(text)}")
    code = (match.group("code") or "").upper() or None
    if code is not None and code not in CURRENCIES:
        raise ValueError(f"{column} has the currency {code}; use one of {', '.join(CURRENCIES)}")
    value = _decimal(match.group("num").lstrip("$£€").strip())
    if value is None:
        raise ValueError(f"{column} must be an amount such as 4200000 or $4.2M, got {read.shown(text)}")
    suffix = (match.group("suffix") or "").lower()
    value = value * _SUFFIX[suffix] if suffix else value
    if value < 0 or value > scoring.MAX_AMOUNT:
        raise ValueError(f"{column} must be between 0 and {read.grouped(scoring.MAX_AMOUNT)}, got {read.shown(text)}")
    return value, code


_RANGE = re.compile(r"\d\s*(-|–|to)\s*\d")
_RANGE_SPLIT = re.compile(r"\s*(?:-|–|to)\s*")


def _bad_count(text: str, column: str):
    raise ValueError(f"{column} must be a whole number from 0 to {fit.MAX_EMPLOYEES:,}, got {read.shown(text)}")


def count(text: str, column: str) -> Optional[int]:
    """An employee count: "1,200", "1200.0"; a range such as "1001-5000" or "10,000+" gives its lower end."""
    cleaned = text.strip().rstrip("+").strip()
    if cleaned.lower() in BLANKS:
        return None
    value = _decimal(cleaned)
    if value is not None:
        if value != value.to_integral_value() or value > fit.MAX_EMPLOYEES:
            _bad_count(text, column)
        return int(value)
    low = _RANGE_SPLIT.split(cleaned, maxsplit=1)[0] if _RANGE.search(cleaned) else cleaned
    value = _decimal(low)
    if value is None:
        raise ValueError(f"{column} must be a number of employees such as 1200, got {read.shown(text)}")
    if value < 0 or value > fit.MAX_EMPLOYEES or value != value.to_integral_value():
        raise ValueError(f"{column} must be a whole number from 0 to {fit.MAX_EMPLOYEES:,}, got {read.shown(text)}")
    return int(value)


_NUMBER = re.compile(r"^\d{1,3}(?:(?P<sep>[, \u00a0])\d{3})(?:(?P=sep)\d{3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")


_SEPARATORS = re.compile(r"[, \u00a0]")


def _decimal(text: str) -> Optional[Decimal]:
    """A plain or grouped number as CRMs export it (2400, 2,400, 2 400, 2400.00), else None."""
    text = text.strip()
    if len(text) > 40 or not _NUMBER.match(text):
        return None
    return Decimal(_SEPARATORS.sub("", text)) if not text.isdigit() else Decimal(text)


# --- triage ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """One account of the export, triaged (and scored when its four scores are given)."""

    row: int
    cells: tuple[str, ...]
    name: str
    record_id: str
    industry: Any
    industry_text: str
    segment: fit.Segment
    proven: tuple[tuple[Any, str], ...]
    scores: Optional[tuple[tuple[str, Decimal], ...]]
    result: Optional[scoring.ScoringResult]
    notes: tuple[str, ...]
    decline_action: str = "Decline or refer"

    @property
    def status(self) -> str:
        if self.proven or (self.result is not None and self.result.declined and self.result.disqualified_by):
            return DECLINED
        return SCORED if self.result is not None else TO_SCORE

    @property
    def tier(self) -> Optional[int]:
        return self.segment.tier.number if self.segment.tier is not None else None


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"

    def to_json(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Triage:
    """Every account ranked (best first), the rows rejected and the header as read."""

    header: Header
    accounts: tuple[Account, ...]
    errors: tuple[RowError, ...]
    delimiter: str


class Context:
    """Data resolved once per file: the scoring model, the industry index, disqualifier proofs."""

    def __init__(self, playbook: Playbook):
        self.playbook = playbook
        self.model = scoring.Model(playbook)
        self.currency = self.model.currency
        self.industries = fit.industry_index(playbook)
        self.dimensions = self.model.dimensions
        self.labels = {d.id: d.name for d in self.dimensions}
        self.flags = {item.id: item for _, item in self.model.disqualifiers}
        self.industry_proofs = {}
        for _, item in self.model.disqualifiers:
            if item.applies and item.proven_by is not None:
                for value in item.proven_by.industries or ():
                    self.industry_proofs.setdefault(crm_key(value), []).append(item)
        self._segments: dict = {}

    def segment(self, revenue, budget, currency) -> fit.Segment:
        key = (revenue, budget, currency)
        if key not in self._segments:
            if len(self._segments) > 50_000:
                self._segments.clear()
            self._segments[key] = fit.segment(revenue, budget, currency, self.playbook, self.model)
        return self._segments[key]


def triage_account(ctx: Context, row: int, cells: tuple[str, ...], header: Header,
                   scored: Optional[dict] = None) -> Account:
    """One row's account; raises InputError (one FieldError per bad cell, field = the column header).

    `scored` holds scores a rep entered for this row (field -> text); they take the place of the export's.
    """
    idx, errors = header.index, []

    def cell(field: str) -> str:
        if scored and field in scored:
            value = scored[field]
            return "" if value is None else str(value).strip()
        i = idx.get(field)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def column(field: str) -> str:
        if field in idx:
            return header.cells[idx[field]]
        return ctx.labels.get(field, field)

    name = cell(NAME)
    if not name:
        errors.append(FieldError(column(NAME), "the account has no name"))
    currency_text = cell(CURRENCY).upper()
    currency = ctx.currency
    if currency_text and currency_text.lower() not in BLANKS:
        if currency_text in CURRENCIES:
            currency = currency_text
        else:
            errors.append(FieldError(column(CURRENCY), f"must be one of {', '.join(CURRENCIES)}, got "
                                                       f"{read.shown(cell(CURRENCY))}"))
    values: dict[str, Optional[Decimal]] = {}
    for field in (REVENUE, BUDGET):
        try:
            value, code = amount(cell(field), column(field))
        except ValueError as error:
            errors.append(FieldError(column(field), str(error)))
            continue
        if code is not None:
            if currency_text and code != currency:
                errors.append(FieldError(column(field), f"is in {code} but the row's currency is {currency}"))
            currency = code
        values[field] = value
    employees = None
    try:
        employees = count(cell(EMPLOYEES), column(EMPLOYEES))
    except ValueError as error:
        errors.append(FieldError(column(EMPLOYEES), str(error)))
    scores = []
    for d in ctx.dimensions:
        if d.id not in idx and not (scored and d.id in scored):
            continue
        text = cell(d.id)
        if text.lower() in BLANKS:
            continue
        value = _decimal(text)
        if value is None or not d.min <= value <= d.max or (value - d.min) % d.step:
            errors.append(FieldError(column(d.id), f"{column(d.id)} must be a score from {read.plain(d.min)} to "
                                                   f"{read.plain(d.max)} in steps of {read.plain(d.step)}, "
                                                   f"got {read.shown(text)}"))
        else:
            scores.append((d.id, value))
    if scores and len(scores) < len(ctx.dimensions):
        given = {i for i, _ in scores}
        for d in ctx.dimensions:
            if d.id not in given and not any(e.field == column(d.id) for e in errors):
                errors.append(FieldError(column(d.id), f"give all {len(ctx.dimensions)} scores or none"))
    flags = set()
    for field in header.flag_fields:
        if field in idx:
            try:
                if read.to_flag(field, cell(field)):
                    flags.add(field)
            except InputError:
                errors.append(FieldError(column(field), f"must be yes or no, got {read.shown(cell(field))}"))
    listed = cell(DISQUALIFIERS)
    for part in _SPLIT.split(listed) if listed else ():
        key = part.strip()
        if not key:
            continue
        found = next((f for f, item in ctx.flags.items() if crm_key(f) == crm_key(key)
                      or crm_key(item.text) == crm_key(key)), None)
        if found is None:
            errors.append(FieldError(column(DISQUALIFIERS), f"unknown disqualifier {read.shown(key)}; known: "
                                                            f"{', '.join(ctx.flags)}"))
        else:
            flags.add(found)
    if errors:
        raise InputError(errors)

    industry_text = cell(INDUSTRY)
    industry = ctx.industries.get(crm_key(industry_text)) if industry_text else None
    revenue, budget = values.get(REVENUE), values.get(BUDGET)
    seg = ctx.segment(revenue, budget, currency)
    proven: list[tuple[Any, str]] = [(item, f"industry “{industry_text}”")
                                     for item in ctx.industry_proofs.get(crm_key(industry_text), ())]
    budget_in_tiers = fit.convert(budget, currency, ctx.currency, ctx.playbook).amount
    proven += [(item, why) for item, why in scoring.proven_by_facts(ctx.model, budget_in_tiers)]
    notes = []
    not_applied = [ctx.flags[f] for f in flags if not ctx.flags[f].applies]
    for item in not_applied:
        notes.append(f"“{item.text}” not applied (editor's note)")
    ticked = frozenset(f for f in flags if ctx.flags[f].applies)
    if industry_text and industry is None:
        notes.append(f"industry “{industry_text}” is not one of the playbook's")
    result = None
    if scores:
        full = tuple(scores)
        proven_ids = frozenset(item.id for item, _ in proven)
        result = scoring.score(scoring.ScoringInputs(full, fit.convert(revenue, currency, ctx.currency,
                                                                       ctx.playbook).amount,
                                                     budget_in_tiers, ticked | proven_ids), ctx.playbook)
    else:
        proven += [(item, "ticked in the export") for item in ctx.flags.values() if item.id in ticked]
    record_id = cell(ID)
    return Account(row, cells, name, record_id, industry, industry_text, seg, tuple(_unique(proven)),
                   tuple(scores) or None, result, tuple(notes), ctx.model.lowest.action)


def _unique(pairs: Iterable[tuple[Any, str]]):
    seen = set()
    for item, why in pairs:
        if item.id not in seen:
            seen.add(item.id)
            yield item, why


def sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def triage_csv(text: str, playbook: Playbook, scores: Optional[dict] = None) -> Triage:
    """Read, triage and rank a CRM export; raises InputError when the file has no header or no name column.

    `scores` maps a row number (as in the file, header = 1) to the scores a rep entered for it inline.
    """
    scores = scores or {}
    if not isinstance(text, str):
        raise InputError([FieldError("csv", "the CSV must be text")])
    text = text.lstrip("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise InputError([FieldError("csv", "the CSV is empty: it needs a header row and one row per account")])
    delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    ctx = Context(playbook)
    header = None
    accounts, errors = [], []
    for number, cells in enumerate(reader, start=1):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = read_header(cells, playbook)
            continue
        if len(cells) > len(header.cells) and any(c.strip() for c in cells[len(header.cells):]):
            errors.append(RowError(reader.line_num, "(row)", f"the row has {len(cells)} cells but the header "
                                                             f"{len(header.cells)}"))
            continue
        cells = tuple(cells[:len(header.cells)]) + ("",) * (len(header.cells) - len(cells))
        try:
            accounts.append(triage_account(ctx, reader.line_num, cells, header, scores.get(reader.line_num)))
        except InputError as error:
            errors.extend(RowError(reader.line_num, e.field, e.message) for e in error.errors)
    if header is None:
        raise InputError([FieldError("csv", "the CSV is empty: it needs a header row and one row per account")])
    return Triage(header, tuple(sorted(accounts, key=sort_key)), tuple(errors), delimiter)


_TIER_LAST = 99


def sort_key(account: Account) -> tuple:
    """Scored first by total (ties: tier 1 first), then to score by tier, then declined; then input order."""
    tier = account.tier or _TIER_LAST
    if account.status == DECLINED:
        return (2, Decimal(0), tier, account.row)
    if account.result is not None:
        return (0, -account.result.total, tier, account.row)
    return (1, Decimal(0), tier, account.row)


# --- output ---------------------------------------------------------------------------


def outputs(playbook: Playbook) -> tuple[tuple[str, str], ...]:
    """(field, column header) the ranked CSV adds, as data/crm.yml declares them."""
    crm = playbook.crm
    return tuple((o.field, o.column) for o in crm.outputs) if crm is not None else ()


def account_fields(account: Account) -> dict[str, str]:
    """The playbook's answers for one account, as text for the ranked CSV and the page."""
    seg, result = account.segment, account.result
    disq = [item.text for item, _ in account.proven]
    if result is not None:
        disq += [item.text for item in result.disqualified_by if item.text not in disq]
    if account.status == DECLINED:
        action = account.decline_action
    elif result is not None:
        action = result.band.action
    else:
        action = "Score the four dimensions"
    reasons = [seg.rule] + [f"{item.text}: proven by the {why}." for item, why in account.proven]
    if result is not None:
        reasons.append(f"Score {read.plain(result.total)} of {read.plain(result.max_total)}: {result.score_band.action}.")
    reasons += [note[0].upper() + note[1:] + "." for note in account.notes]
    return {
        "tier": str(seg.tier.number) if seg.tier is not None else "",
        "segment": seg.name,
        "status": account.status,
        "score": read.plain(result.total) if result is not None else "",
        "action": action,
        "disqualifiers": "; ".join(disq),
        "use_cases": "; ".join(account.industry.use_cases) if account.industry is not None else "",
        "reasons": " ".join(reasons),
    }


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
        return True
    except Exception:  # noqa: BLE001 - any non-number
        return False


def to_csv(triage: Triage, playbook: Playbook) -> str:
    """The ranked CSV: the export's own columns as they were, then the playbook's under their CRM names.

    A playbook column whose name the export already has replaces that column's value (a re-export
    ranks again cleanly instead of growing a second copy).
    """
    header = list(triage.header.cells)
    added = []
    for field, column in outputs(playbook):
        key = crm_key(column)
        at = next((i for i, h in enumerate(header) if crm_key(h) == key), None)
        if at is None:
            header.append(column)
            at = len(header) - 1
        added.append((field, at))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for account in triage.accounts:
        cells = list(account.cells) + [""] * (len(header) - len(account.cells))
        fields = account_fields(account)
        for field, at in added:
            cells[at] = fields.get(field, "")
        writer.writerow([_safe(c) for c in cells])
    return out.getvalue()


def summary(triage: Triage) -> str:
    counts = {TO_SCORE: 0, SCORED: 0, DECLINED: 0}
    for account in triage.accounts:
        counts[account.status] += 1
    rejected = len({e.row for e in triage.errors})
    return (f"{len(triage.accounts)} accounts ranked ({counts[SCORED]} scored, {counts[TO_SCORE]} to score, "
            f"{counts[DECLINED]} declined)" + (f"; {rejected} rows rejected" if rejected else "") + ".")


def account_json(account: Account) -> dict:
    fields = account_fields(account)
    return {
        "row": account.row, "id": account.record_id, "name": account.name,
        "industry": account.industry.id if account.industry is not None else None,
        "industry_text": account.industry_text,
        "segment": account.segment.id, "tier": account.tier, "status": account.status,
        "total": json_number(account.result.total) if account.result is not None else None,
        "band": account.result.band.id if account.result is not None else None,
        "disqualifiers": [item.id for item, _ in account.proven]
        + ([i.id for i in account.result.disqualified_by] if account.result is not None else []),
        "use_cases": list(account.industry.use_cases) if account.industry is not None else [],
        "display": fields,
    }


def run_triage(text: Any, playbook: Playbook, include_csv: bool = False, scores: Optional[dict] = None) -> dict:
    """The JSON the CLI's --json and the browser read: ranked accounts, errors, summary.

    `scores` ({row: {dimension: value}}) are the ones a rep entered on the page; JSON keys may be text.
    """
    try:
        rows = {int(k): v for k, v in (scores or {}).items()} if isinstance(scores, dict) else {}
        triage = triage_csv(text, playbook, rows)
    except InputError as error:
        return {"ok": False, "errors": [e.to_json() for e in error.errors]}
    result = {"ok": True, "accounts": [account_json(a) for a in triage.accounts],
              "errors": [e.to_json() for e in triage.errors], "summary": summary(triage),
              "ignored_columns": list(triage.header.ignored)}
    if include_csv:
        result["csv"] = to_csv(triage, playbook)
    return result


# --- the prioritise page's session ---------------------------------------------------

SHOWN = 100
"""Accounts the page shows at once (the ranked CSV holds every one)."""


class TriageSession:
    """The prioritise page's CRM export, kept in the worker: rank it, score rows inline, export.

    Requests (the page's params): ``{"triage": "rank", "csv": text}`` ranks a new export;
    ``{"triage": "score", "row": n, "scores": {dimension: value}}`` scores one account and
    ranks again at once (only that row is read again); ``{"triage": "export"}`` gives the
    ranked CSV. Every answer is JSON-ready; bad input is a field error, never an exception.
    """

    def __init__(self, playbook: Playbook):
        self.playbook = playbook
        self.ctx = Context(playbook)
        self.triage: Optional[Triage] = None
        self.cells: dict[int, tuple[str, ...]] = {}
        self.scores: dict[int, dict] = {}
        self.notice = ""

    def handle(self, params: Any, progress: Any = None) -> dict:
        action = params.get("triage") if isinstance(params, dict) else None
        if action == "rank" or (isinstance(params, dict) and "csv" in params):
            return self.rank(params.get("csv"))
        if self.triage is None:
            return _failed("csv", "no export ranked yet: paste or choose a CRM export first")
        if action == "score":
            return self.score(params.get("row"), params.get("scores"))
        if action == "export":
            return {"ok": True, "calculator": "batch", "csv": to_csv(self.triage, self.playbook)}
        return _failed("triage", f"unknown request {read.shown(action)}; expected rank, score or export")

    def rank(self, text: Any) -> dict:
        notice = ""
        if isinstance(text, (bytes, bytearray, memoryview)):  # a chosen file's bytes
            text, notice = decode_with_notice(text)
        try:
            triage = triage_csv(text, self.playbook)
        except InputError as error:
            return {"ok": False, "calculator": "batch", "errors": [e.to_json() for e in error.errors]}
        self.triage, self.scores, self.notice = triage, {}, notice
        self.cells = {a.row: a.cells for a in triage.accounts}
        return self.page(changed=None)

    def score(self, row: Any, scores: Any) -> dict:
        if not isinstance(row, int) or isinstance(row, bool) or row not in self.cells:
            return _failed("row", f"no ranked account on row {read.shown(row)}")
        if not isinstance(scores, dict):
            return _failed("scores", "scores must map each dimension to a score")
        entered = {d.id: scores.get(d.id) for d in self.ctx.dimensions}
        try:
            account = triage_account(self.ctx, row, self.cells[row], self.triage.header, entered)
        except InputError as error:
            names = {d.id: d.name for d in self.ctx.dimensions}
            return {"ok": False, "calculator": "batch", "row": row, "errors": [
                {"field": next((i for i, n in names.items() if n == e.field or i == e.field), e.field),
                 "message": e.message} for e in error.errors]}
        self.scores[row] = entered
        others = [a for a in self.triage.accounts if a.row != row]
        self.triage = Triage(self.triage.header, tuple(sorted([*others, account], key=sort_key)),
                             self.triage.errors, self.triage.delimiter)
        return self.page(changed=row)

    def page(self, changed: Optional[int]) -> dict:
        triage = self.triage
        accounts = list(triage.accounts)
        shown = accounts[:SHOWN]
        rank = None
        if changed is not None:
            rank = next(i for i, a in enumerate(accounts, start=1) if a.row == changed)
            if rank > SHOWN:
                shown.append(accounts[rank - 1])
        rows = []
        for account in shown:
            item = account_json(account)
            item["rank"] = accounts.index(account) + 1 if account in shown[SHOWN:] else len(rows) + 1
            rows.append(item)
        moved = ""
        if changed is not None:
            account = accounts[rank - 1]
            moved = f"{account.name} now ranks {rank} of {len(accounts)}: {account_fields(account)['action']}."
        return {"ok": True, "calculator": "batch", "accounts": rows, "count": len(accounts),
                "errors": [e.to_json() for e in triage.errors[:50]],
                "errors_more": (f"{len(triage.errors) - 50} more problems are not listed."
                                if len(triage.errors) > 50 else ""),
                "summary": (summary(triage) + (f" {self.notice}" if self.notice else "")), "changed": changed,
                "moved": moved,
                "showing": (f"Showing the first {min(SHOWN, len(accounts))} of {len(accounts)} accounts; the "
                            "download holds every one." if len(accounts) > SHOWN else ""),
                "ignored_columns": list(triage.header.ignored),
                "dimensions": [{"id": d.id, "name": d.name, "min": json_number(d.min), "max": json_number(d.max),
                                "step": json_number(d.step)} for d in self.ctx.dimensions]}


def _failed(field: str, message: str) -> dict:
    return {"ok": False, "calculator": "batch", "errors": [{"field": field, "message": message}]}


# --- the command line's batch on a CRM export ------------------------------------------------

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def _line(text: str) -> str:
    """Text safe on a terminal, on one line: control and direction characters escaped."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text)


def decode(data: bytes) -> str:
    """A file's bytes as text by the command line's and the browser's one rule (csv_text)."""
    return decode_with_notice(data)[0]


def decode_with_notice(data: bytes) -> tuple[str, str]:
    """The text and the notice ("" when none) saying how a file that is not UTF-8 was read."""
    from .csv_text import decode as csv_decode

    try:
        return csv_decode(bytes(data))
    except (UnicodeDecodeError, InputError):
        return bytes(data).decode("cp1252", errors="replace"), ""


def has_a_score(text: str, playbook: Playbook) -> bool:
    """Whether the CSV's header names a scoring dimension: the batch scorer's own format, which then
    needs all of them (a CRM export as it comes has none)."""
    first = next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    cells = next(csv.reader([first], delimiter=sniff_delimiter(first)), [])
    names = column_names(playbook)
    found = {names.get(crm_key(c)) for c in cells}
    return any(d.id in found for d in playbook.require("scoring").dimensions)


def cli_batch(data: bytes, where: str, playbook: Playbook, output: Optional[str], as_json: bool, out, err) -> int:
    """`python -m calculators batch export.csv` for a CRM export: the ranked CSV to `output` (or out),
    or the JSON with --json; the summary and each rejected row on err; exit 2 when nothing was ranked."""
    import json

    where = _line(where)
    try:
        triage = triage_csv(decode(data), playbook)
    except InputError as error:
        for e in error.errors:
            print(f"error: {where}: {_line(e.message)}", file=err)
        return 2
    for e in triage.errors:
        print(f"error: {where}: {_line(str(e))}", file=err)
    if as_json:
        print(json.dumps({"ok": True, "accounts": [account_json(a) for a in triage.accounts],
                          "errors": [e.to_json() for e in triage.errors], "summary": summary(triage)},
                         ensure_ascii=False), file=out)
    elif output:
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(to_csv(triage, playbook))
        except OSError as error:
            print(f"error: {_line(output)}: cannot write the file ({_line(str(error.strerror or error))})", file=err)
            return 2
        print(summary(triage), file=out)
        print(f"Ranked CSV written to {_line(output)}.", file=out)
    else:
        out.write(to_csv(triage, playbook))
        print(summary(triage), file=err)
    return 2 if triage.errors and not triage.accounts else 0
