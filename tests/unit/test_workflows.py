"""The forge workflows are valid YAML that run the README's commands.

They are not run here; these tests keep them from rotting: CI runs
`make test` on Python 3.11 and 3.12 with Node 20 and Debian's Chromium,
and the deploy workflow publishes `make public`'s site-public/ to Pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as true.
    value = workflow.get("on", workflow.get(True))
    return {value: None} if isinstance(value, str) else dict(value or {})


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job) if "uses" in step]


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_workflow_is_valid_yaml_with_name_triggers_and_jobs(name):
    workflow = load(name)
    assert isinstance(workflow, dict)
    assert workflow["name"]
    assert triggers(workflow)
    assert workflow["jobs"]
    for job_id, job in workflow["jobs"].items():
        assert job["runs-on"], job_id
        assert all(isinstance(step, dict) and ("run" in step or "uses" in step) for step in steps(job)), job_id
        for step in steps(job):
            if "uses" in step:
                assert "@" in step["uses"], f"{job_id}: pin a version of {step['uses']}"


def test_ci_runs_on_pull_requests_and_pushes():
    assert {"pull_request", "push"} <= set(triggers(load("ci.yml")))


def test_ci_runs_make_test_on_python_311_and_312_with_node_20_and_chromium():
    job = load("ci.yml")["jobs"]["test"]
    assert {"3.11", "3.12"} <= {str(v) for v in job["strategy"]["matrix"]["python"]}
    node = [s for s in steps(job) if s.get("uses", "").startswith("actions/setup-node@")]
    assert node and str(node[0]["with"]["node-version"]) == "20"
    assert "apt-get install" in runs(job) and "chromium" in runs(job)
    assert "${{ matrix.python }}" in runs(job), "the matrix Python must be the one under test"
    assert any(line.strip() == "make test" for line in runs(job).splitlines())


def test_ci_checks_out_before_anything_runs():
    job = load("ci.yml")["jobs"]["test"]
    assert steps(job)[0]["uses"].startswith("actions/checkout@")


def test_deploy_publishes_the_public_edition_on_push_to_main():
    workflow = load("deploy.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert "pull_request" not in triggers(workflow)
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    # DEPLOY=1: the build fails while no contact channel is set (tests/build/test_deploy_gate.py)
    assert any(line.strip() == "make public DEPLOY=1" for line in runs(build).splitlines())
    assert "make build" not in runs(build), "the internal edition must never be published"
    upload = [s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload and upload[0]["with"]["path"] == "site-public"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert "actions/deploy-pages" in uses(deploy)
