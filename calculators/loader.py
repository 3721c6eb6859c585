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


def playbook_from_plain(raw_files: Mapping[str, Any], edition: str = "internal", folder: str = "data",
                        lines: Mapping[str, dict] | None = None) -> Playbook:
    """Check each file's raw content and keep those the edition may show.

    Every problem of every file is found before one DataError reports them
    all, each with its line when `lines` (path -> line, from `read_yaml_lines`)
    says where it is.
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {', '.join(EDITIONS)}")
    def located(error: DataError, name: str) -> DataError:  # entries by id and line, when read from a file
        return error.located(raw_files[name], lines[name]) if lines and name in lines else error

    records, problems = {}, []
    for name, raw in raw_files.items():
        where = f"{folder}/{name}.yml"
        if name not in FILES:
            problems.append(DataError(where, "", "unknown data file; expected one of "
                                      f"{', '.join(f'{n}.yml' for n in FILES)}"))
        elif raw is None:
            problems.append(DataError(where, "", "the file is empty"))
        else:
            try:
                records[name] = parse(FILES[name], raw, where)
            except DataError as error:
                problems.append(located(error, name))
    problems += [located(error, name) for name, error in _reference_problems(records, folder)]
    if problems:
        raise DataError.of(problems)
    return Playbook.of({name: record for name, record in records.items()
                        if edition == "internal" or record.audience == "public"})


def _reference_problems(records: Mapping[str, Any], folder: str):
    """Ids one file names that the file defining them does not have: (file name, DataError) pairs."""
    use_cases = records.get("use_cases")
    if use_cases is None:
        return
    industries = [i.id for i in use_cases.industries]
    known = f"known: {', '.join(industries)} (data/use_cases.yml)"
    if records.get("profiles"):
        for p, profile in enumerate(records["profiles"].profiles):
            for i, industry in enumerate(profile.fit.industries if profile.fit else ()):
                if industry not in industries:
                    yield "profiles", DataError(f"{folder}/profiles.yml", f"profiles[{p}].fit.industries[{i}]",
                                                f"unknown industry {describe(industry)}; {known}")
    if records.get("crm"):
        for c, entry in enumerate(records["crm"].industries):
            if entry.industry not in industries:
                yield "crm", DataError(f"{folder}/crm.yml", f"industries[{c}].industry",
                                       f"unknown industry {describe(entry.industry)}; {known}")


_loaded: dict[tuple, Playbook] = {}


def project_data_dir(project_root: Path | str) -> Path:
    """The data folder builds and the CLI read: $PLAYBOOK_DATA_DIR when set
    (tests point it at a changed copy), else the project's data/."""
    return Path(os.environ.get("PLAYBOOK_DATA_DIR") or Path(project_root) / "data")


def load_data_dir(data_dir: Path | str, edition: str = "internal") -> Playbook:
    """Load and check every data/<name>.yml; a missing or bad file raises DataError.

    One build asks for the same data from several places (the macros, the plugin's steps);
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
    """Every file read and checked: all their problems in one DataError, in file order."""
    folder = data_dir.name
    inside = data_dir.resolve()
    raw_files, lines, problems = {}, {}, []
    for path in sorted(data_dir.glob("*.y*ml")):
        where = f"{folder}/{path.name}"
        try:
            if not path.resolve().is_relative_to(inside):  # never show another file's contents
                raise DataError(where, "", f"is a link to a file outside {folder}/; data files must be in {folder}/")
            try:
                content = path.read_bytes()
            except OSError as error:  # a folder named like a data file, no permission to read it
                raise DataError(where, "", f"cannot be read ({error.strerror or error})") from None
            raw_files[path.stem], lines[path.stem] = read_yaml_lines(content, where)
        except DataError as error:
            problems.append(error)
    for name in FILES:
        if name not in raw_files and not any(p.where == f"{folder}/{name}.yml" for p in problems):
            problems.append(DataError(f"{folder}/{name}.yml", "", "the file is missing"))
    try:
        playbook = playbook_from_plain(raw_files, edition, folder, lines)
    except DataError as error:
        problems.extend(error.errors)
    if problems:
        raise DataError.of(sorted(problems, key=lambda p: (p.where, p.line or 0)))
    return playbook


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
    return read_yaml_lines(content, where)[0]


def read_yaml_lines(content: bytes, where: str) -> tuple[Any, dict[tuple, int]]:
    """`read_yaml`, and the line each entry and field starts on: {("profiles", 4, "retainer"): 142}."""
    import yaml  # only the build and the command line read YAML

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        raise DataError(where, "", f"this file is not UTF-8 text (byte 0x{content[error.start]:02x}); "
                        "save it with the UTF-8 encoding", line=line) from None
    loader = _strict_loader()(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), _lines(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        message = problem if getattr(error, "refused", False) else f"this is not valid YAML ({problem})"
        raise DataError(where, "", message, line=mark.line + 1 if mark else None) from None
    except RecursionError:  # a guard in case a YAML construct nests past the depth check
        raise DataError(where, "", f"lists or mappings are nested too deeply (at most {MAX_DEPTH} levels)") from None
    finally:
        loader.dispose()


def _lines(node, path: tuple = (), found: dict | None = None) -> dict[tuple, int]:
    import yaml

    found = {} if found is None else found
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            step = path + (key.value,)
            found.setdefault(step, key.start_mark.line + 1)
            _lines(value, step, found)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found[path + (i,)] = item.start_mark.line + 1
            _lines(item, path + (i,), found)
    return found


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


def data_warnings(playbook: Playbook, folder: str = "data") -> list[str]:
    """What valid data leaves unused, one line each: the build prints them and goes on."""
    profiles = playbook.profiles.profiles if playbook.profiles else ()
    return [f'{folder}/profiles.yml: profile "{p.id}" has no fit: no account is matched to it '
            "(add fit: with its industries)" for p in profiles if p.fit is None]


def playbook_to_json(playbook: Playbook, names: tuple[str, ...] | None = None) -> str:
    """The JSON the browser loads: the edition's files, or just `names` of them."""
    chosen = names or tuple(FILES)
    plain = {n: to_plain(playbook.file(n)) for n in chosen if playbook.file(n) is not None}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def playbook_from_json(text: str) -> Playbook:
    """Rebuild a Playbook from `playbook_to_json` output (in the browser)."""
    return playbook_from_plain(json.loads(text), "internal", "data")
