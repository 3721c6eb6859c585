"""The fit check in a real browser: the page shows what the Python package computes
under CPython for the same inputs, from a shared link and as a rep types."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect

from calculators import registry
from conftest import real_playbook

pytestmark = pytest.mark.browser

FIT = "playbook/fit/"
SHOWN = ("segment", "segment_rule", "use_cases", "disqualifiers_proven", "band")


def expected(**params) -> dict:
    book = real_playbook()
    return registry.run("fit", {**registry.defaults("fit", book), **params}, book)["display"]


def output(page, field: str):
    return page.locator(f'[data-output="{field}"]').first


def test_a_shared_link_shows_every_answer_python_computes(visit, internal_url):
    book = real_playbook()
    industry = book.use_cases.industries[0].name
    params = dict(industry=industry, annual_revenue="2000000", annual_budget="5000", employees="40",
                  use_case_fit="9", commercial_fit="9", technical_fit="9", strategic_value="9")
    seen = visit(internal_url + FIT + "?" + urlencode(params))
    seen.wait_ready()
    want = expected(**params)
    for field in SHOWN:
        expect(output(seen.page, field)).to_have_text(want[field])


def test_typing_revenue_moves_the_segment_at_once(visit, internal_url):
    seen = visit(internal_url + FIT)
    seen.wait_ready()
    page = seen.page
    page.fill("#calc-fit-annual_revenue", "2000000000")
    expect(output(page, "segment")).to_have_text(expected(annual_revenue="2000000000")["segment"])
    page.wait_for_url(re.compile(r"annual_revenue=2000000000"))
    page.fill("#calc-fit-annual_revenue", "lots")
    expect(page.locator('[data-error-for="annual_revenue"]')).not_to_be_empty()
    expect(page.locator("body")).not_to_contain_text(re.compile(r"\b(NaN|undefined|Traceback)\b"))


def typed_rate() -> str:
    """A GBP:USD rate other than the data's, so the figures show which one the page used."""
    data = next((r.rate for r in real_playbook().rates if (r.base, r.quote) == ("GBP", "USD")), None)
    return "GBP:USD=1.31" if data != Decimal("1.31") else "GBP:USD=1.33"


HALDEN = dict(industry="Logistics/Transport", employees="420", annual_revenue="£38M", annual_budget="£60k",
              currency="GBP", rate=typed_rate())
"""A UK account as a rep has it: in pounds, with the rate typed on the page."""


def test_a_uk_account_in_pounds_with_a_rate_set_on_the_page_is_judged_and_shared_by_link(visit, internal_url):
    book = real_playbook()
    if not any(i.name == HALDEN["industry"] for i in book.use_cases.industries):
        pytest.skip("the playbook's data has no Logistics/Transport industry")
    seen = visit(internal_url + FIT)
    seen.wait_ready()
    page = seen.page
    page.fill("#calc-fit-employees", HALDEN["employees"])
    page.fill("#calc-fit-annual_revenue", HALDEN["annual_revenue"])
    page.fill("#calc-fit-annual_budget", HALDEN["annual_budget"])
    page.select_option("#calc-fit-currency", HALDEN["currency"])
    page.select_option("#calc-fit-industry", HALDEN["industry"])
    page.fill("#calc-fit-rate", HALDEN["rate"])
    want = expected(**HALDEN)
    expect(output(page, "segment_rule")).to_have_text(want["segment_rule"])
    named = f"at {HALDEN['rate'].split('=')[1]} (GBP/USD), the rate you set"
    assert named in want["segment_rule"] and named in want["quote"]
    for field in ("segment", "profiles", "quote"):
        expect(output(page, field)).to_have_text(want[field])
    page.wait_for_url(re.compile("rate=" + re.escape(quote(HALDEN["rate"], safe=""))))
    shared = visit(page.url)  # a colleague opens the copied address
    shared.wait_ready()
    for field in ("segment", "segment_rule", "profiles", "quote"):
        expect(output(shared.page, field)).to_have_text(want[field])
    expect(shared.page.locator("#calc-fit-rate")).to_have_value(HALDEN["rate"])
