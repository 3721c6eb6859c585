"""A CRM export ranked in a real browser: the Salesforce and HubSpot fixture
exports as they come, the same ranking CPython computes, inline scoring that
re-ranks at once, and a downloadable ranked CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from calculators import crm
from conftest import ROOT, real_playbook

pytestmark = pytest.mark.browser

PAGE = "playbook/prioritise/"
EXPORTS = ROOT / "tests" / "fixtures" / "crm"


def names_in_cpython(name: str, scores=None) -> list[str]:
    text = (EXPORTS / name).read_bytes().decode("utf-8-sig")
    return [a.name for a in crm.triage_csv(text, real_playbook(), scores).accounts]


def table_names(page) -> list[str]:
    return page.locator("[data-triage-table] tbody th").all_inner_texts()


def wait_result(page, action):
    page.evaluate("""() => { window.__triage = null;
        document.querySelector("form[data-triage]").addEventListener("triage:result",
            (e) => { window.__triage = e.detail.result; }, { once: true }); }""")
    action()
    page.wait_for_function("() => window.__triage !== null", timeout=60_000)
    return page.evaluate("() => window.__triage")


@pytest.mark.parametrize("name", ["salesforce-accounts.csv", "hubspot-companies.csv"])
def test_an_unmodified_export_ranks_as_in_cpython(visit, internal_url, name):
    seen = visit(internal_url + PAGE)
    page = seen.page
    page.wait_for_function("() => document.querySelector('[data-triage-download]') && "
                           "!document.querySelector('[data-triage-download]').hidden", timeout=90_000)
    result = wait_result(page, lambda: page.set_input_files("#triage-file", str(EXPORTS / name)))
    assert result["ok"]
    assert table_names(page) == names_in_cpython(name)
    expect(page.locator("[data-triage-errors]")).to_contain_text("Row ")


def test_scoring_a_row_inline_re_ranks_at_once(visit, internal_url):
    seen = visit(internal_url + PAGE)
    page = seen.page
    page.wait_for_function("() => !document.querySelector('[data-triage-download]').hidden", timeout=90_000)
    wait_result(page, lambda: page.set_input_files("#triage-file", str(EXPORTS / "salesforce-accounts.csv")))
    before = table_names(page)
    last = before[-2]  # the last account that can still be scored (the last one is declined)
    row = page.locator("[data-triage-table] tbody tr", has=page.locator("th", has_text=last))
    row.locator("summary").click()
    for field, value in (("use_case_fit", "9"), ("commercial_fit", "9"), ("technical_fit", "9"),
                         ("strategic_value", "9")):
        row.locator(f'input[name="{field}"]').fill(value)
    row_number = int(row.get_attribute("data-row"))
    result = wait_result(page, lambda: row.get_by_role("button", name="Rank with these scores").click())
    assert result["ok"] and table_names(page)[0] == last
    scores = {row_number: {"use_case_fit": "9", "commercial_fit": "9", "technical_fit": "9", "strategic_value": "9"}}
    assert table_names(page) == names_in_cpython("salesforce-accounts.csv", scores)
    expect(page.locator("[data-triage-status]")).to_contain_text(f"{last} now ranks 1")
    expect(page.locator("[data-triage-table] tbody tr").first.locator("th")).to_be_focused()


def test_a_bad_inline_score_shows_its_message_beside_the_row(visit, internal_url):
    seen = visit(internal_url + PAGE)
    page = seen.page
    page.wait_for_function("() => !document.querySelector('[data-triage-download]').hidden", timeout=90_000)
    row = page.locator("[data-triage-table] tbody tr").first
    row.locator("summary").click()
    row.locator('input[name="use_case_fit"]').fill("eleven")
    row.get_by_role("button", name="Rank with these scores").click()
    expect(row.locator("[role=alert]")).to_contain_text("must be a score")
    expect(row.locator('input[name="use_case_fit"]')).to_have_attribute("aria-invalid", "true")


def test_the_ranked_csv_downloads_with_the_exports_columns(visit, internal_url, tmp_path):
    seen = visit(internal_url + PAGE, accept_downloads=True)
    page = seen.page
    page.wait_for_function("() => !document.querySelector('[data-triage-download]').hidden", timeout=90_000)
    with page.expect_download() as download:
        page.locator("[data-triage-download]").click()
    path = Path(download.value.path())
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("Account ID,Account Name,Industry") and "Target Account Tier" in header
