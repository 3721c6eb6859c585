"""Every page of both editions, read once per edition in one browser context as a
reader would (the service worker on, the site's Content-Security-Policy as
built), and checked on the way; each test below asserts one kind of finding:

- no request leaves localhost, the policy is never violated, no console error,
  and every calculator reaches "ready" with the policy in force;
- axe-core (from npm, node_modules/axe-core): no violation of impact serious or
  critical, in both palettes, at a laptop's and a phone's width, on calculator
  pages both as they load and once their calculators are ready;
- every button keeps its contrast when focused and hovered, in both palettes;
- on a phone, a table wider than the screen keeps its first column in view
  while it scrolls.

axe is evaluated through the browser's DevTools protocol, so the policy stays
as built (no bypass, no inline script). The dark palette is the one a reader
whose system prefers dark gets: the media query emulated and Material's
palette chosen, as Material does on load, and the colour transitions the
switch starts ended before axe looks. Reading each page once for every
check (not once per check, palette and width) keeps the suite fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT

from .conftest import SETTLED

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The rules of WCAG 2.0, 2.1 and 2.2 A/AA (target size included: wcag22aa) and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async () => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]});
    return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}""" % TAGS
CONTRAST_ONLY = """async (selector) => {
    const result = await axe.run(selector, {runOnly: ["color-contrast"], resultTypes: ["violations"]});
    return result.violations.map(v => v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary).join("; "));
}"""
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
TRANSITIONS_ENDED = """(root) => {
    for (const a of root.getAnimations({subtree: true})) if (a instanceof CSSTransition) a.finish();
}"""
"""Ends the colour transitions running in `root` (a palette, a width, focus and hover start them): its colours
are then the state's own, as a reader sees them a moment later."""
CHOOSE_PALETTE = """(scheme) => {
    if (document.body.getAttribute("data-md-color-scheme") !== scheme)
        document.querySelector(`[data-md-component=palette] input[data-md-color-scheme="${scheme}"]`).click();
    return document.body.getAttribute("data-md-color-scheme") === scheme;
}"""
KEEPS_FIRST_COLUMN = """() => {
    const seen = [];
    for (const wrap of document.querySelectorAll('.md-typeset__scrollwrap')) {
        const table = wrap.querySelector('table');
        if (!table || wrap.closest('.alp-cards') || wrap.scrollWidth <= wrap.clientWidth + 1) continue;
        table.tBodies[0].rows[0].scrollIntoView({block: 'center'});
        wrap.scrollLeft = wrap.scrollWidth;  // scrolled right to the end
        const view = wrap.getBoundingClientRect();
        const cell = table.tBodies[0].rows[0].cells[0], box = cell.getBoundingClientRect();
        const top = document.elementFromPoint(box.left + 4, box.top + 4);
        seen.push({table: table.rows[0].cells[0].textContent.trim(), scrolled: wrap.scrollLeft > 0,
                   inView: [...table.rows].every(r => r.cells[0].getBoundingClientRect().left >= view.left - 1),
                   drawnOver: Boolean(top && top.closest('th, td') === cell)});
    }
    return seen;
}"""
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SCHEMES = {"light": "default", "dark": "slate"}  # Material's name for each palette
LAPTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
EDITIONS = ["public", "internal"]


def pages(site: Path) -> list[str]:
    """Every built page, as a path relative to the site root ("" for the home page)."""
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html")
                  for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("search/"))


@dataclass
class Walk:
    """What reading every page of an edition found, by check."""

    pages: list[str] = field(default_factory=list)
    policy: list[str] = field(default_factory=list)  # "/path: problem"
    axe: dict = field(default_factory=dict)  # (scheme, width) -> ["/path: violation"]
    buttons: dict = field(default_factory=dict)  # scheme -> number of buttons checked
    contrast: dict = field(default_factory=dict)  # scheme -> ["/path state: violation"]
    tables: list[dict] = field(default_factory=list)  # each wide table on a phone, with the page's path

    def add(self, check: str, key, problems):
        getattr(self, check).setdefault(key, []).extend(problems)


