"""Calculator pages as built: prerendered results, accessible forms, no inline code.

The browser tests drive these pages; these checks read the HTML only, so
they run without a browser.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from calculators import registry
from calculators.loader import load_data_dir
from calculators.money import SYMBOLS
from conftest import DATA, ROOT, nav_pages

FORM_CALL = re.compile(r"""calculator_form\(\s*["']([a-z_]+)["']""")


def calculator_pages() -> dict[str, tuple[str, str]]:
    """calculator -> (its built page, the edition whose build has it), from the nav's pages and their forms."""
    pages = {}
    for source in nav_pages():
        text = (ROOT / "docs" / source).read_text(encoding="utf-8")
        audience = get_data(text)[1].get("audience", "internal")
        built = source.removesuffix(".md").removesuffix("index").rstrip("/")
        for name in FORM_CALL.findall(text):
            pages[name] = (f"{built}/index.html" if built else "index.html", audience)
    return pages


PAGES = calculator_pages()


def test_every_calculator_has_a_page_in_the_nav():
    assert sorted(PAGES) == sorted(registry.names())


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each [data-output] element."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.outputs: dict[str, list[str]] = {}
        self._open: list[tuple[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "data-output" in attrs:
            self._open.append((tag, attrs["data-output"]))
            self.outputs.setdefault(attrs["data-output"], []).append("")

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            field = self._open[-1][1]
            self.outputs[field][-1] += data

    def find(self, **wanted) -> list[dict]:
        return [a for _, a in self.tags if all(a.get(k.replace("_", "-")) == v for k, v in wanted.items())]


def page(name: str, internal_site: Path, public_site: Path) -> Elements:
    path, edition = PAGES[name]
    site = public_site if edition == "public" else internal_site
    return Elements((site / path).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_first_paint_shows_the_results_of_the_default_inputs(name, internal_site, public_site):
    edition = PAGES[name][1]
    playbook = load_data_dir(DATA, edition)
    display = registry.run(name, registry.defaults(name, playbook), playbook)["display"]
    outputs = page(name, internal_site, public_site).outputs
    assert outputs, f"{name}: no [data-output] elements"
    for field, texts in outputs.items():
        for shown in texts:
            assert shown == display[field], f"{name}.{field}: page shows {shown!r}"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_field_has_a_label_and_an_error_slot_it_points_to(name, internal_site, public_site):
    doc = page(name, internal_site, public_site)
    playbook = load_data_dir(DATA, PAGES[name][1])
    assert len(doc.find(data_calculator=name)) == 1
    ids = {a.get("id") for _, a in doc.tags}
    labels = {a.get("for") for tag, a in doc.tags if tag == "label"}
    for field in registry.fields(name, playbook):
        control = [a for tag, a in doc.tags if tag in ("input", "select") and a.get("name") == field.name]
        if control and all(a.get("type") == "radio" for a in control):
            # a yes/no question: Yes and No buttons, each labelled, the group pointing to the error slot
            assert [a["value"] for a in control] == ["1", "0"], f"{name}: {field.name} answers yes or no"
            assert all(a["id"] in labels for a in control), f"{field.name} has an unlabelled answer"
            group = [a for tag, a in doc.tags if tag == "fieldset" and
                     a.get("aria-describedby") == f"calc-{name}-{field.name}-error"]
            described = group[0]["aria-describedby"].split() if group else []
        else:
            assert len(control) == 1, f"{name}: one control named {field.name}"
            assert control[0]["id"] in labels, f"{field.name} has no label"
            described = control[0]["aria-describedby"].split()
        assert described and all(d in ids for d in described)
        error = doc.find(data_error_for=field.name)
        assert len(error) == 1 and error[0]["role"] == "alert" and error[0]["id"] in described


MONEY_UNIT = re.compile(r'<span class="calc__money"><span[^>]*data-output="currency_symbol"[^>]*>([^<]*)</span>'
                        r'<input[^>]*\bname="([^"]+)"')


# Amounts typed with their currency (the fit check, account scoring: "£38M") have no unit beside them; the
# money fields of one currency (the ROI calculator's) show it.
def money_fields(name: str, edition: str) -> set[str]:
    return {f.name for f in registry.fields(name, load_data_dir(DATA, edition)) if f.money}


@pytest.mark.parametrize("name", [n for n in sorted(PAGES) if money_fields(n, PAGES[n][1])])
def test_every_money_field_shows_the_currency_symbol_of_its_amounts(name, internal_site, public_site):
    path, edition = PAGES[name]
    playbook = load_data_dir(DATA, edition)
    symbol = registry.run(name, registry.defaults(name, playbook), playbook)["display"]["currency_symbol"]
    site = public_site if edition == "public" else internal_site
    shown = {field: unit for unit, field in MONEY_UNIT.findall((site / path).read_text(encoding="utf-8"))}
    assert shown == {field: symbol for field in money_fields(name, edition)}
    assert symbol in SYMBOLS.values()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_results_are_in_a_polite_live_region(name, internal_site, public_site):
    doc = page(name, internal_site, public_site)
    regions = doc.find(data_results_for=name, role="status")
    assert regions and all(r["aria-live"] == "polite" for r in regions)


def test_calculator_pages_have_no_inline_event_handlers_and_only_external_modules_of_ours(internal_site,
                                                                                      public_site):
    for name in PAGES:
        doc = page(name, internal_site, public_site)
        handlers = [(tag, key) for tag, a in doc.tags for key in a if key.startswith("on")]
        assert handlers == []
        scripts = [a for tag, a in doc.tags if tag == "script"]
        ours = [a for a in scripts if "assets/js/" in (a.get("src") or "")]
        assert ours and all(a.get("type") == "module" for a in ours)  # our scripts are external modules


EARLY_START = "window.__calculatorEarlyWorker"


def worker_script(site: Path, page_path: str) -> Path:
    """The file a page's <meta name="calculator-worker"> names, resolved against the page."""
    text = (site / page_path).read_text(encoding="utf-8")
    named = re.search(r'<meta name="calculator-worker" content="([^"]+)"', text.split("</head>")[0])
    assert named, f"{page_path}: no calculator-worker meta in the head"
    if named[1].startswith("/"):  # 404.html: under the site's own path, wherever it is served
        return site / named[1][named[1].index("assets/"):]
    return (site / page_path).parent.joinpath(named[1]).resolve()


def test_every_page_names_the_worker_script_in_a_folder_named_by_its_content(internal_site, public_site):
    for site in (internal_site, public_site):
        for path in site.rglob("*.html"):
            script = worker_script(site, str(path.relative_to(site)))
            assert script.is_file(), path
            assert re.fullmatch(r"worker\.[0-9a-f]{16}", script.parent.name), script
            assert (script.parent / "pyodide-start.js").is_file(), "what it imports sits beside it"
        assert not (site / "assets/js/calculator-worker.js").exists(), "only the content-addressed copy is served"


def test_only_calculator_pages_start_the_worker_from_the_head(internal_site, public_site):
    for name, (path, edition) in PAGES.items():
        site = public_site if edition == "public" else internal_site
        head = (site / path).read_text(encoding="utf-8").split("</head>")[0]
        assert EARLY_START in head, path
        assert head.index('name="calculator-worker"') < head.index(EARLY_START), "the meta it reads comes first"
    for path in public_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "data-calculator" not in text and "data-batch" not in text:
            assert EARLY_START not in text, path


def test_roi_chart_has_a_text_alternative(public_site):
    text = (public_site / PAGES["economics"][0]).read_text(encoding="utf-8")
    figure = text[text.index('<figure class="calc-chart"'):text.index("</figure>")]
    assert 'role="img"' in figure and "<title>" in figure and "<desc>" in figure
    assert '<figcaption data-output="chart_summary">' in figure


def test_public_edition_has_no_scoring_calculator(public_site):
    assert not (public_site / PAGES["scoring"][0]).exists()
    for path in public_site.rglob("*.html"):
        assert 'data-calculator="scoring"' not in path.read_text(encoding="utf-8")


def test_content_pages_do_not_mention_pyodide(internal_site):
    # Pyodide is reached only through the worker; pages carry no link to it.
    for path in internal_site.rglob("*.html"):
        text = html.unescape(path.read_text(encoding="utf-8"))
        assert "assets/pyodide" not in text, path
