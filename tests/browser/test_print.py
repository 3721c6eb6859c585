"""Printing from the browser: an ROI result, or one ICP, makes one clean sheet.

Chromium prints the real built pages to PDF on A4 and US Letter, with the
print stylesheet (docs/assets/css/print.css) applied.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

ROI = "calculators/roi/"
PROFILES = "playbook/profiles/"
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
          ".md-search", ".md-content__button"]


def sheets(page, paper: str) -> int:
    pdf = page.pdf(format=paper)
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def printed(visit, url: str):
    seen = visit(url, javascript=False)  # results are prerendered; printing needs no script
    seen.page.emulate_media(media="print")
    return seen.page


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_roi_result_prints_on_one_sheet(visit, public_url, paper):
    page = printed(visit, public_url + ROI)
    assert page.is_visible("[data-output]"), "the results are part of the printout"
    assert sheets(page, paper) == 1


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_each_icp_prints_on_a_sheet_of_its_own(visit, internal_url, paper):
    page = printed(visit, internal_url + PROFILES)
    sections = page.eval_on_selector_all(".md-content h2", "hs => hs.map(h => h.id)")
    assert len(sections) >= 4
    # The introduction, then every section (each ICP) on exactly one sheet.
    assert sheets(page, paper) == 1 + len(sections)


@pytest.mark.parametrize("path", ["", ROI])
def test_site_chrome_is_left_off_the_printout(visit, public_url, path):
    page = printed(visit, public_url + path)
    for selector in CHROME:
        assert not page.is_visible(selector), f"{selector} would print"
    assert page.is_visible(".md-content h1")


def test_links_print_as_text_without_their_addresses(visit, public_url):
    page = printed(visit, public_url)
    after = page.eval_on_selector(".md-content a[href]", "a => getComputedStyle(a, '::after').content")
    assert after in ("none", "normal", "")
