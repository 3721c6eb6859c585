"""Every build checks every page's audience: a misspelt `audience: pubic` fails
the internal build, the public build and `make serve` alike, in one line
naming the page (before, only the public build noticed)."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from preview import Preview, get

PAGE = "docs/writers/index.md"
MESSAGE = "docs/writers/index.md: front matter audience: expected public or internal, got 'pubic'"


def misspelt(text: str) -> str:
    head, body = text.split("\n---\n", 1)
    lines = [line for line in head.splitlines() if not line.startswith("audience:")]
    return "\n".join([*lines, "audience: pubic"]) + "\n---\n" + body


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project whose writers' guide says `audience: pubic` (docs/ copied, the rest linked)."""
    copy = tmp_path_factory.mktemp("audience") / "project"
    copy.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in ("docs", "mkdocs.yml", "site", "site-public", ".git"):
            (copy / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", copy / "docs")
    (copy / "mkdocs.yml").write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\n", encoding="utf-8")
    page = copy / PAGE
    page.write_text(misspelt(page.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_a_misspelt_audience_fails_the_build_of_either_edition_naming_the_page(project, tmp_path, edition):
    done = build_site(tmp_path / "site", edition, config=project / "mkdocs.yml", quick_start=False)
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [f"ERROR   -  {MESSAGE}"], done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_a_misspelt_audience_shows_in_the_preview(tmp_path):
    server = Preview(tmp_path)
    try:
        server.edit(PAGE, misspelt)
        status, page = get(server.url + "writers/", timeout=10)
        assert status == 200 and "The preview did not build" in page
        assert MESSAGE in html.unescape(page)
        assert MESSAGE in server.output()
    finally:
        server.stop()
