"""The build's identity, and what keeps it the same for the same sources (playbook_plugin/offline.py,
playbook_plugin/snapshot.py, scripts/make_snapshot.mjs): a service worker and cache per build, never
per day, and per-edition scripts (playbook_plugin/editions.py)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import ROOT, build_site

from playbook_plugin import snapshot

DAY = 86_400


def sw_version(site) -> str:
    return re.search(r'const VERSION = "([0-9a-f]+)";', (site / "sw.js").read_text(encoding="utf-8"))[1]


def test_an_unchanged_site_built_on_another_day_keeps_its_build_and_service_worker(public_site, tmp_path, monkeypatch):
    first = public_site  # built today, as the shared build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_760_000_000 + 40 * DAY))  # a day long past
    later = tmp_path / "site-later"
    done = build_site(later, "public")
    assert done.returncode == 0, done.stderr[-2000:]
    assert (first / "sitemap.xml").read_bytes() != (later / "sitemap.xml").read_bytes(), "the dates differ"
    assert sw_version(first) == sw_version(later)
    assert (first / "sw.js").read_bytes() == (later / "sw.js").read_bytes()
    assert (first / "index.html").read_bytes() == (later / "index.html").read_bytes()


def test_every_page_runtime_json_and_the_service_worker_name_one_build(public_site):
    build = json.loads((public_site / "assets/calculators/runtime.json").read_text(encoding="utf-8"))["build"]
    assert sw_version(public_site) == build
    for page in public_site.rglob("*.html"):
        assert f'<meta name="playbook-build" content="{build}">' in page.read_text(encoding="utf-8"), page


def test_the_same_sources_make_the_same_snapshot(public_site, tmp_path):
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    calculators = public_site / "assets/calculators"
    shipped = json.loads((calculators / "runtime.json").read_text(encoding="utf-8"))["snapshot"]["file"]
    again, how = snapshot.make(ROOT, ROOT / "node_modules/pyodide", calculators, "public", cache=tmp_path)
    assert again is not None, how
    assert how == "made and verified"  # made anew here, not read from the build's cache
    assert again.path.read_bytes() == (calculators / shipped).read_bytes()


def test_the_public_edition_ships_no_script_or_style_of_the_reps_pages(public_site, internal_site):
    for name in ("batch.js",):
        assert (internal_site / "assets/js" / name).exists()
        assert not (public_site / "assets/js" / name).exists()
        assert name not in (public_site / "sw.js").read_text(encoding="utf-8")
    shipped = "".join(p.read_text(encoding="utf-8") for p in public_site.rglob("*.css"))
    assert "batch__" not in shipped and ".batch " not in shipped
    assert "batch__table" in (internal_site / "playbook/prioritise.css").read_text(encoding="utf-8")


def test_the_trimmed_standard_library_runs_every_calculator_case(public_site, tmp_path):
    """What the build checked (playbook_plugin/stdlib.py), again on the shipped file: a plain start on the
    trimmed library alone answers every case of the edition as CPython does."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    calculators = public_site / "assets/calculators"
    manifest = json.loads((calculators / "runtime.json").read_text(encoding="utf-8"))
    trimmed = calculators / manifest["stdlib"]
    assert manifest["stdlib_bytes"] == trimmed.stat().st_size
    assert trimmed.stat().st_size < (ROOT / "node_modules/pyodide/python_stdlib.zip").stat().st_size / 2
    cases = snapshot.edition_cases(ROOT, "public")
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps({"cases": cases}), encoding="utf-8")
    done = snapshot.node(ROOT, "cases", str(calculators), str(trimmed), str(cases_file))
    assert snapshot.compare(ROOT, calculators, cases, done) is None
