"""The calculators in a real browser: Debian's Chromium driving the built site.

Expected figures come from the same Python package under CPython, so these
tests check the browser shows what the calculators compute, not numbers
copied into the test.
"""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

from calculators import registry
from calculators.loader import load_data_dir
from conftest import DATA, ROOT

from .conftest import SETTLED, runtime_fetches, serve

pytestmark = pytest.mark.browser

ROI, READINESS, SCORING = "calculators/roi/", "calculators/readiness/", "playbook/account-scoring/"
NOT_A_NUMBER = re.compile(r"\b(NaN|undefined|Infinity|null)\b")


def expected(name: str, edition: str, **params) -> dict:
    playbook = load_data_dir(DATA, edition)
    return registry.run(name, {**registry.defaults(name, playbook), **params}, playbook)


def output(page, field: str):
    return page.locator(f'[data-output="{field}"]').first


def test_prerendered_result_shows_with_javascript_off(visit, public_url):
    seen = visit(public_url + ROI, javascript=False)
    defaults = expected("economics", "public")["display"]
    for field in ("headline", "net_monthly_benefit", "payback", "fractional_total", "roi_multiple"):
        expect(output(seen.page, field)).to_have_text(defaults[field])
    assert seen.page.locator(".calc-chart svg[role=img]:visible title").count() == 1
    assert not [u for u in seen.requests if "/assets/pyodide/" in u or "/assets/calculators/" in u]


def test_typing_updates_the_result_to_what_python_computes(visit, public_url):
    seen = visit(public_url + ROI)
    page = seen.page
    seen.wait_ready()
    months = page.locator("#calc-economics-months")
    months.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("24")
    want = expected("economics", "public", months="24")["display"]
    expect(output(page, "fractional_total")).to_have_text(want["fractional_total"])
    expect(output(page, "months")).to_have_text(want["months"])
    expect(page.locator(".calc-chart svg:visible desc")).to_have_text(want["chart_summary"])
    # Keyboard only: Tab leads from one field to the next, and typing there counts too.
    page.locator("#calc-economics-hours_saved_per_month").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#calc-economics-hourly_cost")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("100")
    want = expected("economics", "public", months="24", hourly_cost="100")["display"]
    expect(output(page, "monthly_value")).to_have_text(want["monthly_value"])
    page.select_option("#calc-economics-currency", "EUR")  # from the dollars the fields are in
    want = expected("economics", "public", months="24", hourly_cost="100", currency="EUR",
                    previous_currency="USD")["display"]
    expect(output(page, "fractional_total")).to_have_text(want["fractional_total"])


def test_invalid_value_shows_the_field_error_and_no_nan(visit, public_url):
    seen = visit(public_url + ROI)
    page = seen.page
    seen.wait_ready()
    before = output(page, "monthly_value").inner_text()
    page.fill("#calc-economics-hourly_cost", "abc")
    message = expected("economics", "public", hourly_cost="abc")["errors"][0]["message"]
    error = page.locator('[data-error-for="hourly_cost"]')
    expect(error).to_have_text(message)
    expect(error).to_have_attribute("role", "alert")
    expect(page.locator("#calc-economics-hourly_cost")).to_have_attribute("aria-invalid", "true")
    assert output(page, "monthly_value").inner_text() == before  # the last good figures stay
    assert not NOT_A_NUMBER.search(page.locator("article").inner_text())
    page.fill("#calc-economics-hourly_cost", "90")
    expect(error).to_have_text("")
    expect(page.locator("#calc-economics-hourly_cost")).not_to_have_attribute("aria-invalid", "true")
    expect(output(page, "monthly_value")).to_have_text(
        expected("economics", "public", hourly_cost="90")["display"]["monthly_value"])


