"""The prioritise page's ranked file, kept where Python runs: pages of it, sorted; inline scores; the worksheet.

The calculators' one stateful object, on purpose: the browser's worker
keeps one ranked file here and answers the page's requests, each a
JSON-ready dict (bad input is a field error, never an exception):

- ``{"csv": text or bytes, "currency": code, "rate": "GBP:USD=1.27"}``: rank
  a file (a CRM export or a scored list, the same pipeline) with the rates
  the rep set (read as the fit check and account scoring read them, before
  the data's); the summary, the problems grouped by reason and the first
  page (a file that cannot be read, or a rate that cannot, leaves the one
  before in place);
- ``{"sort": column, "descending": bool, "offset": n}``: a page in that order;
- ``{"score": row, "scores": {dimension: value}}``: the scores a rep typed
  for one account: it is judged again and moves to its new rank at once;
- ``{"export": "csv", "offset": n}``: the part of the worksheet from row n
  (at most EXPORT_ROWS rows, the header with the first part), with ``next``
  and ``more``: the parts joined are ranking.to_csv.
"""

from __future__ import annotations

import bisect
from typing import Any, Callable, Mapping, Optional

from . import inputs as read
from .account_inputs import RATE, RATE_LABEL, read_rates
from .accounts import SCORED, Account, Rejected, account_json, judge, sort_key
from .inputs import InputError
from .money import json_number, plain
from .ranking import Ranked, export_size, rank, to_csv

PAGE_ROWS = 100
"""Accounts the page shows at first and adds with each "show more"."""

EXPORT_ROWS = 20_000
"""Worksheet rows in one part of the download: a long file's worksheet travels to the page in parts."""

SORTS = {"rank": "ascending", "name": "ascending", "total": "descending", "tier": "ascending",
         "industry": "ascending"}
"""The columns the table sorts by, and the order a first click gives; each dimension's score sorts too,
highest first (`first_order`)."""

COLUMNS = (("rank", "Rank"), ("name", "Account"), ("total", "Total"), ("action", "Action"), ("tier", "Tier"),
           ("industry", "Industry"), ("reasons", "Reasons"))
"""The ranked table's fixed columns (key, heading); `columns` adds one per dimension's score before the
reasons, and the page one to score an account in its row."""


def columns(dimensions) -> tuple[tuple[str, str], ...]:
    """The ranked table's columns (key, heading): COLUMNS with each dimension's score before the reasons."""
    return (*COLUMNS[:-1], *((d.id, d.name) for d in dimensions), COLUMNS[-1])


def first_order(key: str, dimensions) -> str:
    """The order a first click on a column's header sorts by ("" for a column that does not sort)."""
    return SORTS.get(key) or ("descending" if any(d.id == key for d in dimensions) else "")


DETAILS_SUMMARY = "Profiles and what to quote"
DETAILS = (("profiles", "Resembles"), ("quote", "What to quote"))
"""What a row's reasons open onto (fit.match_profiles, quote.what_to_quote): key of account_json's
display, label."""


def cells(item: dict, dimensions) -> list[dict]:
    """One account's table cells (from account_json plus its rank), as the page and the build show them,
    in the order of `columns(dimensions)`.

    Each reason link names the kind of playbook section (tier, disqualifier, use_case) and its anchor.
    """
    shown = item["display"]
    links = []
    if item["tier_id"]:
        links.append({"kind": "tier", "id": item["tier_id"], "text": f"Tier {item['tier']}"})
    for flag in item["disqualifiers"]:
        links.append({"kind": "disqualifier", "id": flag["group"], "text": flag["text"]})
    if item["industry"]:
        links.append({"kind": "use_case", "id": item["industry"], "text": f"{item['industry_name']} use cases"})
    note = " · ".join(x for x in (item["domain"], "duplicate" if item["duplicate"] else "") if x)
    return [
        {"text": str(item["rank"]), "numeric": True},
        {"text": item["name"], "header": True, **({"note": note} if note else {})},
        {"text": shown["score"], "numeric": True},
        {"text": shown["action"], "band": item["band"] or ""},
        {"text": shown["tier"] or shown["segment"]},
        {"text": item["industry_text"]},
        *({"text": item["scores"].get(d.id, ""), "numeric": True} for d in dimensions),
        {"text": shown["reasons"], "links": links,
         "details": [{"label": label, "text": shown[key]} for key, label in DETAILS if shown.get(key)],
         "details_summary": DETAILS_SUMMARY},
    ]


