"""A ranked account file: every row through the one pipeline, the worksheet it downloads as, the summary.

`rank` keeps the judged accounts (the page's session pages, sorts and
re-scores them); `write_ranked` streams (the command line keeps one short
bytes object per account, its sort key and where its worksheet line sits in
a temporary file). Both write the same worksheet: the file's own columns as
they were (only cells a spreadsheet would run as formulas guarded), the
dimension columns, the playbook's columns, and after the ranked accounts
the rejected and skipped rows with why; with the file's delimiter, its
`sep=` line and its byte-order mark when it had them. Read back, it ranks
the same.
"""

from __future__ import annotations

import csv
import io
import struct
from dataclasses import dataclass, field
from decimal import Context, localcontext
from typing import Any, BinaryIO, Callable, Iterator, Optional

from . import inputs as read
from .account_file import AccountFile, Skipped
from .accounts import (DECLINED, REJECTED, SCORED, SKIPPED, TO_SCORE, Account, Header, Rejected, Rules, account_json,
                       column_names, judge, no_header, resolve_header, sort_key)
from .inputs import InputError
from .model import Playbook
from .row_report import Duplicates, Problems, rejected_kind, skipped_kind, summary
from .worksheet import Worksheet, marked


class Tally:
    """The counts of a file as it is read: by status, by band, skipped and rejected by why, problems."""

    def __init__(self, rules: Rules):
        self.counts = {SCORED: 0, TO_SCORE: 0, DECLINED: 0}
        self.bands = {b.id: 0 for b in rules.model.bands}
        self.band_actions = tuple((b.id, b.action) for b in rules.model.bands)
        self.skipped: dict[str, int] = {}
        self.rejected: dict[str, int] = {}
        self.problems = Problems()

    def account(self, account: Account, delta: int = 1) -> None:
        self.counts[account.status] += delta
        if account.status == SCORED:
            self.bands[account.band.id] += delta

    def skip(self, item: Skipped) -> None:
        kind = skipped_kind(item.why)
        self.skipped[kind] = self.skipped.get(kind, 0) + 1

    def reject(self, item: Rejected) -> None:
        kind = rejected_kind(item.message)
        self.rejected[kind] = self.rejected.get(kind, 0) + 1
        self.problems.add(item.row, f"rejected: {kind}", str(item))


@dataclass
class Opened:
    """A file being read: its reader, header, rules, worksheet columns and running counts."""

    file: AccountFile
    header: Header
    rules: Rules
    worksheet: Worksheet
    tally: Tally
    duplicates: Duplicates

    def summary(self) -> str:
        tally = self.tally
        text = summary(tally.counts, tally.skipped, tally.rejected, (self.duplicates.by_id, self.duplicates.by_name),
                       tuple((a, tally.bands[i]) for i, a in tally.band_actions), self.file.notice)
        if self.header.ignored:
            text += f" Columns kept as they are, not read: {', '.join(self.header.ignored)}."
        return text


def open_file(source: Any, playbook: Playbook, currency: Optional[str] = None, rates: Optional[tuple] = None,
              progress: Optional[Callable[[int, int], Any]] = None) -> Opened:
    """The file opened and its header resolved; raises InputError for a file that has no account rows to read."""
    if not isinstance(source, (str, bytes, bytearray, memoryview)) and not hasattr(source, "read"):
        raise InputError([read.FieldError("csv", f"the CSV must be text, got {read.shown(source)}")])
    names = column_names(playbook)
    file = AccountFile(source, lambda cells: resolve_header(cells, playbook, names),
                       lambda cells: no_header(cells, playbook), progress)
    rules = Rules(playbook, currency, rates, decimal_comma=True if file.delimiter == ";" else None)
    return Opened(file, file.header, rules, Worksheet(rules, file.header), Tally(rules), Duplicates(file.header))


