"""A running `mkdocs serve` of a copy of the project, for the tests of `make serve`
(tests/build/test_serve.py with an HTTP client, tests/browser/test_serve_in_browser.py
with Chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from conftest import DATA, ROOT


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

    def __init__(self, tmp: Path, data: Path = DATA):
        self.project = tmp / "project"
        self.project.mkdir()
        for entry in ROOT.iterdir():
            if entry.name not in ("docs", "data", "mkdocs.yml", "site", "site-public", ".git"):
                (self.project / entry.name).symlink_to(entry)
        shutil.copytree(ROOT / "docs", self.project / "docs")
        shutil.copytree(data, self.project / "data")
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


def break_a_retainer(text: str) -> str:
    """data/profiles.yml with the first profile's retainer.max a word: parsed and written back, never matched as text."""
    raw = yaml.safe_load(text)
    raw["profiles"][0]["retainer"]["max"] = "lots"
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


def broken_retainer_message(text: str) -> str:
    """What the preview says about `break_a_retainer(text)`, after the file and line."""
    return f'profile "{yaml.safe_load(text)["profiles"][0]["id"]}", retainer.max: expected a number, got "lots"'
