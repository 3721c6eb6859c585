"""`make serve` checks spelling after every build, as warnings.

The same check as `make lint` and CI (codespell over docs/, data/ and the
top-level Markdown files, with .codespellrc), where a misspelling is an
error; in the preview it only warns, one line per word, naming file and line:

    WARNING -  Spelling: docs/buyers-guide/scope.md:12: teh ==> the
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

from . import framework

log = logging.getLogger("mkdocs.plugins.playbook.spelling")


def on_serve(server, config):
    root = Path(config.config_file_path).resolve().parent

    def checking(build):
        def build_then_check(config=None):
            build(config)
            warn(root)
        return build_then_check

    warn(root)  # the first build ran before the server started
    return framework.wrap_builder(server, checking)


def misspellings(root: Path) -> list[str]:
    """codespell's report lines for what writers edit (empty when all is well)."""
    targets = ["docs", "data", *sorted(p.name for p in root.glob("*.md"))]
    codespell = Path(sys.executable).with_name("codespell")
    try:
        done = subprocess.run([str(codespell), *targets], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return [f"the spelling check could not run ({error})"]
    return [with_true_line(root, line) for line in done.stdout.splitlines() if line.strip()]


REPORT = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<word>\S+) ==> (?P<fix>.+)$")


def with_true_line(root: Path, report: str) -> str:
    """The report with the line the word is really on.

    codespell 2.4 counts lines after a `codespell:ignore-begin` … `ignore-end`
    block wrongly; the word's nearest line outside such blocks is the one.
    """
    found = REPORT.match(report)
    if not found:
        return report
    try:
        lines = (root / found["path"]).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return report
    word = re.compile(rf"(?<![\w']){re.escape(found['word'])}(?![\w'])")
    candidates, ignoring = [], False
    for number, text in enumerate(lines, 1):
        if "codespell:ignore-begin" in text:
            ignoring = True
        elif "codespell:ignore-end" in text:
            ignoring = False
        elif not ignoring and word.search(text):
            candidates.append(number)
    if not candidates:
        return report
    line = min(candidates, key=lambda n: abs(n - int(found["line"])))
    return f"{found['path']}:{line}: {found['word']} ==> {found['fix']}"


def main() -> int:
    """`python -m playbook_plugin.spelling`: the check for `make lint`; exit status 1 when a word is misspelt."""
    reports = misspellings(Path(__file__).resolve().parent.parent)
    for report in reports:
        print(report)
    return 1 if reports else 0


def warn(root: Path) -> None:
    for line in misspellings(root):
        log.warning(f"Spelling: {line}")


if __name__ == "__main__":
    sys.exit(main())
