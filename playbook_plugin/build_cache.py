"""The build's caches under .cache/ (runtime.py's wheel and lock, stdlib.py's
trimmed standard library, snapshot.py's start-up snapshot): each entry is
named by a hash of everything it is made from, made once however many builds
ask for it at the same time, and only the newest few of each edition kept.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

KEPT = 8
"""Entries kept per edition in each cache: enough for builds from several data folders
in turn (main and a writer's branches, the test suite's own data) each to find theirs
made; a snapshot is several megabytes."""


@contextmanager
def making(entry: Path) -> Iterator[None]:
    """Held while `entry` is looked up and, if missing, made: another build asking for
    the same entry meanwhile waits, then finds it made (entries of other inputs go on)."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_of(entry), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def lock_of(entry: Path) -> Path:
    return entry.with_name(f".{entry.name}.lock")


def prune(cache: Path, pattern: str, keep: Path, companions: tuple[str, ...] = ()) -> None:
    """Drops all but the KEPT newest entries matching `pattern` (`keep` always stays), each with
    its lock and its companion files (the entry's name with each suffix in place of its last)."""
    entries = sorted(cache.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [e for e in entries if e != keep][KEPT - 1:]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        for path in (old, lock_of(old), *(old.with_suffix(suffix) for suffix in companions)):
            path.unlink(missing_ok=True)
