"""The browser's copy of the calculators: a wheel and a site-specific lock.

The wheel holds only the modules the edition's pages run (never the command
line, and in the public edition nothing sales-internal); it is built with the
standard `build` tool from a staging copy with a minimal pyproject. The lock
is Pyodide's own pyodide-lock.json plus that wheel (`pyodide lockfile
add-wheels`, which records its sha256 so the browser checks the download),
cut down to the one package the site serves.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

PACKAGE = "calculators"
DIST_NAME = "alp-calculators"

# Modules each edition's wheel leaves out: the command line never runs in a
# browser, and prospects get nothing of the sales-internal calculators.
LEFT_OUT = {
    "internal": ("cli", "__main__"),
    "public": ("cli", "__main__", "scoring", "batch", "batch_table"),
}

PYPROJECT = """\
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "{version}"
description = "The playbook calculators, as run in the browser."
requires-python = ">=3.11"

[tool.setuptools]
packages = ["{package}"]
"""


class WheelError(Exception):
    """A step of the wheel or lock build failed; the message says which."""


def browser_modules(package_dir: Path, edition: str) -> list[Path]:
    """The package's modules that go into the edition's wheel, sorted."""
    left_out = {f"{name}.py" for name in LEFT_OUT[edition]}
    return sorted(p for p in package_dir.glob("*.py") if p.name not in left_out)


def project_version(root: Path) -> str:
    with open(root / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def source_digest(modules: list[Path], *extra: bytes) -> str:
    """A hash of everything that goes into the wheel and lock (the cache key)."""
    digest = hashlib.sha256()
    for path in modules:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for part in extra:
        digest.update(part + b"\0")
    return digest.hexdigest()


def build_wheel(modules: list[Path], version: str, out_dir: Path) -> Path:
    """Build the pure-Python wheel of `modules` into out_dir; returns its path."""
    with tempfile.TemporaryDirectory(prefix="browser-wheel-") as staging:
        staging = Path(staging)
        package = staging / PACKAGE
        package.mkdir()
        for path in modules:
            shutil.copyfile(path, package / path.name)
        (package / "__init__.py").touch()
        (staging / "pyproject.toml").write_text(
            PYPROJECT.format(name=DIST_NAME, version=version, package=PACKAGE), encoding="utf-8")
        # Fixed timestamps make the same sources give the same wheel, byte for byte.
        env = dict(os.environ, SOURCE_DATE_EPOCH="315532800", PYTHONDONTWRITEBYTECODE="1")
        done = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out_dir), str(staging)],
            env=env, capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise WheelError(f"building the calculators wheel failed: {tail[0]}")
    wheels = sorted(out_dir.glob(f"{DIST_NAME.replace('-', '_')}-{version}-*.whl"))
    if len(wheels) != 1:
        raise WheelError(f"building the calculators wheel left {len(wheels)} wheels in {out_dir}")
    return wheels[0]


def site_lock(wheel: Path, pyodide_lock: Path, lock_cli: Path, file_name: str) -> dict:
    """Pyodide's lock with the wheel added, keeping only that package.

    `file_name` is where the wheel will be, relative to the lock's folder.
    """
    with tempfile.TemporaryDirectory(prefix="browser-lock-") as work:
        out = Path(work) / "pyodide-lock.json"
        done = subprocess.run(
            [str(lock_cli), "lockfile", "add-wheels", "--input", str(pyodide_lock), "--output", str(out),
             "--base-path", str(wheel.parent), str(wheel)],
            capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise WheelError(f"pyodide lockfile add-wheels failed: {tail[0]}")
        lock = json.loads(out.read_text(encoding="utf-8"))
    ours = lock["packages"][DIST_NAME]
    if ours["depends"]:
        raise WheelError(f"the calculators wheel must not depend on other packages, got {ours['depends']}")
    ours["file_name"] = file_name
    return {"info": lock["info"], "packages": {DIST_NAME: ours}}
