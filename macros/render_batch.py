"""The prioritise page: the columns an account file may have, the one form, and the sample ranked at build time.

The sample's table is the first page calculators.ranking_session gives for
the sample CSV (the code the browser's worker runs), so with JavaScript off a
rep sees what the page makes of a list. Its links are Markdown inside the
HTML (md_in_html), so the strict build checks every page and anchor; the
page's script finds those pages' addresses on the links marked
`data-batch-link`.
"""

from __future__ import annotations

import posixpath
from typing import Mapping

from markupsafe import Markup

from calculators import accounts
from calculators.account_inputs import MAX_RATE_TEXT, RATE, RATE_LABEL, rate_help
from calculators.inputs import plain
from calculators.model import Playbook
from calculators.money import CURRENCIES
from calculators.ranking_session import Session, columns, first_order

from .markup import attr, cell_list, md_text, table, tag, text

LINK_PAGES = {"tier": "playbook/tiers.md", "disqualifier": "playbook/disqualifiers.md",
              "use_case": "playbook/use-cases.md"}
"""The page each kind of reason link goes to (ranking_session.cells gives kind and anchor id)."""

DOWNLOAD_NAME = "ranked-accounts.csv"
SCORE_HEADING = "Score it"


def _code(name: str) -> Markup:
    return tag("code", name)


def batch_columns(playbook: Playbook) -> Markup:
    """The columns the pipeline reads, the headers it knows each by (data/crm.yml) and what each holds."""
    crm = playbook.require("crm")
    aliases = {c.field: c.aliases for c in crm.columns}
    rows = []
    for field in accounts.FIELDS:
        words = accounts.FIELD_WORDS[field]
        known = aliases.get(field, ())
        rows.append((_code(field), cell_list(list(known)) if known else "", words[0].upper() + words[1:] + "."))
    dims = playbook.require("scoring").dimensions
    for d in dims:
        rows.append((_code(d.id), d.name, f"{d.name}: {plain(d.min)} to {plain(d.max)} in steps of "
                                          f"{plain(d.step)}. With all {len(dims)} scores the account is scored."))
    flags = [item.id for group in playbook.require("disqualifiers").groups for item in group.items]
    rows.append((text("one column per flag, e.g. ") + _code(flags[0]), "",
                 "Yes or no (1/0, true/false, yes/no) for that disqualifier."))
    return table(["Column", "Also read from", "What it holds"], rows, cls="alp-batch-columns")


def batch_form(playbook: Playbook, sample: str) -> Markup:
    """Paste (the sample to start with) or choose one file of either kind; the default currency; the rep's
    exchange rate (read by account_inputs.read_rates, as on the fit check); a run button."""
    status = ('<p class="calc__status" data-calculator-status aria-live="polite" '
              'data-ready-text="Ready: ranking happens on this page." hidden>'
              '<progress class="calc__progress"></progress> <span data-status-text></span></p>')
    paste = ('<div class="calc__field"><label for="batch-csv">Paste a CSV of accounts</label>'
             '<textarea id="batch-csv" name="csv" rows="8" spellcheck="false" autocomplete="off" '
             f'aria-describedby="batch-csv-help">{text(sample)}</textarea>'
             '<p class="calc__help" id="batch-csv-help">It starts with the sample list: replace it with '
             'your own, a CRM export as it comes or a worksheet downloaded here.</p></div>')
    upload = ('<div class="calc__field"><label for="batch-file">Or choose a CSV file: a CRM export, a scored list '
              'or a downloaded worksheet (it is read here, in your browser, and sent nowhere)</label>'
              '<input type="file" id="batch-file" name="file" accept=".csv,.tsv,.txt,text/csv,text/plain"></div>')
    default = playbook.require("tiers").tiers[0].revenue.currency
    options = "".join(f'<option value="{attr(c)}"{" selected" if c == default else ""}>{text(c)}</option>'
                      for c in CURRENCIES)
    currency = ('<div class="calc__field"><label for="batch-currency">Currency of amounts that name none</label>'
                f'<select id="batch-currency" name="currency" aria-describedby="batch-currency-help">{options}</select>'
                '<p class="calc__help" id="batch-currency-help">A currency in the cell (£38M) or in the row\'s '
                'currency column comes first.</p></div>')
    rate = (f'<div class="calc__field"><label for="batch-rate">{text(RATE_LABEL)}</label>'
            f'<input type="text" id="batch-rate" name="{attr(RATE)}" maxlength="{MAX_RATE_TEXT}" '
            'spellcheck="false" autocomplete="off" '
            f'aria-describedby="batch-rate-help">'
            f'<p class="calc__help" id="batch-rate-help">{text(rate_help())}</p></div>')
    run = ('<p><button type="submit" class="md-button md-button--primary" data-batch-run>'
           'Rank the pasted accounts</button></p>')
    progress = ('<div class="batch__progress" role="status" aria-live="polite" data-batch-progress hidden>'
                '<label for="batch-progress">Ranking accounts</label> '
                '<progress id="batch-progress" max="1" value="0"></progress> '
                '<span data-batch-progress-text></span></div>')
    errors = ('<div class="batch__errors" role="alert" data-batch-errors hidden>'
              '<div data-batch-file-errors></div></div>')
    note = ('<noscript><p class="calc__note">Ranking your own list needs JavaScript; the table below is the '
            'sample list, ranked when this page was built.</p></noscript>')
    return Markup(f'<form class="calc batch" data-batch autocomplete="off" novalidate>'
                  f'{status}{paste}{upload}{currency}{rate}{run}{progress}{errors}{note}</form>')