def test_a_shared_link_restores_the_inputs_and_results(visit, internal_url):
    params = dict(use_case_fit="9", commercial_fit="9", technical_fit="8.5", strategic_value="9",
                  annual_revenue="2000000000", on_premise_only="1")
    seen = visit(internal_url + SCORING + "?" + "&".join(f"{k}={v}" for k, v in params.items()))
    page = seen.page
    seen.wait_ready()
    expect(page.locator("#calc-scoring-technical_fit")).to_have_value("8.5")
    expect(page.locator("#calc-scoring-on_premise_only")).to_be_checked()
    want = expected("scoring", "internal", **params)["display"]
    for field in ("total", "outcome", "tier"):
        expect(output(page, field)).to_have_text(want[field])
    # Changing the form rewrites the link; opening that link shows the same.
    page.fill("#calc-scoring-strategic_value", "4")
    page.wait_for_url(re.compile(r"strategic_value=4(&|$)"))
    shared = page.url
    again = visit(shared)
    again.wait_ready()
    expect(output(again.page, "total")).to_have_text(
        expected("scoring", "internal", **{**params, "strategic_value": "4"})["display"]["total"])


def test_hostile_values_in_the_link_are_field_errors_not_code(visit, public_url):
    hostile = {
        "hourly_cost": '"><img src=x onerror="window.__pwned=1">',
        "months": "<script>window.__pwned=1</script>",
        "currency": "javascript:window.__pwned=1",
        "fractional_monthly_fee": "NaN",
    }
    seen = visit(public_url + ROI + "?" + "&".join(f"{k}={quote(v)}" for k, v in hostile.items()))
    page = seen.page
    seen.wait_ready()
    expect(page.locator('[data-error-for="months"]')).to_contain_text("<script>window.__pwned=1</script>")
    said = {e["field"]: e["message"] for e in expected("economics", "public", **hostile)["errors"]}
    for field in ("hourly_cost", "fractional_monthly_fee", "currency"):  # the label and what to type, as CPython says
        # (a select cannot hold the link's currency, so that one echoes nothing back)
        expect(page.locator(f'[data-error-for="{field}"]')).to_contain_text(said[field].split(", not ")[0])
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("article img, article script").count() == 0
    assert not NOT_A_NUMBER.search(page.locator("[data-results-for=economics]").first.inner_text())


def test_instant_navigation_away_and_back_keeps_the_one_worker(visit, internal_url):
    seen = visit(internal_url + ROI)
    page = seen.page
    seen.wait_ready()
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator('article a[href$="readiness/"]').first.click()
    page.wait_for_selector('form[data-calculator="readiness"]' + "[data-calculator-state=ready]")
    page.check("#calc-readiness-priorities_change_weekly")
    expect(output(page, "ready_count")).to_have_text(
        expected("readiness", "internal", priorities_change_weekly="1")["display"]["ready_count"])
    page.locator('article a[href$="roi/"]').first.click()
    page.wait_for_selector('form[data-calculator="economics"]' + "[data-calculator-state=ready]")
    page.fill("#calc-economics-months", "6")
    expect(output(page, "fractional_total")).to_have_text(
        expected("economics", "internal", months="6")["display"]["fractional_total"])
    page.go_back()
    page.wait_for_selector('form[data-calculator="readiness"]' + "[data-calculator-state=ready]")
    assert page.evaluate("() => window.__sameDocument") is True, "navigation reloaded the page"
    assert page.evaluate("() => window.__calculatorWorkerStarts") == 1
    assert runtime_fetches(seen.requests) == 1  # one start: the runtime is not fetched again


def test_content_pages_load_no_pyodide(visit, internal_url):
    seen = visit(internal_url)
    # The internal edition's service worker keeps the runtime for offline use meanwhile: not the page.
    by_page = [u for u in seen.requests]
    seen.page.context.on("request", lambda r: by_page.append(r.url) if r.service_worker is None else None)
    seen.page.wait_for_load_state("networkidle")
    seen.page.wait_for_timeout(1000)  # past the idle callback a calculator page would use
    assert not [u for u in by_page if "/assets/pyodide/" in u or "/assets/calculators/" in u]
    assert seen.page.evaluate("() => window.__calculatorWorkerStarts") is None


