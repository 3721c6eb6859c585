"""Shared fixtures: the repository root and real MkDocs builds of both editions.

Each edition is built once per test session with the real `mkdocs build
--strict`, into a temporary folder; tests that need a build share it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_site(site_dir: Path, edition: str = "internal", data_dir: Path | None = None,
               config: Path | None = None) -> subprocess.CompletedProcess:
    """Run a real strict MkDocs build; returns the finished process (check returncode)."""
    env = dict(os.environ, PLAYBOOK_EDITION=edition, NO_MKDOCS_2_WARNING="1")
    if data_dir is not None:
        env["PLAYBOOK_DATA_DIR"] = str(data_dir)
    cmd = MKDOCS + ["build", "--strict", "--site-dir", str(site_dir),
                    "--config-file", str(config or ROOT / "mkdocs.yml")]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def _built(tmp_path_factory, edition: str) -> Path:
    site = tmp_path_factory.mktemp(f"site-{edition}")
    done = build_site(site, edition)
    if done.returncode != 0:
        pytest.fail(f"mkdocs build ({edition}) failed:\n{done.stdout}\n{done.stderr}")
    return site


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def internal_site(tmp_path_factory) -> Path:
    """The internal (sales reps') edition, built once."""
    return _built(tmp_path_factory, "internal")


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    """The public (prospects') edition, built once."""
    return _built(tmp_path_factory, "public")