def walk(browser, site: Path, url: str) -> Walk:
    """Reads every page of the site at `url` in one context: at load in light at a laptop's width, then
    (calculators ready) each palette at each width, and waits for the network to be idle before the next."""
    source = AXE.read_text(encoding="utf-8")
    context = browser.new_context(color_scheme="light", viewport=LAPTOP)
    context.set_default_timeout(60_000)
    context.add_init_script(RECORD_VIOLATIONS)
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = Walk(pages(site))
    assert len(found.pages) > 5
    try:
        for path in found.pages:
            requests.clear()
            errors.clear()
            page.set_viewport_size(LAPTOP)
            page.emulate_media(color_scheme="light")
            page.goto(url + path)
            page.wait_for_load_state("load")
            choose_palette(page, "light")
            page.wait_for_timeout(100)  # Material wraps tables and draws the header after load
            page.evaluate(source)
            calculator = page.query_selector("form[data-calculator]") is not None
            if calculator:  # as it loads; the rest once its calculators are ready
                found.add("axe", ("light", LAPTOP["width"]), run_axe(page, path))
                page.wait_for_selector(SETTLED, timeout=90_000)
                states = page.eval_on_selector_all("form[data-calculator]", "fs => fs.map(f => f.dataset.calculatorState)")
                found.policy += [f"/{path}: a calculator ended {state}, not ready" for state in states if state != "ready"]
            for width in (LAPTOP, PHONE):
                page.set_viewport_size(width)
                for scheme in (["light", "dark"] if width is LAPTOP else ["dark", "light"]):
                    page.emulate_media(color_scheme=scheme)
                    choose_palette(page, scheme)
                    found.add("axe", (scheme, width["width"]), run_axe(page, path))
                    if width is LAPTOP:
                        check_buttons(page, path, scheme, found)
            found.tables += [{**table, "page": path} for table in page.evaluate(KEEPS_FIRST_COLUMN)]
            page.wait_for_load_state("networkidle")  # anything the page asks for late is asked for by now
            found.policy += [f"/{path}: CSP {v}" for v in page.evaluate("window.__cspViolations")]
            found.policy += [f"/{path}: request to {u}" for u in requests
                             if urlparse(u).scheme in ("http", "https", "ws", "wss")
                             and urlparse(u).hostname not in LOCAL_HOSTS]
            found.policy += [f"/{path}: console error {e}" for e in errors]
    finally:
        context.close()
    return found


def choose_palette(page, scheme: str):
    if not page.evaluate(CHOOSE_PALETTE, SCHEMES[scheme]):
        page.wait_for_function("(s) => document.body.getAttribute('data-md-color-scheme') === s", arg=SCHEMES[scheme])


def run_axe(page, path: str) -> list[str]:
    page.evaluate(f"({TRANSITIONS_ENDED})(document.documentElement)")
    return [f"/{path}: {v}" for v in page.evaluate(RUN_AXE)]


def check_buttons(page, path: str, scheme: str, found: Walk):
    """axe's page scan sees buttons at rest; a focused or hovered button has colours of its own."""
    visible = [b for b in page.locator(".md-typeset .md-button").all() if b.is_visible()]
    found.buttons[scheme] = found.buttons.get(scheme, 0) + len(visible)
    for index, button in enumerate(visible):
        button.evaluate("(b, i) => b.setAttribute('data-contrast-check', i)", index)
        for state in ("focus", "hover"):
            button.focus() if state == "focus" else button.hover()
            button.evaluate(TRANSITIONS_ENDED)
            found.add("contrast", scheme, [f"/{path} {state}: {v}" for v in
                                           page.evaluate(CONTRAST_ONLY, f"[data-contrast-check='{index}']")])
            page.mouse.move(0, 0)
            page.evaluate("document.activeElement && document.activeElement.blur()")
            button.evaluate(TRANSITIONS_ENDED)


@pytest.fixture(scope="module")
def walked(browser, request):
    """walked(edition) -> Walk: each edition read once for all the tests of this file."""
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run make setup (npm ci)")
    done = {}

    def of(edition: str) -> Walk:
        if edition not in done:
            done[edition] = walk(browser, request.getfixturevalue(f"{edition}_site"),
                                 request.getfixturevalue(f"{edition}_url"))
        return done[edition]

    return of


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_page_requests_anything_foreign_or_violates_the_policy_and_every_calculator_is_ready(edition, walked):
    assert walked(edition).policy == []


@pytest.mark.parametrize("width", [LAPTOP["width"], PHONE["width"]])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_no_serious_or_critical_axe_violation_on_any_page(edition, scheme, width, walked):
    found = walked(edition)
    assert (scheme, width) in found.axe, "no page was checked"
    assert found.axe[(scheme, width)] == [], "\n".join(found.axe[(scheme, width)])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_button_keeps_its_contrast_when_focused_and_hovered(edition, scheme, walked):
    found = walked(edition)
    assert found.buttons.get(scheme, 0) > 0
    assert found.contrast.get(scheme, []) == [], "\n".join(found.contrast[scheme])


@pytest.mark.parametrize("edition", EDITIONS)
def test_on_a_phone_wide_tables_keep_their_first_column_in_view_while_they_scroll(edition, walked):
    tables = walked(edition).tables
    assert tables, "no table is wider than a phone: nothing was checked"
    assert [t for t in tables if not (t["scrolled"] and t["inView"] and t["drawnOver"])] == []
