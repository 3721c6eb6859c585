"""The checks that block a bad change, each naming the file and the line.

Spelling (codespell with the project word list) and Markdown style
(pymarkdown with .pymarkdown.json) run over the real docs/ and data/ here,
so `make test` and CI enforce them; `make lint` runs the same tools for
writers. Broken links and anchors fail the strict build naming the page;
bad data fails it naming the file, the entry and the field.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site

BIN = Path(sys.executable).parent
CODESPELL = [str(BIN / "codespell")]
PYMARKDOWN = [str(BIN / "pymarkdown"), "--config", str(ROOT / ".pymarkdown.json"), "scan"]
WRITER_FILES = ["docs", "data", *sorted(p.name for p in ROOT.glob("*.md"))]


def run(cmd: list[str]) -> subprocess.CompletedProcess:
    # From the repository root, as `make lint` runs: codespell reads .codespellrc there.
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


def output(done: subprocess.CompletedProcess) -> str:
    return done.stdout + done.stderr


# --- spelling ------------------------------------------------------------------


def test_docs_and_data_have_no_spelling_mistakes():
    done = run(CODESPELL + WRITER_FILES)
    assert done.returncode == 0, "codespell found mistakes (fix them, or add a right word to .codespell-words.txt):\n" + output(done)


def test_spelling_mistake_is_reported_with_file_and_line(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nAll good here.\nThis has teh typo.\n", encoding="utf-8")
    done = run(CODESPELL + [str(page)])
    assert done.returncode != 0
    assert f"{page}:4: teh ==> the" in output(done)


def test_british_american_and_project_words_are_accepted(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Prioritise the optimisation of the organisation; labor or labour, both fine.\n"
        "The COO signs off order fulfilment. Prioritize optimization and organization too.\n",
        encoding="utf-8",
    )
    done = run(CODESPELL + [str(page)])
    assert done.returncode == 0, output(done)


def test_a_misspelling_shown_on_purpose_can_be_fenced_off(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- codespell:ignore-begin -->\n\nThe checker prints `teh ==> the`.\n\n<!-- codespell:ignore-end -->\n"
        "But teh here is caught.\n",
        encoding="utf-8",
    )
    done = run(CODESPELL + [str(page)])
    reports = output(done).strip().splitlines()
    # One report, for the unfenced line (codespell 2.4.3 counts the fenced
    # block's lines one short, so the line number is not pinned here).
    assert len(reports) == 1 and reports[0].startswith(f"{page}:") and reports[0].endswith(": teh ==> the"), reports


def test_data_files_are_spell_checked(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "profiles.yml").write_text("audience: internal\nprofiles:\n  - name: Recieve the brief\n", encoding="utf-8")
    done = run(CODESPELL + [str(data)])
    assert f"{data / 'profiles.yml'}:3: Recieve ==> Receive" in output(done)


# --- Markdown style ------------------------------------------------------------


def test_docs_follow_the_markdown_style():
    done = run(PYMARKDOWN + ["-r", "docs", *WRITER_FILES[2:]])
    assert done.returncode == 0, "pymarkdown found style problems:\n" + output(done)


def test_markdown_style_problem_is_reported_with_file_and_line(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\naudience: public\n---\n\n# Title\n\n#Missing space\n", encoding="utf-8")
    done = run(PYMARKDOWN + [str(page)])
    assert done.returncode != 0
    assert f"{page}:7:1: MD018" in output(done)


def test_material_and_macros_syntax_is_not_a_style_problem(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        """---
audience: internal
title: Nav title
description: One line.
---

# {{ company }} pricing

A paragraph that runs well past eighty characters, because writers keep each paragraph on one line.

!!! note "Before you start"

    Admonition body, indented by four spaces, with a [link](other.md#anchor).

## What does it cost?

{{ pricing_table() }}

{% for profile in playbook.profiles.profiles %}

## {{ profile.name }}

{% endfor %}

<div class="grid cards" markdown>

-   **A card**

    Its text, lined up at four spaces.

</div>

- A list
    - nested by four spaces, as Python-Markdown needs

| Tier | Fee |
| --- | --- |
| Most popular | {{ money(playbook.pricing.tiers[0].fee) }} |

## Heading with its own id { #custom-id }
""",
        encoding="utf-8",
    )
    done = run(PYMARKDOWN + [str(page)])
    assert done.returncode == 0, output(done)


# --- strict build: links and anchors ------------------------------------------


def project_copy(tmp: Path) -> Path:
    """A project whose docs/ is a copy (to break) and everything else links to the real one."""
    project = tmp / "project"
    project.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in ("docs", "mkdocs.yml", "site", "site-public", ".git"):
            (project / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "mkdocs.yml").write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\n", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def broken_links_build(tmp_path_factory):
    """The internal edition built from docs with one broken link and one broken anchor."""
    project = project_copy(tmp_path_factory.mktemp("broken-links"))
    page = project / "docs" / "writers" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nSee [a page that is not there](no-such-page.md)"
        + " and [a section that is not there](data-reference.md#no-such-section).\n",
        encoding="utf-8",
    )
    done = build_site(project / "site", "internal", config=project / "mkdocs.yml", quick_start=False)
    return done.returncode, done.stdout + done.stderr


def test_the_unbroken_copy_builds(tmp_path):
    # Guards the two tests below: they must fail for the broken link, not for the copy.
    project = project_copy(tmp_path)
    done = build_site(project / "site", "internal", config=project / "mkdocs.yml", quick_start=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_broken_internal_link_fails_the_build_naming_the_page(broken_links_build):
    returncode, log = broken_links_build
    assert returncode != 0
    assert "Doc file 'writers/index.md' contains a link 'no-such-page.md'" in log
    assert "'writers/no-such-page.md' is not found among documentation files" in log


def test_broken_anchor_fails_the_build_naming_the_page(broken_links_build):
    returncode, log = broken_links_build
    assert returncode != 0
    assert "Doc file 'writers/index.md' contains a link 'data-reference.md#no-such-section'" in log
    assert "does not contain an anchor '#no-such-section'" in log


# --- strict build: data validation --------------------------------------------
#
# Each kind of data mistake and its one-line message is checked in memory
# (tests/unit/test_model.py, tests/build/test_contributing.py); that the build
# stops with that line and no traceback, once, in tests/build/test_site_content.py.


# --- make lint runs the same checks ---------------------------------------------


def test_make_lint_runs_spelling_style_and_both_strict_builds():
    done = subprocess.run(["make", "-n", "lint"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, MAKEFLAGS=""))
    assert done.returncode == 0, done.stderr
    plan = done.stdout
    assert "playbook_plugin.spelling" in plan  # codespell over docs, data and *.md, as make serve warns
    assert "pymarkdown --config .pymarkdown.json scan -r docs" in plan
    assert "mkdocs build --strict" in plan and "for edition in internal public" in plan
