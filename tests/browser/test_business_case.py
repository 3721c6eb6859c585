"""The buyer's business case in the browser: the answer and its payback month in view on a laptop and a
phone (also while a phone edits any field), a shared link never shown as current with other figures from
the first paint, words for a reader with JavaScript off, values of a link that cannot be used named beside
their fields, and contact buttons that carry the buyer's answer and link (fixture channels).

Expected text comes from the calculators under CPython on the same data.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from calculators import contact, registry
from calculators.loader import load_data_dir
from conftest import FIXTURE_DATA, ROOT, build_site, fixture_data_with_channels

from .conftest import serve

pytestmark = pytest.mark.browser

ROI, READINESS = "calculators/roi/", "calculators/readiness/"
LAPTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
LOSING = {"hours_saved_per_month": "30", "hourly_cost": "45"}


def expected(name: str, data=ROOT / "data", **params) -> dict:
    playbook = load_data_dir(data, "public")
    return registry.run(name, {**registry.defaults(name, playbook), **params}, playbook)


def query(params: dict) -> str:
    return "?" + "&".join(f"{k}={v}" for k, v in params.items())


def in_view(page, selector: str, viewport: dict) -> bool:
    box = page.locator(selector).bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


# --- the answer in view ------------------------------------------------------------------------


def test_headline_and_payback_are_above_the_fold_on_a_laptop(visit, public_url):
    seen = visit(public_url + ROI + query(LOSING), viewport=LAPTOP)
    seen.wait_ready()
    page, want = seen.page, expected("economics", **LOSING)["display"]
    expect(page.locator(".calc-answer [data-output=headline]")).to_have_text(want["headline"])
    expect(page.locator(".calc-answer [data-output=payback]")).to_have_text(want["payback"])
    for selector in (".calc-answer [data-output=headline]", ".calc-answer [data-output=payback]",
                     ".calc-answer [data-output=net_monthly_benefit]"):
        assert in_view(page, selector, LAPTOP), selector


def test_verdict_net_value_and_payback_stay_in_view_while_a_phone_edits_any_field(visit, public_url):
    seen = visit(public_url + ROI, viewport=PHONE, has_touch=True, is_mobile=True)
    seen.wait_ready()
    page, want = seen.page, expected("economics")["display"]
    expect(page.locator(".calc-answer [data-output=verdict]")).to_have_text(want["verdict"])
    names = [f.name for f in registry.fields("economics", load_data_dir(ROOT / "data", "public"))]
    answer = [".calc-answer [data-output=verdict]", ".calc-answer [data-output=net_monthly_benefit]",
              ".calc-answer [data-output=payback]"]
    for selector in answer:
        assert in_view(page, selector, PHONE), ("at first", selector)
    for name in names:
        page.focus(f"#calc-economics-{name}")
        page.wait_for_timeout(50)
        assert in_view(page, f"#calc-economics-{name}", PHONE), name
        for selector in answer:
            assert in_view(page, selector, PHONE), (name, selector)


# --- honest from the first paint ---------------------------------------------------------------

# Before every paint, what the page shows as current: the answer panel's headline while it is marked current.
WATCH_PAINTS = """
window.__paintedCurrent = [];
const watch = () => {
  const answer = document.querySelector(".calc-answer");
  const headline = document.querySelector(".calc-answer [data-output=headline]");
  if (answer && headline && answer.dataset.state === "current") window.__paintedCurrent.push(headline.textContent);
  requestAnimationFrame(watch);
};
requestAnimationFrame(watch);
"""


@pytest.mark.parametrize("params", [LOSING, {"fractional_monthly_fee": "6000"}], ids=["losing", "fee-6000"])
def test_a_shared_link_is_never_painted_current_with_other_figures(params, browser, public_url):
    context = browser.new_context(viewport=LAPTOP)
    try:
        context.add_init_script(WATCH_PAINTS)
        page = context.new_page()
        page.goto(public_url + ROI + query(params), wait_until="commit")
        page.wait_for_selector(".calc-answer")
        # Before the calculator has run: marked not yet updated, in words.
        first = page.evaluate("document.querySelector('.calc-answer').dataset.state")
        want = expected("economics", **params)["display"]["headline"]
        expect(page.locator(".calc-answer")).to_have_attribute("data-state", "current", timeout=90_000)
        expect(page.locator(".calc-answer [data-output=headline]")).to_have_text(want)
        painted = set(page.evaluate("window.__paintedCurrent"))
        assert painted <= {want}, painted
        assert first == "stale"
    finally:
        context.close()


def test_before_the_calculator_runs_the_results_say_whose_inputs_they_are_for(public_site):
    html = (public_site / ROI / "index.html").read_text(encoding="utf-8")
    assert "These results are for the starting values." in html
    assert "These results are for the values shown" not in html


@pytest.mark.parametrize("path", [ROI, READINESS])
def test_javascript_off_says_the_figures_are_the_starting_values_and_how_to_get_yours(path, visit, public_url):
    seen = visit(public_url + path + query(LOSING if path == ROI else {"priorities_change_weekly": "1"}),
                 javascript=False)
    note = seen.page.locator("form[data-calculator] noscript, form[data-calculator] .calc__note")
    text = seen.page.locator("form[data-calculator]").inner_text()
    assert "With JavaScript off, the results on this page are for the starting values" in text, note.count()
    assert "turn on JavaScript" in text and "python -m calculators" in text
    assert "as you go" not in seen.page.locator("body").inner_text()


def test_a_link_value_that_cannot_be_used_is_named_beside_its_field(visit, public_url):
    seen = visit(public_url + READINESS + "?priorities_change_weekly=2&lead_quality_disputed=1")
    seen.wait_ready()
    note = seen.page.locator("[data-link-note-for=priorities_change_weekly]")
    expect(note).to_contain_text("“2”")
    expect(note).to_contain_text("answer yes or no")
    seen.page.check("#calc-readiness-priorities_change_weekly-no")
    expect(note).to_have_count(0)


def test_a_ten_thousand_digit_number_in_a_link_is_named_beside_its_field(visit, public_url):
    seen = visit(public_url + ROI + "?hours_saved_per_month=" + "9" * 10_000)
    seen.wait_ready()
    error = seen.page.locator("[data-error-for=hours_saved_per_month]")
    expect(error).to_contain_text("Hours saved per month")
    expect(seen.page.locator(".calc-answer")).to_have_attribute("data-state", "stale")


# --- readiness: answers can be cleared -----------------------------------------------------------


def test_every_readiness_answer_can_be_cleared_and_all_at_once(visit, public_url):
    seen = visit(public_url + READINESS)
    seen.wait_ready()
    page = seen.page
    page.check("#calc-readiness-priorities_change_weekly")
    page.check("#calc-readiness-lead_quality_disputed-no")
    page.click("[data-clear=priorities_change_weekly]")
    expect(page.locator("input[name=priorities_change_weekly]:checked")).to_have_count(0)
    expect(page.locator("input[name=lead_quality_disputed]:checked")).to_have_count(1)
    page.click("[data-clear-all]")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    expect(page.locator(".calc-answer")).to_have_attribute("data-state", "current")
    expect(page.locator(".calc-answer [data-output=headline]")).to_have_text(
        expected("readiness")["display"]["headline"])


# --- the next step, carried (fixture channels) ---------------------------------------------------


@pytest.fixture(scope="module")
def channel_url(tmp_path_factory):
    """The public edition built from the tests' data with an email address and a WhatsApp number set."""
    data = fixture_data_with_channels(tmp_path_factory.mktemp("channels"))
    built = data.parent / "site"
    done = build_site(built, "public", data_dir=data, quick_start=False)
    assert done.returncode == 0, done.stderr
    served = serve(built)
    yield served.url
    served.close()


