"""Shared fixtures: the repository root, the two data folders and real MkDocs
builds of both editions.

Two data folders, two kinds of test:

- `DATA` is the playbook's real data (data/, or the copy $PLAYBOOK_DATA_DIR
  names). Tests over it assert invariants only (every profile has every
  section, every band is reachable, every page builds), so a writer's edit
  within the data model's rules never turns them red.
- `FIXTURE_DATA` (tests/fixtures/data/) is a small valid playbook the tests
  own, with clearly made-up values, and `FIXTURE_DOCS` (tests/fixtures/docs/,
  nav in tests/fixtures/mkdocs.yml) the pages built from it. Tests that pin
  exact figures, labels or sentences read them.

A build is either the real docs/ with the real data/ (invariants) or the
fixture pages with the fixture data (exact output), never real pages over
fixture data: a writer's new page line naming a new profile would break it.
Each edition is built once per test run with the real `mkdocs build
--strict`, into a temporary folder; tests that need a build share it.
"""

from __future__ import annotations

import ast
import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from calculators.loader import EDITIONS, load_data_dir, project_data_dir

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
DATA = project_data_dir(ROOT)
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "docs"
FIXTURE_NAV = ROOT / "tests" / "fixtures" / "mkdocs.yml"
NOT_COPIED = ("docs", "data", "mkdocs.yml", "site", "site-public", ".git")
# A project copy links .cache/ too: the build's caches (Pyodide gzipped, the wheel, the start-up snapshot
# and trimmed library, each keyed by a hash of all its inputs) are then made once per distinct code and
# data, not once per copy.
(ROOT / ".cache").mkdir(exist_ok=True)

# Property tests: a quick pass locally, a deeper one in CI (CI=true).
QUIET = [HealthCheck.too_slow]
settings.register_profile("dev", max_examples=40, deadline=None, suppress_health_check=QUIET)
settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))


def nav_pages(config: Path = ROOT / "mkdocs.yml") -> list[str]:
    """Every page the nav of `config` lists (paths under docs/), in nav order: tests derive page lists from it."""
    import yaml

    class Loader(yaml.SafeLoader):  # mkdocs.yml's !ENV tags: their values do not matter here
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)

    def walk(entries) -> list[str]:
        found = []
        for entry in entries or []:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            found += walk(value) if isinstance(value, list) else [value]
        return found
    return walk(yaml.load(config.read_text(encoding="utf-8"), Loader=Loader).get("nav"))


def real_playbook(edition: str = "internal"):
    """The playbook's real data: assert invariants on it, never its content."""
    return load_data_dir(DATA, edition)


def fixture_playbook(edition: str = "internal"):
    """The tests' own small playbook (tests/fixtures/data): pin exact values here."""
    return load_data_dir(FIXTURE_DATA, edition)


def build_site(site_dir: Path, edition: str = "internal", data_dir: Path | None = None,
               config: Path | None = None, cwd: Path = ROOT, quick_start: bool = True) -> subprocess.CompletedProcess:
    """Run a real strict MkDocs build; returns the finished process (check returncode). The shared
    editions are built with their `quick_start` (snapshot, trimmed library); a build whose calculators run
    once or never leaves it out: making a snapshot costs more than one plain start (which test_offline checks)."""
    env = dict(os.environ, PLAYBOOK_EDITION=edition, NO_MKDOCS_2_WARNING="1",
               PLAYBOOK_QUICK_START="1" if quick_start else "0")
    if data_dir is not None:
        env["PLAYBOOK_DATA_DIR"] = str(data_dir)
    cmd = MKDOCS + ["build", "--strict", "--site-dir", str(site_dir),
                    "--config-file", str(config or ROOT / "mkdocs.yml")]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def project_copy(folder: Path, fixture: bool = False) -> Path:
    """A project in `folder`/project whose docs/, data/ and mkdocs.yml are copies a test may change
    (the rest, .cache/ included, is linked): the real pages and data, or with `fixture` the tests' own pages,
    data and nav."""
    project = folder / "project"
    project.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in NOT_COPIED:
            (project / entry.name).symlink_to(entry)
    if fixture:
        shutil.copytree(FIXTURE_DOCS, project / "docs")
        (project / "docs" / "assets").symlink_to(ROOT / "docs" / "assets")  # code, not content
        shutil.copytree(FIXTURE_DATA, project / "data")
        nav = FIXTURE_NAV.read_text(encoding="utf-8")
        (project / "mkdocs.yml").write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\n{nav}", encoding="utf-8")
    else:
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copytree(DATA, project / "data")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def fixture_data_with_channels(folder: Path) -> Path:
    """`folder`/data: the tests' own data with an email address, a WhatsApp number and the person behind
    them in site.yml. The same bytes wherever it is made, so the builds from it share the build's caches."""
    data = folder / "data"
    shutil.copytree(FIXTURE_DATA, data)
    with open(data / "site.yml", "a", encoding="utf-8") as site:
        site.write('contact_email: hello@example.com\nwhatsapp: "+44 20 7946 0000"\n'
                   'person_name: Ada Example\nperson_role: Fractional Chief AI Officer\n'
                   'person_line: Twenty years of running operations.\n')
    return data


def build_project(project: Path, edition: str, site: Path, quick_start: bool = True) -> subprocess.CompletedProcess:
    """A strict build of a `project_copy`, from its own pages, data and (where copied) code."""
    return build_site(site, edition, data_dir=project / "data", config=project / "mkdocs.yml", cwd=project,
                      quick_start=quick_start)


