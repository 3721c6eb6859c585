"""Invariants of a built internal edition over the data it was built from.

They hold for any data a writer may write: tests/build/test_site_content.py
checks them on the real site, tests/build/test_writer_edits.py on a site built
from edited data. Each returns what is wrong (empty when all is well).
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import yaml

from calculators import quote, registry
from calculators.loader import load_data_dir
from calculators.money import CURRENCIES


def page_text(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


FIGURE = re.compile(r"[$£€]\s?(\d[\d,]*(?:\.\d+)?)\s?([KkMB]?)")
CALCULATOR_PAGES = ("calculators/", "playbook/account-scoring/", "playbook/prioritise/", "writers/")


def numbers_in(value) -> set[Decimal]:
    """Every number in parsed YAML: numeric values and the figures written inside text."""
    found: set[Decimal] = set()
    if isinstance(value, dict):
        for v in value.values():
            found |= numbers_in(v)
    elif isinstance(value, list):
        for v in value:
            found |= numbers_in(v)
    elif isinstance(value, bool):
        pass
    elif isinstance(value, (int, float)):
        found.add(Decimal(str(value)))
    elif isinstance(value, str):
        found |= {amount(m) for m in FIGURE.finditer(value)}
    return found


def amount(match: re.Match) -> Decimal:
    scale = {"": 1, "K": 1000, "k": 1000, "M": 10**6, "B": 10**9}[match[2]]
    return Decimal(match[1].replace(",", "")) * scale


def prose(page: Path) -> str:
    """The article's text without scripts, forms, charts or worked examples (computed from their inputs)."""
    article = page.read_text(encoding="utf-8").split("<article", 1)[-1].split("</article>")[0]
    article = re.sub(r"<(script|form|svg)\b.*?</\1>", " ", article, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", without_worked_examples(article)))


def without_worked_examples(markup: str) -> str:
    """The markup without its <div class="worked-example"> blocks (nested divs included)."""
    while (start := markup.find('<div class="worked-example"')) >= 0:
        depth, at = 0, start
        for tag in re.finditer(r"<(/?)div\b", markup[start:]):
            depth += -1 if tag[1] else 1
            if depth == 0:
                at = start + tag.end()
                break
        markup = markup[:start] + " " + markup[markup.index(">", at) + 1:]
    return markup


def typed_figures(site: Path, data_dir: Path) -> dict[str, list[str]]:
    """Money figures on content pages that are not in the data: typed into a page instead."""
    known = numbers_in({p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in data_dir.glob("*.yml")})
    # Figures the ROI calculator computes from the data's defaults (worked values in prose).
    known |= numbers_in(registry.run("economics", {}, load_data_dir(data_dir))["display"])
    # Prices converted at the data's stated rates (what to quote), and the fit check's answer to its defaults.
    book = load_data_dir(data_dir)
    known |= numbers_in([quote.shown_in(o.span, c, book.rates) for o in quote.offers(book) for c in CURRENCIES])
    known |= numbers_in(registry.run("fit", {}, book)["display"])
    typed: dict[str, list[str]] = {}
    for page in site.rglob("index.html"):
        where = page.parent.relative_to(site).as_posix() + "/"
        if where.startswith(CALCULATOR_PAGES):
            continue
        for match in FIGURE.finditer(prose(page)):
            if amount(match) not in known:
                typed.setdefault(where, []).append(match[0])
    return typed


def missing_bands(site: Path, data_dir: Path) -> list[str]:
    """Bands of the data whose action the scoring page does not show."""
    text = html.unescape(page_text(site, "playbook/scoring"))  # however the page escapes a character
    return [band.id for band in load_data_dir(data_dir).scoring.bands if f"<td>{band.action}</td>" not in text]


SECTIONS = ("profile", "motivations", "pain-points", "success-looks-like", "budget-authority", "buying-process")


def incomplete_profiles(site: Path, data_dir: Path) -> list[str]:
    """Profiles of the data without their heading and every section on the profiles page and the comparison."""
    profiles = page_text(site, "playbook/profiles")
    comparison = html.unescape(page_text(site, "playbook/profile-comparison"))
    wrong = []
    for n, profile in enumerate(load_data_dir(data_dir).profiles.profiles, 1):
        anchors = [f'id="{profile.id}"', *(f'id="{profile.id}-{section}"' for section in SECTIONS)]
        if not all(a in profiles for a in anchors) or f"ICP {n}: {profile.name}" not in comparison:
            wrong.append(profile.id)
    return wrong


def company_missing(site: Path, data_dir: Path) -> bool:
    company = load_data_dir(data_dir).require("site").company_name
    return f"accounts most likely to succeed with {html.escape(company)}." not in page_text(site, "playbook")


TWICE = re.compile(r"&amp;(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);|&lt;/?(?:a|br|button|code|details|div|"
                   r"em|fieldset|figure|input|label|li|ol|p|section|select|span|strong|summary|table|td|th|tr|ul)\b")
"""Text escaped twice: an entity whose & was escaped again ("&amp;lt;" shows "&lt;"), or the site's own markup
escaped as text ("&lt;span" shows "<span")."""


def escaped_twice(site: Path, sources: tuple[Path, ...] = ()) -> dict[str, list[str]]:
    """Pages (HTML and text exports) showing an entity or an element as text, as markup escaped twice does;
    what a writer typed into a file of `sources` (data/, docs/) is shown as typed and is not counted."""
    typed = "".join(p.read_text(encoding="utf-8") for folder in sources for p in folder.rglob("*")
                    if p.suffix in (".yml", ".md") and p.is_file())
    found: dict[str, list[str]] = {}
    for page in sorted([*site.rglob("*.html"), *site.glob("*.txt")]):
        for match in TWICE.finditer(page.read_text(encoding="utf-8")):
            if html.unescape(match[0]) not in typed:
                found.setdefault(page.relative_to(site).as_posix(), []).append(match[0])
    return found
