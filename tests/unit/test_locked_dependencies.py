"""Python dependencies are locked with hashes, and the Makefile installs from the locks.

requirements/site-and-test.txt (.venv, Python 3.11: pyproject's `site` and
`test` extras and everything they pull in) and requirements/pyodide-lock.txt
(.venv-lock, Python 3.12) are written by `make lock` (pip-tools); `make
setup` installs them with `pip install --require-hashes`, so a fresh machine
gets exactly what CI tested.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = {"site-and-test": ROOT / "requirements" / "site-and-test.txt",
         "pyodide-lock": ROOT / "requirements" / "pyodide-lock.txt"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, str]:
    """Each package the lock file pins, with its version; fails on an entry without a hash."""
    found = {}
    lines = lock.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if not line or line.startswith((" ", "#")):
            continue
        match = PIN.match(line)
        assert match, f"{lock.name}: line {i + 1} is not an exact pin followed by hashes: {line!r}"
        assert lines[i + 1].strip().startswith("--hash=sha256:"), f"{lock.name}: {match[1]} has no hash"
        found[normal(match[1])] = match[2]
    return found


def requirement(spec: str) -> tuple[str, str]:
    name, version = re.match(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)$", spec.split("#")[0].strip()).groups()
    return normal(name), version


@pytest.mark.parametrize("name", LOCKS)
def test_every_locked_package_is_pinned_exactly_with_hashes(name):
    assert len(pins(LOCKS[name])) > 5


def test_the_site_lock_holds_every_direct_dependency_at_its_pinned_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    direct = [requirement(s) for extra in ("site", "test") for s in project["optional-dependencies"][extra]]
    locked = pins(LOCKS["site-and-test"])
    assert {name: locked.get(name) for name, _ in direct} == dict(direct)
    assert "setuptools" in locked  # the project installs without build isolation, from the lock


def test_the_pyodide_lock_holds_its_input_pins():
    inputs = [requirement(line) for line in (ROOT / "requirements" / "pyodide-lock.in").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    locked = pins(LOCKS["pyodide-lock"])
    assert {name: locked.get(name) for name, _ in inputs} == dict(inputs)


def make_recipe(target: str) -> tuple[str, str]:
    """The prerequisites and recipe of a Makefile target (variables expanded by make itself)."""
    done = subprocess.run(["make", "-pn", "-f", str(ROOT / "Makefile"), target], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    match = re.search(rf"^{re.escape(target)}:(.*?)\n((?:(?:\t.*|#.*)\n)*)", done.stdout, re.M)
    assert match, f"no target {target} in the Makefile"
    return match[1], match[2]


@pytest.mark.parametrize("stamp, lock", [(".venv/.installed", "requirements/site-and-test.txt"),
                                         (".venv-lock/.installed", "requirements/pyodide-lock.txt")])
def test_setup_installs_from_the_lock_with_hashes_and_reinstalls_when_it_changes(stamp, lock):
    prerequisites, recipe = make_recipe(stamp)
    assert lock in prerequisites.split()
    assert f"--require-hashes -r {lock}" in recipe
    installs = [line for line in recipe.splitlines() if "pip install" in line]
    assert all("--require-hashes" in line or "--no-deps" in line for line in installs), installs


def test_the_venv_holds_exactly_what_the_lock_says():
    """After `make setup` (what CI runs first), the running interpreter's packages are the lock's."""
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("runs in the project's .venv")
    done = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
                          capture_output=True, text=True, timeout=120)
    installed = dict(requirement(line) for line in done.stdout.splitlines() if "==" in line)
    installed.pop("pip", None)
    assert installed == pins(LOCKS["site-and-test"])
