"""A CSV file's bytes as text: the one decoding rule of the command line and the browser.

Both hand the file's bytes to `open_csv` (the browser's worker passes the
chosen File's bytes, never text the browser decoded), so a name such as
"Zürich" reads the same everywhere:

- UTF-8, with or without a byte-order mark;
- UTF-16 with a byte-order mark (Excel's "Unicode text", usually tab-separated);
- anything else is a legacy 8-bit file, read as Windows-1252 (what Excel's
  "CSV" saves in Western Europe and the Americas) with a notice saying so.
  That includes a UTF-8 file with one stray Windows-1252 byte: the whole file
  is read as Windows-1252, never a mix, and the notice says so.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from typing import BinaryIO, Iterator, Union

from .inputs import FieldError, InputError

CHUNK = 1 << 20
"""Bytes decoded at a time while checking a file (the file is never copied whole)."""

LEGACY = "cp1252"
LEGACY_NOTICE = ("The file is not UTF-8 text, so it was read as Windows-1252 (Western European, as Excel saves "
                 "\"CSV\"): check names with accents, or save it as \"CSV UTF-8\" and rank again.")


@dataclass(frozen=True)
class Encoding:
    """How a file's bytes are read: the codec, how many BOM bytes to skip, and a notice for people ("" if none)."""

    codec: str
    skip: int = 0
    notice: str = ""


def _chunks(data: Union[bytes, memoryview], start: int = 0) -> Iterator[memoryview]:
    view = memoryview(data)
    for at in range(start, len(view), CHUNK):
        yield view[at:at + CHUNK]


def _is_valid(codec: str, chunks) -> bool:
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def encoding_of(data: Union[bytes, BinaryIO]) -> Encoding:
    """The decoding rule, for the file's bytes or a seekable binary file (left at its start)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        head = bytes(data[:4])
        chunks = lambda start: _chunks(data, start)  # noqa: E731
    else:
        head = data.read(4)
        data.seek(0)

        def chunks(start):
            data.seek(start)
            while True:
                chunk = data.read(CHUNK)
                if not chunk:
                    break
                yield chunk
    try:
        if head.startswith(codecs.BOM_UTF8):
            if _is_valid("utf-8", chunks(3)):
                return Encoding("utf-8", 3)
            return Encoding(LEGACY, 3, LEGACY_NOTICE) if _is_valid(LEGACY, chunks(3)) else _unreadable()
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            if _is_valid("utf-16", chunks(0)):
                return Encoding("utf-16")
            raise InputError([FieldError("csv", "the file starts as UTF-16 text but is not UTF-16 throughout; "
                                                "save it again as \"CSV UTF-8\"")])
        if b"\x00" in head:
            raise InputError([FieldError("csv", "the file looks like UTF-16 text without a byte-order mark; "
                                                "save it as \"CSV UTF-8\" (or Excel's \"Unicode text\")")])
        if _is_valid("utf-8", chunks(0)):
            return Encoding("utf-8")
        return Encoding(LEGACY, 0, LEGACY_NOTICE) if _is_valid(LEGACY, chunks(0)) else _unreadable()
    finally:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            data.seek(0)


def _unreadable() -> Encoding:
    raise InputError([FieldError("csv", "the file is neither UTF-8 nor Windows-1252 text (is it a spreadsheet "
                                        "rather than a CSV?); save it as \"CSV UTF-8\" and rank again")])


def decode(data: bytes) -> tuple[str, str]:
    """The whole file as text, and the notice ("" when none): for small files and tests."""
    rule = encoding_of(data)
    return bytes(data[rule.skip:]).decode(rule.codec), rule.notice


def open_csv(data: Union[bytes, BinaryIO]) -> tuple[io.TextIOBase, Encoding]:
    """A text stream over the file's bytes (decoded a chunk at a time, newlines kept for csv) and its rule."""
    rule = encoding_of(data)
    raw = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    raw.seek(rule.skip)
    # utf-16 keeps its BOM (it says the byte order); a UTF-8 BOM is skipped above.
    return io.TextIOWrapper(raw, encoding=rule.codec, newline=""), rule


def line_count(data: Union[bytes, BinaryIO]) -> int:
    """An upper bound on the file's rows (for a progress bar): its line breaks plus one."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        count = bytes(data).count(b"\n") if not isinstance(data, bytes) else data.count(b"\n")
    else:
        count = 0
        data.seek(0)
        for chunk in iter(lambda: data.read(CHUNK), b""):
            count += chunk.count(b"\n")
        data.seek(0)
    return count + 1
