"""`make serve` shows a writer's mistakes: a real `mkdocs serve` on a free port,
read with an HTTP client.

A broken data file makes every page an error page naming file, entry and
field (never a hanging tab), and the page comes back when the file is fixed;
a macro mistake shows on its page with the file and line; a misspelling is a
warning in the terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import DATA, ROOT

BAD_RETAINER = "    retainer: {currency: GBP, min: 8000, max: lots, per: month}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 20) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(check, timeout: float = 90, what: str = "the server"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


class Preview:
    """A running `mkdocs serve` of a copy of the project (docs/ and data/ copied, the rest linked)."""

    def __init__(self, tmp: Path):
        self.project = tmp / "project"
        self.project.mkdir()
        for entry in ROOT.iterdir():
            if entry.name not in ("docs", "data", "mkdocs.yml", "site", "site-public", ".git", ".cache"):
                (self.project / entry.name).symlink_to(entry)
        shutil.copytree(ROOT / "docs", self.project / "docs")
        shutil.copytree(DATA, self.project / "data")
        (self.project / "mkdocs.yml").write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\n", encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = tmp / "serve.log"
        env = dict(os.environ, PLAYBOOK_SITE_URL=self.url, PLAYBOOK_DATA_DIR=str(self.project / "data"),
                   NO_MKDOCS_2_WARNING="1", PLAYBOOK_EDITION="internal")
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{self.port}",
                 "--watch", "data", "--config-file", "mkdocs.yml"],
                cwd=self.project, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_for(lambda: get(self.url)[0] == 200, what="the first build")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def builds(self) -> int:
        return self.output().count("Documentation built in")

    def edit(self, relative: str, change) -> None:
        """Change a file of the copy and wait until the server has rebuilt (or failed to)."""
        before = self.output().count("Detected file changes")
        path = self.project / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        wait_for(lambda: self.output().count("Detected file changes") > before, what="the file change")
        wait_for(lambda: self.settled(), what="the rebuild")

    def settled(self) -> bool:
        tail = self.output().rsplit("Detected file changes", 1)[-1]
        return "Reloading browsers" in tail

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    server = Preview(tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()


def epoch_of(page: str) -> int:
    """The build the page was served from, as the live-reload script knows it."""
    return int(re.search(r"livereload\((\d+),", page)[1])


def break_retainer(text: str) -> str:
    lines = text.splitlines()
    at = [i for i, line in enumerate(lines) if line.strip().startswith("retainer:")][1]
    lines[at] = BAD_RETAINER
    return "\n".join(lines) + "\n"


def test_broken_data_shows_an_error_page_and_the_page_returns_when_fixed(preview):
    good = preview.project / "data" / "profiles.yml"
    original = good.read_text(encoding="utf-8")
    preview.edit("data/profiles.yml", break_retainer)

    status, page = get(preview.url + "playbook/profiles/", timeout=10)  # answers at once: no hanging tab
    assert status == 200
    assert "The preview did not build" in page
    assert 'data/profiles.yml: profiles[1].retainer.max: expected a number, got &quot;lots&quot;' in page
    assert "Traceback" not in page
    broken_epoch = epoch_of(page)  # the live-reload script is there, so the page reloads when fixed

    status, missing = get(preview.url + "no-such-page/", timeout=10)
    assert status == 404 and "The preview did not build" in missing

    preview.edit("data/profiles.yml", lambda text: original)
    assert int(get(preview.url + f"livereload/{broken_epoch}/1", timeout=70)[1]) > broken_epoch
    status, page = get(preview.url + "playbook/profiles/", timeout=10)
    assert status == 200 and "The preview did not build" not in page and "<h2 id=" in page


def test_a_macro_mistake_shows_on_its_page_with_file_and_line(preview):
    page_file = "docs/writers/index.md"
    original = (preview.project / page_file).read_text(encoding="utf-8")
    lines = original.splitlines()
    at = lines.index("# Writing the playbook") + 2
    preview.edit(page_file, lambda text: "\n".join(lines[:at] + ["Our name: {{ compnay }}.", ""] + lines[at:]) + "\n")
    try:
        status, page = get(preview.url + "writers/", timeout=10)
        assert status == 200
        message = f"docs/writers/index.md:{at + 1}: &#x27;compnay&#x27; is undefined"
        assert message in page
        assert f"ERROR   -  docs/writers/index.md:{at + 1}: 'compnay' is undefined" in preview.output()
        assert "Traceback" not in preview.output()
    finally:
        preview.edit(page_file, lambda text: original)


def test_a_misspelling_is_a_warning_in_the_preview(preview):
    page_file = "docs/writers/index.md"
    original = (preview.project / page_file).read_text(encoding="utf-8")
    changed = original + "\nWe recieve every pull request.\n"
    preview.edit(page_file, lambda text: changed)
    try:
        line = changed.splitlines().index("We recieve every pull request.") + 1
        wait_for(lambda: f"WARNING -  Spelling: docs/writers/index.md:{line}: recieve ==> receive" in preview.output(),
                 timeout=20, what="the spelling warning")
        status, page = get(preview.url + "writers/", timeout=10)
        assert status == 200 and "The preview did not build" not in page
    finally:
        preview.edit(page_file, lambda text: original)
