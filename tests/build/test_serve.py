"""`make serve` shows a writer's mistakes: a real `mkdocs serve` on a free port,
read with an HTTP client.

A broken data file makes every page an error page naming file, entry and
field (never a hanging tab), and the page comes back when the file is fixed;
a macro mistake shows on its page with the file and line; a misspelling is a
warning in the terminal.
"""

from __future__ import annotations

import html
import re
import shutil

import pytest

from conftest import DATA
from preview import Preview, break_a_retainer, broken_retainer_message, get, wait_for


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    server = Preview(tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()


def epoch_of(page: str) -> int:
    """The build the page was served from, as the live-reload script knows it."""
    return int(re.search(r'<script src="/__livereload\.js" data-epoch="(\d+)"', page)[1])


def test_pages_reload_through_a_script_file_the_policy_allows(preview):
    status, page = get(preview.url + "writers/", timeout=10)
    assert status == 200 and "Content-Security-Policy" in page
    assert epoch_of(page) > 0
    assert "var livereload = function" not in page  # MkDocs' inline script, which the policy blocks
    status, script = get(preview.url + "__livereload.js", timeout=10)
    assert status == 200 and "location.reload()" in script


def test_broken_data_shows_an_error_page_and_the_page_returns_when_fixed(preview):
    good = preview.project / "data" / "profiles.yml"
    original = good.read_text(encoding="utf-8")
    preview.edit("data/profiles.yml", break_a_retainer)

    status, page = get(preview.url + "playbook/profiles/", timeout=10)  # answers at once: no hanging tab
    assert status == 200
    assert "The preview did not build" in page
    assert re.search(r"data/profiles\.yml:\d+, " + re.escape(html.escape(broken_retainer_message(original))), page)
    assert "Traceback" not in page
    broken_epoch = epoch_of(page)  # the live-reload script is there, so the page reloads when fixed

    status, missing = get(preview.url + "no-such-page/", timeout=10)
    assert status == 404 and "The preview did not build" in missing

    preview.edit("data/profiles.yml", lambda text: original)
    assert int(get(preview.url + f"livereload/{broken_epoch}/1", timeout=70)[1]) > broken_epoch
    status, page = get(preview.url + "playbook/profiles/", timeout=10)
    assert status == 200 and "The preview did not build" not in page and "<h2 id=" in page


def test_a_macro_mistake_shows_on_its_page_and_a_misspelling_warns(preview):
    page_file = "docs/writers/index.md"
    original = (preview.project / page_file).read_text(encoding="utf-8")
    lines = original.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("# ")) + 2  # below the page's title
    changed = "\n".join(lines[:at] + ["Our name: {{ compnay }}.", ""] + lines[at:])
    changed += "\nWe recieve every pull request.\n"
    preview.edit(page_file, lambda text: changed)
    try:
        status, page = get(preview.url + "writers/", timeout=10)
        assert status == 200
        assert f"docs/writers/index.md:{at + 1}: &#x27;compnay&#x27; is undefined" in page
        assert f"ERROR   -  docs/writers/index.md:{at + 1}: 'compnay' is undefined" in preview.output()
        assert "Traceback" not in preview.output()
        line = changed.splitlines().index("We recieve every pull request.") + 1
        wait_for(lambda: f"WARNING -  Spelling: docs/writers/index.md:{line}: recieve ==> receive" in preview.output(),
                 timeout=20, what="the spelling warning")
    finally:
        preview.edit(page_file, lambda text: original)


def test_serve_started_with_broken_data_shows_the_error_then_the_site(tmp_path):
    data = tmp_path / "broken-data"
    shutil.copytree(DATA, data)
    original = (data / "profiles.yml").read_text(encoding="utf-8")
    (data / "profiles.yml").write_text(break_a_retainer(original), encoding="utf-8")
    server = Preview(tmp_path, data=data)
    try:
        status, page = get(server.url, timeout=10)
        assert status == 200 and "The preview did not build" in page
        assert html.escape(broken_retainer_message(original)) in page
        server.edit("data/profiles.yml", lambda text: original)
        status, page = get(server.url + "playbook/profiles/", timeout=10)
        assert status == 200 and "The preview did not build" not in page
    finally:
        server.stop()
