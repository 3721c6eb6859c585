"""What a prospect (or a rep) sees: the answer first, never a stale figure shown as current,
and words for people. Debian's Chromium drives the built sites at a laptop's and a phone's size.

Expected text comes from the calculators under CPython on the same data, so
these tests pin behaviour, not this week's figures.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from calculators import registry
from calculators.loader import load_data_dir
from conftest import ROOT

pytestmark = pytest.mark.browser

ROI, READINESS, SCORING = "calculators/roi/", "calculators/readiness/", "playbook/account-scoring/"
CALCULATOR_PAGES = [("public", ROI), ("public", READINESS), ("internal", SCORING)]
LAPTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
ANSWER = ".calc-answer"


def expected(name: str, edition: str, **params) -> dict:
    """What the page shows for a link giving `params`: the fields it leaves out hold their starting values for
    its currency (Python fills them, as it does for the page)."""
    playbook = load_data_dir(ROOT / "data", edition)
    return registry.run(name, params, playbook)


def site(edition, public_url, internal_url):
    return public_url if edition == "public" else internal_url


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366x900", "390x844"])
@pytest.mark.parametrize("edition,path", CALCULATOR_PAGES, ids=[p for _, p in CALCULATOR_PAGES])
def test_headline_answer_is_visible_without_scrolling(edition, path, viewport, visit, request):
    url = site(edition, request.getfixturevalue("public_url"), request.getfixturevalue("internal_url"))
    seen = visit(url + path, viewport=viewport)
    seen.wait_ready()
    # A phone shows the answer in a few words (the verdict) where the calculator gives one.
    headline = seen.page.locator(f"{ANSWER} .calc-answer__verdict:visible, {ANSWER} .calc-answer__headline:visible")
    expect(headline).to_have_count(1)
    expect(headline).not_to_have_text("")
    box = headline.bounding_box()
    assert seen.page.evaluate("scrollY") == 0
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (path, box)


def test_invalid_input_marks_the_results_stale_in_words_until_corrected(visit, public_url):
    seen = visit(public_url + ROI)
    page = seen.page
    seen.wait_ready()
    regions = page.locator("[data-results-for=economics][data-state]")
    assert regions.count() >= 3
    expect(page.locator(ANSWER)).to_have_attribute("data-state", "current")
    page.fill("#calc-economics-fractional_monthly_fee", "1e308")
    for i in range(regions.count()):
        expect(regions.nth(i)).to_have_attribute("data-state", "stale")
    expect(page.locator("#calc-economics-fractional_monthly_fee")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-calculator-status]")).to_contain_text("Out of date")
    # Said in words on each region, at full strength (no faded figures).
    assert page.evaluate("""() => [...document.querySelectorAll('[data-results-for=economics][data-state=stale]')]
        .every(r => getComputedStyle(r).opacity === '1')""")
    stale_words = page.evaluate("""() => getComputedStyle(
        document.querySelector('.calc-results[data-state=stale]'), '::before').content""")
    assert "Out of date" in stale_words
    page.fill("#calc-economics-fractional_monthly_fee", "3,000")
    want = expected("economics", "public", fractional_monthly_fee="3000")["display"]
    expect(page.locator(f"{ANSWER} [data-output=headline]")).to_have_text(want["headline"])
    for i in range(regions.count()):
        expect(regions.nth(i)).to_have_attribute("data-state", "current")
    expect(page.locator(ANSWER)).not_to_have_attribute("aria-busy", "true")


def test_a_shared_link_shows_its_results_as_stale_until_the_calculator_computes_them(browser, public_url):
    context = browser.new_context(viewport=PHONE)
    held = []
    # Hold the calculator's worker back, as a slow connection would.
    context.route(re.compile(r".*/calculator-worker\.js.*"), lambda route: held.append(route))
    page = context.new_page()
    try:
        query = "?fractional_monthly_fee=4000&hours_saved_per_month=55&months=24&currency=EUR"
        page.goto(public_url + ROI + query)
        expect(page.locator("#calc-economics-fractional_monthly_fee")).to_have_value("4000")
        answer = page.locator(ANSWER)
        expect(answer).to_have_attribute("data-state", "stale")
        expect(answer).to_have_attribute("aria-busy", "true")
        expect(page.locator("[data-calculator-status]")).to_contain_text("Not yet updated")
        for region in page.locator("[data-results-for=economics][data-state]").all():
            expect(region).to_have_attribute("data-state", "stale")
        page.wait_for_timeout(300)
        assert held, "the worker script was requested"
        for route in held:
            route.continue_()
        page.wait_for_selector("form[data-calculator][data-calculator-state=ready]", timeout=60_000)
        want = expected("economics", "public", fractional_monthly_fee="4000", hours_saved_per_month="55",
                        months="24", currency="EUR")["display"]
        expect(page.locator(f"{ANSWER} [data-output=headline]")).to_have_text(want["headline"])
        expect(answer).to_have_attribute("data-state", "current")
        expect(page.locator("[data-output=help_fractional_monthly_fee]")).to_have_text(
            want["help_fractional_monthly_fee"])
        # Once computed, each amount shows as people write it, and the symbol follows the currency.
        expect(page.locator("#calc-economics-fulltime_annual_cost")).to_have_value(
            want["input_fulltime_annual_cost"])
        expect(page.locator("[data-output=currency_symbol]").first).to_have_text(want["currency_symbol"])
    finally:
        context.close()


def test_readiness_gives_no_verdict_before_an_answer_and_one_after(visit, public_url):
    seen = visit(public_url + READINESS)
    page = seen.page
    seen.wait_ready()
    nothing = expected("readiness", "public")["display"]
    expect(page.locator(f"{ANSWER} [data-output=headline]")).to_have_text(nothing["headline"])
    first = registry.fields("readiness", load_data_dir(ROOT / "data", "public"))[0].name
    page.check(f"#calc-readiness-{first}-no")
    want = expected("readiness", "public", **{first: "0"})["display"]
    expect(page.locator(f"{ANSWER} [data-output=headline]")).to_have_text(want["headline"])
    assert want["headline"] != nothing["headline"]
    expect(page.locator(ANSWER)).to_have_attribute("data-state", "current")
    page.wait_for_function(f"() => location.search.includes('{first}=0')")


def test_account_scoring_reads_amounts_as_people_write_them_and_names_the_rate(visit, internal_url):
    seen = visit(internal_url + SCORING, viewport=PHONE)
    page = seen.page
    seen.wait_ready()
    page.fill("#calc-scoring-annual_revenue", "£38M")
    want = expected("scoring", "internal", annual_revenue="£38M")["display"]
    expect(page.locator(f"{ANSWER} [data-output=headline]")).to_have_text(want["headline"])
    expect(page.locator("[data-output=tier_reason]").first).to_have_text(want["tier_reason"])
    page.wait_for_function("() => location.search.includes('annual_revenue=')")


def _field_ids() -> set[str]:
    ids = set()
    playbook = load_data_dir(ROOT / "data", "internal")
    for name in registry.names():
        ids |= {f.name for f in registry.fields(name, playbook) if "_" in f.name}
    return ids


PLACEHOLDERS = re.compile(r"\bseeds?\b|not yet part of this guide|not yet in this playbook|\bpython\b|pyodide",
                          re.I)


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_no_field_id_seed_or_placeholder_in_any_visible_text(edition, browser, request):
    url = request.getfixturevalue(f"{edition}_url")
    site_dir = request.getfixturevalue(f"{edition}_site")
    ids = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _field_ids()))) + r")\b")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    found = []
    try:
        for path in sorted(site_dir.rglob("index.html")):
            rel = path.relative_to(site_dir).as_posix()
            if rel.startswith("search/"):
                continue
            page.goto(url + rel.removesuffix("index.html"))
            # Text set in code (a CSV column to type, a command) is meant literally.
            shown = page.evaluate("""() => { const body = document.body.cloneNode(true);
                for (const code of body.querySelectorAll('code, pre, kbd')) code.remove();
                document.documentElement.append(body); const text = body.innerText; body.remove();
                return text; }""")
            if not rel.startswith("writers/"):  # writers' reference names the keys they type in data/
                found += [(rel, m.group(0)) for m in ids.finditer(shown)]
            found += [(rel, m.group(0)) for m in PLACEHOLDERS.finditer(shown)]
    finally:
        context.close()
    assert found == [], "\n".join(map(str, found))


def test_a_printed_result_carries_its_inputs_address_and_date(visit, public_url):
    query = "?fractional_monthly_fee=3000&hours_saved_per_month=50&months=6&currency=GBP"
    seen = visit(public_url + ROI + query)
    page = seen.page
    seen.wait_ready()
    want = expected("economics", "public", fractional_monthly_fee="3000", hours_saved_per_month="50",
                    months="6", currency="GBP")["display"]
    expect(page.locator(f"{ANSWER} [data-output=headline]")).to_have_text(want["headline"])
    page.emulate_media(media="print")
    stamp = page.locator("[data-print-stamp]")
    expect(stamp).to_be_visible()
    # The address printed gives every figure shown (those the link left out at their starting values), so it
    # opens the same page.
    expect(stamp).to_contain_text(public_url + ROI + "?")
    for name in ("hourly_cost", "fulltime_annual_cost", "months", "currency"):
        shown = want.get(f"input_{name}") or {"months": "6", "currency": "GBP"}[name]
        expect(stamp).to_contain_text(f"{name}={quote(shown)}")
    year = page.evaluate("() => String(new Date().getFullYear())")
    expect(stamp).to_contain_text(year)
    expect(page.locator("#calc-economics-fractional_monthly_fee")).to_be_visible()
    expect(page.locator("#calc-economics-fractional_monthly_fee")).to_have_value(want["input_fractional_monthly_fee"])
    expect(page.locator(f"{ANSWER} [data-output=headline]")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


CHART_SHOWN = """() => [...document.querySelectorAll('.calc-chart svg')]
    .filter((svg) => svg.getBoundingClientRect().width > 0)
    .map((svg) => {
        const box = svg.getBoundingClientRect(), image = svg.parentElement;
        const scale = box.width / svg.viewBox.baseVal.width;
        return {
            sizes: [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale),
            left: box.left, right: box.right, points: svg.querySelector('polyline').points.numberOfItems,
            desc: svg.querySelector('desc').textContent,
            overflow: image.scrollWidth - image.clientWidth, focusable: image.tabIndex >= 0,
        };
    })"""
TABLET = {"width": 600, "height": 900}


@pytest.mark.parametrize("viewport", [PHONE, TABLET, LAPTOP], ids=["390x844", "600x900", "1366x900"])
def test_chart_labels_are_legible_and_the_chart_fits_the_column(viewport, visit, public_url):
    seen = visit(public_url + ROI, viewport=viewport)
    page = seen.page

    def shown_chart(months: int) -> dict:
        charts = page.evaluate(CHART_SHOWN)
        assert len(charts) == 1, charts  # one drawing shown at a time: the one that fits
        chart = charts[0]
        assert min(chart["sizes"]) >= 11, chart["sizes"]
        # It fits: nothing scrolls sideways, on the page or in the chart, so it needs no tab stop.
        assert chart["left"] >= 0 and chart["right"] <= viewport["width"], chart
        assert chart["overflow"] <= 0 and not chart["focusable"], chart
        assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
        assert chart["points"] == months
        return chart

    assert shown_chart(12)["desc"] == expected("economics", "public")["display"]["chart_summary"]
    # The worker redraws the chart shown at this width, with the same text alternative.
    seen.wait_ready()
    page.fill("#calc-economics-months", "36")
    want = expected("economics", "public", months="36")["display"]
    expect(page.locator("figure.calc-chart figcaption")).to_have_text(want["chart_summary"])
    assert shown_chart(36)["desc"] == want["chart_summary"]
