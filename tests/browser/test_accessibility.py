"""Accessibility: axe-core (from npm, node_modules/axe-core) over every page of both
editions in both palettes, at a laptop's and a phone's width. No violation of impact
serious or critical may remain.

axe is evaluated in the page through the browser's DevTools protocol, so the
site's Content-Security-Policy stays as built (no bypass, no inline script).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The rules of WCAG 2.0, 2.1 and 2.2 A/AA (target size included: wcag22aa) and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async () => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]});
    return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}""" % TAGS


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html")
                  for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("search/"))


SETTLED = """async (b) => {
  for (let round = 0; round < 20; round++) {  // a cancelled transition rejects, and another may follow it
    const running = b.getAnimations();
    if (!running.length) return;
    await Promise.allSettled(running.map((a) => a.finished));
  }
}"""
"""Waits until the button's colour transitions are over (focus and hover start them)."""


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", ["public", "internal"])
def test_no_serious_or_critical_axe_violation_on_any_page(edition, scheme, width, browser, request):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run make setup (npm ci)")
    source = AXE.read_text(encoding="utf-8")
    url = request.getfixturevalue(f"{edition}_url")
    site = request.getfixturevalue(f"{edition}_site")
    # No service worker: it would cache the whole site in the background while axe runs.
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900},
                                  service_workers="block")
    page = context.new_page()
    found = {}
    try:
        for path in pages(site):
            page.goto(url + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(100)  # Material wraps tables and draws the header after load
            page.evaluate(source)
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[path] = violations
    finally:
        context.close()
    assert found == {}, "\n".join(f"{path}: {v}" for path, vs in found.items() for v in vs)


CONTRAST_ONLY = """async (selector) => {
    const result = await axe.run(selector, {runOnly: ["color-contrast"], resultTypes: ["violations"]});
    return result.violations.map(v => v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary).join("; "));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", ["public", "internal"])
def test_every_button_keeps_its_contrast_when_focused_and_hovered(edition, scheme, browser, request):
    """axe's page scan sees buttons at rest; a focused or hovered button has colours of its own."""
    url = request.getfixturevalue(f"{edition}_url")
    site = request.getfixturevalue(f"{edition}_site")
    source = AXE.read_text(encoding="utf-8")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1366, "height": 900},
                                  service_workers="block")
    page = context.new_page()
    found, buttons = [], 0
    try:
        for path in [p for p in pages(site) if "md-button" in (site / p / "index.html").read_text(encoding="utf-8")]:
            page.goto(url + path)
            page.wait_for_load_state("load")
            visible = [b for b in page.locator(".md-typeset .md-button").all() if b.is_visible()]
            if not visible:
                continue
            page.evaluate(source)
            for index, button in enumerate(visible):
                buttons += 1
                button.evaluate("(b, i) => b.setAttribute('data-contrast-check', i)", index)
                selector = f"[data-contrast-check='{index}']"
                for state in ("focus", "hover"):
                    button.focus() if state == "focus" else button.hover()
                    button.evaluate(SETTLED)  # colour transitions, until none runs
                    found += [f"{path} {state}: {v}" for v in page.evaluate(CONTRAST_ONLY, selector)]
                    page.mouse.move(0, 0)
                    page.evaluate("document.activeElement && document.activeElement.blur()")
    finally:
        context.close()
    assert buttons > 0
    assert found == [], "\n".join(found)
