"""Each content macro's output, from the render functions called directly.

Exact strings are pinned on the tests' own data (tests/fixtures/data), never on
the playbook's data/, so a writer's edit cannot turn these red.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import typing

import pytest

from conftest import FIXTURE_DATA, ROOT

sys.path.insert(0, str(ROOT))  # `macros` is a folder of the project, not an installed package

from calculators.loader import load_data_dir  # noqa: E402
from macros import (  # noqa: E402
    main, markup, render_guide, render_pricing, render_profiles, render_qualification, render_scoring,
    render_smb, render_tiers, render_use_cases, render_values,
)

EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def pb():
    return load_data_dir(FIXTURE_DATA, "internal")


def items(html: str, tag: str = "li") -> list[str]:
    return re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)


# --- markup and values ---------------------------------------------------------


def test_text_is_escaped_once():
    once = markup.text("<b>Fish & chips</b>")
    assert once == "&lt;b&gt;Fish &amp; chips&lt;/b&gt;"
    assert markup.text(once) == once


def test_table_has_column_and_row_headers():
    html = markup.table(["A", "B"], [("x", "<y>")], row_headers=True, cls="alp-facts")
    assert html.startswith('<div class="alp-facts">\n<table>')
    assert '<th scope="col">A</th>' in html and '<th scope="row">x</th><td>&lt;y&gt;</td>' in html


def test_heading_escapes_markdown_and_html_and_keeps_its_anchor():
    assert markup.heading(2, "A *b* <c> {d}", "a-b") == r"## A \*b\* &lt;c&gt; \{d\} {#a-b}"
    with pytest.raises(ValueError, match="kebab-case"):
        markup.heading(2, "Title", "Not An Anchor")


def test_task_list_uses_material_checkbox_markup():
    html = markup.task_list(["One"])
    assert html.startswith('<ul class="task-list">')
    assert '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled>' in html


def test_labelled_line_puts_the_label_in_bold():
    assert markup.labelled("Frequency: does it happen often?") == "<strong>Frequency</strong>: does it happen often?"
    assert markup.labelled("No label here") == "No label here"


def test_money_and_ranges_read_as_the_seeds_write_them(pb):
    assert render_values.money(pb.pricing.tiers[0].fee) == "$2,500 per month"
    assert render_values.money(pb.pricing.tiers[0].fee, per=False) == "$2,500"
    assert render_values.money_range(pb.pricing.retainer) == "$850 to $5,000 per month"
    assert render_values.money_range(pb.pricing.fulltime_caio, per=False) == "$250,000 to $400,000"
    assert render_values.money_range(pb.profiles.profiles[0].retainer, sep="–", compact=True) == "£8K–£40K per month"
    assert render_values.money_range(pb.smb.fulltime_salary, per=False, compact=True) == "$200K+"
    assert render_values.money_range(pb.smb.revenue, sep=" and ", per=False, compact=True) == "$100K and $3M"
    assert render_values.hours_range(pb.pricing.hours_saved) == "40 to 60 hours per month"


def test_numbers_counts_and_inline_lists():
    assert render_values.number(2500) == "2,500"
    assert render_values.number("0.5") == "0.5"
    assert render_values.count(3) == "three"
    assert render_values.count(("a", "b")) == "two"
    assert render_values.count(12) == "12"
    includes = ("Five core workflow automations", "A custom AI support agent", "CRM integration")
    assert render_values.inline_list(includes) == "five core workflow automations, a custom AI support agent, and CRM integration"
    assert render_values.inline_list(includes, "") == "five core workflow automations, a custom AI support agent, CRM integration"
    assert render_values.inline_list(("focused research", "an analytics cleanup"), "or") == "focused research or an analytics cleanup"


def test_by_id_names_the_ids_there_are(pb):
    with pytest.raises(LookupError, match="no entry with id 'nope'; known ids: enterprise-cmo, "):
        render_values.by_id(pb.profiles.profiles, "nope")


# --- profiles ------------------------------------------------------------------


def test_profile_table_shows_role_size_industry_and_retainer(pb):
    html = render_profiles.profile_table(pb, "financial-services-cdo")
    assert "<th scope=\"row\">Role</th><td>Chief Digital Officer (CDO) or Chief Data Officer (CDO)</td>" in html
    assert "assets or revenue &gt;£500M" in html
    assert "£8K–£60K per month" in html


def test_profiles_render_every_profile_under_a_heading_named_by_its_id(pb):
    md = render_profiles.profiles(pb)
    for n, p in enumerate(pb.profiles.profiles, 1):
        assert f"## ICP {n} — {markup.md_text(p.name)} {{#{p.id}}}" in md
        for title in ("Profile", "Motivations", "Pain Points", "Success Looks Like", "Budget Authority",
                      "Buying Process"):
            assert f"### {title} {{#{p.id}-" in md
        for line in p.motivations + p.pain_points + p.success_looks_like + p.budget_authority:
            assert str(markup.text(line)) in md


def test_one_profile_renders_alone(pb):
    md = render_profiles.profile(pb, "scale-up-product")
    assert md.startswith("## ICP 3 — VP Innovation / Head of Product (VC-backed Scale-up SaaS) {#scale-up-product}")


def test_comparison_has_one_column_per_profile(pb):
    html = render_profiles.profile_comparison(pb)
    head = items(html.split("</thead>")[0], "th")
    assert head[1:] == [f"ICP {n}: {markup.text(p.name)}" for n, p in enumerate(pb.profiles.profiles, 1)]
    assert all(len(items(row, "td")) == len(pb.profiles.profiles) for row in html.split("<tr>")[2:])


def test_retainers_per_profile(pb):
    html = render_profiles.profile_retainers(pb)
    assert "£8K–£60K per month" in html and "£8K–£25K per month" in html


# --- tiers, use cases, qualification ---------------------------------------------------


def test_tiers_keep_the_seed_headings_and_figures(pb):
    md = render_tiers.tiers(pb)
    assert "## Tier 1: Strategic Accounts {#strategic}" in md
    assert "## Tier 3: Growth Accounts {#growth}" in md
    assert "$1B+ per year, or high-growth unicorns" in md
    assert "$100K–$500K per year" in md
    assert md.count("### Why They Buy") == len(pb.tiers.tiers)


def test_tier_summary_and_budgets(pb):
    assert "<th scope=\"row\">2 (Enterprise)</th>" in render_tiers.tier_summary(pb)
    assert "$20K–$100K per year" in render_tiers.tier_budgets(pb)


def test_salesforce_fields(pb):
    html = render_tiers.salesforce_fields(pb)
    assert '<th scope="row">Modality</th><td>Text, Image, Audio, Video, Multimodal</td>' in html


def test_use_cases_by_industry_and_pattern(pb):
    md = render_use_cases.use_cases_by_industry(pb)
    assert "### Healthcare/Life Sciences {#healthcare-life-sciences}" in md
    assert "HIPAA compliance, Accuracy, Explainability" in md
    md = render_use_cases.use_cases_by_pattern(pb)
    assert "### Real-time Inference {#real-time-inference}" in md
    assert "<strong>Examples:</strong> Fraud detection, Chatbots" in md
    assert "<strong>Example:</strong> Document processing" in md


def test_disqualifiers_show_the_calculator_flag(pb):
    md = render_qualification.disqualifiers(pb)
    assert "### Poor Fit Indicators {#poor-fit}" in md
    assert "<td>Budget &lt;$10K annually</td><td><code>budget_under_10k</code></td>" in md


def test_triggers_and_research_checklist(pb):
    assert "### Market Triggers {#market-triggers}" in render_qualification.triggers(pb)
    md = render_qualification.research_checklist(pb, level=2)
    assert "## ML Maturity {#ml-maturity}" in md
    assert md.count('class="task-list-item"') == sum(len(g.items) for g in pb.research.checklist)


TITLES = {"playbook/tiers.md": "Account tiers", "playbook/prioritise.md": "Prioritise accounts"}


def test_common_prompts_name_our_company(pb):
    md = render_qualification.common_prompts(pb, "playbook/research.md", TITLES)
    assert "- “Is \\[Company\\] a good fit for Fixture Partner Co?”: see " in md
    assert "{company}" not in md


def test_common_prompts_link_their_pages_relative_to_the_page(pb):
    md = render_qualification.common_prompts(pb, "playbook/research.md", TITLES)
    assert "[Account tiers](tiers.md)" in md
    assert "[Prioritise accounts](prioritise.md)" in md
    from_home = render_qualification.common_prompts(pb, "index.md", TITLES)
    assert "[Account tiers](playbook/tiers.md)" in from_home


def test_common_prompts_show_markup_as_text(pb):
    research = pb.research
    prompt = dataclasses.replace(research.common_prompts[0], text="<script>alert(1)</script> {company}")
    evil = dataclasses.replace(pb, research=dataclasses.replace(research, common_prompts=(prompt,)))
    md = render_qualification.common_prompts(evil, "playbook/research.md", TITLES)
    assert "<script" not in md and "&lt;script&gt;" in md


# --- scoring -----------------------------------------------------------------------


def test_scoring_model_lists_every_dimension(pb):
    html = render_scoring.scoring_model(pb)
    assert "<th scope=\"row\">Use Case Fit</th><td>0–10, in steps of 0.5</td>" in html
    assert "<code>strategic_value</code>" in html
    assert render_scoring.scoring_total(pb) == "40"


def test_scoring_bands_cover_every_total(pb):
    rows = items(render_scoring.scoring_bands(pb), "tr")[1:]
    assert [items(r, "td") for r in rows] == [
        ["35 to 40", "Immediate priority, full resources"],
        ["25 to under 35", "Active pursuit, standard process"],
        ["15 to under 25", "Nurture, automated touches"],
        ["0 to under 15", "Decline or refer"],
    ]


def test_scoring_examples_use_the_calculator(pb):
    html = render_scoring.scoring_examples(pb, [
        {"account": "Top", "use_case_fit": 9, "commercial_fit": 9, "technical_fit": 8.5, "strategic_value": 9},
        {"account": "Blocked", "use_case_fit": 9, "commercial_fit": 9, "technical_fit": 9, "strategic_value": 9,
         "on_premise_only": True},
    ])
    top, blocked = items(html, "tr")[1:]
    assert "<td>35.5 / 40</td><td>Immediate priority, full resources</td>" in top
    assert "<td>Require on-premise only</td>" in blocked and "Decline: Require on-premise only" in blocked


def test_bad_scoring_example_is_an_error(pb):
    with pytest.raises(ValueError, match="scoring_examples: Odd: .*from 0 to 10"):
        render_scoring.scoring_examples(pb, [{"account": "Odd", "use_case_fit": 11}])


# --- pricing, SMB, buyer's guide ---------------------------------------------------------


def test_pricing_table_shows_the_range_and_only_the_named_tier(pb):
    html = render_pricing.pricing_table(pb)
    rows = items(html, "tr")[1:]
    assert len(rows) == 1 + len(pb.pricing.tiers)
    assert "$850–$5,000 per month" in rows[0]
    assert "$2,500 per month" in rows[1] and "CRM integration" in rows[1]
    assert "40 hours of manual labor saved per month. If we do not mathematically prove" in rows[1]


def test_cost_comparison_and_typical_results(pb):
    html = render_pricing.cost_comparison(pb)
    assert "$250,000–$400,000 per year" in html and "$15,000–$50,000 per project" in html
    html = render_pricing.typical_results(pb)
    assert "40–60 hours per month" in html and "$3,000–$6,000 per month" in html


def test_smb_signs_and_profile(pb):
    assert len(items(render_smb.smb_signs(pb))) == len(pb.smb.manual_work_signs)
    html = render_smb.smb_profile(pb)
    assert "$100K–$3M per year" in html and "Within the first two weeks" in html and "90 days" in html


@pytest.mark.parametrize("name", render_guide.GUIDE_LISTS)
def test_every_guide_list_renders_all_its_lines(pb, name):
    assert len(items(render_guide.guide_list(pb, name))) == len(getattr(pb.buyers_guide, name))


def test_guide_list_labels_and_unknown_names(pb):
    assert "<strong>Commercial diagnosis</strong>: identify" in render_guide.guide_list(pb, "responsibilities")
    with pytest.raises(LookupError, match="no such list in data/buyers_guide.yml"):
        render_guide.guide_list(pb, "phases")


def test_readiness_lists(pb):
    assert len(items(render_guide.ready_signs(pb))) == len(pb.readiness.ready_signs)
    assert "<li>an offer customers do not value</li>" in render_guide.not_ready(pb)


def test_engagement_phases(pb):
    assert render_guide.phase_title(pb, "diagnose-and-choose") == "Days 1–30: diagnose and choose"
    assert render_guide.engagement_days(pb) == "90"
    assert "<li>one tightly scoped pilot</li>" in render_guide.phase_outputs(pb, "diagnose-and-choose")
    html = render_guide.engagement_phases(pb)
    assert '<th scope="row">Days 61–90</th><td>Scale and transfer</td>' in html


def test_hiring_models_and_decision_rule(pb):
    md = render_guide.hiring_models(pb, level=2)
    for model in pb.readiness.hiring_models:
        assert f"## {model.name} {{#{model.id}}}" in md
    rule = items(render_guide.decision_rule(pb))
    assert len(rule) == 4 and rule[0].startswith("Hire a fractional AI marketing leader when")


def test_red_flags_buyer_checklist_and_contact(pb):
    assert len(items(render_guide.red_flags(pb))) == len(pb.buyers_guide.red_flags)
    html = render_guide.buyer_checklist(pb)
    assert html.count('class="task-list-item"') == len(pb.buyers_guide.buyer_checklist)
    assert "Message the fixture desk." in render_guide.contact(pb)


# --- every macro escapes what it renders ---------------------------------------------------

CALLS = {
    "profile_table": ("enterprise-cmo",), "profile": ("enterprise-cmo",), "profiles": (),
    "profile_comparison": (), "profile_retainers": (), "quote_table": (), "salesforce_fields": (), "tiers": (),
    "tier_summary": (), "tier_budgets": (), "use_cases_by_industry": (), "use_cases_by_pattern": (),
    "scoring_model": (), "scoring_total": (), "scoring_bands": (),
    "scoring_examples": ([{"account": EVIL, "use_case_fit": 5}],),
    "disqualifiers": (), "triggers": (), "research_checklist": (),
    "pricing_table": (), "cost_comparison": (), "typical_results": (), "smb_signs": (), "smb_profile": (),
    "guide_list": ("red_flags",), "ready_signs": (), "not_ready": (), "phase_title": ("build-and-operate",),
    "phase_outputs": ("build-and-operate",), "engagement_days": (), "engagement_phases": (),
    "hiring_models": (), "decision_rule": (), "red_flags": (), "buyer_checklist": (), "contact": (),
}
NO_TEXT = {"scoring_total", "engagement_days", "smb_profile", "typical_results"}  # figures only


def poisoned(value):
    """The value with EVIL appended to every free-text field (ids and enums untouched)."""
    if isinstance(value, tuple):
        return tuple(poisoned(v) for v in value)
    if not dataclasses.is_dataclass(value):
        return value
    hints = typing.get_type_hints(type(value))
    changes = {}
    for field in dataclasses.fields(value):
        current = getattr(value, field.name)
        if hints[field.name] in (str, typing.Optional[str]) and current is not None:
            changes[field.name] = f"{current} {EVIL}"
        elif hints[field.name] == tuple[str, ...]:
            changes[field.name] = tuple(f"{v} {EVIL}" for v in current)
        else:
            changes[field.name] = poisoned(current)
    return dataclasses.replace(value, **changes)


def test_every_content_macro_is_covered_here():
    assert set(CALLS) == set(main.CONTENT_MACROS)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_macro_shows_markup_in_data_as_text(pb, name):
    output = str(main.CONTENT_MACROS[name](poisoned(pb), *CALLS[name]))
    assert "<script" not in output and "&amp;lt;" not in output and "&amp;amp;" not in output  # escaped once
    if name not in NO_TEXT:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output
