"""The prioritise page's ranked table: its columns, rows sorted by any of them, a page at a time.

The browser's worker keeps one scored list in a `Session`; the page asks it
for a page of rows (sorted by a column) or for the ranked CSV, so 100,000
accounts never cross to the page at once. The build prerenders the sample's
first page with the same code. Each row's reasons carry links to the
playbook's tier, disqualifier and use-case sections (kind and id; the page
turns them into addresses).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Mapping, Optional

from . import inputs as read
from .batch import (DOMAIN, INDUSTRY_FIELD, NAME, TIER_FIELD, BatchResult, salesforce_name, summary_json,
                    summary_text, to_csv, try_score)
from .inputs import InputError
from .model import Playbook

PAGE_ROWS = 100
"""Rows the page shows at first and adds with each "show more"."""

ERRORS_SHOWN = 100
"""Row errors listed on the page; the rest are counted."""

KEPT_ORDERS = 4
"""Orderings of the list kept for "show more" (each holds every row)."""

EXPORT_ROWS = 20_000
"""Ranked rows in one part of the downloaded CSV (a few MB): a long list's CSV travels to the page in
parts, never as one string too large for the worker's message (2,000,000 rows broke it)."""


@dataclass(frozen=True)
class Column:
    """A column of the ranked table.

    `key` is the BatchResult column it shows; `first` is the order a first
    click on its header sorts by ("ascending" or "descending"; "" when the
    column does not sort).
    """

    key: str
    label: str
    numeric: bool = False
    first: str = ""


def columns(playbook: Playbook) -> tuple[Column, ...]:
    """The table's columns, headed with the playbook's Salesforce and dimension names."""
    scoring = playbook.require("scoring")
    tier = salesforce_name(playbook, "tier", TIER_FIELD)
    industry = salesforce_name(playbook, "industry", INDUSTRY_FIELD)
    return (
        Column("rank", "Rank", numeric=True, first="ascending"),
        Column(NAME, "Account", first="ascending"),
        Column("total", "Total", numeric=True, first="descending"),
        Column("action", "Action"),
        Column(tier, tier, first="ascending"),
        Column(industry, industry, first="ascending"),
        *(Column(d.id, d.name, numeric=True, first="descending") for d in scoring.dimensions),
        Column("reasons", "Reasons"),
    )


@dataclass(frozen=True)
class Table:
    """A scored list with what its rows need for display: columns and link texts."""

    result: BatchResult
    columns: tuple[Column, ...]
    at: Mapping[str, int]
    tier_column: str
    industry_column: str
    tier_numbers: Mapping[str, int]
    flags: Mapping[str, tuple[str, str]]
    industries: Mapping[str, str]


def table(result: BatchResult, playbook: Playbook) -> Table:
    """The ranked table of a scored list."""
    disqualifiers, use_cases = playbook.disqualifiers, playbook.use_cases
    return Table(
        result=result,
        columns=columns(playbook),
        at={name: i for i, name in enumerate(result.columns)},
        tier_column=salesforce_name(playbook, "tier", TIER_FIELD),
        industry_column=salesforce_name(playbook, "industry", INDUSTRY_FIELD),
        tier_numbers={t.id: t.number for t in playbook.require("tiers").tiers},
        flags={item.id: (group.id, item.text)
               for group in (disqualifiers.groups if disqualifiers else ()) for item in group.items},
        industries={i.id: i.name for i in (use_cases.industries if use_cases else ())},
    )


def sorted_rows(ranked: Table, key: str, descending: bool) -> tuple:
    """The rows ordered by one column; ties keep their rank, empty cells go last either way."""
    rows = ranked.result.rows
    if key == "rank":
        return rows[::-1] if descending else rows
    sortable = {c.key for c in ranked.columns if c.first}
    if key not in sortable:
        raise InputError([read.FieldError("sort", f"sort must be one of {', '.join(sorted(sortable))}, "
                                                  f"got {read.shown(key)}")])
    if key == ranked.tier_column:  # by number, 1 first
        i, numbers = ranked.at["tier_id"], ranked.tier_numbers
        value: Callable[[tuple], Any] = lambda row: numbers.get(row[i])  # noqa: E731
    elif key in (NAME, ranked.industry_column):
        i = ranked.at[key]
        value = lambda row: row[i].casefold() or None  # noqa: E731
    else:
        i = ranked.at[key]
        value = lambda row: row[i]  # noqa: E731
    keyed = [(value(row), row) for row in rows]
    present = [pair for pair in keyed if pair[0] is not None]
    present.sort(key=_first, reverse=descending)  # stable, also reversed: ties stay in rank order
    return tuple(row for _, row in present) + tuple(row for v, row in keyed if v is None)


def _first(pair: tuple) -> Any:
    return pair[0]


def row_json(ranked: Table, row: tuple) -> dict:
    """One row as the page shows it: a cell per column, the band of its action."""
    at = ranked.at
    cells = []
    for column in ranked.columns:
        if column.key == "reasons":
            cells.append({"text": row[at["reasons"]], "links": links(ranked, row)})
            continue
        value = row[at[column.key]]
        cell = {"text": "" if value is None else read.plain(value) if isinstance(value, Decimal) else str(value)}
        if column.key == NAME:
            cell["header"] = True
            if row[at[DOMAIN]]:
                cell["note"] = row[at[DOMAIN]]
        elif column.key == "action":
            cell["band"] = row[at["band"]]
        if column.numeric:
            cell["numeric"] = True
        cells.append(cell)
    return {"rank": row[at["rank"]], "band": row[at["band"]], "cells": cells}


