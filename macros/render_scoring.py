"""The prioritisation scoring model, its action bands and worked examples
(data/scoring.yml, internal). The arithmetic is the scoring calculator's."""

from __future__ import annotations

from typing import Mapping, Sequence

from markupsafe import Markup

from calculators import registry
from calculators.model import Playbook
from calculators.scoring import Model

from .markup import cell_list, table, tag
from .render_values import number


def scoring_model(playbook: Playbook) -> str:
    """The scoring dimensions: score range, what to weigh, and the calculator's field name."""
    rows = []
    for d in playbook.require("scoring").dimensions:
        scale = f"{number(d.min)}–{number(d.max)}, in steps of {number(d.step)}"
        rows.append((d.name, scale, cell_list(d.criteria), tag("code", d.id)))
    return table(["Dimension", "Score", "What to weigh", "Calculator field"], rows, row_headers=True)


def scoring_total(playbook: Playbook) -> Markup:
    """The highest possible total, for prose such as "a total out of 40"."""
    return Markup(number(playbook.require("scoring").max_total))


def scoring_bands(playbook: Playbook) -> str:
    """Action by total score, highest band first ("35 to 40", "25 to under 35", ...)."""
    model = Model(playbook)
    rows = [(model.band_range(band), band.action) for band in model.bands]
    return table(["Total score", "Action"], rows)


def scoring_examples(playbook: Playbook, examples: Sequence[Mapping]) -> str:
    """Worked examples: each is {"account": label, <dimension id>: score, <flag id>: true, ...},
    scored by the same calculator the scoring page runs."""
    dimensions = playbook.require("scoring").dimensions
    flags = {item.id: item.text for group in playbook.require("disqualifiers").groups for item in group.items}
    rows = []
    for example in examples:
        params = {k: v for k, v in example.items() if k != "account"}
        result = registry.run("scoring", params, playbook)
        if not result["ok"]:
            problems = "; ".join(e["message"] for e in result["errors"])
            raise ValueError(f"scoring_examples: {example.get('account', '?')}: {problems}")
        set_flags = [flags[k] for k, v in result["inputs"].items() if k in flags and v]
        rows.append((example.get("account", ""), *(number(result["inputs"][d.id]) for d in dimensions),
                     "; ".join(set_flags) or "None", result["display"]["total"], result["display"]["outcome"]))
    head = ["Example account", *(d.name for d in dimensions), "Disqualifier", "Total", "Outcome"]
    return table(head, rows, row_headers=True)