def _shared(tmp_path_factory) -> Path:
    """The run's folder: under pytest-xdist (make test), the one above each worker's own."""
    shared = tmp_path_factory.getbasetemp()
    return shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared


def _built(tmp_path_factory, edition: str, fixture: bool = False) -> Path:
    """The edition built once per run: under pytest-xdist (make test) the first
    worker to ask builds it and the others wait for it and share it."""
    shared = _shared(tmp_path_factory)
    name = f"site-{edition}-{'fixture' if fixture else 'data'}"
    site, done_mark = shared / name, shared / f"{name}.built"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done_mark.exists():
            shutil.rmtree(site, ignore_errors=True)
            if fixture:
                shutil.rmtree(shared / f"{name}-source", ignore_errors=True)
                (shared / f"{name}-source").mkdir()
                # No test runs the fixture site's calculators: no snapshot or trimmed library.
                done = build_project(project_copy(shared / f"{name}-source", fixture=True), edition, site,
                                     quick_start=False)
            else:
                done = build_site(site, edition)
            if done.returncode != 0:
                pytest.fail(f"mkdocs build ({edition}) failed:\n{done.stdout}\n{done.stderr}")
            (shared / f"{name}.log").write_text(done.stdout + done.stderr, encoding="utf-8")
            done_mark.touch()
    return site


def build_output(site: Path) -> str:
    """What the shared build of `site` (internal_site, public_site, fixture_site) printed."""
    return (site.parent / f"{site.name}.log").read_text(encoding="utf-8")


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


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The internal edition of the tests' own pages and data (tests/fixtures): pin exact text here."""
    return _built(tmp_path_factory, "internal", fixture=True)


@dataclass(frozen=True)
class Build:
    """A finished build: where it went, its exit code and what it printed."""

    site: Path
    returncode: int
    output: str


@dataclass(frozen=True)
class EditedProject:
    """A copy of the real project with every CONTRIBUTING example and every writer edit applied."""

    project: Path
    builds: dict  # edition -> Build
    shown: list  # texts the writer edits put on the site


@pytest.fixture(scope="session")
def edited_project(tmp_path_factory) -> EditedProject:
    """The real project as a writer leaves it after following CONTRIBUTING (tests/guide_examples.py) and
    a week of edits (tests/writer_edits.py), both editions built once per run and shared by
    tests/build/test_contributing.py and tests/build/test_writer_edits.py."""
    import guide_examples
    import writer_edits

    shared = _shared(tmp_path_factory)
    folder = shared / "edited"
    with open(shared / "edited.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "edited.built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            project = project_copy(folder)
            guide_examples.apply_every_example(project)  # first: the writer edits then pick free ids
            shown = writer_edits.apply_edits(project / "data")
            (folder / "shown.json").write_text(json.dumps(shown.texts), encoding="utf-8")
            for edition in EDITIONS:
                done = build_project(project, edition, folder / f"site-{edition}", quick_start=False)
                (folder / f"{edition}.json").write_text(json.dumps([done.returncode, done.stdout + done.stderr]),
                                                        encoding="utf-8")
            (shared / "edited.built").touch()
    builds = {}
    for edition in EDITIONS:
        returncode, output = json.loads((folder / f"{edition}.json").read_text(encoding="utf-8"))
        builds[edition] = Build(folder / f"site-{edition}", returncode, output)
    return EditedProject(folder / "project", builds, json.loads((folder / "shown.json").read_text(encoding="utf-8")))


def pytest_configure(config):
    """Check the playbook's data before any test: an edit the data model forbids
    stops the run with the build's own one-line message, not with assertions."""
    from calculators.validate import DataError

    for edition in ("internal", "public"):
        try:
            load_data_dir(DATA, edition)
        except DataError as error:
            raise pytest.UsageError(f"{error}") from None


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: absent under -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    """`make test` (--dist loadgroup) hands tests to its workers one at a time, so one slow file is not
    one worker's whole run, except that the tests of a file that use a module-scoped fixture of that file
    (a build, a running server) go to one worker together, so it is made once. (pytest-xdist's own
    xdist_group marks do not reach its scheduler under pytest 9, which names tests differently.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ByModuleFixture(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file, *_, test = nodeid.split("::")
            if test.split("[")[0] in module_fixture_users(ROOT / file):
                return file
            return super()._split_scope(nodeid)

    return ByModuleFixture(config, log)


@functools.cache
def module_fixture_users(test_file: Path) -> frozenset[str]:
    """The tests of a file that use a module-scoped fixture it defines, directly or through its other fixtures."""
    if test_file.suffix != ".py" or not test_file.is_file():
        return frozenset()
    functions = [node for node in ast.walk(ast.parse(test_file.read_text(encoding="utf-8")))
                 if isinstance(node, ast.FunctionDef)]
    uses = {fn.name: {a.arg for a in fn.args.args + fn.args.kwonlyargs} for fn in functions}
    shared = {fn.name for fn in functions for decorator in fn.decorator_list if isinstance(decorator, ast.Call)
              and any(k.arg == "scope" and getattr(k.value, "value", None) == "module" for k in decorator.keywords)}
    fixtures = {fn.name for fn in functions if not fn.name.startswith("test")}
    while True:
        more = {name for name in fixtures - shared if uses[name] & shared}
        if not more:
            break
        shared |= more
    return frozenset(name for name in uses if name.startswith("test") and uses[name] & shared)