def _failed(field: str, message: str) -> dict:
    return {"ok": False, "calculator": "batch", "errors": [{"field": field, "message": message}]}


class Session:
    """One ranked file between the page's requests (see the module's docstring)."""

    def __init__(self, playbook):
        self.playbook = playbook
        self.ranked: Optional[Ranked] = None
        self.keys: list = []  # the accounts' sort keys, in rank order
        self.order: tuple = ("rank", False)
        self.orders: dict = {}  # orderings asked for, until the ranking changes

    def handle(self, params: Any, progress: Optional[Callable[[int, int], Any]] = None) -> dict:
        if not isinstance(params, Mapping):
            return _failed("request", "the page sent a request the calculator cannot read")
        if "csv" in params:
            return self.rank(params["csv"], params.get("currency"), params.get(RATE), progress)
        if self.ranked is None:
            return _failed("csv", "no accounts ranked yet: paste or choose a CSV first")
        try:
            if "score" in params:
                return self.score(params["score"], params.get("scores"))
            if "export" in params:
                if params["export"] != "csv":
                    return _failed("export", f"export must be csv, got {read.shown(params['export'])}")
                return self.export(_offset(params.get("offset", 0)))
            return self.view(params.get("sort", "rank"), read.to_flag("descending", params.get("descending")),
                             _offset(params.get("offset", 0)))
        except InputError as error:
            return {"ok": False, "calculator": "batch", "errors": [e.to_json() for e in error.errors]}

    def rank(self, source: Any, currency: Any, rate: Any, progress) -> dict:
        if currency is not None and not isinstance(currency, str):
            return _failed("currency", f"currency must be a code such as USD, got {read.shown(currency)}")
        try:
            rates = read_rates(RATE, rate, label=RATE_LABEL)
            ranked = rank(source, self.playbook, currency or None, rates, progress=progress)
        except InputError as error:
            return {"ok": False, "calculator": "batch", "errors": [e.to_json() for e in error.errors]}
        self.ranked = ranked
        self.keys = [sort_key(a) for a in ranked.accounts]
        self.orders = {}
        answer = self.view("rank", False, 0)
        answer.update(self.report())
        return answer

    def report(self) -> dict:
        """The summary, the problems grouped by reason, the columns ignored, the dimensions to score."""
        ranked = self.ranked
        return {
            "summary": ranked.summary(),
            "problems": [dict(p.to_json(), text=p.words()) for p in ranked.opened.tally.problems.listed()],
            "ignored_columns": list(ranked.opened.header.ignored),
            "dimensions": [{"id": d.id, "name": d.name, "min": json_number(d.min), "max": json_number(d.max),
                            "step": json_number(d.step)} for d in ranked.rules.dimensions],
        }

    def score(self, row: Any, scores: Any) -> dict:
        ranked = self.ranked
        at = next((i for i, a in enumerate(ranked.accounts) if a.row == row), None) \
            if isinstance(row, int) and not isinstance(row, bool) else None
        if at is None:
            return _failed("row", f"no ranked account on row {read.shown(row)}")
        if not isinstance(scores, Mapping):
            return _failed("scores", "scores must give each dimension a score")
        old: Account = ranked.accounts[at]
        rules = ranked.rules
        entered = {d.id: scores.get(d.id) for d in rules.dimensions}
        errors = []
        for d in rules.dimensions:
            text = "" if entered[d.id] is None else str(entered[d.id]).strip()
            value = rules.score(text, d) if text else f"{d.name}: give a score from {plain(d.min)} to {plain(d.max)}"
            if isinstance(value, str):
                errors.append({"field": d.id, "message": value})
        if errors:
            return {"ok": False, "calculator": "batch", "row": row, "errors": errors}
        new = judge(rules, ranked.opened.header, old.row, old.cells, None, entered, old.duplicate)
        if isinstance(new, Rejected):  # cannot happen: the row was an account
            return _failed("row", new.message)
        tally = ranked.opened.tally
        tally.account(old, -1)
        tally.account(new)
        del ranked.accounts[at]
        del self.keys[at]
        key = sort_key(new)
        place = bisect.bisect_left(self.keys, key)
        self.keys.insert(place, key)
        ranked.accounts.insert(place, new)
        self.orders = {}
        answer = self.view(*self.order, 0, changed=new.row)
        action = answer["changed_account"]["display"]["action"] if answer.get("changed_account") else ""
        answer["moved"] = f"{new.name} now ranks {place + 1:,} of {len(ranked.accounts):,}: {action}."
        answer["summary"] = ranked.summary()
        return answer

    def _ordered(self, key: str, descending: bool) -> list:
        accounts = self.ranked.accounts
        if key == "rank":
            return accounts[::-1] if descending else accounts
        dimensions = self.ranked.rules.dimensions
        if not first_order(key, dimensions):
            raise InputError([read.FieldError("sort", "sort must be one of "
                                                      f"{', '.join([*SORTS, *(d.id for d in dimensions)])}, got "
                                                      f"{read.shown(key)}")])
        if (key, descending) in self.orders:
            return self.orders[key, descending]
        if key == "name":
            value: Callable = lambda a: a.name.casefold()  # noqa: E731
        elif key == "tier":
            value = lambda a: a.tier  # noqa: E731
        elif key == "industry":
            value = lambda a: a.industry_text.casefold() or None  # noqa: E731
        elif key == "total":
            value = lambda a: a.total if a.status == SCORED else None  # noqa: E731
        else:  # a dimension's score, as given (a declined account's too)
            at = next(i for i, d in enumerate(dimensions) if d.id == key)
            value = lambda a: a.scores[at] if a.scores else None  # noqa: E731
        present = [a for a in accounts if value(a) is not None]
        present.sort(key=value, reverse=descending)  # stable: ties keep their rank
        rows = self.orders[key, descending] = present + [a for a in accounts if value(a) is None]
        return rows

    def view(self, key: Any, descending: bool, offset: int, changed: Optional[int] = None) -> dict:
        if not isinstance(key, str):
            raise InputError([read.FieldError("sort", f"sort must be a column name, got {read.shown(key)}")])
        rows = self._ordered(key, descending)
        self.order = (key, descending)
        shown = rows[offset:offset + PAGE_ROWS]
        answer_rows = [self._row(account) for account in shown]
        total = len(rows)
        upto = offset + len(shown)
        answer = {"ok": True, "calculator": "batch", "sort": key, "descending": descending, "offset": offset,
                  "total": total, "more": upto < total, "rows": answer_rows, "changed": changed,
                  "showing": (f"Showing {upto:,} of {total:,} ranked accounts; the download holds every row."
                              if total else "No account could be ranked.")}
        if changed is not None:
            account = next(a for a in self.ranked.accounts if a.row == changed)
            answer["changed_account"] = self._row(account)
        return answer

    def _row(self, account: Account) -> dict:
        item = account_json(self.ranked.rules, account)
        item["rank"] = bisect.bisect_left(self.keys, sort_key(account)) + 1
        item["cells"] = cells(item, self.ranked.rules.dimensions)
        return item

    def export(self, offset: int) -> dict:
        """One part of the worksheet, from its row `offset` (accounts first, then rejected and skipped rows)."""
        total = export_size(self.ranked)
        upto = min(offset + EXPORT_ROWS, total)
        return {"ok": True, "calculator": "batch", "csv": to_csv(self.ranked, offset, upto), "offset": offset,
                "next": upto, "more": upto < total, "total": total}


def _offset(raw: Any) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    raise InputError([read.FieldError("offset", f"offset must be a whole number from 0, got {read.shown(raw)}")])
