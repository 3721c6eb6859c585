"""The built site: every seed section is there, every figure comes from data,
a new ICP needs only data, data is escaped, and bad data stops the build with
one clear line.

Exact headings, figures and sentences are checked on a build of the tests'
own pages and data (`fixture_site`, tests/fixtures); the real site is checked
for invariants only, so a writer's edit to docs/ or data/ keeps these green."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from calculators.loader import load_data_dir
from conftest import DATA, ROOT, build_project, project_copy
from macros import render_values
from site_invariants import company_missing, escaped_twice, incomplete_profiles, missing_bands, typed_figures

EVIL = "<script>alert(1)</script>"

# Section headings of the seeds (/work/shared/seeds), as the seeds write them.
SEED_HEADINGS = {
    "000 audience ICPs": [
        "ICP 1 — Enterprise CMO (Global CPG / Retail)",
        "ICP 2 — Chief Digital / Data Officer (Financial Services)",
        "ICP 3 — VP Innovation / Head of Product (VC-backed Scale-up SaaS)",
        "Profile", "Motivations", "Pain Points", "Success Looks Like", "Budget Authority", "Buying Process",
    ],
    "001 rise of the fractional executive": [
        "The Rise of the Fractional Executive", "Why Traditional Approaches Fail", "The CAIO Difference",
        "Strategic Assessment", "Prioritized Deployment", "Continuous Optimization", "Monthly ROI Reporting",
        "Who Needs a Fractional CAIO?", "The Economics", "The Competitive Imperative",
    ],
    "002 buyer's guide": [
        "What is a fractional AI marketing leader?", "The clearest signs you are ready to hire one",
        "When you are not ready", "What should the scope include?", "1. Baseline the commercial system",
        "2. Choose transformation bets", "3. Build the operating system", "4. Transfer ownership",
        "A practical 90-day engagement structure", "Days 1–30: diagnose and choose",
        "Days 31–60: build and operate", "Days 61–90: scale and transfer", "How to evaluate candidates",
        "Ask for a diagnosis, not a demonstration", "Inspect the measurement philosophy",
        "Check whether they can lead adoption", "Demand specific deliverables", "How to compare the economics",
        "Fractional leader", "Full-time leader", "Agency", "Specialist contractor",
        "Red flags in a fractional AI marketing proposal", "Buyer checklist", "The decision rule",
        "Ready to assess the fit?",
    ],
    "003 ICP qualification": [
        "ICP (Ideal Customer Profile)", "Purpose", "Key Salesforce Fields", "Tier 1: Strategic Accounts",
        "Tier 2: Enterprise Accounts", "Tier 3: Growth Accounts", "Examples", "Why They Buy",
        "Use Case Patterns", "By Industry", "Financial Services", "Healthcare/Life Sciences",
        "E-commerce/Retail", "Media/Entertainment", "Gaming", "By Technical Pattern", "Real-time Inference",
        "Batch Processing", "Edge Deployment", "Multi-model Pipelines", "Disqualifiers", "Poor Fit Indicators",
        "Technical Misalignment", "Prioritization Framework", "Scoring Model", "Action by Score",
        "Trigger Events", "Company Triggers", "Technical Triggers", "Market Triggers",
        "Account Research Checklist", "Company Level", "ML Maturity", "Stakeholders", "Common Prompts",
        "Related Sections",
    ],
}
PUBLIC_SEEDS = ("001 rise of the fractional executive", "002 buyer's guide")

HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)


def headings(site: Path) -> set[str]:
    """The text of every heading on every page of a built site."""
    found = set()
    for page in site.rglob("*.html"):
        for _, inner in HEADING.findall(page.read_text(encoding="utf-8")):
            inner = re.sub(r'<a class="headerlink".*?</a>', "", inner, flags=re.S)
            found.add(" ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split()))
    return found


def page_text(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def all_html(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


@pytest.fixture
def fixture_copy(tmp_path):
    """A copy of the tests' own pages and data (tests/fixtures) a test may change."""
    return project_copy(tmp_path, fixture=True)


