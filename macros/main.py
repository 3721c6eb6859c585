"""mkdocs-macros entry point: a table of contents of the macros pages call.

Each macro delegates to a render module named for what it renders; no
business rule lives here. The playbook data is loaded and checked once.
"""

import functools
import logging
import posixpath
import sys
from pathlib import Path

from mkdocs.utils import get_relative_url

# mkdocs-macros loads this file by path; the project root makes `macros.*` importable.
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

# The build's one way to its data (hooks/build_data.py), the module the hooks share.
sys.path.insert(0, str(Path(ROOT) / "hooks"))
try:
    import build_data  # noqa: E402
finally:
    sys.path.remove(str(Path(ROOT) / "hooks"))

log = logging.getLogger("mkdocs.macros.playbook")
_macros_env = None

from macros import page_errors  # noqa: E402
from macros import (  # noqa: E402
    render_guide, render_pricing, render_profiles, render_qualification, render_scoring,
    render_smb, render_tiers, render_use_cases, render_values,
)

# Macros that render playbook data: each is called as render(playbook, *args).
# Comments name the data file; internal files render only on internal pages.
CONTENT_MACROS = {
    # profiles.yml (internal)
    "profile_table": render_profiles.profile_table,
    "profile": render_profiles.profile,
    "profiles": render_profiles.profiles,
    "profile_comparison": render_profiles.profile_comparison,
    "profile_retainers": render_profiles.profile_retainers,
    # tiers.yml (internal)
    "salesforce_fields": render_tiers.salesforce_fields,
    "tiers": render_tiers.tiers,
    "tier_summary": render_tiers.tier_summary,
    "tier_budgets": render_tiers.tier_budgets,
    # use_cases.yml (internal)
    "use_cases_by_industry": render_use_cases.use_cases_by_industry,
    "use_cases_by_pattern": render_use_cases.use_cases_by_pattern,
    # scoring.yml (internal; examples also read tiers.yml and disqualifiers.yml)
    "scoring_model": render_scoring.scoring_model,
    "scoring_total": render_scoring.scoring_total,
    "scoring_bands": render_scoring.scoring_bands,
    "scoring_examples": render_scoring.scoring_examples,
    # disqualifiers.yml, triggers.yml, research.yml (internal)
    "disqualifiers": render_qualification.disqualifiers,
    "triggers": render_qualification.triggers,
    "research_checklist": render_qualification.research_checklist,
    # pricing.yml, smb.yml (public)
    "pricing_table": render_pricing.pricing_table,
    "cost_comparison": render_pricing.cost_comparison,
    "typical_results": render_pricing.typical_results,
    "smb_signs": render_smb.smb_signs,
    "smb_profile": render_smb.smb_profile,
    # buyers_guide.yml, readiness.yml, site.yml (public)
    "guide_list": render_guide.guide_list,
    "ready_signs": render_guide.ready_signs,
    "not_ready": render_guide.not_ready,
    "phase_title": render_guide.phase_title,
    "phase_outputs": render_guide.phase_outputs,
    "engagement_days": render_guide.engagement_days,
    "engagement_phases": render_guide.engagement_phases,
    "hiring_models": render_guide.hiring_models,
    "decision_rule": render_guide.decision_rule,
    "red_flags": render_guide.red_flags,
    "buyer_checklist": render_guide.buyer_checklist,
    "contact": render_guide.contact,
}

# Figures inside prose, for example {{ money_range(playbook.pricing.retainer) }}.
VALUE_MACROS = {
    "money": render_values.money,
    "money_range": render_values.money_range,
    "hours_range": render_values.hours_range,
    "number": render_values.number,
    "count": render_values.count,
    "inline_list": render_values.inline_list,
    "escaped": render_values.escaped,
    "by_id": render_values.by_id,
}


