"""The print stylesheet ships with both editions and applies only on paper.

What it does on paper (the site chrome left out, links without their
addresses, one sheet per result or ICP) is checked where it shows, in
Chromium: tests/browser/test_print.py."""

from __future__ import annotations

import re

from conftest import ROOT

CSS = "assets/css/print.css"


def top_level_blocks(css: str) -> list[str]:
    """The preludes of the top-level rules (at-rules or selectors), comments removed."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    preludes, depth, start = [], 0, 0
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                preludes.append(css[start:i].strip())
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                start = i + 1
    assert depth == 0, "unbalanced braces in print.css"
    return preludes


def test_every_print_rule_is_inside_a_print_media_query():
    css = (ROOT / "docs" / CSS).read_text(encoding="utf-8")
    preludes = top_level_blocks(css)
    assert preludes and all(p == "@media print" for p in preludes), preludes


def test_both_editions_ship_the_print_stylesheet_on_every_page(internal_site, public_site):
    for site in (internal_site, public_site):
        assert (site / CSS).is_file()
        pages = [p for p in site.rglob("index.html")]
        assert pages
        for page in pages:
            assert 'print.css"' in page.read_text(encoding="utf-8"), page
