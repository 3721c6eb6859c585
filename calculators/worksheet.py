"""The ranked worksheet's columns: the file's own as they were, the dimension scores, the playbook's.

A playbook column the file already has (a worksheet read back, a Salesforce export's Target Account
Tier) is filled where it is; rows rejected or skipped keep their cells and say why, so a worksheet
read back ranks the same.
"""

from __future__ import annotations

from typing import Optional

from .accounts import LIST_SPLIT, OUTPUT, Account, Header, Rules, column_names, fields, outputs
from .formulas import guarded, unguard
from .model import crm_key
from .money import plain


class Worksheet:
    """The columns of the ranked worksheet: the file's own, then the missing dimension columns, then
    the playbook's (data/crm.yml `outputs`); a playbook column the file already has is filled in place."""

    def __init__(self, rules: Rules, header: Header):
        self.rules = rules
        self.header = header
        self.width = len(header.cells)
        head = list(header.cells)
        self.dims = []
        for d in rules.dimensions:
            at = header.index.get(d.id)
            if at is None:
                head.append(d.name)
                at = len(head) - 1
            self.dims.append(at)
        self.outputs = []
        self.read_too: set[int] = set()  # playbook columns the file reads as its own (Disqualifiers)
        names = column_names(rules.playbook)
        for field, column in outputs(rules.playbook):
            at = header.index.get(OUTPUT + field)
            if at is None:  # a column the file reads too: written where it is, keeping what the file said
                at = header.index.get(names.get(crm_key(column), ""))
                if at is not None:
                    self.read_too.add(at)
            if at is None:
                head.append(column)
                at = len(head) - 1
            self.outputs.append((field, at))
        self.head = head

    def header_cells(self, raw: tuple[str, ...]) -> list[str]:
        """The header row: the file's own cells as they were (guarded), then the added columns."""
        return guarded(raw) + guarded(self.head[len(raw):])

    def account_cells(self, account: Account) -> list[str]:
        cells = list(account.cells) + [""] * (len(self.head) - len(account.cells))
        if account.entered:
            for at, value in zip(self.dims, account.scores):
                cells[at] = plain(value)
        shown = fields(self.rules, account)
        for field, at in self.outputs:
            value = shown.get(field, "")
            if at in self.read_too and cells[at].strip():
                value = merged(cells[at], value, self.rules.flag_keys)
            cells[at] = value
        return guarded(cells)

    def other_cells(self, cells: tuple[str, ...], status: str, why: str) -> list[str]:
        """A rejected or skipped row: its cells as they were, its status and why."""
        width = self.width
        out = list(cells[:width]) + [""] * (len(self.head) - min(len(cells), width))
        for field, at in self.outputs:
            if field == "status":
                out[at] = status
            elif field == "reasons":
                out[at] = why
        return guarded(out + list(cells[width:]))


def merged(own: str, added: str, keys: dict) -> str:
    """A cell the file wrote (ticked disqualifiers, by id or text) with the playbook's items it lacks
    added after it; `keys` maps an item's id or text (as a crm_key) to its id."""
    def item(part: str) -> str:
        return keys.get(crm_key(part), crm_key(part))
    have = {item(part) for part in LIST_SPLIT.split(unguard(own))}
    extra = [part for part in added.split("; ") if part and item(part) not in have]
    return "; ".join([own.strip(), *extra]) if extra else own


def marked(header: Header, cells: tuple[str, ...], status: str) -> Optional[str]:
    """The notes of a row a worksheet wrote with this status (skipped, rejected), None for any other row."""
    status_at = header.index.get(OUTPUT + "status")
    if status_at is None or status_at >= len(cells) or cells[status_at].strip() != status:
        return None
    notes_at = header.index.get(OUTPUT + "reasons")
    why = unguard(cells[notes_at]).strip() if notes_at is not None and notes_at < len(cells) else ""
    return why or f"{status} before"
