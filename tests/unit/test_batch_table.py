"""The prioritise page's table as the worker serves it: sorting, pages, links, export (issue 6)."""

from __future__ import annotations

from pathlib import Path

from calculators.batch import score_csv, to_csv
from calculators.batch_table import ERRORS_SHOWN, PAGE_ROWS, Session, columns
from calculators.loader import load_data_dir
from conftest import FIXTURE_DATA

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = load_data_dir(FIXTURE_DATA)
SAMPLE = (ROOT / "docs" / "playbook" / "sample-accounts.csv").read_text(encoding="utf-8")
HEAD = "name,industry,use_case_fit,commercial_fit,technical_fit,strategic_value,annual_revenue,disqualifiers"


def names(answer: dict) -> list[str]:
    return [row["cells"][1]["text"] for row in answer["rows"]]


def scored(text: str) -> Session:
    session = Session(PLAYBOOK)
    assert session.handle({"csv": text})["ok"]
    return session


def test_first_page_is_the_ranking_of_score_csv():
    answer = Session(PLAYBOOK).handle({"csv": SAMPLE})
    result = score_csv(SAMPLE, PLAYBOOK)
    assert names(answer) == [row[1] for row in result.rows]
    assert [r["rank"] for r in answer["rows"]] == list(range(1, 21))
    assert answer["more"] is False and answer["errors"] == [] and answer["summary"]["scored"] == 20


def test_sorting_by_a_score_keeps_ties_in_rank_order_both_ways():
    session = scored(f"{HEAD}\nA,,5,5,5,5,,\nB,,9,1,1,1,,\nC,,5,6,6,6,,\nD,,9,2,2,2,,\n")
    up = session.handle({"sort": "use_case_fit", "descending": False})
    down = session.handle({"sort": "use_case_fit", "descending": True})
    assert names(up) == ["C", "A", "D", "B"]
    assert names(down) == ["D", "B", "C", "A"]
    assert down["sort"] == "use_case_fit" and down["descending"] is True


def test_empty_tiers_and_industries_sort_last_either_way():
    session = scored(f"{HEAD}\nA,Gaming,5,5,5,5,,\nB,,6,6,6,6,2000000000,\nC,Banking,7,7,7,7,20000000,\n")
    for descending in (False, True):
        assert names(session.handle({"sort": "Industry", "descending": descending}))[-1] == "B"
        assert names(session.handle({"sort": "Target Account Tier", "descending": descending}))[-1] == "A"
    assert names(session.handle({"sort": "Target Account Tier"})) == ["B", "C", "A"]


def test_show_more_pages_through_the_whole_list():
    rows = "\n".join(f"Account {n},,5,5,5,{n % 11},," for n in range(PAGE_ROWS * 2 + 5))
    session = scored(f"{HEAD}\n{rows}\n")
    seen, offset = [], 0
    while True:
        answer = session.handle({"sort": "name", "descending": False, "offset": offset})
        seen += names(answer)
        offset += len(answer["rows"])
        if not answer["more"]:
            break
    assert len(seen) == len(set(seen)) == PAGE_ROWS * 2 + 5
    assert answer["display"]["showing"] == f"Showing {PAGE_ROWS * 2 + 5:,} of {PAGE_ROWS * 2 + 5:,} ranked accounts."


def test_reasons_link_to_the_tier_each_disqualifier_group_and_the_use_cases():
    session = scored(f"{HEAD}\nA,Gaming,5,5,5,5,2000000000,on_premise_only|real_time_training\n")
    reasons = session.handle({})["rows"][0]["cells"][-1]
    groups = {item.id: group.id for group in PLAYBOOK.disqualifiers.groups for item in group.items}
    tier = PLAYBOOK.tiers.tiers[0]
    gaming = next(i for i in PLAYBOOK.use_cases.industries if i.name == "Gaming")
    assert [(link["kind"], link["id"]) for link in reasons["links"]] == [
        ("tier", tier.id), ("disqualifier", groups["on_premise_only"]),
        ("disqualifier", groups["real_time_training"]), ("use_case", gaming.id)]


def test_export_is_the_ranked_csv_of_to_csv():
    session = scored(SAMPLE)
    session.handle({"sort": "total", "descending": True})
    assert session.handle({"export": "csv"})["csv"] == to_csv(score_csv(SAMPLE, PLAYBOOK))


def test_row_errors_beyond_the_first_hundred_are_counted_not_listed():
    bad = "\n".join(f"Bad {n},,11,5,5,5,," for n in range(ERRORS_SHOWN + 7))
    answer = Session(PLAYBOOK).handle({"csv": f"{HEAD}\nGood,,5,5,5,5,,\n{bad}\n"})
    assert len(answer["errors"]) == ERRORS_SHOWN and answer["errors"][0]["row"] == 3
    assert answer["display"]["errors_more"].startswith("… and 7 more errors")
    assert names(answer) == ["Good"]


def test_requests_before_a_list_or_with_bad_values_are_errors_not_exceptions():
    session = Session(PLAYBOOK)
    assert session.handle({"sort": "total"})["errors"][0]["field"] == "csv"
    session.handle({"csv": SAMPLE})
    sortable = sorted(c.key for c in columns(PLAYBOOK) if c.first)
    assert session.handle({"sort": "reasons"})["errors"][0]["message"] == (
        f"sort must be one of {', '.join(sortable)}, got 'reasons'")
    assert session.handle({"offset": -1})["errors"][0]["field"] == "offset"
    assert session.handle({"export": "xlsx"})["errors"][0]["field"] == "export"
    assert session.handle({"csv": "nothing,here\n"})["ok"] is False
    assert names(session.handle({"sort": "rank"})) == names(Session(PLAYBOOK).handle({"csv": SAMPLE}))  # kept
