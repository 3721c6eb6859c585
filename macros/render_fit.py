"""The fit check's page parts: the SMB market below the tiers and the editor's
notes on framework lines that contradict what we sell (internal data)."""

from __future__ import annotations

from calculators import fit
from calculators.model import Playbook

from .markup import Html, attr, paragraph, text, ul
from .render_values import money_range

SCOPES = ("disqualifiers", "tiers", "use_cases")


def smb_segment(playbook: Playbook) -> Html:
    """One paragraph: the SMB market's revenue and retainers, below the lowest tier."""
    smb, pricing = playbook.require("smb"), playbook.require("pricing")
    lowest = playbook.require("tiers").tiers[-1]
    return paragraph(Html(
        f"Companies with annual revenue of {money_range(smb.revenue, sep='–')} are the SMB market of the "
        f"fractional model: retainers of {money_range(pricing.retainer, sep='–')}. They sit below Tier "
        f"{text(lowest.number)} ({text(lowest.name)}), which starts at "
        f"{money_range(lowest.revenue, sep='–', compact=True)}, so they have no tier; the fit check places "
        f"them here."))


def editor_notes(playbook: Playbook, scope: str = "") -> Html:
    """Open editor's notes as an admonition: all of them, or one data file's (`scope`)."""
    if scope and scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; expected one of {', '.join(SCOPES)}")
    notes = [n for s, n in fit.scoped_editor_notes(playbook) if not scope or s == scope]
    if not notes:
        return Html("")
    intro = ("These lines of the framework contradict what we sell, or were added to it. They stay on the "
             "page, but no calculator applies them until a writer confirms them in the data.")
    return Html('<div class="admonition warning"><p class="admonition-title">Editor’s note</p>'
                f"{paragraph(intro)}{ul(notes)}</div>")


# --- the prioritise page's CRM export section ---------------------------------------------

TRIAGE_HEAD = ("Rank", "Account", "Segment", "Status", "Score", "Next action", "Disqualifiers",
               "Use cases to probe")


def triage_form(playbook: Playbook, sample: str) -> Html:
    """The CRM export form: the sample export in a text box, a file chooser and a button."""
    from calculators import crm

    aliases = {c.field: c.aliases for c in playbook.require("crm").columns}
    names = ", ".join(aliases.get("name", ()))
    return Html(
        '<form class="calc triage" data-triage autocomplete="off" novalidate>'
        '<div class="calc__field"><label for="triage-csv">CRM export (CSV)</label>'
        f'<textarea id="triage-csv" name="export" rows="8" spellcheck="false" aria-describedby="triage-csv-help">'
        f'{text(sample)}</textarea>'
        f'<p class="calc__help" id="triage-csv-help">As the CRM exports it: the account name column may be '
        f'called {text(names)}. Scores are optional.</p></div>'
        '<div class="calc__field"><label for="triage-file">Or choose the exported file</label>'
        '<input type="file" id="triage-file" name="export_file" accept=".csv,.tsv,.txt,text/csv"></div>'
        '<p><button type="submit" class="md-button md-button--primary">Rank the export</button></p>'
        '<p class="calc__status" data-triage-status role="status" aria-live="polite"></p>'
        '<div class="calc__error" data-triage-errors role="alert"></div>'
        '</form>' + _results(playbook, crm.TriageSession(playbook).handle({"triage": "rank", "csv": sample})))


def _results(playbook: Playbook, answer: dict) -> str:
    """The ranked sample, prerendered: what the page shows before any script runs."""
    rows = "".join(_row(a) for a in answer.get("accounts", ()))
    head = "".join(f'<th scope="col">{text(h)}</th>' for h in TRIAGE_HEAD)
    summary = text(answer.get("summary", ""))
    return (f'<section class="triage-results" data-triage-results aria-label="Ranked CRM export">'
            f'<p data-triage-summary>{summary}</p>'
            '<p><a data-triage-download download="ranked-crm-export.csv" href="#" hidden>'
            'Download the ranked CSV</a></p>'
            f'<p data-triage-showing>{text(answer.get("showing", ""))}</p>'
            f'<div class="md-typeset__scrollwrap alp-cards"><div class="md-typeset__table"><table data-triage-table>'
            f'<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div></div></section>')


def _row(account: dict) -> str:
    d = account["display"]
    cells = [str(account["rank"]), account["name"], d["segment"], d["status"], d["score"], d["action"],
             d["disqualifiers"], d["use_cases"]]
    # Each cell carries its column's label, which a phone's card layout shows beside it.
    tds = "".join((f'<th scope="row" data-label="{attr(h)}">{text(c)}</th>' if i == 1
                   else f'<td data-label="{attr(h)}">{text(c)}</td>')
                  for i, (c, h) in enumerate(zip(cells, TRIAGE_HEAD, strict=True)))
    return f'<tr data-row="{text(account["row"])}">{tds}</tr>'


def currency_note(playbook: Playbook) -> Html:
    """Which currencies the profiles and the tiers are in, and how (whether) the playbook compares them."""
    tiers = playbook.require("tiers")
    profiles = playbook.require("profiles").profiles
    tier_currencies = sorted({t.revenue.currency for t in tiers.tiers} | {t.budget.currency for t in tiers.tiers})
    profile_currencies = sorted({p.retainer.currency for p in profiles})
    if tier_currencies == profile_currencies:
        return Html("")
    rates = playbook.rates
    how = ("The fit check compares them only at the rates set in the data: " + "; ".join(
        r.words() for r in rates) + "."
        if rates else "No exchange rate is set in the data, so the fit check does not compare amounts across "
                      "these currencies: it says it cannot judge.")
    return paragraph(Html(text(f"The profiles' amounts are in {', '.join(profile_currencies)}, the tiers' in "
                               f"{', '.join(tier_currencies)}. {how}")))