def test_no_request_leaves_localhost_and_inputs_stay_in_the_browser(visit, internal_url):
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(internal_url))
    seen = visit(internal_url + ROI)
    seen.wait_ready()
    sent = []
    seen.page.context.on("request", lambda r: sent.append(f"{r.method} {r.url} {r.post_data or ''}"))
    seen.page.fill("#calc-economics-fractional_monthly_fee", "987654")
    expect(output(seen.page, "fractional_total")).to_have_text(
        expected("economics", "internal", fractional_monthly_fee="987654")["display"]["fractional_total"])
    seen.page.wait_for_timeout(300)
    assert [r for r in sent if "987654" in r or not r.startswith("GET ")] == [], "the inputs left the page"
    # Every other page, calculators ready: tests/browser/test_every_page.py.
    assert [u for u in seen.requests if not u.removeprefix("blob:").startswith(origin)] == []  # blob: the page's own


def test_public_readiness_assessment_runs_in_the_browser(visit, public_url):
    seen = visit(public_url + READINESS)
    page = seen.page
    seen.wait_ready()
    ticks = ("priorities_change_weekly", "lead_quality_disputed", "manual_handoffs", "needs_executive_judgment")
    for tick in ticks:
        page.check(f"#calc-readiness-{tick}")
    want = expected("readiness", "public", **{t: "1" for t in ticks})["display"]
    expect(output(page, "verdict")).to_have_text(want["verdict"])
    expect(output(page, "recommended_model")).to_have_text(want["recommended_model"])


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(page, selector: str) -> float:
    colours = page.evaluate("""(selector) => {
        const el = document.querySelector(selector);
        const style = getComputedStyle(el);
        const colour = el instanceof SVGElement ? style.fill : style.color;
        return [colour, getComputedStyle(document.body).backgroundColor];
    }""", selector)
    fore, back = (_luminance(c) for c in colours)
    return (max(fore, back) + 0.05) / (min(fore, back) + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_and_errors_are_readable_in_both_palettes(scheme, visit, public_url):
    seen = visit(public_url + ROI, color_scheme=scheme)
    page = seen.page
    expected_scheme = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected_scheme)
    assert _contrast(page, ".calc-chart svg text") >= 4.5
    seen.wait_ready()
    page.fill("#calc-economics-months", "0")
    expect(page.locator('[data-error-for="months"]')).not_to_have_text("")
    assert _contrast(page, '[data-error-for="months"]') >= 4.5


def test_a_wheel_that_does_not_match_the_lock_is_refused(visit, public_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(public_site, site)
    calculators = site / "assets" / "calculators"
    manifest = json.loads((calculators / "runtime.json").read_text(encoding="utf-8"))
    lock = json.loads((calculators / manifest["lock"]).read_text(encoding="utf-8"))
    wheel = calculators / lock["packages"][manifest["package"]]["file_name"]
    wheel.write_bytes(wheel.read_bytes() + b"\0")  # still a valid zip, but not the locked bytes
    del manifest["snapshot"]  # the plain start, which loads the wheel (test_offline checks the snapshot's own sha256)
    (calculators / "runtime.json").write_text(json.dumps(manifest), encoding="utf-8")
    served = serve(site)
    try:
        seen = visit(served.url + ROI)
        seen.page.wait_for_selector(SETTLED, timeout=60_000)
        form = seen.page.locator("form[data-calculator]")
        expect(form).to_have_attribute("data-calculator-state", "error")
        expect(seen.page.locator("[data-calculator-status]")).to_contain_text("could not start")
        # The prerendered figures stay.
        expect(output(seen.page, "fractional_total")).to_have_text(
            expected("economics", "public")["display"]["fractional_total"])
        seen.errors.clear()  # the refused download is reported in the console, as it should be
    finally:
        served.close()