def items(opened: Opened) -> Iterator[Account | Rejected | Skipped]:
    """Every row of the file, judged: accounts, rejected rows, skipped rows (counted as they go)."""
    header, rules, tally, duplicates = opened.header, opened.rules, opened.tally, opened.duplicates
    problems = tally.problems
    for item in opened.file.rows():
        if item.__class__ is Skipped:
            tally.skip(item)
            yield item
            continue
        if item.__class__ is Rejected:
            tally.reject(item)
            yield item
            continue
        why = marked(header, item.cells, SKIPPED)
        if why is not None:
            skipped = Skipped(item.number, item.cells, why)
            tally.skip(skipped)
            yield skipped
            continue
        duplicate, words = duplicates.check(item.number, item.cells)
        if duplicate:
            problems.add(item.number, "duplicates (flagged and kept)", words)
        judged = judge(rules, header, item.number, item.cells, problems, duplicate=duplicate)
        if judged.__class__ is Rejected:
            before = marked(header, item.cells, REJECTED)
            if before is not None:  # a worksheet's rejected row, still not an account: its notes stand
                judged = Rejected(judged.row, judged.cells, judged.column, judged.message, noted=before)
            tally.reject(judged)
        else:
            tally.account(judged)
        yield judged


@dataclass
class Ranked:
    """A file ranked and kept: the accounts best first, then the rows rejected and skipped."""

    opened: Opened
    accounts: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    @property
    def rules(self) -> Rules:
        return self.opened.rules

    def summary(self) -> str:
        return self.opened.summary()


def rank(source: Any, playbook: Playbook, currency: Optional[str] = None, rates: Optional[tuple] = None,
         progress: Optional[Callable[[int, int], Any]] = None) -> Ranked:
    """Read, judge and rank every row of an account file; raises InputError for a file it cannot read."""
    with localcontext(Context(prec=34)):
        opened = open_file(source, playbook, currency, rates, progress)
        ranked = Ranked(opened)
        for item in items(opened):
            if item.__class__ is Account:
                ranked.accounts.append(item)
            elif item.__class__ is Rejected:
                ranked.rejected.append(item)
            else:
                ranked.skipped.append(item)
        ranked.accounts.sort(key=sort_key)
    return ranked


# --- the worksheet ------------------------------------------------------------------------------------


class _Captured:
    """A file-like object csv.writer writes one line into at a time."""

    def __init__(self):
        self.line = ""

    def write(self, text: str) -> None:
        self.line = text


def _writer(opened: Opened):
    captured = _Captured()
    return captured, csv.writer(captured, delimiter=opened.file.delimiter, lineterminator="\r\n")


def _start(opened: Opened) -> str:
    """The worksheet's first lines: byte-order mark and sep= line when the file had them, the header."""
    captured, writer = _writer(opened)
    writer.writerow(opened.worksheet.header_cells(opened.file.header_cells))
    prefix = ("\ufeff" if opened.file.bom else "") + (f"sep={opened.file.delimiter}\r\n" if opened.file.sep_line
                                                       else "")
    return prefix + captured.line


def _others(opened: Opened, rejected: list, skipped: list) -> Iterator[list[str]]:
    sheet = opened.worksheet
    for item in rejected:
        yield sheet.other_cells(item.cells, REJECTED, item.notes())
    for item in skipped:
        yield sheet.other_cells(item.cells, SKIPPED, item.why)


def export_size(ranked: Ranked) -> int:
    """Rows of the worksheet after its header: the accounts, then the rejected and skipped rows."""
    return len(ranked.accounts) + len(ranked.rejected) + len(ranked.skipped)


def to_csv(ranked: Ranked, start: int = 0, stop: Optional[int] = None) -> str:
    """The worksheet, or its rows start..stop (the header with the first part): parts join to the whole."""
    opened = ranked.opened
    stop = export_size(ranked) if stop is None else min(stop, export_size(ranked))
    captured, writer = _writer(opened)
    out = [_start(opened)] if start == 0 else []
    sheet = opened.worksheet
    accounts = ranked.accounts
    for account in accounts[start:stop]:
        writer.writerow(sheet.account_cells(account))
        out.append(captured.line)
    if stop > len(accounts):
        others = list(_others(opened, ranked.rejected, ranked.skipped))
        for cells in others[max(start - len(accounts), 0):stop - len(accounts)]:
            writer.writerow(cells)
            out.append(captured.line)
    return "".join(out)


