"""What a file's summary and problems list say of its rows: problems grouped by reason, duplicates,
the summary line accounting for every row (ranked, skipped with why, rejected with why)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Optional

from .accounts import BLANKS, DECLINED, DOMAIN, ID, NAME, OUTPUT, SCORED, TO_SCORE, Header
from .formulas import unguard


@dataclass(frozen=True)
class Problem:
    """One reason rows were not read as written: how many rows, the first ones, an example in words."""

    reason: str
    count: int
    rows: tuple[int, ...]
    example: str

    def to_json(self) -> dict:
        return {"reason": self.reason, "count": self.count, "rows": list(self.rows), "example": self.example}

    def words(self) -> str:
        rows = ", ".join(str(r) for r in self.rows) + (", …" if self.count > len(self.rows) else "")
        return f"{self.reason}: {self.count:,} {'row' if self.count == 1 else 'rows'} ({rows}); e.g. {self.example}"


FIRST_ROWS = 5
"""Rows named for each reason in the problems list."""


class Problems:
    """Problems grouped by reason as rows are read: counts, the first rows, an example; never every message."""

    def __init__(self):
        self.groups: dict[str, list] = {}

    def add(self, row: int, reason: str, message: str) -> None:
        group = self.groups.get(reason)
        if group is None:
            self.groups[reason] = [1, [row], message]
        else:
            group[0] += 1
            if len(group[1]) < FIRST_ROWS and group[1][-1] != row:
                group[1].append(row)

    def listed(self) -> tuple[Problem, ...]:
        return tuple(Problem(reason, count, tuple(rows), example)
                     for reason, (count, rows, example) in sorted(self.groups.items(), key=lambda g: -g[1][0]))


_WWW = re.compile(r"^(?:https?://)?(?:www\.)?")


class Duplicates:
    """Accounts seen before, by id or by name and domain; keeps hashes, not the rows.

    A worksheet read back keeps its flags where they were: its rows come in rank order, so the row seen
    first may be the one flagged before; a row of a worksheet is flagged when its notes say it was.
    """

    def __init__(self, header: Header):
        self.header = header
        self.ids: dict[int, int] = {}
        self.names: dict[int, int] = {}
        self.by_id = self.by_name = 0
        self.notes_at = header.index.get(OUTPUT + "reasons")
        self.by_id_note = f"duplicate: the same {header.label(ID)} as another row, kept"

    def check(self, number: int, cells: tuple[str, ...]) -> tuple[str, str]:
        """("", "") for a first sighting; else the row's note (worded the same wherever the row moves,
        so a worksheet reads back unchanged) and the problem's words, naming the row seen first."""
        idx = self.header.index

        def cell(field: str) -> str:
            at = idx.get(field)
            return unguard(cells[at]).strip() if at is not None else ""

        written = self._written(cells)
        record_id = cell(ID)
        if record_id and record_id.lower() not in BLANKS:
            first = self.ids.setdefault(hash(record_id.casefold()), number)
            if written == self.by_id_note or (written is None and first != number):
                self.by_id += 1
                return self.by_id_note, self._words(number, f"the same {self.header.label(ID)}", first)
        name = cell(NAME).casefold()
        if name:
            domain = _WWW.sub("", cell(DOMAIN).casefold()).rstrip("/")
            first = self.names.setdefault(hash((name, domain)), number)
            what = f"the same name{' and domain' if domain else ''}"
            note = f"duplicate: {what} as another row, kept"
            if written == note or (written is None and first != number):
                self.by_name += 1
                return note, self._words(number, what, first)
        return "", ""

    def _written(self, cells: tuple[str, ...]) -> Optional[str]:
        """For a worksheet's row, the duplicate note its notes carry ("" when none); None for another file."""
        at = self.notes_at
        if at is None or at >= len(cells):
            return None
        notes = cells[at]
        if not notes.strip():  # a row added to the worksheet by hand: judged as in any file
            return None
        start = notes.find("Duplicate: the same ")
        if start < 0:
            return ""
        end = notes.find(", kept.", start)
        return "d" + notes[start + 1:end + 6] if end > 0 else ""

    @staticmethod
    def _words(number: int, what: str, first: int) -> str:
        return f"row {number} has {what} as {f'row {first}' if first != number else 'a row after it'}"


def summary(counts: Mapping[str, int], skipped: Mapping[str, int], rejected: Mapping[str, int],
            duplicates: tuple[int, int], bands: tuple[tuple[str, int], ...], notice: str = "") -> str:
    """One paragraph accounting for every row read: ranked, skipped and rejected, with why; duplicates."""
    ranked = counts.get(SCORED, 0) + counts.get(TO_SCORE, 0) + counts.get(DECLINED, 0)
    text = (f"Ranked {ranked:,} {'account' if ranked == 1 else 'accounts'}: {counts.get(SCORED, 0):,} scored, "
            f"{counts.get(TO_SCORE, 0):,} to score, {counts.get(DECLINED, 0):,} declined.")
    scored_bands = "; ".join(f"{action_}: {count:,}" for action_, count in bands if count)
    if scored_bands:
        text += f" By score: {scored_bands}."
    total = sum(skipped.values())
    if total:
        text += f" Skipped {total:,} {'row' if total == 1 else 'rows'} (" + "; ".join(
            f"{why}: {n:,}" for why, n in skipped.items()) + ")."
    total = sum(rejected.values())
    text += f" Rejected {total:,} {'row' if total == 1 else 'rows'}" + (" (" + "; ".join(
        f"{why}: {n:,}" for why, n in rejected.items()) + ")." if total else ".")
    by_id, by_name = duplicates
    if by_id or by_name:
        parts = [f"{by_id:,} by id" if by_id else "", f"{by_name:,} by name and domain" if by_name else ""]
        text += f" Duplicates flagged and kept: {', '.join(p for p in parts if p)}."
    if notice:
        text += " " + notice
    return text


REJECTION_KINDS = (("quote", "quotes that do not pair up"), ("cells but the header", "more cells than the header"),
                   ("characters", "a cell too long"))


def rejected_kind(message: str) -> str:
    """A rejection's reason as the summary counts it."""
    return next((kind for words, kind in REJECTION_KINDS if words in message), message.split(":")[0])


def skipped_kind(why: str) -> str:
    """A skipped row's reason as the summary counts it."""
    kind = why.split(",")[0].split(" (")[0]
    return kind[2:] if kind.startswith("a ") else kind
