"""The prioritise page: the columns a CSV may have, the form, and the sample ranked at build time.

The sample's table is the first page calculators.batch_table gives for the
sample CSV (the code the browser's worker runs), so with JavaScript off a rep
sees what the page makes of a list. Its links are Markdown inside the HTML
(md_in_html), so the strict build checks every page and anchor; the page's
script finds those pages' addresses on the links marked `data-batch-link`.
"""

from __future__ import annotations

import posixpath
from typing import Mapping

from calculators import batch, registry
from calculators.batch_table import Session, columns
from calculators.inputs import plain
from calculators.model import Playbook
from calculators.scoring import Model

from .markup import Html, attr, cell_list, md_text, table, tag, text

LINK_PAGES = {"tier": "playbook/tiers.md", "disqualifier": "playbook/disqualifiers.md",
              "use_case": "playbook/use-cases.md"}
"""The page each kind of reason link goes to (batch_table.links gives kind and anchor id)."""

DOWNLOAD_NAME = "ranked-accounts.csv"


def _code(name: str) -> Html:
    return tag("code", name)


def _also(column: str) -> str:
    aliases = [alias for alias, meant in batch.ALIASES.items() if meant == column]
    return f" Also read from a column named {', '.join(aliases)}." if aliases else ""


def batch_columns(playbook: Playbook) -> Html:
    """The columns the batch scorer reads, which are required, and what each holds (from data)."""
    fields = {f.name: f for f in registry.fields("scoring", playbook)}
    required = set(batch.required_columns(Model(playbook)))
    need = lambda name: "Required" if name in required else "Optional"  # noqa: E731
    industries = [i.name for i in playbook.require("use_cases").industries]
    flags = [f for f in fields.values() if f.kind == "flag"]
    rows = [(_code(batch.NAME), need(batch.NAME), "The account's name." + _also(batch.NAME)),
            (_code(batch.DOMAIN), need(batch.DOMAIN), "The account's web domain." + _also(batch.DOMAIN))]
    for dimension in playbook.require("scoring").dimensions:
        rows.append((_code(dimension.id), need(dimension.id),
                     f"{dimension.name}: {plain(dimension.min)} to {plain(dimension.max)} "
                     f"in steps of {plain(dimension.step)}."))
    for name in (batch.FIELD_REVENUE, batch.FIELD_BUDGET):
        rows.append((_code(name), need(name), f"{fields[name].label}. {fields[name].help}" + _also(name)))
    rows.append((_code(batch.INDUSTRY), need(batch.INDUSTRY),
                 Html(text("Free text. These industries link to their use cases: ")
                      + cell_list(industries))))
    rows.append((_code(batch.DISQUALIFIERS), need(batch.DISQUALIFIERS),
                 Html(text("Disqualifier flags that apply, separated by | or ;: ")
                      + cell_list([_code(f.name) for f in flags]))))
    rows.append((Html(text("one column per flag, e.g. ") + _code(flags[0].name)), "Optional",
                 "Yes or no (1/0, true/false, yes/no) for that disqualifier, instead of the disqualifiers column."))
    return table(["Column", "Needed", "What it holds"], rows, cls="alp-batch-columns")


