"""Use-case patterns by industry and by technical pattern (data/use_cases.yml, internal)."""

from __future__ import annotations

from markupsafe import Markup

from calculators.model import Playbook

from .markup import blocks, heading, paragraph, table, text, ul


def use_cases_by_industry(playbook: Playbook, level: int = 3) -> str:
    """One heading per industry with its pain points, use cases, key metrics and competition."""
    parts = []
    for industry in playbook.require("use_cases").industries:
        rows = [
            ("Pain Points", ", ".join(industry.pain_points)),
            ("Use Cases", ", ".join(industry.use_cases)),
            ("Key Metrics", ", ".join(industry.key_metrics)),
            ("Competition", ", ".join(industry.competition)),
        ]
        parts += [heading(level, industry.name, industry.id), table(None, rows, row_headers=True, cls="alp-facts")]
    return blocks(*parts)


def use_cases_by_pattern(playbook: Playbook, level: int = 3) -> str:
    """One heading per technical pattern with its traits and example use cases."""
    parts = []
    for pattern in playbook.require("use_cases").technical_patterns:
        label = "Example" if len(pattern.examples) == 1 else "Examples"
        example = Markup(f"<strong>{label}:</strong> {text(', '.join(pattern.examples))}")
        parts += [heading(level, pattern.name, pattern.id), ul(pattern.traits), paragraph(example)]
    return blocks(*parts)
