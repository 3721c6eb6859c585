"""The public edition is not published without a way to act: a deploy build (PLAYBOOK_DEPLOY=1, what
`make public DEPLOY=1` and the deploy workflow set) fails while data/site.yml sets no contact channel,
naming the file; with a channel it builds. Previews and test builds go on without one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from conftest import FIXTURE_DATA, MKDOCS, ROOT, fixture_data_with_channels


def deploy_build(site_dir: Path, data_dir: Path, deploy: str = "1") -> subprocess.CompletedProcess:
    env = dict(os.environ, PLAYBOOK_EDITION="public", PLAYBOOK_DATA_DIR=str(data_dir), PLAYBOOK_DEPLOY=deploy,
               PLAYBOOK_QUICK_START="0", NO_MKDOCS_2_WARNING="1")  # no calculator of it runs
    return subprocess.run(MKDOCS + ["build", "--strict", "--site-dir", str(site_dir)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def test_a_deploy_build_without_a_contact_channel_fails_naming_site_yml(tmp_path):
    done = deploy_build(tmp_path / "site", FIXTURE_DATA)
    assert done.returncode != 0
    assert "data/site.yml sets no contact channel" in done.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_deploy_build_with_a_contact_channel_builds_and_counts_the_open_decisions(tmp_path):
    data = fixture_data_with_channels(tmp_path)
    done = deploy_build(tmp_path / "site", data)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "The owner's decisions: " in done.stderr and " open (" in done.stderr
    assert "hello@example.com" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_make_public_deploy_and_the_deploy_workflow_set_the_deploy_mode():
    dry = subprocess.run(["make", "-n", "public", "DEPLOY=1"], cwd=ROOT, capture_output=True, text=True)
    assert "PLAYBOOK_DEPLOY=1" in dry.stdout
    preview = subprocess.run(["make", "-n", "public"], cwd=ROOT, capture_output=True, text=True)
    assert "PLAYBOOK_DEPLOY=1" not in preview.stdout
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "make public DEPLOY=1" in runs
