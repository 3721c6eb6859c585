"""Hostile data in real builds of both editions: every text stays text, the
policy allows only the reviewed scripts, and unsafe links fail the build.

A copy of the playbook's data gets a script payload in every free-text field
(found from the model, so a new field is covered with no change here) and
the company name `Acme <script>window.__pwn=1</script>`; the real `mkdocs
build --strict` then runs with PLAYBOOK_DATA_DIR pointing at the copy.
"""

from __future__ import annotations

import copy
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from calculators.model import FILES
from calculators.validate import DataError, parse
from conftest import DATA, build_site
from site_invariants import escaped_twice

# Each breaks out of a different context: text, attribute, <title>, script.
PAYLOAD = ' </title>"\'><script>window.__pwn=1</script><img src=x onerror=window.__pwn=2>'
COMPANY = "Acme <script>window.__pwn=1</script>"
RAW_MARKUP = re.compile(r"<script>window\.__pwn|<img src=x|</title>\"'>")


class Elements(HTMLParser):
    """Every element a browser would build from a page, and the text of its scripts."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def texts(value, path=()):
    """Every text in a raw data tree with the keys and indexes leading to it."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from texts(item, (*path, i))
    elif isinstance(value, str):
        yield path, value


def set_at(tree, path, value):
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


def with_payload(name: str, raw: dict) -> tuple[dict, int]:
    """The file with PAYLOAD appended to each free text the data checks accept it in
    (ids, choices and cross-references keep their values), and how many took it."""
    cls = FILES[name]
    taken = 0
    for path, value in texts(raw):
        if path == ("audience",):
            continue
        trial = copy.deepcopy(raw)
        set_at(trial, path, value + PAYLOAD)
        try:
            parse(cls, trial, f"data/{name}.yml")
        except DataError:
            continue
        raw, taken = trial, taken + 1
    return raw, taken


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA, folder)
    taken = 0
    for name in FILES:
        path = folder / f"{name}.yml"
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        raw, count = with_payload(name, raw)
        if name == "site":
            raw["company_name"] = COMPANY
        taken += count
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert taken > 50  # the payload really went into the data's texts
    return folder


@pytest.fixture(scope="module", params=["internal", "public"])
def hostile_site(request, hostile_data, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp(f"hostile-{request.param}")
    done = build_site(site, request.param, data_dir=hostile_data, quick_start=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return site


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_no_payload_reaches_any_page_as_markup(hostile_site):
    found = {name: RAW_MARKUP.search(html)[0] for name, html in pages(hostile_site).items() if RAW_MARKUP.search(html)}
    assert not found
    for name, html in pages(hostile_site).items():
        elements = Elements(html)
        handlers = [(tag, key) for tag, attrs in elements.tags for key in attrs if key.startswith("on")]
        assert not handlers, name
        assert not [tag for tag, attrs in elements.tags if tag == "img" and attrs.get("src") == "x"], name
        assert not [s for s in elements.scripts if "__pwn" in s], name
    index = (hostile_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not RAW_MARKUP.search(index)  # the theme shows search results as HTML


def test_markup_in_every_text_is_escaped_once_never_twice(hostile_site):
    assert escaped_twice(hostile_site) == {}


def test_the_company_name_is_shown_as_text_on_every_page(hostile_site):
    for name, html in pages(hostile_site).items():
        assert "Acme &lt;script&gt;window.__pwn=1&lt;/script&gt;" in html, name
        title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
        assert "<" not in title, name


def test_the_policy_allows_only_the_reviewed_scripts(hostile_site):
    import hashlib
    import base64
    payload_hash = base64.b64encode(hashlib.sha256(b"window.__pwn=1").digest()).decode()
    for name, html in pages(hostile_site).items():
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
        assert payload_hash not in policy, name
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0], name


UNSAFE_LINKS = {"tagline": "[offer](javascript:alert(1))", "offering": "[offer](JaVaScRiPt:alert(1))",
                "contact": "[offer](&#106;avascript:alert(1))", "company_name": "[offer](data:text/html,x)"}


def test_unsafe_links_in_data_fail_the_build_one_line_each_naming_file_line_and_field(tmp_path):
    """Every spelling of the scheme is refused (tests/unit/test_content_is_text.py tries many more, without
    a build); here one build shows that the build stops with one line per refused link."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    raw = yaml.safe_load((data / "site.yml").read_text(encoding="utf-8"))
    raw.update({field: f"Read our {link} today." for field, link in UNSAFE_LINKS.items()})
    (data / "site.yml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    done = build_site(tmp_path / "site", "public", data_dir=data, quick_start=False)
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    fields = [re.search(r"data/site\.yml:\d+, (\w+): links to ", line)[1] for line in errors]
    assert sorted(fields) == sorted(UNSAFE_LINKS), done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_a_duplicate_key_in_data_fails_the_build_naming_file_line_and_key(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    text = (data / "site.yml").read_text(encoding="utf-8")
    lines = text.count("\n")
    (data / "site.yml").write_text(text + "audience: internal\n", encoding="utf-8")
    done = build_site(tmp_path / "site", "public", data_dir=data, quick_start=False)  # the loader reads every file in each edition
    assert done.returncode != 0
    assert f'data/site.yml:{lines + 1}: duplicate key "audience"' in done.stderr

