"""CONTRIBUTING.md's examples, read and applied to a copy of the project.

Each fenced example carries a marker comment saying what it is for:

- `<!-- example: add to data/<file>.yml <list> -->`: YAML entries appended to that list of the copy's
  data (an entry whose id the data already has, because a writer followed the guide, is kept);
- `<!-- example: add to tests/cases/calculator_cases.json cases -->`: calculator cases added;
- `<!-- example: set in data/<file>.yml -->`: top-level fields set in that file of the copy;
- `<!-- example: new page docs/<page> -->` and `add to docs/<page>`: Markdown written to the copy's docs/;
- `<!-- example: new module calculators/<name>.py -->`, `new test tests/unit/<file>`,
  `calculator page docs/<page>`: a new calculator, its test and its page (the module is added to
  registry.MODULES, as the guide says);
- `<!-- example: nav -->`: a nav entry added to the copy's mkdocs.yml;
- `<!-- example: front matter -->`: page front matter;
- `<!-- example: message -->`: messages a check prints (tests/build/test_contributing.py compares them).

tests/conftest.py's `edited_project` applies them (with tests/writer_edits.py's edits) to one copy of
the real project, built once for tests/build/test_contributing.py and tests/build/test_writer_edits.py.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "CONTRIBUTING.md"
EXAMPLE = re.compile(r"<!-- example: (?P<what>[^>]+?) -->\s*\n(?:[ \t]*\n)*(?P<indent>[ ]*)```(?P<lang>\w+)\n"
                     r"(?P<body>.*?)\n(?P=indent)```", re.S)
FENCE = re.compile(r"^[ ]*```(yaml|markdown|text|python|json)\s*$", re.M)
MARKDOWN_LINK = re.compile(r"`(\[[^\]`]+\]\(([^)`\s]+)\))`")


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def examples(kind: str = "") -> list[tuple[str, str]]:
    """(what, body) of every marked example whose marker starts with `kind`."""
    found = []
    for match in EXAMPLE.finditer(guide()):
        body = textwrap.dedent("\n".join(line[len(match["indent"]):] if line.startswith(match["indent"]) else line
                                         for line in match["body"].splitlines()))
        if match["what"].startswith(kind):
            found.append((match["what"], body))
    return found


def add_to_data(project: Path, what: str, body: str) -> None:
    file, where = what.removeprefix("add to ").split(" ")
    path = project / file
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = raw
    for key in re.findall(r"\w+|\[\d+\]", where):
        target = target[int(key[1:-1])] if key.startswith("[") else target[key]
    entries = yaml.safe_load(body)
    assert isinstance(entries, list) and entries, f"{what}: the example is not a list of entries"
    have = {key_of(entry) for entry in target}
    target.extend(entry for entry in entries if key_of(entry) not in have)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def key_of(entry) -> str | None:
    """What makes an entry unique in its list: its id (or the industry a CRM entry maps)."""
    return entry.get("id") or entry.get("industry") if isinstance(entry, dict) else None


def example_entries(what: str) -> list[dict]:
    """The entries of the guide's `add to <what>` example."""
    (body,) = [body for kind, body in examples(f"add to {what}")]
    return yaml.safe_load(body)


def set_in_data(project: Path, what: str, body: str) -> None:
    path = project / what.removeprefix("set in ")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = yaml.safe_load(body)
    assert isinstance(fields, dict) and fields, f"{what}: the example is not a set of fields"
    raw.update(fields)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_to_nav(project: Path, body: str) -> None:
    (section, entries), = yaml.safe_load(body)[0].items()
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - {section}:")
    end = start + 1
    while end < len(lines) and lines[end].startswith("      "):
        end += 1
    added = [f"      - {title}: {page}" for entry in entries for title, page in entry.items()]
    config.write_text("\n".join(lines[:end] + added + lines[end:]) + "\n", encoding="utf-8")


@functools.cache
def the_new_page() -> str:
    (what, _), = examples("new page ")
    return what.split(" ", 2)[2]


def own_code(project: Path) -> None:
    """Give a project copy its own calculators/ and tests/cases, tests/unit (the rest of tests/ linked)."""
    (project / "calculators").unlink()
    shutil.copytree(ROOT / "calculators", project / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "tests").unlink()
    (project / "tests").mkdir()
    for entry in (ROOT / "tests").iterdir():
        if entry.name not in ("cases", "unit", "__pycache__"):
            (project / "tests" / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "tests" / "cases", project / "tests" / "cases")
    (project / "tests" / "unit").mkdir()


def add_cases(project: Path, what: str, body: str) -> None:
    path = project / what.removeprefix("add to ").split(" ")[0]
    cases = json.loads(path.read_text(encoding="utf-8"))
    cases["cases"] += json.loads(body)
    path.write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def register(project: Path, module: str) -> None:
    """Add a calculator module to registry.MODULES, as the guide's step 2 says."""
    path = project / "calculators" / "registry.py"
    text, count = re.subn(r'(MODULES: tuple\[str, \.\.\.\] = \([^)]*?)\)', rf'\1, "{module}")',
                          path.read_text(encoding="utf-8"), count=1)
    assert count == 1, "registry.MODULES is not written as the guide's step 2 expects"
    path.write_text(text, encoding="utf-8")


def new_calculators() -> list[str]:
    return [Path(what.split(" ", 2)[2]).stem for what, _ in examples("new module calculators/")]


def apply_every_example(project: Path) -> None:
    own_code(project)
    for what, body in examples():
        if what.startswith("add to data/"):
            add_to_data(project, what, body)
        elif what.startswith("add to tests/cases/"):
            add_cases(project, what, body)
        elif what.startswith("set in data/"):
            set_in_data(project, what, body)
        elif what.startswith(("new page ", "new module ", "new test ", "calculator page ")):
            (project / what.rsplit(" ", 1)[1]).write_text(body + "\n", encoding="utf-8")
        elif what == "nav":
            add_to_nav(project, body)
    for module in new_calculators():
        register(project, module)
    page = project / the_new_page()
    for what, body in examples("add to docs/"):
        assert what == f"add to {the_new_page()}", what
        page.write_text(page.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")
    links = [link for link, _ in MARKDOWN_LINK.findall(guide())]
    inline_macros = [m for m in re.findall(r"`(\{\{ [^`]+ \}\})`", guide()) if "(" in m]
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "\n\n".join(links + inline_macros) + "\n",
                    encoding="utf-8")