def batch_results(playbook: Playbook, sample: str, here: str, titles: Mapping[str, str], stylesheet: str) -> str:
    """The summary, the download button, the ranked table of the sample and, under it, the problems.

    `here` is the page's path under docs/ (links are relative to it),
    `titles` the nav titles of pages and `stylesheet` the address of the
    band colours (beside the page: they name internal band ids).
    """
    answer = Session(playbook).handle({"csv": sample})
    if not answer["ok"]:
        raise ValueError(f"the sample CSV cannot be ranked: {answer['errors'][0]['message']}")
    folder = posixpath.dirname(here) or "."
    pages = {kind: posixpath.relpath(page, folder) for kind, page in LINK_PAGES.items()}
    where = [f"[{md_text(titles.get(page, page))}]({pages[kind]}){{: data-batch-link=\"{kind}\" }}"
             for kind, page in LINK_PAGES.items()]
    summary = tag("p", answer["summary"], cls="batch__summary", role="status", aria_live="polite",
                  data_batch_summary="")
    download = (f'<p><button type="button" class="md-button" data-batch-download="{attr(DOWNLOAD_NAME)}" hidden>'
                'Download the ranked worksheet (CSV)</button></p>')
    more = (f'<p class="batch__more">{tag("span", answer["showing"], data_batch_showing="")} '
            f'<button type="button" class="md-button" data-batch-more{"" if answer["more"] else " hidden"}>'
            'Show more</button></p>')
    problems = _problems(answer["problems"])
    report = Markup(f'<div class="batch__report"><link rel="stylesheet" href="{attr(stylesheet)}">'
                    f'{summary}{download}</div>')
    return "\n\n".join([
        f"Each account's reasons link to the playbook's {', '.join(where[:-1])} and {where[-1]}.",
        report, _table(answer, pages, playbook), more, problems,
    ]) + "\n"


def _problems(problems: list) -> Markup:
    """The rows not read as written, grouped by reason with counts and the first rows (under the table)."""
    items = "".join(f"<li>{text(p['text'])}</li>" for p in problems)
    return Markup('<section class="batch__problems" data-batch-problems aria-label="Rows not read as written"'
                  f'{"" if problems else " hidden"}><p><strong>Rows not read as written</strong>, by reason:</p>'
                  f'<ul>{items}</ul></section>')


def _table(answer: dict, pages: Mapping[str, str], playbook: Playbook) -> Markup:
    head = []
    dimensions = playbook.require("scoring").dimensions
    table_columns = columns(dimensions)
    for key, label in table_columns:
        shown = text(label)
        first = first_order(key, dimensions)
        if first:
            shown = Markup(f'<button type="button" class="batch__sort" data-sort="{attr(key)}" '
                           f'data-first="{attr(first)}">{shown}</button>')
        sorted_by = ' aria-sort="ascending"' if key == answer["sort"] else ""
        head.append(f'<th scope="col"{sorted_by}>{shown}</th>')
    head.append(f'<th scope="col">{text(SCORE_HEADING)}</th>')
    labels = [label for _, label in table_columns]
    body = [_row(row, pages, labels) for row in answer["rows"]]
    # No <caption>: md_in_html would wrap it in a paragraph. alp-cards: a card per row on a phone.
    return Markup('<div class="batch__table alp-cards" data-batch-table markdown="1">\n'
                  '<table markdown="1" aria-label="Ranked accounts">\n'
                  f'<thead><tr>{"".join(head)}</tr></thead>\n'
                  '<tbody markdown="1">\n' + "\n".join(body) + "\n</tbody>\n</table>\n</div>")


def _details(cell: dict, name: str) -> Markup:
    """The profiles a row resembles and what to quote, under its reasons (closed until opened)."""
    if not cell.get("details"):
        return Markup("")
    facts = "".join(f'<span class="batch__fact"><strong>{md_text(d["label"])}:</strong> {md_text(d["text"])}</span>'
                    for d in cell["details"])
    summary = cell["details_summary"]
    return Markup(f'<details class="batch__detail"><summary aria-label="{attr(f"{summary}: {name}")}">'
                  f'{md_text(summary)}</summary>{facts}</details>')


def _row(row: dict, pages: Mapping[str, str], labels: list[str]) -> Markup:
    """One ranked row; each cell carries its column's label, which a phone's card layout shows beside it."""
    cells = []
    for cell, label in zip(row["cells"], labels, strict=True):
        classes = ["batch__number"] if cell.get("numeric") else []
        if cell.get("band"):
            classes += ["batch__band", f"batch__band--{cell['band']}"]
        attrs = (f' class="{attr(" ".join(classes))}"' if classes else "") + f' data-label="{attr(label)}"'
        if cell.get("links"):
            links = " ".join(f"[{md_text(link['text'])}]({pages[link['kind']]}#{link['id']})"
                             for link in cell["links"])
            cells.append(f'<td{attrs} markdown="span">{md_text(cell["text"])} '
                         f'<span class="batch__links">{links}</span>{_details(cell, row["name"])}</td>')
            continue
        content = text(cell["text"])
        if cell.get("note"):
            content += Markup(f'<span class="batch__note">{text(cell["note"])}</span>')
        name = "th" if cell.get("header") else "td"
        scope = ' scope="row"' if cell.get("header") else ""
        cells.append(f"<{name}{scope}{attrs}>{content}</{name}>")
    cells.append(f'<td data-label="{attr(SCORE_HEADING)}"></td>')
    return Markup(f'<tr markdown="1" data-row="{attr(row["row"])}">{"".join(cells)}</tr>')
