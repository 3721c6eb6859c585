"""The public edition holds no internal material anywhere, and both editions
carry a Content-Security-Policy.

Markers are drawn from the internal data and pages themselves (every
distinctive string that the public sources do not also contain), so a new
internal fact is covered without editing this test.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.meta import get_data

from conftest import DATA, ROOT, build_site

MIN_MARKER = 12  # with a space, - or _: phrases and ids, not lone common words


QUOTED = "says"
"""data/decisions.yml quotes the sources word for word, public pages among them: quotations mark nothing."""


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != QUOTED:
                yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _data_files(audience):
    for path in sorted(DATA.glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if raw.get("audience") == audience:
            yield path, raw


def _pages(audience):
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if get_data(text)[1].get("audience", "internal") == audience:
            yield path, text


def internal_markers() -> set[str]:
    """Distinctive internal strings that no public source contains."""
    public_text = " ".join("\n".join(  # line breaks in a page's Markdown are not content: words compared
        [t for _, t in _pages("public")] + [s for _, raw in _data_files("public") for s in _strings(raw)]
    ).split()).lower()
    candidates = {s for _, raw in _data_files("internal") for s in _strings(raw)}
    for path, text in _pages("internal"):
        title = re.search(r"^#\s+(.+)$", get_data(text)[0], re.M)
        if title and "{{" not in title[1]:
            candidates.add(title[1].strip())
    distinctive = {c for c in candidates if len(c) >= MIN_MARKER and re.search(r"[\s_-]", c)}
    return {c for c in distinctive if " ".join(c.split()).lower() not in public_text}


def site_texts(site: Path):
    """(name, text) for every output file, and for every member of archives: the smallest files first."""
    for path in sorted((p for p in site.rglob("*") if p.is_file()), key=lambda p: (p.stat().st_size, p)):
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    yield f"{name}!{member}", archive.read(member).decode("utf-8", "ignore")
        elif path.suffix == ".gz":
            yield name, gzip.decompress(data).decode("utf-8", "ignore")
        else:
            yield name, data.decode("utf-8", "ignore")


def leaks(site: Path, markers: set[str]) -> list[str]:
    found, by_content = [], {}  # a text seen before (Pyodide's WebAssembly and its gzipped copy) is searched once
    for name, text in site_texts(site):
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        if key not in by_content:
            by_content[key] = [m for m in markers if m in text]
        found += [f"{name}: {m!r}" for m in by_content[key]]
    return found


def test_markers_cover_every_internal_data_file():
    markers = internal_markers()
    assert len(markers) > 100
    for path, raw in _data_files("internal"):
        assert any(s in markers for s in _strings(raw)), f"no marker drawn from {path.name}"


def test_internal_edition_contains_the_markers(internal_site):
    markers = internal_markers()
    present = set()
    for _, text in site_texts(internal_site):  # smallest first: the pages; the search ends once enough are found
        present |= {m for m in markers - present if m in text}
        if len(present) >= 0.8 * len(markers):
            break
    # Not every marker is rendered verbatim (prompts get the company name), but most must be.
    assert len(present) >= 0.8 * len(markers)


def test_public_edition_leaks_no_internal_material(public_site):
    assert leaks(public_site, internal_markers()) == []


def test_public_edition_has_no_internal_pages_in_nav_search_or_sitemap(public_site):
    internal = [p.relative_to(ROOT / "docs").as_posix()[:-3] for p, _ in _pages("internal")]
    assert not (public_site / "playbook").exists()
    for name in ("search/search_index.json", "sitemap.xml", "index.html"):
        text = (public_site / name).read_text(encoding="utf-8")
        for page in internal:
            assert page + "/" not in text, f"{name} mentions internal page {page}"


def test_public_edition_keeps_the_public_pages(public_site):
    for path, _ in _pages("public"):
        rel = path.relative_to(ROOT / "docs").with_suffix("")
        built = public_site / ("index.html" if rel.name == "index" and rel.parent == Path(".") else
                               (rel.parent if rel.name == "index" else rel) / "index.html")
        assert built.exists(), f"public page {rel} missing from the public edition"


@pytest.fixture
def docs_copy(tmp_path):
    """A copy of the project's config and docs whose pages a test may change."""
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name in ("node_modules", "data", "macros", "calculators", "tests", ".venv-lock", "pyproject.toml", "README.md",
                 ".cache"):
        if (ROOT / name).exists():
            (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def test_public_page_linking_an_internal_page_fails_the_public_build(docs_copy, tmp_path_factory):
    index = docs_copy / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n\nSee the [scoring model](playbook/scoring.md).\n",
                     encoding="utf-8")
    done = build_site(tmp_path_factory.mktemp("out"), "public", config=docs_copy / "mkdocs.yml", quick_start=False)
    assert done.returncode != 0
    assert "playbook/scoring.md" in done.stderr + done.stdout


def test_page_without_audience_is_internal(docs_copy, tmp_path_factory):
    (docs_copy / "docs" / "forgotten.md").write_text("# Forgotten page\n\nSecret pricing notes.\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    done = build_site(out, "public", config=docs_copy / "mkdocs.yml", quick_start=False)
    assert done.returncode == 0, done.stderr
    assert (out / "index.html").exists()
    assert not (out / "forgotten").exists()


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_every_page_has_a_same_origin_content_security_policy(edition, internal_site, public_site):
    site = internal_site if edition == "internal" else public_site
    for page in site.rglob("*.html"):
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', head)
        assert policy, f"{page} has no CSP"
        script_src = re.search(r"script-src ([^;]+)", policy[1])[1].split()
        assert script_src[:2] == ["'self'", "'wasm-unsafe-eval'"]
        assert all(s.startswith("'sha256-") for s in script_src[2:])
        assert "unsafe-inline" not in script_src and "'unsafe-eval'" not in script_src


def test_unknown_edition_fails_the_build_with_one_line(tmp_path):
    done = build_site(tmp_path / "out", "bogus")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "unknown edition 'bogus'; expected one of internal, public" in output
    assert "Traceback" not in output
