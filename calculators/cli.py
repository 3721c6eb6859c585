"""Command line: ``python -m calculators scoring|economics|readiness|batch``.

Flags are made from `registry.fields` (``commercial_fit`` is
``--commercial-fit``; yes/no inputs are bare flags such as
``--on-premise-only``), so the CLI, the forms and the URLs share one name per
input. Prints readable text, or with ``--json`` the exact dict
`registry.run` returns. Bad input: one ``error:`` line per field on stderr,
exit code 2 (for batch: a file it cannot read, or every row rejected;
rejected rows are listed on stderr while the others are ranked). The data comes
from ``--data DIR``, else $PLAYBOOK_DATA_DIR, else the repository's data/.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence, TextIO

from . import registry
from .account_inputs import RATE, RATE_LABEL, rate_help, read_rates
from .inputs import InputError, visible
from .model import Playbook

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def flag_name(field: str) -> str:
    """The CLI flag of a contract name: commercial_fit is --commercial-fit."""
    return "--" + field.replace("_", "-")


def _pct(text: str) -> str:
    return text.replace("%", "%%")  # argparse formats help with %


class _Parser(argparse.ArgumentParser):
    """argparse, but a value echoed in a usage error has its control characters escaped."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {visible(message)}\n")


def build_parser(playbook: Optional[Playbook]) -> argparse.ArgumentParser:
    """The full parser; calculators whose data the edition lacks are left out."""
    common = _Parser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                        help="folder of data/*.yml (default: $PLAYBOOK_DATA_DIR or the repository's data/)")
    common.add_argument("--edition", choices=("internal", "public"), default=argparse.SUPPRESS,
                        help="which edition's data to load (default: internal)")
    parser = _Parser(prog="python -m calculators", parents=[common],
                                     description="The playbook's calculators on the command line.")
    subs = parser.add_subparsers(dest="calculator", metavar="CALCULATOR")
    for calculator in registry.declarations():
        try:
            fields = calculator.fields(playbook) if playbook is not None else ()
        except LookupError:  # the edition's data lacks it
            continue
        title = calculator.title
        sub = subs.add_parser(calculator.name, parents=[common], help=_pct(title), description=_pct(title))
        sub.add_argument("--json", action="store_true", help="print the full result as JSON")
        for f in fields:
            text = f.label + (f" ({f.help})" if f.help else "")
            if f.kind == "flag":
                sub.add_argument(flag_name(f.name), dest=f.name, action="store_const", const="1", default=None,
                                 help=_pct(text))
                if f.default == "":  # a question that may stay unanswered: answering no is its own flag
                    sub.add_argument("--no-" + flag_name(f.name)[2:], dest=f.name, action="store_const",
                                     const="0", default=None, help=_pct(f"answer no: {f.label}"))
            else:
                metavar = "|".join(f.choices) if f.choices else ("TEXT" if f.kind == "text" else "NUMBER")
                shown = f.default if f.default != "" else "none"
                # The limits as the field declares them, in the words of its errors and of the form's help.
                limits = f"; {f.range_words()}" if f.kind != "choice" and f.max is not None else ""
                sub.add_argument(flag_name(f.name), dest=f.name, metavar=metavar, default=None,
                                 help=_pct(f"{text}{limits}; default {shown}"))
    batch = subs.add_parser("batch", parents=[common], help="rank a CSV of accounts (a CRM export or a scored list)",
                            description="Tier, check, score where scores are given, and rank every account of a "
                                        "CSV: a CRM export as it comes, a scored list, or a worksheet this wrote.")
    batch.add_argument("csv", help="the accounts CSV ('-' reads standard input)")
    batch.add_argument("--currency", metavar="CODE", default=None,
                       help="the currency of amounts that name none, when the row has no currency column "
                            "(default: the tiers' currency)")
    batch.add_argument(flag_name(RATE), dest=RATE, metavar="RATES", default=None,
                       help=_pct(f"{RATE_LABEL} ({rate_help()})"))
    batch.add_argument("-o", "--output", metavar="FILE", help="write the ranked CSV here (default: standard output)")
    batch.add_argument("--json", action="store_true", help="print the browser's JSON result instead")
    return parser


def load_playbook(argv: Sequence[str]) -> Playbook:
    """Find --data/--edition anywhere on the line and load the data (DataError if bad)."""
    from .loader import load_data_dir, project_data_dir

    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--data")
    pre.add_argument("--edition", default="internal")
    known, _ = pre.parse_known_args(argv)
    data_dir = known.data or project_data_dir(PROJECT_ROOT)
    edition = known.edition if known.edition in ("internal", "public") else "internal"
    return load_data_dir(data_dir, edition)


def print_result(result: dict, out: TextIO) -> None:
    """The readable form of a run() result."""
    calculator = registry.declaration(result["calculator"])
    display = result["display"]
    pairs = [(label, display[key]) for key, label in calculator.outputs if display.get(key)]
    width = max(len(label) for label, _ in pairs)
    print(calculator.title, file=out)
    for label, text in pairs:
        text = text.replace("\n", "\n" + " " * (width + 4))  # continuation lines under their value
        print(f"  {label + ':':<{width + 1}} {text}", file=out)
    for heading, lines in (("Reasons", result["values"].get("reasons", ())),
                           ("Chart", [display["chart_summary"]] if "chart_summary" in display else ()),
                           ("Assumptions", result.get("assumptions", ()))):
        if lines:
            print(f"\n{heading}:", file=out)
            for line in lines:
                print(f"  - {line}", file=out)


