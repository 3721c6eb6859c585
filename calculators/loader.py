"""Read the playbook data into a typed `Playbook`, once, at the edge.

`load_data_dir` reads data/*.yml (PyYAML is imported only here, only when
YAML is read, so the package stays stdlib-only in the browser, which gets
the same data as JSON through `playbook_from_json`).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any, Mapping

from .model import FILES, Playbook
from .validate import DataError, describe, parse, to_plain

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
    return Playbook.of(parts)


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
    folder = data_dir.name
    raw_files = {}
    for path in sorted(data_dir.glob("*.y*ml")):
        try:
            content = path.read_bytes()
        except OSError as error:  # a folder named like a data file, no permission to read it
            raise DataError(f"{folder}/{path.name}", "", f"cannot be read ({error.strerror or error})") from None
        raw_files[path.stem] = read_yaml(content, f"{folder}/{path.name}")
    for name in FILES:
        if name not in raw_files:
            raise DataError(f"{folder}/{name}.yml", "", "the file is missing")
    return playbook_from_plain(raw_files, edition, folder)


MAX_DEPTH = 32
"""Deepest nesting of lists and mappings a data file may have (data/ needs about six)."""

MAX_DIGITS = 18
"""Most digits a number in a data file may have; more is a typing slip, never a fact."""


def read_yaml(content: bytes, where: str) -> Any:
    """One data file's YAML as plain values; anything ambiguous or absurd raises DataError.

    The file must be UTF-8; a key twice in one mapping, nesting deeper than
    MAX_DEPTH and numbers longer than MAX_DIGITS digits are refused, each
    with the line, instead of one reading silently winning.
    """
    import yaml  # only the build and the command line read YAML

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        raise DataError(where, f"line {line}", f"this file is not UTF-8 text (byte 0x{content[error.start]:02x}); "
                        "save it with the UTF-8 encoding") from None
    try:
        return yaml.load(text, Loader=_strict_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "somewhere"
        problem = getattr(error, "problem", None) or str(error)
        message = problem if getattr(error, "refused", False) else f"this is not valid YAML ({problem})"
        raise DataError(where, line, message) from None
    except RecursionError:  # a guard in case a YAML construct nests past the depth check
        raise DataError(where, "", f"lists or mappings are nested too deeply (at most {MAX_DEPTH} levels)") from None


@functools.cache
def _strict_loader() -> type:
    """PyYAML's SafeLoader, refusing duplicate keys, deep nesting and overlong numbers."""
    import yaml
    from yaml.constructor import ConstructorError

    class Refused(ConstructorError):
        refused = True  # YAML would read it; the playbook will not

    class StrictLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise Refused(None, None, "anchors and aliases (*name) are not used in data files; "
                              "write the value out", self.peek_event().start_mark)
            depth = getattr(self, "_depth", 0)
            if depth >= MAX_DEPTH:
                raise Refused(None, None, f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
                              self.peek_event().start_mark)
            self._depth = depth + 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth = depth

        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                seen: dict = {}
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=True)
                    try:
                        first = seen.get(key)
                    except TypeError:
                        continue  # an unhashable key: SafeLoader reports it
                    if first is not None:
                        raise Refused(None, None, f"duplicate key {describe(key)} (first set on line {first}); "
                                      "keep one of them", key_node.start_mark)
                    seen[key] = key_node.start_mark.line + 1
            return super().construct_mapping(node, deep)

        def construct_yaml_int(self, node):
            self._check_digits(node)
            return super().construct_yaml_int(node)

        def construct_yaml_float(self, node):
            self._check_digits(node)
            return super().construct_yaml_float(node)

        def _check_digits(self, node):
            digits = sum(c.isdigit() for c in str(node.value))
            if digits > MAX_DIGITS:
                raise Refused(None, None, f"a number with {digits} digits is not a plausible figure "
                              f"(at most {MAX_DIGITS} digits)", node.start_mark)

    StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)
    StrictLoader.add_constructor("tag:yaml.org,2002:float", StrictLoader.construct_yaml_float)
    return StrictLoader


def playbook_to_json(playbook: Playbook, names: tuple[str, ...] | None = None) -> str:
    """The JSON the browser loads: the edition's files, or just `names` of them."""
    chosen = names or tuple(FILES)
    plain = {n: to_plain(playbook.file(n)) for n in chosen if playbook.file(n) is not None}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def playbook_from_json(text: str) -> Playbook:
    """Rebuild a Playbook from `playbook_to_json` output (in the browser)."""
    return playbook_from_plain(json.loads(text), "internal", "data")