# --- the seeds' sections, on the tests' own data --------------------------------------


@pytest.mark.parametrize("seed", SEED_HEADINGS)
def test_every_seed_section_heading_is_a_heading_of_the_internal_site(fixture_site, seed):
    missing = [h for h in SEED_HEADINGS[seed] if h not in headings(fixture_site)]
    assert missing == []


@pytest.mark.parametrize("seed", PUBLIC_SEEDS)
def test_public_seed_headings_are_in_the_public_edition(public_site, seed):
    missing = [h for h in SEED_HEADINGS[seed] if h not in headings(public_site)]
    assert missing == []


# --- the real site: invariants ------------------------------------------------------


def built_path(source: Path) -> str:
    """The folder a page of docs/ is built into: playbook/tiers.md -> playbook/tiers, index.md -> ''."""
    path = source.relative_to(ROOT / "docs").with_suffix("").as_posix()
    return path.removesuffix("index").rstrip("/")


@pytest.mark.parametrize("page", sorted(built_path(p) for p in (ROOT / "docs").rglob("*.md")))
def test_every_page_is_built(internal_site, page):
    assert "</article>" in (internal_site / page / "index.html").read_text(encoding="utf-8")


def test_seed_001_figures_come_from_data(fixture_site):
    text = page_text(fixture_site, "fractional-caio")
    for figure in ("$500K to $5M range", "$200K+ full-time salary", "$15,000 to $50,000 for a project",
                   "Within three months", "40 to 60 hours of automatable work", "first two weeks",
                   "90-day transformation roadmap", "between $100K and $3M", "$250,000 to $400,000",
                   "$850 to $5,000 per month", "$2,500 per month", "40-hour guarantee",
                   "$3,000 to $6,000 in monthly labor cost savings"):
        assert figure in " ".join(text.split()), figure


def test_every_money_figure_on_a_content_page_comes_from_data(internal_site):
    assert typed_figures(internal_site, DATA) == {}, "figures typed into pages instead of coming from data/"


def test_every_profile_has_every_section_on_the_site(internal_site):
    assert incomplete_profiles(internal_site, DATA) == []


def test_no_page_of_either_edition_shows_text_escaped_twice(internal_site, public_site):
    for site in (internal_site, public_site):
        assert escaped_twice(site, (DATA, ROOT / "docs")) == {}


def test_company_name_replaces_the_seed_placeholder(internal_site, fixture_site):
    assert "Your Company" not in all_html(internal_site)
    assert not company_missing(internal_site, DATA)
    assert "accounts most likely to succeed with Fixture Partner Co." in page_text(fixture_site, "playbook")
    assert "“Is [Company] a good fit for Fixture Partner Co?”" in page_text(fixture_site, "playbook/research")


def test_scoring_page_shows_every_band_and_worked_examples(internal_site, fixture_site):
    assert missing_bands(internal_site, DATA) == []
    fixture = page_text(fixture_site, "playbook/scoring")
    assert "<td>25 to under 35</td><td>Active pursuit, standard process</td>" in fixture
    assert "Decline: Require on-premise only" in fixture


# --- a new ICP is one YAML entry ------------------------------------------------------

NEW_PROFILE = """
  - id: public-sector-cio
    name: Chief Information Officer (Public Sector Agency)
    role: Chief Information Officer
    company_size: Government agency (5,000+ staff)
    industry: Public sector
    motivations: [Modernise citizen services with governed AI.]
    pain_points: [Procurement frameworks slow every purchase.]
    success_looks_like: ["6 months: first governed AI service live."]
    budget_authority: [Signs advisory contracts within an approved framework.]
    retainer: {currency: GBP, min: 10000, max: 30000, per: month}
    buying_process:
      stakeholders: [CIO (sponsor), Procurement]
      evaluation: Framework-compliant proposals.
      timeline: 3–6 months.
      criteria: Compliance and value for money.
"""