def run_calculator(name: str, args: argparse.Namespace, playbook: Playbook, out: TextIO, err: TextIO) -> int:
    fields = registry.fields(name, playbook)
    params = {f.name: getattr(args, f.name) for f in fields if getattr(args, f.name, None) is not None}
    result = registry.run(name, params, playbook)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2), file=out)
    if not result["ok"]:
        known = {f.name for f in fields}
        for e in result["errors"]:
            where = f"{flag_name(e['field'])}: " if e["field"] in known else ""
            print(f"error: {where}{visible(e['message'])}", file=err)
        return 2
    if not args.json:
        print_result(result, out)
    return 0


def _lines_for(out: TextIO):
    """How ranked CSV text reaches `out`: as it is, or with control characters escaped on a terminal."""
    isatty = getattr(out, "isatty", None)
    if isatty is not None and isatty():
        return lambda text: out.write(visible(text.replace("\r\n", "\n"), keep="\n"))
    return out.write


def run_batch_command(args: argparse.Namespace, playbook: Playbook, out: TextIO, err: TextIO) -> int:
    """Rank an account file (a CRM export or a scored list: one pipeline, calculators/ranking.py): the
    worksheet out, each rejected row and the summary on stderr (or the JSON with --json)."""
    where = visible(args.csv)
    if playbook.scoring is None or playbook.crm is None:
        print("error: batch scoring is not part of the public edition; run it with --edition internal", file=err)
        return 2
    from . import ranking

    try:
        rates = read_rates(RATE, getattr(args, RATE), label=flag_name(RATE))
    except InputError as error:
        for e in error.errors:
            print(f"error: {visible(e.message)}", file=err)
        return 2
    try:
        source = sys.stdin.buffer.read() if args.csv == "-" else open(args.csv, "rb")  # noqa: SIM115
    except OSError as error:
        print(f"error: {where}: cannot read the file ({visible(str(error.strerror or error))})", file=err)
        return 2
    try:
        if args.json:
            result = ranking.run(source, playbook, args.currency, rates=rates)
            print(json.dumps(result, ensure_ascii=False), file=out)
            for e in result.get("errors", ()) if not result["ok"] else result["rejected"]:
                print(f"error: {where}: {visible(e['message'])}", file=err)
            return 0 if result["ok"] and result["accounts"] else 2
        return _rank(args, source, playbook, rates, out, err)
    finally:
        if hasattr(source, "close"):
            source.close()


def _rank(args: argparse.Namespace, source, playbook: Playbook, rates: tuple, out: TextIO, err: TextIO) -> int:
    from . import ranking

    where = visible(args.csv)
    target = None

    def to_file(text: str) -> None:
        nonlocal target
        if target is None:
            target = open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        target.write(text)

    def on_rejected(row) -> None:
        print(f"error: {where}: {visible(str(row))}", file=err)

    try:
        # The accounts' worksheet lines wait in a temporary file until the file is ranked, not in memory.
        with tempfile.TemporaryFile(prefix="ranked-") as spool:
            opened = ranking.write_ranked(source, playbook, to_file if args.output else _lines_for(out),
                                          args.currency, on_rejected, rates=rates, spool=spool)
    except InputError as error:
        for e in error.errors:
            print(f"error: {where}: {visible(e.message)}", file=err)
        return 2
    except BrokenPipeError:
        raise
    except OSError as error:
        print(f"error: {visible(args.output)}: cannot write the file ({visible(str(error.strerror or error))})",
              file=err)
        return 2
    finally:
        if target is not None:
            target.close()
    if args.output:
        print(visible(opened.summary()), file=out)
        print(f"Ranked CSV written to {visible(args.output)}.", file=out)
    else:
        print(visible(opened.summary()), file=err)
    for problem in opened.tally.problems.listed():  # rejected rows are listed above, one line each
        if not problem.reason.startswith("rejected:"):
            print(f"note: {where}: {visible(problem.words())}", file=err)
    ranked = sum(opened.tally.counts.values())
    return 2 if opened.tally.rejected and not ranked else 0  # every row rejected: nothing to rank


def main(argv: Optional[Sequence[str]] = None, out: TextIO = None, err: TextIO = None) -> int:
    """Run the command line; returns the exit code (0 fine, 2 bad input or data, 1 output cut short)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out, err = out or sys.stdout, err or sys.stderr
    try:
        return _main(argv, out, err)
    except BrokenPipeError:  # the reader stopped early (batch ... | head): end quietly, as cat does
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's last flush does not fail again
        return 1


def _main(argv: list[str], out: TextIO, err: TextIO) -> int:
    from .validate import DataError

    try:
        playbook = load_playbook(argv)
    except DataError as error:
        for problem in error.errors:
            print(f"error: {visible(str(problem))}", file=err)
        return 2
    parser = build_parser(playbook)
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed its own message
        return int(stop.code or 0)
    if args.calculator is None:
        parser.print_help(err)
        return 2
    if args.calculator == "batch":
        return run_batch_command(args, playbook, out, err)
    return run_calculator(args.calculator, args, playbook, out, err)
