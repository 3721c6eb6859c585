"""Read the playbook data into a typed `Playbook`, once, at the edge.

`load_data_dir` reads data/*.yml (PyYAML is imported only here, only when
YAML is read, so the package stays stdlib-only in the browser, which gets
the same data as JSON through `playbook_from_json`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Mapping

from .model import FILES, Playbook
from .validate import DataError, parse, to_plain

EDITIONS = ("internal", "public")


def playbook_from_plain(raw_files: Mapping[str, Any], edition: str = "internal", folder: str = "data") -> Playbook:
    """Check each file's raw content and keep those the edition may show."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {', '.join(EDITIONS)}")
    parts = {}
    for name, raw in raw_files.items():
        where = f"{folder}/{name}.yml"
        if name not in FILES:
            raise DataError(where, "", f"unknown data file; expected one of {', '.join(f'{n}.yml' for n in FILES)}")
        if raw is None:
            raise DataError(where, "", "the file is empty")
        record = parse(FILES[name], raw, where)
        if edition == "internal" or record.audience == "public":
            parts[name] = record
    return Playbook(**parts)


_loaded: dict[tuple, Playbook] = {}


def project_data_dir(project_root: Path | str) -> Path:
    """The data folder builds and the CLI read: $PLAYBOOK_DATA_DIR when set
    (tests point it at a changed copy), else the project's data/."""
    return Path(os.environ.get("PLAYBOOK_DATA_DIR") or Path(project_root) / "data")


def load_data_dir(data_dir: Path | str, edition: str = "internal") -> Playbook:
    """Load and check every data/<name>.yml; a missing or bad file raises DataError.

    One build asks for the same data from several places (macros, hooks);
    the files are read again only when one of them has changed.
    """
    data_dir = Path(data_dir)
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*.y*ml")))
    key = (str(data_dir.resolve()), edition, stamp)
    if key not in _loaded:
        if len(_loaded) >= 8:
            _loaded.clear()
        _loaded[key] = _read_data_dir(data_dir, edition)
    return _loaded[key]


def _read_data_dir(data_dir: Path, edition: str) -> Playbook:
    import yaml  # only the build and the command line read YAML

    folder = data_dir.name
    raw_files = {}
    for path in sorted(data_dir.glob("*.y*ml")):
        where = f"{folder}/{path.name}"
        try:
            raw_files[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f"line {mark.line + 1}" if mark else "somewhere"
            problem = getattr(error, "problem", None) or str(error)
            raise DataError(where, line, f"this is not valid YAML ({problem})") from None
    for name in FILES:
        if name not in raw_files:
            raise DataError(f"{folder}/{name}.yml", "", "the file is missing")
    return playbook_from_plain(raw_files, edition, folder)


def playbook_to_json(playbook: Playbook, names: tuple[str, ...] | None = None) -> str:
    """The JSON the browser loads: the edition's files, or just `names` of them."""
    chosen = names or tuple(FILES)
    plain = {n: to_plain(getattr(playbook, n)) for n in chosen if getattr(playbook, n) is not None}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def playbook_from_json(text: str) -> Playbook:
    """Rebuild a Playbook from `playbook_to_json` output (in the browser)."""
    return playbook_from_plain(json.loads(text), "internal", "data")
