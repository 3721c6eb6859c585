"""CSV in, nothing lost: every row ranked, skipped or rejected with row, column and reason.

Covers the classes of the issue: a quote left open (at the end of the file or
closed rows later), counts that add up, one decoding rule for every encoding
a CRM or Excel writes, formula cells neutralised, control characters never
reaching a terminal raw, the command line's streamed ranking agreeing with
the browser's, a closed pipe and the public edition. Runs on the tests' own
data (tests/fixtures/data); the columns come from its scoring model.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import random
import subprocess
import sys

import pytest

from calculators import csv_text
from calculators.accounts import Rejected
from calculators.cli import main
from calculators.inputs import InputError, visible
from calculators.ranking import rank, to_csv, write_ranked
from conftest import FIXTURE_DATA, ROOT, fixture_playbook

PLAYBOOK = fixture_playbook()
COLUMNS = ["name"] + [d.id for d in PLAYBOOK.scoring.dimensions]  # name and one column per scoring dimension
SCORES = len(COLUMNS) - 1
HEAD = ",".join(COLUMNS)


def row(name: str, score: str = "5", extra: str = "") -> str:
    return ",".join([name] + [score] * SCORES) + extra


def names(result) -> list[str]:
    return [a.name for a in result.accounts]


def score_csv(source, playbook):
    return rank(source, playbook)


def cli(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        sys_stdin = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        code = main([*args, "--data", str(FIXTURE_DATA)], out=out, err=err)
    finally:
        if stdin is not None:
            sys.stdin = sys_stdin
    return code, out.getvalue(), err.getvalue()


OPEN = ',"call back'  # a notes cell whose quote never closes
NOTED = ',"noted"'
MULTI = ',"first line, second part\nthird, line"'


def adds_up(result) -> bool:
    counts = result.opened.tally
    return (sum(counts.counts.values()) == len(result.accounts)
            and sum(counts.rejected.values()) == len(result.rejected))


# --- a quote left open ----------------------------------------------------


def test_a_quote_left_open_to_the_end_rejects_its_row_with_the_line_and_scores_the_rows_after_it():
    text = f"{HEAD},notes\n{row('Alpha', '9', OPEN)}\n{row('Beta', extra=',x')}\n{row('Gamma', extra=',y')}\n"
    result = score_csv(text, PLAYBOOK)
    assert sorted(names(result)) == ["Beta", "Gamma"]
    [error] = result.rejected
    assert (error.row, error.column) == (2, "notes")
    assert "line 2" in error.message and "never closes" in error.message
    assert adds_up(result)
    assert "Ranked 2 accounts" in result.summary() and "Rejected 1 row (quotes that do not pair up: 1)" in \
        result.summary()


def test_a_quote_closed_rows_later_does_not_swallow_the_rows_between():
    text = (f"{HEAD},notes\n{row('Alpha', extra=OPEN)}\n{row('Beta', extra=',x')}\n"
            f"{row('Gamma', extra=NOTED)}\n{row('Delta')},\n")
    result = score_csv(text, PLAYBOOK)
    assert sorted(names(result)) == ["Beta", "Delta", "Gamma"]
    assert [(e.row, e.column) for e in result.rejected] == [(2, "notes")]
    assert "line 2" in result.rejected[0].message
    assert adds_up(result)


def test_a_quote_left_open_on_the_last_line_without_a_newline_is_reported():
    result = score_csv(f"{HEAD},notes\n{row('Alpha', extra=OPEN)}", PLAYBOOK)
    assert names(result) == [] and [e.row for e in result.rejected] == [2] and adds_up(result)


def test_a_proper_multi_line_cell_is_one_row():
    text = f"{HEAD},notes\n{row('Alpha', extra=MULTI)}\n{row('Beta')},\n"
    result = score_csv(text, PLAYBOOK)
    assert sorted(names(result)) == ["Alpha", "Beta"] and result.rejected == []


def test_a_multi_line_cell_closed_mid_row_is_one_row():
    head = ",".join([COLUMNS[0], "notes", *COLUMNS[1:]])
    text = f'{head}\nAlpha,"two\nlines",{",".join(["5"] * SCORES)}\n'
    result = score_csv(text, PLAYBOOK)
    assert names(result) == ["Alpha"] and result.rejected == []


def test_a_second_quote_left_open_later_is_found_too():
    text = (f"{HEAD},notes\n{row('A', extra=OPEN)}\n{row('B')},\n{row('C', extra=OPEN)}\n"
            f"{row('D')},\n")
    result = score_csv(text, PLAYBOOK)
    assert sorted(names(result)) == ["B", "D"] and [e.row for e in result.rejected] == [2, 4] and adds_up(result)


# --- counts that add up ---------------------------------------------------


def test_every_row_read_is_ranked_or_rejected_and_the_summary_says_so():
    rnd = random.Random(7)
    pieces = [HEAD + ",notes"]
    for n in range(300):
        kind = rnd.randrange(6)
        if kind == 0:
            pieces.append(row(f"Bad {n}", "x", ","))
        elif kind == 1:
            pieces.append("")  # a blank line is no account
        elif kind == 2:
            pieces.append(row(f"Wide {n}", extra=",a,b,c"))
        elif kind == 3:
            pieces.append(row(f"Multi {n}", extra=',"one\ntwo"'))
        else:
            pieces.append(row(f"Good {n}", str(rnd.randrange(0, 11)), ","))
    result = score_csv("\n".join(pieces) + "\n", PLAYBOOK)
    blank = sum(1 for p in pieces[1:] if not p)
    assert len(result.accounts) + len(result.rejected) == len(pieces) - 1 - blank
    assert adds_up(result)
    assert all(isinstance(e, Rejected) and e.row >= 2 and e.column and e.message for e in result.rejected)
    wide = sum(1 for p in pieces if p.startswith("Wide"))
    assert len(result.rejected) == wide  # a bad score is a note on a ranked account, not a rejection
    text = result.summary()
    assert f"Ranked {len(result.accounts):,} accounts" in text and f"Rejected {len(result.rejected):,} rows" in text


# --- one decoding rule ----------------------------------------------------


def zurich_text(delimiter: str = ",") -> str:
    return delimiter.join(COLUMNS) + "\r\n" + delimiter.join(["Zürich Versicherung"] + ["5"] * SCORES) + "\r\n"


@pytest.mark.parametrize("data", [
    zurich_text().encode("utf-8"),
    codecs.BOM_UTF8 + zurich_text().encode("utf-8"),
    codecs.BOM_UTF16_LE + zurich_text("\t").encode("utf-16-le"),  # Excel's "Unicode text"
    codecs.BOM_UTF16_BE + zurich_text("\t").encode("utf-16-be"),
], ids=["utf-8", "utf-8 with BOM", "utf-16 LE", "utf-16 BE"])
def test_unicode_files_read_names_right_without_a_notice(data):
    result = score_csv(data, PLAYBOOK)
    assert names(result) == ["Zürich Versicherung"] and result.opened.file.notice == ""


def test_a_windows_1252_file_reads_names_right_with_a_notice():
    result = score_csv(zurich_text().encode("cp1252"), PLAYBOOK)
    assert names(result) == ["Zürich Versicherung"]
    assert "Windows-1252" in result.opened.file.notice and result.opened.file.notice in result.summary()


def test_a_utf8_file_with_one_stray_windows_1252_byte_is_read_whole_as_windows_1252_and_says_so():
    data = zurich_text().encode("utf-8") + row("Caf\xe9").encode("cp1252") + b"\r\n"
    result = score_csv(data, PLAYBOOK)
    assert "Café" in names(result) and "Windows-1252" in result.summary()  # never half one, half the other


@pytest.mark.parametrize("data, words", [
    (zurich_text().encode("utf-16-le"), "byte-order mark"),
    (b"PK\x03\x04" + bytes(range(256)) * 4, "CSV"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "UTF-16"),
])
def test_bytes_that_are_no_text_are_one_file_error(data, words):
    with pytest.raises(InputError) as raised:
        score_csv(data, PLAYBOOK)
    assert words in raised.value.errors[0].message


def test_the_command_line_and_the_browser_decode_with_the_same_function(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes(zurich_text().encode("cp1252"))
    code, out, err = cli("batch", str(path))
    assert code == 0 and "Zürich Versicherung" in out and "Windows-1252" in err
    assert csv_text.decode(path.read_bytes())[0] == zurich_text()


# --- formulas stay neutralised --------------------------------------------


FORMULAS = ["=HYPERLINK(\"http://x.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", " =1+2",
            "\u00a0=1+2"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_formula_cells_are_neutralised_in_both_ranked_csvs_and_read_back_as_they_were(cell):
    quoted = '"' + cell.replace('"', '""') + '"'
    text = f"{HEAD},domain,{quoted}\n{row(quoted)},{quoted},x\n"
    result = score_csv(text, PLAYBOOK)
    written = []
    write_ranked(text, PLAYBOOK, written.append)
    for ranked in (to_csv(result), "".join(written)):
        head, first = list(csv.reader(io.StringIO(ranked)))[:2]
        for value in (first[0], first[SCORES + 1], head[SCORES + 2]):  # name, domain, a header cell
            assert value == "'" + cell, (value, cell)
        assert [a.name for a in score_csv(ranked, PLAYBOOK).accounts] == [cell.strip()]


# --- the command line's ranking is the browser's --------------------------


def test_the_streamed_ranking_writes_exactly_the_worksheet_of_to_csv():
    rnd = random.Random(3)
    lines = [HEAD + ",domain,disqualifiers,annual_revenue"]
    for n in range(2500):
        name = rnd.choice(["acme", "Acme", "Zürich AG", "zeta", "Ölwerk", "a\x00b", "Beta"]) + f" {n % 40}"
        flag = rnd.choice(["", "", "", "on_premise_only"])
        lines.append(",".join([f'"{name}"'] + [str(rnd.randrange(0, 21) / 2) for _ in range(SCORES)]
                              + [f"d{n}.example", flag, str(rnd.randrange(0, 10) * 10**8)]))
    lines.append(row("Broken", "x"))
    text = "\n".join(lines) + "\n"
    lines.append("Wide," + ",".join(["5"] * (SCORES + 5)))
    text = "\n".join(lines) + "\n"
    written, errors = [], []
    opened = write_ranked(text, PLAYBOOK, written.append, on_rejected=errors.append)
    result = score_csv(text, PLAYBOOK)
    assert "".join(written) == to_csv(result)
    assert errors == list(result.rejected) and opened.summary() == result.summary()


# --- control characters never reach a terminal raw ------------------------


RAW = ("\x1b", "\x07", "\r", "\x9b", "\u202e")


def test_control_characters_in_a_command_line_value_are_escaped():
    code, out, err = cli("economics", "--months=\x1b[2J\x07")
    assert code == 2 and "\\x1b[2J\\x07" in err and not any(c in err for c in RAW)


def test_control_characters_in_an_unknown_option_are_escaped(capsys):
    code, _, _ = cli("economics", "--\x1b[31mred")
    captured = capsys.readouterr()
    assert code == 2 and "\\x1b" in captured.err and not any(c in captured.err for c in RAW)


def test_control_characters_in_csv_cells_and_headers_are_escaped_on_stderr(tmp_path):
    path = tmp_path / "evil.csv"
    path.write_text(f'{HEAD},\x1b]0;owned\x07\n"Alpha","7\rfake: all rows scored",5,5,5,\n'
                    f'"\u202eBeta",5,5,5,5,\n', encoding="utf-8")
    code, out, err = cli("batch", str(path))
    assert not any(c in err for c in RAW)
    assert "\\r" in err and "\\x1b" in err and "Ranked 2 accounts" in err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_ranked_csv_written_to_a_terminal_has_its_control_characters_escaped(tmp_path):
    path = tmp_path / "evil.csv"
    path.write_text(f'{HEAD}\n"Ac\x1b[2Jme",5,5,5,5\n', encoding="utf-8")
    out, err = Terminal(), io.StringIO()
    assert main(["batch", str(path), "--data", str(FIXTURE_DATA)], out=out, err=err) == 0
    assert "\x1b" not in out.getvalue() and "Ac\\x1b[2Jme" in out.getvalue()
    piped = io.StringIO()
    main(["batch", str(path), "--data", str(FIXTURE_DATA)], out=piped, err=io.StringIO())
    assert "Ac\x1b[2Jme" in piped.getvalue()  # a file or pipe gets the data as it is


def test_visible_escapes_every_control_and_direction_character():
    text = "".join(chr(c) for c in list(range(0x20)) + list(range(0x7f, 0xa0))) + "\u202e\u2066\u200b\ufeff"
    shown = visible(text)
    assert shown.isprintable() and shown.count("\\") == len(text)


# --- the pipe and the edition ---------------------------------------------


def test_json_output_into_a_closed_pipe_ends_quietly(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text(HEAD + "\n" + "\n".join(row(f"Account {n}") for n in range(3000)) + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    shell = (f"{sys.executable} -m calculators batch {path} --json --data {FIXTURE_DATA} | head -c100 >/dev/null; "
             f"{sys.executable} -m calculators batch {path} --data {FIXTURE_DATA} | head -c100 >/dev/null")
    done = subprocess.run(["bash", "-c", shell], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr


def test_batch_in_the_public_edition_is_a_one_line_refusal(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEAD + "\n" + row("A") + "\n", encoding="utf-8")
    code, out, err = cli("--edition", "public", "batch", str(path))
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("error: ") and "internal" in err and "Traceback" not in err


# --- the browser's worker: the same bytes rule, the ranked CSV in parts ---


def test_the_worker_decodes_a_chosen_files_bytes_by_the_same_rule():
    import json

    from calculators.worker import Worker

    worker = Worker(PLAYBOOK)
    message = json.dumps({"type": "run", "id": 1, "calculator": "batch", "params": {}})
    result = json.loads(worker.handle(message, None, zurich_text().encode("cp1252")))["result"]
    assert result["ok"] and "Windows-1252" in result["summary"]
    assert result["rows"][0]["cells"][1]["text"] == "Zürich Versicherung"


def test_a_long_ranked_csv_travels_in_parts_that_join_to_exactly_to_csv(monkeypatch):
    from calculators import ranking_session

    monkeypatch.setattr(ranking_session, "EXPORT_ROWS", 7)
    text = HEAD + "\n" + "\n".join(row(f"Account {n}", str(n % 11)) for n in range(28)) + "\n,5,5,5,5\n"
    session = ranking_session.Session(PLAYBOOK)
    assert session.handle({"csv": text})["ok"]
    parts, offset, more = [], 0, True
    while more:
        part = session.handle({"export": "csv", "offset": offset})
        assert part["ok"] and part["offset"] == offset
        parts.append(part["csv"])
        offset, more = part["next"], part["more"]
    assert len(parts) == 5 and "".join(parts) == to_csv(score_csv(text, PLAYBOOK))
    assert parts[-1].splitlines()[-1].count("rejected") == 1  # the rejected row at the end
    assert not session.handle({"export": "csv", "offset": -1})["ok"]
