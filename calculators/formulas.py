"""Cells a spreadsheet would run as formulas, and the guard that makes it show them as text.

The worksheet guards only such cells (a leading ' that spreadsheets hide), headers included; a
cell it guarded reads back as it was. Phone numbers, plain numbers and a lone - are left alone.
"""

from __future__ import annotations

import re

_SIGNED_OK = re.compile(r"^\d[\d\s().,/\-]*$")
_RISKY_FIRST = frozenset("=@\t\r+- \u00a0\u2007\u202f")


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet would run the cell as a formula: it starts (after any spaces, no-break
    spaces included) with =, @, a tab or a carriage return, or with + or - followed by something that
    is not a plain number or a phone number."""
    if not text or text[0] not in _RISKY_FIRST:
        return False
    if text[0] in "\t\r":
        return True
    body = text.lstrip(" \u00a0\u2007\u202f")
    if not body:
        return False
    first = body[0]
    if first in "=@\t\r":
        return True
    if first in "+-":
        rest = body[1:].strip(" \u00a0")
        return bool(rest) and not _SIGNED_OK.match(rest)
    return False


def guard(text: str) -> str:
    """The cell as a spreadsheet shows it as text: a leading ' where it would otherwise run as a formula."""
    return "'" + text if needs_guard(text) else text


def unguard(text: str) -> str:
    """A cell as it was before `guard` (a worksheet read back): the one ' guard added is taken off."""
    return text[1:] if text[:1] == "'" and needs_guard(text[1:]) else text


def guarded(cells) -> list[str]:
    """Each cell as `guard` writes it (the common case, a cell that starts harmlessly, checked first)."""
    risky = _RISKY_FIRST
    return [("'" + c) if c and c[0] in risky and needs_guard(c) else c for c in cells]
