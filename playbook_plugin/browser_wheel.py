"""The browser's copy of the calculators: a wheel and a site-specific lock.

The wheel holds only the modules the edition's pages run (never the command
line, and in the public edition nothing sales-internal); it is built with the
standard `build` tool from a staging copy with a minimal pyproject. The lock
is Pyodide's own pyodide-lock.json plus that wheel (`pyodide lockfile
add-wheels`, which records its sha256 so the browser checks the download),
cut down to the one package the site serves.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from calculators import registry

PACKAGE = "calculators"
DIST_NAME = "alp-calculators"

COMMAND_LINE = ("cli", "__main__", "decisions")
"""Modules no browser runs (the command line, and the owner's decisions the build lists): every wheel
leaves them out."""

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


def left_out(edition: str) -> tuple[str, ...]:
    """The modules the edition's wheel leaves out: the command line, and each calculator
    the edition does not carry with its companions (read from the declarations)."""
    out = list(COMMAND_LINE)
    for calculator in registry.declarations():
        if not calculator.in_edition(edition):
            out += [calculator.name, *calculator.companions]
    return tuple(out)


def browser_modules(package_dir: Path, edition: str) -> list[Path]:
    """The package's modules that go into the edition's wheel, sorted.

    Raises WheelError when a module that goes in imports one that is left
    out at its top level: the browser would fail on it.
    """
    dropped = set(left_out(edition))
    modules = sorted(p for p in package_dir.glob("*.py") if p.stem not in dropped)
    for path in modules:
        for name in top_level_imports(path.read_text(encoding="utf-8")) & dropped:
            raise WheelError(f"{PACKAGE}/{path.name} imports {PACKAGE}.{name} at its top, which the {edition} "
                             f"edition's browser wheel leaves out; import it inside the function that needs it")
    return modules


def top_level_imports(source: str) -> set[str]:
    """The package's modules a module imports when it is itself imported (not inside functions)."""
    found: set[str] = set()
    pending = list(ast.parse(source).body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.If, ast.Try)):
            pending += node.body + node.orelse + getattr(node, "finalbody", []) \
                + [n for h in getattr(node, "handlers", []) for n in h.body]
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE + "."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == PACKAGE:
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith(PACKAGE + ".")}
    return found


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
