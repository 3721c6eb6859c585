"""The ROI calculator in pounds and euros: no published figure relabelled. A field still at its starting
value shows the published price converted at the data's dated rate, with the rate and date beside it; a
figure the visitor typed is theirs; help, assumptions, chart and printout switch together; back in dollars
the published values return; a link shared in pounds shows the same page.

Expected text comes from the calculators under CPython on the data the site was built from."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from calculators import economics, registry
from calculators.loader import load_data_dir
from calculators.money import SYMBOLS, money, plain
from conftest import DATA

pytestmark = pytest.mark.browser

ROI = "calculators/roi/"
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
BOOK = load_data_dir(DATA, "public")
SOURCES = economics.Sources(BOOK)
MONEY = tuple(economics.published_starts(SOURCES))
SHOWN = ("headline", "verdict", "net_monthly_benefit", "fractional_total", "net_total", "chart_summary",
         "fulltime_context", "agency_total", "case_yours")
AMOUNT = re.compile(r"[£€$]\d[\d,]*(?:\.\d+)?[KMB]?")


def switched(currency: str, shown_in: str = "USD", **typed) -> dict:
    """The result the page shows after switching from `shown_in`, with every field as the page holds it."""
    fields = {**registry.defaults("economics", BOOK), **economics_inputs(shown_in), **typed}
    return registry.run("economics", {**fields, "currency": currency, "previous_currency": shown_in}, BOOK)


def economics_inputs(currency: str) -> dict:
    return {name: plain(start.amount) for name, start in economics.starts(SOURCES, currency).items()}


def published_relabelled(currency: str) -> set[str]:
    """Every published dollar figure of the pricing data written with the other currency's symbol."""
    p = BOOK.pricing
    amounts = {p.retainer.min, p.retainer.max, p.fulltime_caio.min, p.fulltime_caio.max, p.agency_project.min,
               p.agency_project.max, p.labour_savings.min, p.labour_savings.max, SOURCES.hourly_cost,
               *(t.fee.amount for t in p.tiers)}
    converted = {s.amount for s in economics.starts(SOURCES, currency).values()}
    return {money(a, currency) for a in amounts if a is not None and a not in converted}


def choose(page, currency: str):
    page.select_option("#calc-economics-currency", currency)
    expect(page.locator(".calc-answer")).to_have_attribute("data-state", "current")


def fields_show(page, want: dict):
    for name in MONEY:
        expect(page.locator(f"#calc-economics-{name}")).to_have_value(want["display"][f"input_{name}"])


def page_shows(page, want: dict):
    display = want["display"]
    fields_show(page, want)
    for name in MONEY:
        expect(page.locator(f"[data-output=help_{name}]")).to_have_text(display[f"help_{name}"])
    for key in SHOWN:
        expect(page.locator(f"[data-output={key}]").first).to_have_text(display[key])
    expect(page.locator("[data-output-list=assumptions] li")).to_have_text(want["assumptions"])
    expect(page.locator(".calc-chart svg:visible desc")).to_have_text(display["chart_summary"])
    expect(page.locator(".calc-chart svg:visible")).to_contain_text(f"Cumulative ({display['currency_symbol']})")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390x844", "1366x900"])
@pytest.mark.parametrize("currency", ["GBP", "EUR"])
def test_in_pounds_or_euros_every_published_figure_is_converted_with_its_rate_and_date_or_kept_in_dollars(
        currency, viewport, visit, public_url):
    seen = visit(public_url + ROI, viewport=viewport)
    seen.wait_ready()
    page = seen.page
    choose(page, currency)
    want = switched(currency)
    page_shows(page, want)
    symbol = SYMBOLS[currency]
    for name, start in economics.starts(SOURCES, currency).items():
        help_text = page.inner_text(f"[data-output=help_{name}]")
        assert start.published.text() in help_text and economics.rate_words(start.conversion.rate) in help_text
        assert money(start.amount, currency) in help_text
    text = page.inner_text("article")
    assert not published_relabelled(currency) & set(AMOUNT.findall(text))
    assert {a[0] for a in AMOUNT.findall(text)} <= {symbol, "$"}  # one currency besides the published dollars
    # The printout says the same, in the same currency.
    page.emulate_media(media="print")
    printed = page.inner_text("article")
    assert not published_relabelled(currency) & set(AMOUNT.findall(printed))
    assert want["display"]["headline"] in printed and want["assumptions"][1] in printed
    expect(page.locator("[data-print-stamp]")).to_contain_text(f"currency={currency}")


