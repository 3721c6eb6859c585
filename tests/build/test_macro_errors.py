"""A writer's macro mistake is one error line naming the page and the line as
the writer sees it in the Markdown file (front matter counted), with no
traceback; the strict build fails and the page shows the same line."""

from __future__ import annotations

import html
import shutil

import pytest
import yaml

from conftest import DATA, ROOT, build_site

# Each mistake goes on its own page, on the line after the page's `#` title and a blank line.
MISTAKES = {
    "writers/index.md": ("Our name: {{ compnay }}.", "'compnay' is undefined (check the name inside {{ }})"),
    "playbook/tiers.md": ("Broken {{ company and more text.", "{{ is not closed with }} on this line"),
    "playbook/triggers.md": ("Fee: {{ money() }}.", "money() missing 1 required positional argument"),
    "playbook/pricing.md": ('{{ profile_table("no-such-profile") }}',
                            "profile_table(): no entry with id 'no-such-profile'; known ids: "),
}


# Mistakes found without rendering a page: a build stopped by a data error names these too.
FOUND_UNRENDERED = ("writers/index.md", "playbook/tiers.md")


def broken_project(tmp, data_mistake: bool = False):
    """A copy of the project with MISTAKES on its pages (and, with `data_mistake`, a bad value in
    data/site.yml, made on the parsed YAML); returns the project and the line of each mistake."""
    project = tmp / "project"
    project.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in ("docs", "data", "mkdocs.yml", "site", "site-public", ".git"):
            (project / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(DATA, project / "data")
    if data_mistake:
        site = project / "data" / "site.yml"
        values = yaml.safe_load(site.read_text(encoding="utf-8"))
        values["company_name"] = ["not", "a", "name"]
        site.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
    (project / "mkdocs.yml").write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\n", encoding="utf-8")
    lines_at = {}
    for page, (mistake, _) in MISTAKES.items():
        path = project / "docs" / page
        lines = path.read_text(encoding="utf-8").splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("# ")) + 2
        lines[at:at] = [mistake, ""]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        lines_at[page] = at + 1
    return project, lines_at


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("macro-errors")
    project, lines_at = broken_project(tmp)
    site = tmp / "site"
    done = build_site(site, "internal", data_dir=project / "data", config=project / "mkdocs.yml", quick_start=False)
    return done, lines_at, site


def test_a_data_mistake_and_the_pages_mistakes_are_named_in_one_build(broken_build, tmp_path):
    rendered, _, _ = broken_build
    project, _ = broken_project(tmp_path, data_mistake=True)
    done = build_site(tmp_path / "site", "internal", data_dir=project / "data", config=project / "mkdocs.yml", quick_start=False)
    errors = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("ERROR")]
    assert done.returncode != 0 and "Traceback" not in done.stdout + done.stderr
    assert any(line.startswith("ERROR   -  data/site.yml:") and "company_name" in line for line in errors), errors
    rendered_errors = (rendered.stdout + rendered.stderr).splitlines()
    for page in FOUND_UNRENDERED:  # the same line, word for word, as when the page is rendered
        assert [line for line in errors if f"docs/{page}:" in line] == \
               [line for line in rendered_errors if f"docs/{page}:" in line], page
    assert not [line for line in errors if "docs/" in line and not line.split("docs/")[1].startswith(FOUND_UNRENDERED)]


def test_the_strict_build_fails_without_a_traceback(broken_build):
    done, _, _ = broken_build
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in output and "Macro Rendering Error" not in output


@pytest.mark.parametrize("page", MISTAKES)
def test_each_mistake_is_one_line_naming_page_and_line(broken_build, page):
    done, lines_at, _ = broken_build
    errors = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("ERROR")]
    mine = [line for line in errors if f"docs/{page}" in line]
    assert len(mine) == 1, errors
    assert mine[0].startswith(f"ERROR   -  docs/{page}:{lines_at[page]}: {MISTAKES[page][1]}"), mine[0]


def test_a_page_with_a_mistake_shows_the_line_in_the_page(broken_build):
    _, lines_at, site = broken_build
    page = (site / "writers" / "index.html").read_text(encoding="utf-8")
    shown = html.escape(f"docs/writers/index.md:{lines_at['writers/index.md']}: 'compnay' is undefined")
    assert 'role="alert"' in page and shown in page


def test_the_error_box_shows_markup_as_text():
    from macros import page_errors

    box = page_errors.error_box("docs/x.md:3: 'compnay' is undefined <b>")
    assert 'role="alert"' in box and "&lt;b&gt;" in box and "<b>" not in box


def test_an_unclosed_opener_is_found_on_its_own_line():
    from macros.page_errors import unclosed_opener

    source = "line one {{ company }}\nline two {{ company\nline three\n{% if x %}done{% endif %}\n"
    assert unclosed_opener(source, 4) == (2, "{{")
    assert unclosed_opener("all {{ closed }}\n", 1) is None
