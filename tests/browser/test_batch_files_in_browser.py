"""The prioritise page with files as reps have them, in a real browser (issue 10).

A chosen file's bytes go to the worker and Python decodes them with the
command line's rule (calculators/csv_text.py), so a legacy Windows-1252 or a
UTF-16 export reads "Zürich" as the CLI does; a list longer than one part of
the worksheet (ranking_session.EXPORT_ROWS) downloads whole. Expected
summaries and worksheets come from calculators.ranking under CPython for the
same bytes.
"""

from __future__ import annotations

import codecs

import pytest
from playwright.sync_api import expect

from calculators.loader import load_data_dir
from calculators.ranking import rank, run, to_csv
from calculators.ranking_session import EXPORT_ROWS
from conftest import DATA

pytestmark = pytest.mark.browser

PAGE = "playbook/prioritise/"
READY = "form[data-batch][data-calculator-state=ready]"
PLAYBOOK = load_data_dir(DATA, "internal")
COLUMNS = ["name"] + [d.id for d in PLAYBOOK.scoring.dimensions]  # the real data's columns: an invariant
FIRST_NAME = "[data-batch-table] tbody tr:first-child th"


def accounts(count: int, delimiter: str = ",", first: str = "Zürich Rückversicherung") -> str:
    lines = [delimiter.join(COLUMNS)]
    for n in range(count):
        score = "9" if n == 0 else str(n % 7)
        lines.append(delimiter.join([first if n == 0 else f"Account {n:06}"] + [score] * (len(COLUMNS) - 1)))
    return "\r\n".join(lines) + "\r\n"


def choose(page, data: bytes) -> None:
    page.set_input_files("#batch-file", files=[{"name": "export.csv", "mimeType": "text/csv", "buffer": data}])


def open_ready(visit, url: str):
    seen = visit(url + PAGE)
    seen.page.wait_for_selector(READY, timeout=60_000)
    return seen.page


@pytest.mark.parametrize("data", [
    accounts(3).encode("cp1252"),
    codecs.BOM_UTF16_LE + accounts(3, "\t").encode("utf-16-le"),
], ids=["windows-1252", "utf-16 tab-separated"])
def test_a_chosen_legacy_or_unicode_file_reads_names_as_the_command_line_does(visit, internal_url, data):
    page = open_ready(visit, internal_url)
    choose(page, data)
    expected = run(data, PLAYBOOK)["summary"]
    expect(page.locator("[data-batch-summary]")).to_have_text(expected, timeout=60_000)
    expect(page.locator(FIRST_NAME)).to_have_text("Zürich Rückversicherung")
    assert ("Windows-1252" in expected) == (not data.startswith(codecs.BOM_UTF16_LE))  # the notice, only when due


def test_a_list_longer_than_one_part_downloads_as_the_whole_ranked_csv(visit, internal_url):
    page = open_ready(visit, internal_url)
    data = accounts(EXPORT_ROWS + 1500).encode("utf-8")  # the ranked CSV crosses in two parts
    choose(page, data)
    expect(page.locator("[data-batch-summary]")).to_have_text(run(data, PLAYBOOK)["summary"], timeout=120_000)
    with page.expect_download(timeout=120_000) as info:
        page.click("[data-batch-download]")
    downloaded = open(info.value.path(), encoding="utf-8", newline="").read()
    assert downloaded == to_csv(rank(data, PLAYBOOK))