def test_a_figure_the_visitor_typed_stays_theirs_and_back_in_dollars_the_published_values_return(visit, public_url):
    seen = visit(public_url + ROI, viewport=PHONE)
    seen.wait_ready()
    page = seen.page
    page.fill("#calc-economics-hourly_cost", "80")
    expect(page.locator(".calc-answer")).to_have_attribute("data-state", "current")
    choose(page, "GBP")
    fields_show(page, switched("GBP", hourly_cost="80"))
    expect(page.locator("#calc-economics-hourly_cost")).to_have_value("80")
    choose(page, "EUR")
    fields_show(page, switched("EUR", "GBP", hourly_cost="80"))
    choose(page, "USD")
    want = switched("USD", "EUR", hourly_cost="80")
    page_shows(page, want)
    published = registry.run("economics", {"hourly_cost": "80"}, BOOK)
    assert {k: want["display"][k] for k in want["display"] if k.startswith(("input_", "help_"))} == {
        k: published["display"][k] for k in published["display"] if k.startswith(("input_", "help_"))}


def test_a_link_shared_in_pounds_shows_the_same_page(visit, public_url):
    seen = visit(public_url + ROI, viewport=PHONE)
    seen.wait_ready()
    page = seen.page
    choose(page, "GBP")
    page.fill("#calc-economics-months", "18")
    expect(page.locator(".calc-answer")).to_have_attribute("data-state", "current")
    page.wait_for_url(re.compile(r"months=18"))
    page.wait_for_url(re.compile(r"fractional_monthly_fee=" + re.escape(
        switched("GBP")["display"]["input_fractional_monthly_fee"].replace(",", "%2C"))))
    want = switched("GBP", months="18")
    page_shows(page, want)
    shared = visit(page.url, viewport=LAPTOP)  # a colleague opens the copied address
    shared.wait_ready()
    expect(shared.page.locator(".calc-answer")).to_have_attribute("data-state", "current")
    page_shows(shared.page, want)
    expect(shared.page.locator("#calc-economics-currency")).to_have_value("GBP")


@pytest.fixture(scope="module")
def no_rate(tmp_path_factory):
    """The public edition built from the real data with every exchange rate removed: (its URL, its playbook)."""
    from conftest import build_project, project_copy

    from .conftest import serve

    folder = tmp_path_factory.mktemp("no-rate")
    project = project_copy(folder)
    (project / "data" / "rates.yml").write_text("audience: public\n", encoding="utf-8")
    done = build_project(project, "public", folder / "site", quick_start=False)
    assert done.returncode == 0, done.stdout + done.stderr
    served = serve(folder / "site")
    yield served.url, load_data_dir(project / "data", "public")
    served.close()


def test_with_no_rate_the_dollar_figures_stay_said_to_be_dollars_and_the_answer_says_what_it_cannot_judge(
        no_rate, visit):
    url, book = no_rate
    seen = visit(url + ROI, viewport=PHONE)
    seen.wait_ready()
    page = seen.page
    choose(page, "GBP")
    fields = registry.defaults("economics", book)
    want = registry.run("economics", {**fields, "currency": "GBP", "previous_currency": "USD"}, book)
    assert want["values"]["cannot_judge"]
    page_shows(page, want)
    for name in want["values"]["cannot_judge"]:
        expect(page.locator(f"#calc-economics-{name}")).to_have_value(want["display"][f"input_{name}"])
        expect(page.locator(f"[data-output=help_{name}]")).to_contain_text("cannot be used as pounds")
    text = page.inner_text("article")
    assert not [a for a in AMOUNT.findall(text) if a.startswith("£")], "no figure is shown in pounds"
    # The buyer's own figures in pounds are answered.
    page.fill("#calc-economics-fractional_monthly_fee", "2000")
    page.fill("#calc-economics-hourly_cost", "60")
    typed = registry.run("economics", {**fields, "currency": "GBP", "fractional_monthly_fee": "2000",
                                       "hourly_cost": "60"}, book)
    expect(page.locator(".calc-answer [data-output=headline]")).to_have_text(typed["display"]["headline"])
    expect(page.locator("[data-output=fulltime_context]").first).to_have_text(typed["display"]["fulltime_context"])