def test_channel_buttons_open_with_the_answer_and_the_share_link_written(visit, channel_url, browser):
    seen = visit(channel_url + ROI + query(LOSING), permissions=["clipboard-read", "clipboard-write"])
    seen.wait_ready()
    page = seen.page
    expect(page.locator(".calc-answer")).to_have_attribute("data-state", "current")
    page.wait_for_timeout(300)  # the address bar holds the figures (written after a short pause)
    want = expected("economics", data=FIXTURE_DATA, **LOSING)["display"]["headline"]
    address = page.evaluate("location.href")
    assert "hours_saved_per_month=30" in address
    email = page.locator(".calc-answer a[href^='mailto:']")
    whatsapp = page.locator(".calc-answer a[href^='https://wa.me/']")
    for link in (email, whatsapp):
        link.focus()
        href = unquote(link.get_attribute("href"))
        assert want in href and f"My figures: {address}" in href, href
    assert email.get_attribute("href").startswith("mailto:hello@example.com?subject=")
    assert whatsapp.get_attribute("href").startswith("https://wa.me/442079460000?text=")
    page.click(".calc-answer [data-copy-case]")
    expect(page.locator(".calc-answer [data-copy-status]")).to_contain_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines() == [contact.SUBJECT, "", want, "", f"My figures: {address}"]


def test_every_public_page_footer_carries_the_channels_and_who_is_behind(visit, channel_url):
    seen = visit(channel_url + "buyers-guide/")
    footer = seen.page.locator(".cta-footer")
    expect(footer).to_contain_text("Ada Example")
    expect(footer.locator("a[href^='mailto:hello@example.com']")).to_have_count(1)
    expect(footer.locator("a[href^='https://wa.me/']")).to_have_count(1)
    assert footer.locator("a[href^='tel:'], a[href^='javascript:']").count() == 0

