"""A writer's edits to data/ keep the checks green; a forbidden edit fails
them with the build's own one-line message.

The edits (tests/writer_edits.py) are those a writer makes every week: a
price, a second pricing tier, a new profile, a band reworded, a band split in
two, sentences reworded, the company renamed. They are applied to a copy of
the real project (with CONTRIBUTING's examples too: `edited_project` in
tests/conftest.py, built once for this file and tests/build/test_contributing.py),
both editions are built strictly from it and the tests that check the real
data for invariants run against it ($PLAYBOOK_DATA_DIR).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

import site_invariants
import writer_edits
from calculators.loader import load_data_dir
from conftest import DATA, ROOT, build_site
from macros import render_values

# Test files that check the real data without building it (invariants only); on the built site, the
# invariants of tests/site_invariants.py are checked below on the sites built from the edited data.
INVARIANT_TESTS = ["tests/unit/test_model.py", "tests/unit/test_render_reference.py", "tests/unit/test_pages.py"]


def run_tests(data_dir, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLAYBOOK_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *files],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def edited(edited_project):
    """The edited data folder (CONTRIBUTING's examples and the writer edits, tests/conftest.py)."""
    return edited_project.project / "data"


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_both_editions_build_strictly_after_the_writer_edits(edited_project, edition):
    done = edited_project.builds[edition]
    assert done.returncode == 0, done.output


def test_the_edits_show_on_the_site(edited, edited_project):
    done = edited_project.builds["internal"]
    assert done.returncode == 0
    text = html.unescape("\n".join(p.read_text(encoding="utf-8") for p in done.site.rglob("*.html")))
    fee = load_data_dir(edited).pricing.tiers[0].fee
    assert render_values.money(fee) in text
    for shown in edited_project.shown:
        assert shown in text, shown


def test_the_real_data_checks_pass_on_the_edited_data(edited):
    done = run_tests(edited, *INVARIANT_TESTS)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_the_site_built_from_the_edited_data_keeps_every_invariant(edited, edited_project):
    done = edited_project.builds["internal"]
    assert done.returncode == 0
    assert site_invariants.typed_figures(done.site, edited) == {}
    assert site_invariants.missing_bands(done.site, edited) == []
    assert site_invariants.incomplete_profiles(done.site, edited) == []
    assert not site_invariants.company_missing(done.site, edited)


def test_a_forbidden_edit_fails_the_checks_with_the_builds_one_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)

    def above_the_range(raw):  # the model forbids a named tier's fee outside the retainer range
        raw["tiers"][0]["fee"]["amount"] = (raw["retainer"].get("max") or raw["retainer"]["min"]) * 10 + 1
        raw["retainer"].setdefault("max", raw["retainer"]["min"] * 10)
    writer_edits.edit(data, "pricing", above_the_range)

    built = build_site(tmp_path / "site", "internal", data_dir=data)
    build_errors = [line for line in (built.stdout + built.stderr).splitlines() if line.startswith("ERROR")]
    assert built.returncode != 0 and len(build_errors) == 1, built.stdout + built.stderr
    message = build_errors[0].split("-  ", 1)[1]
    tier = yaml.safe_load((data / "pricing.yml").read_text(encoding="utf-8"))["tiers"][0]["id"]
    assert re.match(rf'data/pricing\.yml:\d+, tier "{tier}", fee\.amount: must lie within the retainer range ', message)

    checked = run_tests(data, "tests/unit/test_model.py")
    output = checked.stdout + checked.stderr
    assert checked.returncode != 0
    assert f"ERROR: {message}" in output.splitlines(), output
    assert "Traceback" not in output and "assert" not in output