def define_env(env):
    global _macros_env  # the page being rendered names itself in macro errors
    _macros_env = env
    if hasattr(type(env), "render"):  # the real plugin: a macro error is one line naming page and line
        page_errors.catch_page_errors(env)
    playbook = build_data.playbook(env.conf)  # bad data or edition: the build's one error line
    env.variables["playbook"] = playbook
    env.variables["company"] = render_values.escaped(playbook.require("site").company_name)
    for name, render in CONTENT_MACROS.items():
        env.macro(_with_playbook(render, playbook), name)
    for name, format_value in VALUE_MACROS.items():
        env.macro(format_value, name)

    def common_prompts(playbook):  # research.yml (internal); links relative to the page
        titles = nav_titles(env.conf.get("nav"))
        return render_qualification.common_prompts(playbook, env.page.file.src_uri, titles)
    env.macro(_with_playbook(common_prompts, playbook), "common_prompts")

    # --- issue 7, writers' workflow: docs/writers/data-reference.md (macros/render_reference.py) ---
    from macros import render_reference
    env.macro(_with_playbook(render_reference.data_reference, playbook), "data_reference")
    # --- end issue 7 ---

    # --- issue 4, calculators in the browser: forms and prerendered results (macros/render_forms.py) ---
    from macros import render_forms
    env.macro(_with_playbook(render_forms.form, playbook), "calculator_form")
    env.macro(_with_playbook(render_forms.results, playbook), "calculator_results")
    env.macro(_with_playbook(render_forms.output, playbook), "calculator_output")
    env.macro(_with_playbook(render_forms.chart, playbook), "calculator_chart")
    # --- end issue 4 ---

    # --- issue 21, the next step in every public page's footer (macros/render_contact.py) ---
    from macros import render_contact
    public = build_data.edition(env.conf) == "public"
    env.conf["extra"]["contact_footer"] = str(render_contact.footer(playbook)) if public else ""
    # --- end issue 21 ---

    # --- issue 6, prioritising a list of accounts: docs/playbook/prioritise.md (macros/render_batch.py) ---
    from macros import render_batch

    def sample(name):  # a CSV next to the page being rendered
        return (Path(env.page.file.abs_src_path).parent / name).read_text(encoding="utf-8")

    def batch_form(playbook, csv_name):
        return render_batch.batch_form(playbook, sample(csv_name))

    def batch_results(playbook, csv_name, stylesheet):  # both files beside the page
        titles = nav_titles(env.conf.get("nav"))
        here = env.page.file.src_uri
        css = get_relative_url(posixpath.join(posixpath.dirname(here), stylesheet), env.page.url)
        return render_batch.batch_results(playbook, sample(csv_name), here, titles, css)
    env.macro(_with_playbook(render_batch.batch_columns, playbook), "batch_columns")
    env.macro(_with_playbook(batch_form, playbook), "batch_form")
    env.macro(_with_playbook(batch_results, playbook), "batch_results")
    # --- end issue 6 ---

    # --- issue 3, worked examples computed by the calculators (macros/render_examples.py) ---
    from macros import render_examples
    for name in render_examples.MACROS:
        env.macro(_with_playbook(getattr(render_examples, name), playbook), name)
    # --- end issue 3 ---


    # --- issue 13, the fit check and editor's notes: docs/playbook/fit.md (macros/render_fit.py) ---
    from macros import render_fit
    env.macro(_with_playbook(render_fit.smb_segment, playbook), "smb_segment")
    env.macro(_with_playbook(render_fit.editor_notes, playbook), "editor_notes")
    env.macro(_with_playbook(render_fit.currency_note, playbook), "currency_note")
    env.macro(_with_playbook(lambda book, name: render_fit.triage_form(book, sample(name)), playbook),
              "triage_form")
    # --- end issue 13 ---


def _with_playbook(render, playbook):
    """The render function with the loaded playbook as its first argument.

    A writer's mistake (an unknown id, internal data on a public page, a bad
    argument) becomes one error line naming the page, the line and the macro,
    which fails the strict build, instead of a traceback; the page shows it.
    """
    @functools.wraps(render)
    def macro(*args, **kwargs):
        try:
            return render(playbook, *args, **kwargs)
        except (LookupError, ValueError, TypeError) as error:
            message = f"{page_errors.where(_macros_env, page_errors.template_line())}: {render.__name__}(): {error}"
            log.error(message)
            return page_errors.error_box(message)  # the preview (make serve) shows it in the page
    return macro


def nav_titles(nav) -> dict:
    """Each page path in the nav configuration and the title the nav gives it."""
    titles = {}
    for entry in nav or []:
        if isinstance(entry, dict):
            (title, value), = entry.items()
            if isinstance(value, list):
                titles.update(nav_titles(value))
            else:
                titles[value] = title
    return titles