def _sortable(key: tuple) -> bytes:
    """An account's sort key as bytes that sort the same way (group, -total, tier, casefolded name, row)."""
    group, negative_total, tier, name, number = key
    scaled = int(negative_total.scaleb(read.MAX_PLACES))
    return (bytes((group,)) + struct.pack(">Q", (1 << 63) + scaled) + struct.pack(">H", tier)
            + _escaped(name) + b"\x00\x00" + struct.pack(">I", number))


def _escaped(text: str) -> bytes:
    """Text as UTF-8 with each NUL byte followed by FF, so 00 00 can end a name."""
    return text.encode("utf-8", "surrogatepass").replace(b"\x00", b"\x00\xff")


WRITE_LINES = 2000
"""Worksheet lines the command line joins into one write."""


def write_ranked(source: Any, playbook: Playbook, write: Callable[[str], Any], currency: Optional[str] = None,
                 on_rejected: Optional[Callable[[Rejected], Any]] = None,
                 progress: Optional[Callable[[int, int], Any]] = None, rates: Optional[tuple] = None,
                 spool: Optional[BinaryIO] = None) -> Opened:
    """The worksheet of a file of any length, as to_csv writes it, streamed: each account's worksheet line
    goes to `spool` (a binary file the caller opens, such as a temporary file; in memory when None) as it
    is judged, and only its sort key and where its line sits are kept, so a long file's worksheet never
    sits in memory; `on_rejected` hears of each rejected row as it is read. Raises InputError like rank."""
    spool = io.BytesIO() if spool is None else spool
    with localcontext(Context(prec=34)):
        opened = open_file(source, playbook, currency, rates, progress)
        captured, writer = _writer(opened)
        sheet = opened.worksheet
        records, rejected, skipped = [], [], []
        at = spool.tell()
        for item in items(opened):
            if item.__class__ is Account:
                writer.writerow(sheet.account_cells(item))
                line = captured.line.encode("utf-8", "surrogatepass")
                spool.write(line)
                records.append(_sortable(sort_key(item)) + struct.pack(">QI", at, len(line)))
                at += len(line)
            elif item.__class__ is Rejected:
                rejected.append(item)
                if on_rejected is not None:
                    on_rejected(item)
            else:
                skipped.append(item)
        records.sort()
        block = [_start(opened)]
        for n in range(len(records)):
            offset, length = struct.unpack_from(">QI", records[n], len(records[n]) - 12)
            records[n] = None  # written: its memory goes back as the file is written
            spool.seek(offset)
            block.append(spool.read(length).decode("utf-8", "surrogatepass"))
            if len(block) >= WRITE_LINES:
                write("".join(block))
                block = []
        for cells in _others(opened, rejected, skipped):
            writer.writerow(cells)
            block.append(captured.line)
        write("".join(block))
    return opened


# --- JSON ---------------------------------------------------------------------------------------------


def to_json(ranked: Ranked, include_csv: bool = False) -> dict:
    """The whole ranking as JSON (the command line's --json, the parity tests)."""
    rules = ranked.rules
    answer = {
        "ok": True,
        "calculator": "batch",
        "accounts": [dict(account_json(rules, a), rank=i) for i, a in enumerate(ranked.accounts, start=1)],
        "rejected": [r.to_json() for r in ranked.rejected],
        "skipped": [{"row": s.number, "why": s.why} for s in ranked.skipped],
        "problems": [p.to_json() for p in ranked.opened.tally.problems.listed()],
        "summary": ranked.summary(),
        "ignored_columns": list(ranked.opened.header.ignored),
        "delimiter": ranked.opened.file.delimiter,
    }
    if include_csv:
        answer["csv"] = to_csv(ranked)
    return answer


def run(source: Any, playbook: Playbook, currency: Optional[str] = None, include_csv: bool = False,
        rates: Optional[tuple] = None) -> dict:
    """to_json of a file, or its file errors: never raises for bad input. `rates` are the rep's
    (account_inputs.read_rates), used before the data's."""
    try:
        return to_json(rank(source, playbook, currency, rates), include_csv)
    except InputError as error:
        return {"ok": False, "calculator": "batch", "errors": [e.to_json() for e in error.errors]}
