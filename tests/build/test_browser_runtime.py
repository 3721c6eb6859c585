"""The built site carries its own Pyodide, the calculators wheel and data.

playbook_plugin/runtime.py writes assets/pyodide/<hash>/ (copied from node_modules) and
assets/calculators/ (runtime.json naming a content-addressed lock, wheel and
data); the public edition's wheel and data leave out everything internal.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.exceptions import PluginError

from conftest import DATA, ROOT

PYODIDE = ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")


def load_hook():
    from playbook_plugin import runtime
    return runtime


def manifest(site: Path) -> dict:
    return json.loads((site / "assets/calculators/runtime.json").read_text(encoding="utf-8"))


def wheel_of(site: Path) -> tuple[Path, dict]:
    calculators = site / "assets/calculators"
    lock = json.loads((calculators / manifest(site)["lock"]).read_text(encoding="utf-8"))
    entry = lock["packages"][manifest(site)["package"]]
    return calculators / entry["file_name"], entry


def modules(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {Path(n).stem for n in archive.namelist() if n.startswith("calculators/") and n.endswith(".py")}


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_site_serves_pyodide_itself_without_source_maps(edition, internal_site, public_site):
    site = internal_site if edition == "internal" else public_site
    served = (site / "assets/calculators" / manifest(site)["pyodide"]).resolve()
    assert served.parent == (site / "assets/pyodide").resolve()  # one folder per Pyodide: no two builds share a URL
    assert [p.name for p in served.parent.iterdir()] == [served.name]
    for name in RUNTIME_FILES:
        assert (served / name).read_bytes() == (PYODIDE / name).read_bytes(), name
    for name in manifest(site)["gzipped"]:
        assert gzip.decompress((served / f"{name}.gz").read_bytes()) == (PYODIDE / name).read_bytes(), name
    extra = {f"{name}.gz" for name in manifest(site)["gzipped"]} | {manifest(site)["deferred_stdlib"]}
    # no source maps, no upstream lock
    assert sorted(p.name for p in served.iterdir()) == sorted(set(RUNTIME_FILES) | extra)


def test_lock_names_the_wheel_relative_to_itself_with_its_sha256(internal_site):
    wheel, entry = wheel_of(internal_site)
    assert "://" not in entry["file_name"] and not entry["file_name"].startswith("/")
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["depends"] == [] and entry["imports"] == ["calculators"]
    lock = json.loads((internal_site / "assets/calculators" / manifest(internal_site)["lock"]).read_text())
    assert lock["info"] == json.loads((PYODIDE / "pyodide-lock.json").read_text())["info"]
    assert list(lock["packages"]) == [manifest(internal_site)["package"]]


def test_runtime_files_are_named_by_their_content(internal_site):
    calculators = internal_site / "assets/calculators"
    m = manifest(internal_site)
    for key in ("lock", "data"):
        digest = hashlib.sha256((calculators / m[key]).read_bytes()).hexdigest()[:16]
        assert digest in m[key], f"{m[key]} is not named by its content"
    wheel, _ = wheel_of(internal_site)
    assert wheel.parent.name == hashlib.sha256(wheel.read_bytes()).hexdigest()[:16]


def test_the_worker_scripts_folder_is_named_by_both_scripts_content(tmp_path):
    hook = load_hook()
    scripts = tmp_path / "docs" / "assets" / "js"
    scripts.mkdir(parents=True)
    for name in hook.WORKER_SCRIPTS:
        (scripts / name).write_text(f"// {name}\n", encoding="utf-8")
    config = SimpleNamespace(docs_dir=str(tmp_path / "docs"))
    names = {hook.worker_folder(config)}
    for name in hook.WORKER_SCRIPTS:
        (scripts / name).write_text(f"// {name}, changed\n", encoding="utf-8")
        names.add(hook.worker_folder(config))
    assert len(names) == 1 + len(hook.WORKER_SCRIPTS), "each script's change renames the folder"
    assert all(n.startswith("worker.") for n in names)


def test_public_wheel_leaves_out_the_internal_modules(internal_site, public_site):
    internal, public = modules(wheel_of(internal_site)[0]), modules(wheel_of(public_site)[0])
    assert {"registry", "economics", "readiness", "loader"} <= public
    pipeline = {"accounts", "account_file", "formulas", "ranking", "ranking_session", "row_report", "worksheet"}
    assert not public & ({"scoring", "cli", "__main__"} | pipeline)
    assert {"scoring"} | pipeline <= internal and not internal & {"cli", "__main__"}


def test_public_data_holds_only_the_public_data_files(public_site, internal_site):
    audiences = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["audience"]
                 for p in DATA.glob("*.yml")}
    public = json.loads((public_site / "assets/calculators" / manifest(public_site)["data"]).read_text())
    internal = json.loads((internal_site / "assets/calculators" / manifest(internal_site)["data"]).read_text())
    assert set(public) == {name for name, audience in audiences.items() if audience == "public"}
    assert set(internal) == set(audiences)
    assert manifest(public_site)["edition"] == "public"


def test_missing_setup_fails_the_build_with_one_line(tmp_path):
    hook = load_hook()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    with pytest.raises(PluginError) as failure:
        hook.on_config(SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml")))
    message = str(failure.value)
    assert message == "node_modules/pyodide/pyodide.mjs is missing: run make setup"


def test_same_sources_give_the_same_wheel(tmp_path):
    hook = load_hook()
    wheel = hook.browser_wheel
    sources = wheel.browser_modules(ROOT / "calculators", "public")
    first = wheel.build_wheel(sources, "0.1.0", tmp_path / "a")
    second = wheel.build_wheel(sources, "0.1.0", tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
