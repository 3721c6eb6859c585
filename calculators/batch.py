"""Batch scoring: a CSV of accounts in, every account scored, banded, tiered and ranked.

Answers the reps' "How should I prioritize [list of accounts]?". Reads CRM
exports as they come (BOM, semicolons or tabs, quoted commas, CRLF, blank
lines; headers in any case, with spaces or underscores). A bad row becomes
one error per bad cell (row number as in the file, header = row 1) while the
good rows still come through. The hot loop resolves columns once and caches
parsed cells, so 10,000 rows take well under a second even in Pyodide.
"""

from __future__ import annotations

import csv
import io
import re
import struct
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from typing import Any, Callable, Optional

from . import csv_text
from . import inputs as read
from .inputs import FieldError, InputError
from .model import Playbook
from .money import json_number
from .scoring import FIELD_BUDGET, FIELD_REVENUE, MAX_AMOUNT, Model, applied_flags, tier_label

NAME, DOMAIN, INDUSTRY, DISQUALIFIERS = "name", "domain", "industry", "disqualifiers"
ALIASES = {
    "account": NAME, "account_name": NAME, "company": NAME, "company_name": NAME,
    "website": DOMAIN, "web_site": DOMAIN, "revenue": FIELD_REVENUE, "budget": FIELD_BUDGET,
}
"""Common CRM export headers and the contract column each one means."""

TIER_FIELD, INDUSTRY_FIELD = "Target Account Tier", "Industry"
"""Fallback names of the two Salesforce fields the ranked CSV fills (the names come from data/tiers.yml)."""


def salesforce_name(playbook: Playbook, word: str, fallback: str) -> str:
    """The name data/tiers.yml gives the Salesforce field about `word` ("tier", "industry")."""
    tiers = playbook.tiers
    fields = tiers.salesforce_fields if tiers is not None else ()
    return next((f.name for f in fields if word in f.name.lower()), fallback)