def links(ranked: Table, row: tuple) -> list[dict]:
    """Where the playbook explains this row: its tier, each disqualifier's group, its industry's use cases."""
    at = ranked.at
    found = []
    if row[at["tier_id"]]:
        found.append({"kind": "tier", "id": row[at["tier_id"]], "text": f"Tier {row[at[ranked.tier_column]]}"})
    for flag in filter(None, row[at["disqualifiers"]].split("|")):
        group, text = ranked.flags[flag]
        found.append({"kind": "disqualifier", "id": group, "text": text})
    if row[at["use_case"]]:
        use_case = row[at["use_case"]]
        found.append({"kind": "use_case", "id": use_case, "text": f"{ranked.industries[use_case]} use cases"})
    return found


def page_json(ranked: Table, rows: tuple, offset: int, key: str, descending: bool) -> dict:
    """Rows offset.. of an ordering, at most PAGE_ROWS, with the "showing" line."""
    shown = rows[offset:offset + PAGE_ROWS]
    upto, total = offset + len(shown), len(rows)
    return {
        "ok": True,
        "calculator": "batch",
        "sort": key,
        "descending": descending,
        "offset": offset,
        "total": total,
        "more": upto < total,
        "rows": [row_json(ranked, row) for row in shown],
        "display": {"showing": f"Showing {upto:,} of {total:,} ranked accounts." if total
                    else "No account could be ranked."},
    }


def errors_json(result: BatchResult) -> tuple[list[dict], str]:
    """The first ERRORS_SHOWN row errors, and a line counting the rest ("" when none are left out)."""
    more = len(result.errors) - ERRORS_SHOWN
    shown = [e.to_json() for e in result.errors[:ERRORS_SHOWN]]
    return shown, (f"… and {more:,} more errors, not listed: fix these and rank again." if more > 0 else "")


class Session:
    """The worker's scored list, between the page's requests.

    The calculators' one stateful object, on purpose: it keeps the ranked
    rows (and each ordering asked for) where Python runs, and answers the
    page's requests, each a JSON-ready dict like registry.run's:

    - ``{"csv": text}``: score and rank the CSV (progress(rows, lines) as
      it goes); the summary, the first row errors and the first page (a
      file that cannot be read at all leaves the list before in place);
    - ``{"sort": column, "descending": bool, "offset": n}``: a page of the
      list in that order;
    - ``{"export": "csv", "offset": n}``: the part of the ranked CSV
      (``to_csv``) from ranked row n, at most EXPORT_ROWS rows (the header
      with the first part), with ``next`` (where the next part starts) and
      ``more``: the parts joined are the whole ranked CSV;
    - ``{"triage": ...}``: a CRM export as it comes, for crm.TriageSession.

    The CSV to score is text (pasted) or the chosen file's bytes, decoded by
    csv_text's rule, as on the command line.
    """

    def __init__(self, playbook: Playbook):
        self.playbook = playbook
        self.ranked: Optional[Table] = None
        self.orders: dict[tuple[str, bool], tuple] = {}

    def handle(self, params: Mapping[str, Any], progress: Optional[Callable[[int, int], Any]] = None) -> dict:
        if "triage" in params:  # a CRM export as it comes, scored inline: calculators/crm.py
            from .crm import TriageSession
            self.triage = getattr(self, "triage", None) or TriageSession(self.playbook)
            return self.triage.handle(params, progress)
        if "csv" in params:
            return self.score(params["csv"], progress)
        if self.ranked is None:
            return _failed("csv", "no accounts ranked yet: paste or choose a CSV first")
        if "export" in params:
            if params["export"] != "csv":
                return _failed("export", f"export must be csv, got {read.shown(params['export'])}")
            try:
                return self.export(_offset(params.get("offset", 0)))
            except InputError as error:
                return {"ok": False, "calculator": "batch", "errors": [e.to_json() for e in error.errors]}
        try:
            return self.view(params.get("sort", "rank"), read.to_flag("descending", params.get("descending")),
                             _offset(params.get("offset", 0)))
        except InputError as error:
            return {"ok": False, "calculator": "batch", "errors": [e.to_json() for e in error.errors]}

    def score(self, text: Any, progress: Optional[Callable[[int, int], Any]] = None) -> dict:
        result, failed = try_score(text, self.playbook, progress)
        if result is None:  # the list shown before stays, and so does its table here
            return {"ok": False, "calculator": "batch", "errors": failed}
        self.ranked, self.orders = table(result, self.playbook), {}
        errors, more = errors_json(result)
        answer = self.view("rank", False, 0)
        answer.update(errors=errors, summary=summary_json(result),
                      display={**answer["display"], "summary": summary_text(result), "errors_more": more})
        return answer

    def export(self, offset: int) -> dict:
        """One part of the ranked CSV, from ranked row `offset`."""
        total = len(self.ranked.result.rows)
        upto = min(offset + EXPORT_ROWS, total)
        return {"ok": True, "calculator": "batch", "csv": to_csv(self.ranked.result, start=offset, stop=upto),
                "offset": offset, "next": upto, "more": upto < total, "total": total}

    def view(self, key: Any, descending: bool, offset: int) -> dict:
        if not isinstance(key, str):
            raise InputError([read.FieldError("sort", f"sort must be a column name, got {read.shown(key)}")])
        rows = self.orders.get((key, descending))
        if rows is None:
            if len(self.orders) >= KEPT_ORDERS:
                self.orders.clear()
            rows = self.orders[key, descending] = sorted_rows(self.ranked, key, descending)
        return page_json(self.ranked, rows, offset, key, descending)


def _offset(raw: Any) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    raise InputError([read.FieldError("offset", f"offset must be a whole number from 0, got {read.shown(raw)}")])


def _failed(field: str, message: str) -> dict:
    return {"ok": False, "calculator": "batch", "errors": [{"field": field, "message": message}]}
