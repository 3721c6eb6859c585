"""mkdocs-macros entry point: a table of contents of the macros pages call.

Each macro delegates to a render module named for what it renders; no
business rule lives here. The playbook data is loaded and checked once.
Every macro is registered one way: a `render(playbook, *args)` in one of the
tables below (CONTENT_MACROS, CALCULATOR_MACROS, PAGE_MACROS), or a plain
formatter in VALUE_MACROS; define_env registers the tables and nothing else.
"""

import functools
import json
import logging
import posixpath
import sys
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

# mkdocs-macros loads this file by path; the project root makes `macros.*` importable.
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

# The build's one way to its data, shared with the build's plugin (playbook_plugin/build_data.py).
from playbook_plugin import build_data  # noqa: E402

log = logging.getLogger("mkdocs.macros.playbook")
data_log = logging.getLogger("playbook.data")  # not under "mkdocs": a warning, not a strict-mode failure
_macros_env = None

from calculators import registry  # noqa: E402
from calculators.loader import data_warnings  # noqa: E402
from macros import page_errors, page_names  # noqa: E402
from macros import (  # noqa: E402
    render_batch, render_contact, render_decisions, render_examples, render_fit, render_forms, render_guide, render_pricing,
    render_profiles, render_qualification, render_quote, render_reference, render_scoring, render_smb, render_tiers,
    render_use_cases, render_values,
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
    # pricing.yml, profiles.yml and rates.yml: what to quote (internal pages)
    "quote_table": render_quote.quote_table,
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

# The calculators on pages: forms with prerendered results, worked examples, the fit page's notes.
CALCULATOR_MACROS = {
    "calculator_form": render_forms.form,
    "calculator_results": render_forms.results,
    "calculator_output": render_forms.output,
    "calculator_chart": render_forms.chart,
    **{name: getattr(render_examples, name) for name in render_examples.MACROS},
    "batch_columns": render_batch.batch_columns,
    "smb_segment": render_fit.smb_segment,
    "editor_notes": render_fit.editor_notes,
    "currency_note": render_fit.currency_note,
    "data_reference": render_reference.data_reference,
}


def _page():
    """The page being rendered (mkdocs-macros sets env.page before each page)."""
    return _macros_env.page


def _beside_the_page(name: str) -> str:
    """A file next to the page being rendered, such as a sample CSV."""
    return (Path(_page().file.abs_src_path).parent / name).read_text(encoding="utf-8")


def common_prompts(playbook):  # research.yml (internal); links relative to the page
    return render_qualification.common_prompts(playbook, _page().file.src_uri, nav_titles(_macros_env.conf.get("nav")))


def batch_form(playbook, csv_name):
    return render_batch.batch_form(playbook, _beside_the_page(csv_name))


def batch_results(playbook, csv_name, stylesheet):  # both files beside the page
    here = _page().file.src_uri
    css = get_relative_url(posixpath.join(posixpath.dirname(here), stylesheet), _page().url)
    return render_batch.batch_results(playbook, _beside_the_page(csv_name), here,
                                      nav_titles(_macros_env.conf.get("nav")), css)


def owner_decisions(playbook):  # rates, site, pricing, decisions.yml and the editor's notes (internal)
    return render_decisions.owner_decisions(playbook, _page().file.src_uri, nav_titles(_macros_env.conf.get("nav")))


# Macros that also read the page being rendered (links relative to it, files beside it).
PAGE_MACROS = {
    "common_prompts": common_prompts,
    "batch_form": batch_form,
    "batch_results": batch_results,
    "owner_decisions": owner_decisions,
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
    try:
        playbook = build_data.playbook(env.conf)  # bad data or edition: the build's one error line
    except PluginError:  # the build stops before any page renders: name the pages' mistakes now too
        for line in page_names.page_mistakes(Path(env.conf["docs_dir"]), defined_names(env), jinja2.Environment()):
            log.error(line)
        raise
    env.variables["playbook"] = playbook
    for warning in data_warnings(playbook):
        data_log.warning("WARNING -  %s", warning)
    check_cases(playbook, build_data.edition(env.conf), build_data.root(env.conf) / CASES)
    env.variables["company"] = render_values.escaped(playbook.require("site").company_name)
    for name, render in {**CONTENT_MACROS, **CALCULATOR_MACROS, **PAGE_MACROS}.items():
        env.macro(_with_playbook(render, playbook), name)
    for name, format_value in VALUE_MACROS.items():
        env.macro(format_value, name)
    public = build_data.edition(env.conf) == "public"  # the next step in every public page's footer
    env.conf["extra"]["contact_footer"] = str(render_contact.footer(playbook)) if public else ""


def defined_names(env) -> set[str]:
    """Every name a page may use: mkdocs-macros' own, Jinja's, and this module's tables."""
    ours = {*CONTENT_MACROS, *CALCULATOR_MACROS, *PAGE_MACROS, *VALUE_MACROS, "playbook", "company"}
    theirs = {*env.variables, *env.macros, *env.filters, "page", "navigation", "files"}
    return ours | theirs | set(jinja2.Environment().globals)


CASES = Path("tests", "cases", "calculator_cases.json")
"""The calculators' shared cases, in the project folder: run under CPython and Pyodide by the tests."""


def check_cases(playbook, edition: str, path: Path) -> None:
    """Every calculator of the edition has a valid and an invalid shared case, or the build stops."""
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    missing = registry.uncovered(cases, playbook, edition)
    for line in missing[:-1]:
        log.error(line)
    if missing:
        raise PluginError(missing[-1])


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
    """Each page path in the nav configuration and the title the nav gives it; a section's index page
    listed without one (Buyer's guide: [buyers-guide/index.md, ...]) takes the section's title."""
    titles = {}
    for entry in nav or []:
        if isinstance(entry, dict):
            (title, value), = entry.items()
            if isinstance(value, list):
                titles.update(nav_titles(value))
                if value and isinstance(value[0], str):
                    titles.setdefault(value[0], title)
            else:
                titles[value] = title
    return titles