_SPLIT = re.compile(r"[|;]")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RowError:
    """One bad cell: the row as numbered in the file (header = 1), its column header, why."""

    row: int
    column: str
    message: str

    def to_json(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass(frozen=True)
class BatchResult:
    """Ranked rows (tuples in `columns` order, best first), row errors and counts.

    The first `csv_width` columns go into the ranked CSV; the rest (source
    row, tier id, use-case id, band by score alone) serve the browser table.
    `number_columns` are the indexes holding Decimals (None when empty).
    """

    columns: tuple[str, ...]
    csv_width: int
    rows: tuple[tuple, ...]
    errors: tuple[RowError, ...]
    band_counts: tuple[tuple[str, str, int], ...]
    data_rows: int
    ignored_columns: tuple[str, ...]
    delimiter: str
    number_columns: tuple[int, ...] = ()
    notice: str = ""

    @property
    def rejected(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def scored(self) -> int:
        return len(self.rows)


def header_key(text: str) -> str:
    """A header as a contract name: 'Commercial Fit' and 'commercial-fit' are commercial_fit."""
    key = re.sub(r"[\s\-]+", "_", text.strip().lstrip("\ufeff").strip().lower())
    return ALIASES.get(key, key)


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line uses most."""
    for line in text.splitlines():
        if line.strip():
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=counts.get)
            return best if counts[best] else ","
    return ","


class _Plan:
    """Where each known column sits in the file, resolved once from the header."""

    def __init__(self, header: list[str], model: Model, use_cases: Any):
        self.header = header
        wanted = {NAME, DOMAIN, INDUSTRY, DISQUALIFIERS, FIELD_REVENUE, FIELD_BUDGET}
        wanted |= {d.id for d in model.dimensions} | set(model.flag_items)
        self.index: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        self.ignored: list[str] = []
        for i, raw in enumerate(header):
            key = header_key(raw)
            if key in self.index:
                raise InputError([FieldError(key, f"columns {self.headers[key]!r} and {raw.strip()!r} both mean "
                                                  f"{key}; keep one")])
            if key in wanted:
                self.index[key], self.headers[key] = i, raw.strip().lstrip("\ufeff")
            elif raw.strip():
                self.ignored.append(raw.strip())
        needed = required_columns(model)
        missing = [n for n in needed if n not in self.index]
        if missing:
            found = ", ".join(h.strip() for h in header if h.strip()) or "nothing"
            raise InputError([FieldError(n, f"the CSV has no {n} column (found: {found}); needed: "
                                            f"{', '.join(needed)}") for n in missing])
        self.flags = [(self.index[f], f) for f in model.flag_items if f in self.index]
        self.industry_ids = {}
        if use_cases is not None:
            for pattern in use_cases.industries:
                for part in [pattern.name, *pattern.name.split("/")]:
                    self.industry_ids[part.strip().lower()] = pattern.id

    def column(self, key: str) -> str:
        return self.headers.get(key, key)


def required_columns(model: Model) -> list[str]:
    """The columns every CSV must have: the name and one per scoring dimension."""
    return [NAME] + [d.id for d in model.dimensions]


class _Lines:
    """The file's physical lines as csv.reader reads them, remembering the current record's lines.

    A quote left open swallows every line after it into one cell; with the
    record's lines kept, the scorer can reject the row where it opened and
    read the lines after it again as rows.
    """

    def __init__(self, stream):
        self.stream = stream
        self.pending: list[str] = []  # lines to read again, last first
        self.record: list[str] = []
        self.line = 0  # physical lines read so far

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.pending.pop() if self.pending else next(self.stream)
        self.line += 1
        self.record.append(line)
        return line

    def again(self, lines: list[str]) -> None:
        """Read these lines again, as the next ones."""
        self.pending.extend(reversed(lines))
        self.line -= len(lines)


def _source(source: Any) -> tuple[Any, int, str]:
    """A text stream of the CSV, its line count (progress bound) and the decoding notice."""
    if isinstance(source, str):
        return io.StringIO(source.lstrip("\ufeff"), newline=""), source.count("\n") + 1, ""
    if isinstance(source, (bytes, bytearray, memoryview)) or (hasattr(source, "read") and hasattr(source, "seek")):
        lines = csv_text.line_count(source)
        stream, rule = csv_text.open_csv(source)
        return stream, lines, rule.notice
    raise InputError([FieldError("csv", f"expected the CSV as text or bytes, got {read.shown(source)}")])


def _sniff(stream) -> tuple[str, list[str]]:
    """The delimiter of the first non-blank line, and the lines read to find it (to read again)."""
    seen = []
    for line in stream:
        seen.append(line)
        if line.strip():
            return sniff_delimiter(line), seen
    return ",", seen


class _Scorer:
    """Scores a CSV's rows one at a time (shared by score_csv and the command line's rank_csv).

    `rows()` yields (sort key, row) for each scored account and passes each
    rejected row's errors to `on_error`; `data_rows`, `rejected` and `counts`
    add up as it goes (data_rows == scored + rejected).
    """

    def __init__(self, source: Any, playbook: Playbook, on_error: Callable[[list], Any],
                 progress: Optional[Callable[[int, int], Any]] = None):
        self.model = model = Model(playbook)
        self.playbook = playbook
        self.on_error = on_error
        self.progress = progress
        stream, self.lines, self.notice = _source(source)
        self.delimiter, seen = _sniff(stream)
        self.src = _Lines(stream)
        self.src.again(seen)
        self.src.line = 0
        self.reader = csv.reader(self.src, delimiter=self.delimiter)
        self.number = 0  # rows of the file read so far (header and blank rows included, as a spreadsheet counts)
        plan = None
        for header in self._records():
            if any(cell.strip() for cell in header):
                plan = _Plan(header, model, playbook.use_cases)
                break
        if plan is None:
            needed = ", ".join(required_columns(model))
            raise InputError([FieldError("csv", f"the CSV is empty; expected a header row with {needed}")])
        self.plan = plan
        self.data_rows = self.rejected = 0
        self.counts = {b.id: 0 for b in model.bands}

    def _records(self):
        """csv.reader's records (each counted as a row of the file), raising InputError if csv cannot read it."""
        reader = self.reader
        while True:
            self.src.record = []
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise InputError([FieldError("csv", f"line {self.src.line}: the CSV cannot be read "
                                                    f"({error})")]) from None
            self.number += 1
            yield cells

    def _open_quote(self, cells: list[str], width: int) -> Optional[str]:
        """Why a record spanning lines is a quote left open (None when it is a proper multi-line cell).

        Open when the record runs to the end of the file without its closing
        quote, or when a line inside a quoted cell holds as many delimiters
        as a whole row (the quote swallowed rows).
        """
        lines = self.src.record
        delimiter = self.delimiter
        if not self.src.pending:
            try:
                list(csv.reader(iter(lines), delimiter=delimiter, strict=True))
            except csv.Error:
                return "unterminated"
        if len(lines) > 1:
            least = max(width - 1, 1)
            for cell in cells:
                if ("\n" in cell or "\r" in cell) and any(
                        line.count(delimiter) >= least for line in cell.splitlines()[1:]):
                    return "swallowed"
        return None

    def rows(self):
        model, plan = self.model, self.plan
        idx = plan.index
        width = len(plan.header)
        empty = width  # every row gets one extra "" cell: absent optional columns point at it
        i_name, i_domain, i_industry, i_revenue, i_budget, i_disq = (
            idx.get(key, empty) for key in (NAME, DOMAIN, INDUSTRY, FIELD_REVENUE, FIELD_BUDGET, DISQUALIFIERS))
        dims = [(idx[d.id], d.id, plan.column(d.id), d.min, d.max, d.step, {}) for d in model.dimensions]
        flag_cols = [(i, f, plan.column(f), {}) for i, f in plan.flags]
        flag_items, flag_order = model.flag_items, {f: n for n, f in enumerate(model.flag_items)}
        industry_ids = plan.industry_ids
        bands, lowest, tier_for = model.bands, model.lowest, model.tier_for
        tier_texts: dict[tuple, tuple[str, str, str]] = {}
        totals: dict[Decimal, str] = {}
        counts = self.counts
        zero = Decimal(0)
        padding = [""] * (width + 1)
        src, lines, progress = self.src, self.lines, self.progress
        next_report = PROGRESS_EVERY if progress else -1

        while True:
            records = self._records()
            for cells in records:
                if not "".join(cells).strip():
                    continue
                number = self.number
                if number == next_report:
                    progress(src.line, lines)
                    next_report += PROGRESS_EVERY
                self.data_rows += 1
                if len(src.record) > 1 or not src.pending and not src.record[-1].endswith(("\n", "\r")):
                    why = self._open_quote(cells, width)
                    if why is not None:
                        break
                if len(cells) != width:
                    if len(cells) > width and "".join(cells[width:]).strip():
                        self._reject([RowError(number, "(row)", f"the row has {len(cells)} cells but the header "
                                                                f"has {width}; quote any cell that contains the "
                                                                "delimiter")])
                        continue
                    cells = (cells + padding)[:width]
                cells.append("")
                bad = []

                name = cells[i_name].strip()
                if not name:
                    bad.append(RowError(number, plan.column(NAME), "the account name is empty"))
                scores = []
                for i, field, column, low, high, step, cache in dims:
                    cell = cells[i]
                    value = cache.get(cell)
                    if value is None:
                        try:
                            value = read.number(field, cell, low, high, step, between=True, label="")
                        except InputError as error:
                            value = error.errors[0].message
                        cache[cell] = value
                    if value.__class__ is str:
                        bad.append(RowError(number, column, value))
                    else:
                        scores.append(value)

                amounts = []
                for i, field in ((i_revenue, FIELD_REVENUE), (i_budget, FIELD_BUDGET)):
                    cell = cells[i].strip()
                    if not cell:
                        amounts.append(None)
                    elif cell.isdigit() and cell.isascii() and len(cell) < 15:  # the usual CRM figure: fast path
                        amounts.append(Decimal(cell))
                    else:
                        try:
                            amounts.append(read.number(field, cell, zero, MAX_AMOUNT, money=True, label=""))
                        except InputError as error:
                            bad.append(RowError(number, plan.column(field), error.errors[0].message))
                            amounts.append(None)

                hits = set()
                for i, flag, column, cache in flag_cols:
                    cell = cells[i]
                    value = cache.get(cell)
                    if value is None:
                        try:
                            value = read.to_flag(flag, cell, label="")
                        except InputError as error:
                            value = error.errors[0].message
                        cache[cell] = value
                    if value is True:
                        hits.add(flag)
                    elif value is not False:
                        bad.append(RowError(number, column, value))
                if cells[i_disq].strip():
                    for part in _SPLIT.split(cells[i_disq]):
                        key = header_key(part)
                        if key in flag_items:
                            hits.add(key)
                        elif key:
                            bad.append(RowError(number, plan.column(DISQUALIFIERS),
                                                f"unknown disqualifier {read.shown(part.strip())}; known: "
                                                f"{', '.join(flag_items)}"))

                if bad:
                    self._reject(bad)
                    continue

                total = sum(scores, zero)
                for band in bands:
                    if total >= band.min:
                        break
                else:
                    band = lowest
                revenue, budget = amounts
                hits = applied_flags(model, hits, budget)  # no editor's note declines; a budget can prove one
                outcome = lowest if hits else band
                tier, met = tier_for(revenue, budget)
                key = (tier.number if tier else 0, met, revenue is None and budget is None)
                tier_info = tier_texts.get(key)
                if tier_info is None:
                    tier_info = tier_texts[key] = _tier_info(tier, met, key[2])
                total_text = totals.get(total)
                if total_text is None:
                    total_text = totals[total] = read.plain(total)
                reason = f"{outcome.action} (total {total_text}); "
                hit_ids = ""
                if hits:
                    ordered = sorted(hits, key=flag_order.get)
                    hit_ids = "|".join(ordered)
                    reason += "disqualified: " + "; ".join(flag_items[h].text for h in ordered) + "; "
                industry = cells[i_industry].strip()
                counts[outcome.id] += 1
                yield (outcome is lowest, -total, tier.number if tier else NO_TIER, name.casefold(), number), (
                    name, cells[i_domain].strip(), tier_info[0], industry, total, outcome.id, outcome.action,
                    *scores, revenue, budget, hit_ids, reason + tier_info[1],
                    number, tier_info[2], industry_ids.get(industry.lower(), ""), band.id)
            else:
                break
            # A quote left open: reject the row where it opened, read the lines after it again as rows.
            opened = src.line - len(src.record) + 1
            after = src.record[1:]
            column = plan.header[min(len(cells), width) - 1].strip() if cells else "(row)"
            if why == "unterminated":
                message = (f"a quote opens in this cell on line {opened} and never closes"
                           + (f"; the {len(after):,} lines after it are read as rows of their own" if after else "")
                           + "; close or remove the quote")
            else:
                message = (f"a quote opens in this cell on line {opened} and closes only on line {src.line}, "
                           "swallowing lines that look like rows; they are read as rows of their own; close or "
                           "remove the quote")
            self._reject([RowError(self.number, column, message)])
            src.record = []
            src.again(after)
            self.reader = csv.reader(src, delimiter=self.delimiter)
        if progress:
            progress(lines, lines)

    def _reject(self, errors: list) -> None:
        self.rejected += 1
        self.on_error(errors)

    def columns(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The ranked CSV's columns, and the ids of the dimension columns."""
        dim_ids = tuple(d.id for d in self.model.dimensions)
        tier_field = salesforce_name(self.playbook, "tier", TIER_FIELD)
        industry_field = salesforce_name(self.playbook, "industry", INDUSTRY_FIELD)
        return (("rank", NAME, DOMAIN, tier_field, industry_field, "total", "band", "action") + dim_ids
                + (FIELD_REVENUE, FIELD_BUDGET, DISQUALIFIERS, "reasons")), dim_ids


PROGRESS_EVERY = 5000
"""Rows between two progress reports."""


def score_csv(source: Any, playbook: Playbook, progress: Optional[Callable[[int, int], Any]] = None) -> BatchResult:
    """Score, band, tier and rank every account of a CSV; bad rows become RowErrors.

    `source` is the CSV's text, or its bytes (decoded by csv_text's rule, the
    notice kept in the result). Raises InputError only for problems with the
    whole file (no header, a required column missing, a column given twice,
    bytes that are no text). `progress(lines_read, lines_in_file)` is called
    every PROGRESS_EVERY rows (the browser's progress bar).
    """
    errors: list[RowError] = []
    scorer = _Scorer(source, playbook, errors.extend, progress)
    scored = list(scorer.rows())
    scored.sort(key=_sort_key)
    ranked = tuple((rank, *row) for rank, (_, row) in enumerate(scored, start=1))
    del scored
    columns, dim_ids = scorer.columns()
    extra = ("row", "tier_id", "use_case", "score_band")
    return BatchResult(
        columns=columns + extra,
        csv_width=len(columns),
        rows=ranked,
        errors=tuple(errors),
        band_counts=tuple((b.id, b.action, scorer.counts[b.id]) for b in scorer.model.bands),
        data_rows=scorer.data_rows,
        ignored_columns=tuple(scorer.plan.ignored),
        delimiter=scorer.delimiter,
        number_columns=tuple(i for i, c in enumerate(columns) if c in {"total", *dim_ids, FIELD_REVENUE, FIELD_BUDGET}),
        notice=scorer.notice,
    )


@dataclass(frozen=True)
class RankSummary:
    """The counts of a list ranked by rank_csv (the same names as BatchResult's, for summary_text)."""

    data_rows: int
    scored: int
    rejected: int
    band_counts: tuple[tuple[str, str, int], ...]
    ignored_columns: tuple[str, ...]
    delimiter: str
    notice: str = ""


class _Captured:
    """A file-like object csv.writer writes one line into at a time."""

    def __init__(self):
        self.line = ""

    def write(self, text: str) -> None:
        self.line = text


def _sortable(key: tuple) -> bytes:
    """A row's sort key (declined, -total, tier, casefolded name, row) as bytes that sort the same way."""
    declined, negative_total, tier_rank, name, number = key
    scaled = int(negative_total.scaleb(read.MAX_PLACES))  # exact: totals have at most MAX_PLACES places
    return (b"\x01" if declined else b"\x00") + struct.pack(">Q", (1 << 63) + scaled) + struct.pack(">H", tier_rank) \
        + name.encode("utf-8", "surrogatepass").replace(b"\x00", b"\x00\xff") + b"\x00\x00" \
        + struct.pack(">I", number)


WRITE_LINES = 2000
"""Ranked lines rank_csv joins into one write."""


def rank_csv(source: Any, playbook: Playbook, write: Callable[[str], Any], on_error: Callable[[RowError], Any],
             progress: Optional[Callable[[int, int], Any]] = None) -> RankSummary:
    """The ranked CSV of a list of any length, as the command line writes it (the same rows as to_csv).

    Each scored row is kept only as one bytes object (its sort key and its
    CSV line), so 2,000,000 rows rank in well under 1 GiB; `write` gets the
    ranked CSV a block of lines at a time and `on_error` each RowError as its
    row is read. Raises InputError like score_csv.
    """
    scorer = _Scorer(source, playbook, lambda errors: [on_error(e) for e in errors], progress)
    columns, _ = scorer.columns()
    width = len(columns) - 1  # the row's cells after the rank
    captured = _Captured()
    writer = csv.writer(captured, lineterminator="\r\n")
    records = []
    for key, row in scorer.rows():
        writer.writerow([_cell(v) for v in row[:width]])
        records.append(_sortable(key) + captured.line.encode("utf-8", "surrogatepass"))
    records.sort()
    writer.writerow(columns)
    block = [captured.line]
    for rank, record in enumerate(records, start=1):
        start = record.index(b"\x00\x00", 11) + 6
        block.append(f"{rank},{record[start:].decode('utf-8', 'surrogatepass')}")
        if len(block) >= WRITE_LINES:
            write("".join(block))
            block = []
    write("".join(block))
    return RankSummary(
        data_rows=scorer.data_rows,
        scored=len(records),
        rejected=scorer.rejected,
        band_counts=tuple((b.id, b.action, scorer.counts[b.id]) for b in scorer.model.bands),
        ignored_columns=tuple(scorer.plan.ignored),
        delimiter=scorer.delimiter,
        notice=scorer.notice,
    )


NO_TIER = 1 << 15
"""Sorts an account with no tier after every tier (ties break by tier, tier 1 first)."""


def _sort_key(item: tuple) -> tuple:
    return item[0]


def _tier_info(tier: Any, met: tuple[str, ...], no_facts: bool) -> tuple[str, str, str]:
    """A row's tier cells: the Salesforce value, the reason text, the tier id for links."""
    if tier is not None:
        by = " and ".join(m.replace("annual_", "") for m in met)
        return tier_label(tier), f"tier {tier_label(tier)} by {by}", tier.id
    if no_facts:
        return "", "no tier: no revenue or budget given", ""
    return "", "no tier: below every tier's minimums", ""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return read.plain(value)
    if isinstance(value, str) and value.lstrip(" ")[:1] in _FORMULA_STARTS:
        return "'" + value  # a spreadsheet would run it as a formula (CSV injection)
    return str(value)


def to_csv(result: BatchResult, delimiter: str = ",", start: int = 0, stop: Optional[int] = None) -> str:
    """The ranked accounts as CSV with the playbook's Salesforce field names.

    `start` and `stop` give a part of it (ranked rows start..stop, the header
    with the first part), so a long list can travel in pieces that join up
    to exactly the whole.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    width = result.csv_width
    if start == 0:
        writer.writerow(result.columns[:width])
    writer.writerows([_cell(v) for v in row[:width]] for row in result.rows[start:stop])
    return out.getvalue()


def summary_text(result: Any) -> str:
    """One paragraph: rows read, how many scored and rejected (they add up), per band; any decoding notice.

    `result` is a BatchResult or a RankSummary (the same counts).
    """
    bands = "; ".join(f"{action}: {count:,}" for _, action, count in result.band_counts)
    text = (f"Scored {result.scored:,} of {result.data_rows:,} accounts. {bands}. "
            f"Rows rejected: {result.rejected:,}.")
    if result.ignored_columns:
        text += f" Ignored columns: {', '.join(result.ignored_columns)}."
    if result.notice:
        text += " " + result.notice
    return text


def try_score(text: Any, playbook: Playbook,
              progress: Optional[Callable[[int, int], Any]] = None) -> tuple[Optional[BatchResult], list[dict]]:
    """score_csv that never raises for bad input: (result, []) or (None, the whole file's errors as JSON)."""
    try:
        with localcontext(Context(prec=34)):
            return score_csv(text, playbook, progress), []
    except InputError as error:
        return None, [e.to_json() for e in error.errors]
    except LookupError as error:
        return None, [{"field": "calculator", "message": str(error)}]


def summary_json(result: BatchResult) -> dict:
    """The counts of a scored list, as JSON: rows, scored, rejected, per band, ignored columns."""
    return {
        "rows": result.data_rows,
        "scored": len(result.rows),
        "rejected": result.rejected,
        "bands": [{"id": i, "action": a, "count": c} for i, a, c in result.band_counts],
        "ignored_columns": list(result.ignored_columns),
        "delimiter": result.delimiter,
        "notice": result.notice,
    }


def run_batch(text: Any, playbook: Playbook, include_csv: bool = False,
              progress: Optional[Callable[[int, int], Any]] = None) -> dict:
    """The browser's JSON: rows as lists (fast for 100,000 rows), errors, summary; never raises for bad input.

    `include_csv` adds the ranked CSV as "csv"; `progress` is passed to score_csv.
    """
    result, failed = try_score(text, playbook, progress)
    if result is None:
        return {"ok": False, "calculator": "batch", "errors": failed}
    numbers: dict[Decimal, Any] = {}
    decimal_at = result.number_columns
    rows = []
    for row in result.rows:
        row = list(row)
        for i in decimal_at:
            value = row[i]
            if value is not None:
                shown = numbers.get(value)
                if shown is None:
                    shown = numbers[value] = json_number(value)
                row[i] = shown
        rows.append(row)
    payload = {
        "ok": True,
        "calculator": "batch",
        "columns": list(result.columns),
        "csv_columns": list(result.columns[:result.csv_width]),
        "rows": rows,
        "errors": [e.to_json() for e in result.errors],
        "summary": summary_json(result),
        "display": {"summary": summary_text(result)},
    }
    if include_csv:
        payload["csv"] = to_csv(result)
    return payload