def batch_form(playbook: Playbook, sample: str) -> Html:
    """Paste (the sample to start with) or choose a file; a run button; the progress bar."""
    status = ('<p class="calc__status" data-calculator-status aria-live="polite" '
              'data-ready-text="Ready: ranking happens on this page." hidden>'
              '<progress class="calc__progress"></progress> <span data-status-text></span></p>')
    paste = ('<div class="calc__field"><label for="batch-csv">Paste a CSV of accounts</label>'
             '<textarea id="batch-csv" name="csv" rows="8" spellcheck="false" autocomplete="off" '
             f'aria-describedby="batch-csv-help">{text(sample)}</textarea>'
             '<p class="calc__help" id="batch-csv-help">It starts with the sample list: replace it with '
             'your own, with a header row as described above.</p></div>')
    upload = ('<div class="calc__field"><label for="batch-file">Or choose a CSV file (it is read here, '
              'in your browser, and sent nowhere)</label>'
              '<input type="file" id="batch-file" name="file" accept=".csv,.tsv,.txt,text/csv,text/plain"></div>')
    run = ('<p><button type="submit" class="md-button md-button--primary" data-batch-run>'
           'Rank the pasted accounts</button></p>')
    progress = ('<div class="batch__progress" role="status" aria-live="polite" data-batch-progress hidden>'
                '<label for="batch-progress">Ranking accounts</label> '
                '<progress id="batch-progress" max="1" value="0"></progress> '
                '<span data-batch-progress-text></span></div>')
    note = ('<noscript><p class="calc__note">Ranking your own list needs JavaScript; the table below is the '
            'sample list, ranked when this page was built.</p></noscript>')
    return Html(f'<form class="calc batch" data-batch autocomplete="off" novalidate>'
                f'{status}{paste}{upload}{run}{progress}{note}</form>')


def batch_results(playbook: Playbook, sample: str, here: str, titles: Mapping[str, str], stylesheet: str) -> str:
    """Row errors, the summary, the download button and the ranked table of the sample.

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
    errors = ('<div class="batch__errors" role="alert" data-batch-errors hidden>'
              '<div data-batch-file-errors></div>'
              '<table data-batch-row-errors hidden><caption>Rows not ranked</caption>'
              '<thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Reason</th></tr></thead>'
              '<tbody></tbody></table><p data-batch-errors-more></p></div>')
    summary = tag("p", answer["display"]["summary"], cls="batch__summary", role="status",
                  aria_live="polite", data_batch_summary="")
    download = (f'<p><button type="button" class="md-button" data-batch-download="{attr(DOWNLOAD_NAME)}" hidden>'
                'Download ranked CSV</button></p>')
    more = (f'<p class="batch__more">{tag("span", answer["display"]["showing"], data_batch_showing="")} '
            f'<button type="button" class="md-button" data-batch-more{"" if answer["more"] else " hidden"}>'
            'Show more</button></p>')
    report = Html(f'<div class="batch__report"><link rel="stylesheet" href="{attr(stylesheet)}">'
                  f'{errors}{summary}{download}</div>')
    return "\n\n".join([
        f"Each account's reasons link to the playbook's {', '.join(where[:-1])} and {where[-1]}.",
        report, _table(playbook, answer, pages), more,
    ]) + "\n"


def _table(playbook: Playbook, answer: dict, pages: Mapping[str, str]) -> Html:
    head = []
    labels = [column.label for column in columns(playbook)]
    for column in columns(playbook):
        label = text(column.label)
        if column.first:
            label = Html(f'<button type="button" class="batch__sort" data-sort="{attr(column.key)}" '
                         f'data-first="{attr(column.first)}">{label}</button>')
        sorted_by = ' aria-sort="ascending"' if column.key == answer["sort"] else ""
        head.append(f'<th scope="col"{sorted_by}>{label}</th>')
    body = [_row(row, pages, labels) for row in answer["rows"]]
    # No <caption>: md_in_html would wrap it in a paragraph. alp-cards: a card per row on a phone.
    return Html('<div class="batch__table alp-cards" data-batch-table markdown="1">\n'
                '<table markdown="1" aria-label="Ranked accounts">\n'
                f'<thead><tr>{"".join(head)}</tr></thead>\n'
                '<tbody markdown="1">\n' + "\n".join(body) + "\n</tbody>\n</table>\n</div>")


def _row(row: dict, pages: Mapping[str, str], labels: list[str]) -> str:
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
                         f'<span class="batch__links">{links}</span></td>')
            continue
        content = text(cell["text"])
        if cell.get("note"):
            content += f'<span class="batch__note">{text(cell["note"])}</span>'
        name = "th" if cell.get("header") else "td"
        scope = ' scope="row"' if cell.get("header") else ""
        cells.append(f"<{name}{scope}{attrs}>{content}</{name}>")
    return f'<tr markdown="1">{"".join(cells)}</tr>'
