"""/llms.txt and /playbook.json: an AI assistant answers from the same source.

Both come from playbook_plugin/exports.py in every build. The public edition exports
only public data files and lists only public pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.meta import get_data

from calculators.loader import load_data_dir, playbook_from_json, playbook_to_json
from calculators.model import FILES
from conftest import DATA, ROOT

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")


def data_audiences() -> dict[str, str]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["audience"]
            for p in sorted(DATA.glob("*.yml"))}


def page_urls(edition: str) -> dict[str, str]:
    """Each page of the edition (docs path) and its URL relative to the site root."""
    urls = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        rel = path.relative_to(ROOT / "docs").as_posix()
        audience = get_data(path.read_text(encoding="utf-8"))[1].get("audience", "internal")
        if edition == "internal" or audience == "public":
            stem = rel[: -len("index.md")] if rel.endswith("index.md") else rel[:-3] + "/"
            urls[rel] = stem or "./"
    return urls


def exported(site: Path) -> dict:
    return json.loads((site / "playbook.json").read_text(encoding="utf-8"))


def llms(site: Path) -> str:
    return (site / "llms.txt").read_text(encoding="utf-8")


def base_url(text: str) -> str:
    """What llms.txt puts before a site path: the site_url (public edition) or nothing."""
    link = next(url for _, url in LINK.findall(text) if url.endswith("playbook.json"))
    return link[: -len("playbook.json")]


def resolves(site: Path, url: str) -> bool:
    target = site / url
    return target.is_file() or (target / "index.html").is_file()


# --- playbook.json -------------------------------------------------------------


def test_internal_playbook_json_is_all_the_data(internal_site):
    assert exported(internal_site) == json.loads(playbook_to_json(load_data_dir(DATA, "internal")))
    assert set(exported(internal_site)) == set(FILES)


def test_public_playbook_json_holds_only_public_data_files(public_site):
    public = {name for name, audience in data_audiences().items() if audience == "public"}
    assert set(exported(public_site)) == public
    assert all(record["audience"] == "public" for record in exported(public_site).values())
    assert exported(public_site) == json.loads(playbook_to_json(load_data_dir(DATA, "public")))


def test_playbook_json_reads_back_into_the_same_playbook(internal_site):
    text = (internal_site / "playbook.json").read_text(encoding="utf-8")
    assert playbook_from_json(text) == load_data_dir(DATA, "internal")


# --- llms.txt --------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_llms_txt_follows_the_llmstxt_format(edition, internal_site, public_site):
    site = internal_site if edition == "internal" else public_site
    lines = llms(site).splitlines()
    company = load_data_dir(DATA, edition).require("site").company_name
    assert lines[0].startswith("# ") and company in lines[0]
    assert lines[1] == "" and lines[2].startswith("> ")
    assert [line for line in lines if line.startswith("## ")], "sections of links"
    assert not [line for line in lines if line.startswith("# ")][1:], "only one title"
    first_section = next(i for i, line in enumerate(lines) if line.startswith("## "))
    for line in lines[first_section:]:
        assert not line or line.startswith(("## ", "- [")), f"sections hold only lists of links: {line}"
        if line.startswith("- "):
            assert LINK.match(line[2:]), f"a list line that does not start with a link: {line}"


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_llms_txt_links_every_page_of_the_edition_and_every_link_resolves(edition, internal_site, public_site):
    site = internal_site if edition == "internal" else public_site
    text = llms(site)
    base = base_url(text)
    assert base == "" if edition == "internal" else base.startswith("https://")
    links = [url for _, url in LINK.findall(text)]
    for rel, url in page_urls(edition).items():
        assert f"]({base}{url})" in text, f"llms.txt does not list {rel}"
    for url in links:
        assert url.startswith(base), url
        assert resolves(site, url[len(base):]), f"llms.txt links to {url}, which the {edition} site does not have"


def test_each_page_in_llms_txt_has_a_one_line_description(internal_site):
    pages = [line for line in llms(internal_site).splitlines() if line.startswith("- [") and "playbook.json" not in line]
    assert pages
    for line in pages:
        title, _, description = line.partition("): ")
        assert description.strip(), f"no description: {line}"


def test_llms_txt_points_to_playbook_json_for_every_exported_file(internal_site, public_site):
    for site in (internal_site, public_site):
        text = llms(site)
        assert f"]({base_url(text)}playbook.json)" in text
        for name in exported(site):
            assert f"`{name}`" in text


def test_llms_txt_answers_each_common_prompt_from_data_and_pages(internal_site):
    playbook = load_data_dir(DATA, "internal")
    company = playbook.require("site").company_name
    lines = llms(internal_site).splitlines()
    for prompt in playbook.require("research").common_prompts:
        shown = prompt.text.replace("{company}", company)
        line = next((line for line in lines if line.startswith(f'- "{shown}"')), None)
        assert line, f"llms.txt does not answer the common prompt {shown!r}"
        keys = re.findall(r"`([a-z_]+)`", line)
        assert keys and set(keys) <= set(FILES), line
        assert LINK.search(line), f"no page for {shown!r}"


def test_public_llms_txt_names_no_internal_page_prompt_or_data(public_site):
    text = llms(public_site)
    internal_urls = set(page_urls("internal").values()) - set(page_urls("public").values())
    base = base_url(text)
    for _, url in LINK.findall(text):
        assert url[len(base):] not in internal_urls, f"public llms.txt links internal page {url}"
    assert "Common prompts" not in text and "playbook.json `" not in text
    for name, audience in data_audiences().items():
        if audience == "internal":
            assert f"`{name}`" not in text
