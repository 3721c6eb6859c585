"""The prioritise page as built: the sample ranked at build time, its links, its columns (issue 6).

The browser tests drive the page; these read the HTML only. Expected rows,
texts and ids come from calculators.ranking_session and data/, never typed here.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from calculators.inputs import plain
from calculators.ranking_session import Session, columns, first_order
from calculators.loader import load_data_dir
from conftest import DATA, ROOT

PAGE = "playbook/prioritise/index.html"
PLAYBOOK = load_data_dir(DATA, "internal")
SAMPLE = (ROOT / "docs" / "playbook" / "sample-accounts.csv").read_text(encoding="utf-8")


class Page(HTMLParser):
    """Start tags with attributes, the ranked table's rows (cell texts) and the link targets in it."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.rows: list[list[str]] = []
        self.table_links: list[str] = []
        self.ids: set[str] = set()
        self._in_table = self._in_body = False
        self._cell: list[str] | None = None
        self._skip = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "div" and "data-batch-table" in attrs:
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag in ("td", "th"):
            self._cell = []
        elif self._cell is not None and tag == "span":
            self._skip += 1  # the domain under a name, the links under the reasons
        if self._in_body and tag == "a":
            self.table_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "span" and self._skip:
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._in_table = self._in_body = False

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def page(site: Path) -> Page:
    return Page((site / PAGE).read_text(encoding="utf-8"))


def test_prerendered_table_is_the_sample_as_the_session_ranks_it(internal_site):
    answer = Session(PLAYBOOK).handle({"csv": SAMPLE})
    want = [[cell["text"] for cell in row["cells"][:4]] for row in answer["rows"]]
    assert [row[:4] for row in page(internal_site).rows] == want


def test_prerendered_summary_and_headers_come_from_the_session(internal_site):
    text = (internal_site / PAGE).read_text(encoding="utf-8")
    summary = re.search(r"<p[^>]*data-batch-summary[^>]*>([^<]*)</p>", text)[1]
    assert html.unescape(summary) == Session(PLAYBOOK).handle({"csv": SAMPLE})["summary"]
    table = text.partition("data-batch-table")[2].partition("</thead>")[0]
    headers = re.findall(r'<th[^>]* scope="col"[^>]*>(?:<button[^>]*>)?([^<]+)', table)
    dimensions = PLAYBOOK.scoring.dimensions
    assert headers[:-1] == [label for _, label in columns(dimensions)]
    # every column a rep sorts by is a button: rank, name, total, tier, industry and each dimension's score
    buttons = dict(re.findall(r'<button[^>]*data-sort="([^"]+)" data-first="([^"]+)"', table))
    assert buttons == {key: first_order(key, dimensions) for key, _ in columns(dimensions)
                       if first_order(key, dimensions)}
    assert {"industry", *(d.id for d in dimensions)} <= set(buttons)
    assert re.search(r'<th aria-sort="ascending" scope="col"><button[^>]*data-sort="rank"', text)


def test_every_reason_link_reaches_an_existing_section(internal_site):
    links = page(internal_site).table_links
    kinds = {href.split("#")[0] for href in links}
    assert kinds == {"../tiers/", "../disqualifiers/", "../use-cases/"}
    for href in set(links):
        target, anchor = href.split("#")
        built = internal_site / posixpath.normpath(posixpath.join("playbook/prioritise", target)) / "index.html"
        assert anchor in page_ids(built), f"{href}: no #{anchor} in {built.relative_to(internal_site)}"
    groups = {g.id for g in PLAYBOOK.disqualifiers.groups}
    assert {h.split("#")[1] for h in links if h.startswith("../disqualifiers/")} <= groups


def page_ids(path: Path) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))


def test_the_page_names_the_link_targets_and_the_sample_for_its_script(internal_site):
    doc = page(internal_site)
    marked = {a["data-batch-link"]: a["href"] for _, a in doc.tags if "data-batch-link" in a}
    assert marked == {"tier": "../tiers/", "disqualifier": "../disqualifiers/", "use_case": "../use-cases/"}
    assert [a for _, a in doc.tags if a.get("href") == "../sample-accounts.csv"]
    assert (internal_site / "playbook/sample-accounts.csv").read_text(encoding="utf-8") == SAMPLE


def test_columns_table_lists_what_data_and_the_pipeline_accept(internal_site):
    text = html.unescape((internal_site / PAGE).read_text(encoding="utf-8"))
    table = text[text.index('<div class="alp-batch-columns">'):]
    table = table[:table.index("</table>")]
    names = ["id", "name", "domain", "annual_revenue", "annual_budget", "employees", "currency", "industry",
             "disqualifiers"]
    names += [d.id for d in PLAYBOOK.scoring.dimensions]
    for name in names:
        assert f"<code>{name}</code>" in table, name
    for column in PLAYBOOK.crm.columns:
        for alias in column.aliases:
            assert alias in table, alias
    for dimension in PLAYBOOK.scoring.dimensions:
        assert f"{plain(dimension.min)} to {plain(dimension.max)} in steps of {plain(dimension.step)}" in table


def test_form_controls_are_labelled_and_regions_are_live(internal_site):
    doc = page(internal_site)
    labels = {a.get("for") for tag, a in doc.tags if tag == "label"}
    for name in ("csv", "file", "currency"):
        control = [a for tag, a in doc.tags if a.get("name") == name and tag in ("textarea", "input", "select")]
        assert len(control) == 1 and control[0]["id"] in labels, name
    assert "batch-progress" in labels
    for region, role in (("progress", "status"), ("errors", "alert"), ("summary", "status")):
        assert [a for _, a in doc.tags if f"data-batch-{region}" in a and a.get("role") == role], region
    assert [(tag, k) for tag, a in doc.tags for k in a if k.startswith("on")] == []
    ours = [a for tag, a in doc.tags if tag == "script" and "assets/js/" in (a.get("src") or "")]
    assert ours and all(a.get("type") == "module" for a in ours)  # our scripts are external modules


def test_every_band_colour_is_defined_in_both_palettes(internal_site):
    # A band a writer adds has no tint until a colour is chosen (the cell keeps
    # the table's colours); a tinted band has a colour in each palette.
    css = (ROOT / "docs" / "playbook" / "prioritise.css").read_text(encoding="utf-8")
    palettes = re.findall(r'\[data-md-color-scheme="(\w+)"\]\s*\{([^}]*)\}', css)
    assert {name for name, _ in palettes} == {"default", "slate"}
    tinted = re.findall(r"\.batch__band--([a-z0-9-]+) \{ background-color: var\(--batch-band-\1\); \}", css)
    assert tinted
    for band in tinted:
        for name, body in palettes:
            assert f"--batch-band-{band}:" in body, f"{band} has no colour in the {name} palette"
    assert '<link rel="stylesheet" href="../prioritise.css">' in (internal_site / PAGE).read_text(encoding="utf-8")
    assert (internal_site / "playbook/prioritise.css").exists()


def test_public_edition_has_no_batch_page_styles_or_modules(public_site):
    assert not (public_site / "playbook").exists()
    wheels = list((public_site / "assets" / "calculators").rglob("*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as wheel:
        modules = {Path(n).stem for n in wheel.namelist() if n.startswith("calculators/")}
    pipeline = {"accounts", "account_file", "formulas", "ranking", "ranking_session", "row_report", "worksheet"}
    assert "registry" in modules and not modules & pipeline
    for path in public_site.rglob("*.html"):
        assert "data-batch" not in path.read_text(encoding="utf-8"), path