def test_new_icp_appears_on_profiles_comparison_and_pricing_pages(fixture_copy, tmp_path):
    data_copy = fixture_copy / "data"
    n = len(load_data_dir(data_copy).profiles.profiles) + 1
    profiles = data_copy / "profiles.yml"
    profiles.write_text(profiles.read_text(encoding="utf-8").rstrip() + "\n" + NEW_PROFILE, encoding="utf-8")
    site = tmp_path / "site"
    done = build_project(fixture_copy, "internal", site, quick_start=False)
    assert done.returncode == 0, done.stderr
    text = page_text(site, "playbook/profiles")
    assert f'<h2 id="public-sector-cio">ICP {n} — Chief Information Officer (Public Sector Agency)' in text
    for section in ("profile", "motivations", "pain-points", "success-looks-like", "budget-authority",
                    "buying-process"):
        assert f'id="public-sector-cio-{section}"' in text
    assert f"Below are {render_values.count(n)} distinct" in " ".join(text.split())
    comparison = page_text(site, "playbook/profile-comparison")
    assert f"ICP {n}: Chief Information Officer (Public Sector Agency)" in comparison
    assert "£10K–£30K per month" in page_text(site, "playbook/pricing")


# --- escaping ----------------------------------------------------------------------------


def test_markup_in_yaml_shows_as_text_in_the_built_site(fixture_copy, tmp_path):
    data_copy = fixture_copy / "data"
    replacements = {
        "profiles.yml": ("role: Chief Marketing Officer (or EVP Marketing)",
                         f'role: "Chief Marketing Officer {EVIL}"'),
        "buyers_guide.yml": ("  - promises transformation without a discovery phase",
                             f'  - "promises transformation {EVIL}"'),
        "site.yml": ("tagline: Fixture tagline", f'tagline: "{EVIL} Fixture tagline'),
        "triggers.yml": ("Funding rounds (especially B+)", f'"Funding rounds {EVIL}"'),
    }
    for name, (old, new) in replacements.items():
        path = data_copy / name
        text = path.read_text(encoding="utf-8")
        assert old in text, name
        if name == "site.yml":
            line = next(line for line in text.splitlines() if line.startswith("tagline:"))
            text = text.replace(line, line.replace(old, new) + '"')
        else:
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    site_yml = data_copy / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace("Fixture Partner Co", "Fixture & Partner Co"),
                        encoding="utf-8")
    site = tmp_path / "site"
    done = build_project(fixture_copy, "internal", site, quick_start=False)
    assert done.returncode == 0, done.stderr
    assert "alert(1)</script>" not in all_html(site)
    shown = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for page in ("playbook/profiles", "buyers-guide/red-flags-and-checklist", "playbook/triggers"):
        assert shown in page_text(site, page), page
    llms = (site / "llms.txt").read_text(encoding="utf-8")  # Markdown of plain text: nothing escaped for HTML
    assert f"{EVIL} Fixture tagline" in llms and "&lt;" not in llms and "&amp;" not in llms
    assert llms.startswith("# Fixture & Partner Co Playbook\n")


# --- bad data ----------------------------------------------------------------------------


def test_bad_data_fails_the_build_with_one_line_and_no_traceback(fixture_copy, tmp_path):
    data_copy = fixture_copy / "data"
    path = data_copy / "profiles.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    retainers = [i for i, line in enumerate(lines) if line.strip().startswith("retainer:")]
    lines[retainers[2]] = "    retainer: {currency: GBP, min: 8000, max: lots, per: month}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = build_project(fixture_copy, "internal", tmp_path / "site", quick_start=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, output
    assert errors[0].endswith(f'data/profiles.yml:{retainers[2] + 1}, profile "scale-up-product", retainer.max: '
                              'expected a number, got "lots"')
