"""Every page of both editions, in Chromium under its Content-Security-Policy:
no request leaves localhost and the policy is never violated, calculators
included (they must reach "ready" with the policy in force).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def page_paths(site: Path) -> list[str]:
    """Every built page, as a path relative to the site root ("" for the home page)."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        paths.append("" if rel == "." else rel + "/")
    return paths


def check_every_page(visit, site: Path, base_url: str):
    local_hosts = {"127.0.0.1", "localhost"}
    problems = []
    paths = page_paths(site)
    assert len(paths) > 5
    for path in paths:
        seen = visit(base_url + path, record_violations=True)
        if seen.page.query_selector("form[data-calculator]"):
            seen.wait_ready()
        seen.page.wait_for_load_state("networkidle")
        violations = seen.page.evaluate("window.__cspViolations")
        foreign = [url for url in seen.requests
                   if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname not in local_hosts]
        problems += [f"/{path}: CSP {v}" for v in violations]
        problems += [f"/{path}: request to {url}" for url in foreign]
    assert problems == []


@pytest.fixture
def visit_recording(visit):
    """`visit` with a recorder of CSP violations installed before any script runs."""

    def open_page(url, record_violations=False, **options):
        seen = visit("about:blank", **options)
        if record_violations:
            seen.page.add_init_script(RECORD_VIOLATIONS)
        seen.page.goto(url)
        return seen

    return open_page


def test_internal_edition_pages_request_nothing_foreign_and_violate_no_policy(visit_recording, internal_site, internal_url):
    check_every_page(visit_recording, internal_site, internal_url)


def test_public_edition_pages_request_nothing_foreign_and_violate_no_policy(visit_recording, public_site, public_url):
    check_every_page(visit_recording, public_site, public_url)
