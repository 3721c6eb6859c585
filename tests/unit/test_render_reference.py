"""The writers' data reference covers every file and field of the model, with
writer-friendly types and examples from the real data, all escaped."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from calculators.loader import load_data_dir, playbook_from_plain
from calculators.model import FILES
from macros.render_reference import data_reference, shared_records
from conftest import DATA

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reference() -> str:
    return data_reference(load_data_dir(DATA, "internal"))


def rows(reference: str) -> dict[str, list[str]]:
    """Field path -> its cells (tags stripped), for every table row."""
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", reference):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        found.setdefault(cells[0], cells)
    return found


def test_every_data_file_has_a_section(reference):
    for name in FILES:
        assert f"## data/{name.replace('_', chr(92) + '_')}.yml {{#{name.replace('_', '-')}-yml}}" in reference


def test_every_field_of_every_file_is_listed(reference):
    listed = rows(reference)

    def paths(cls, prefix=""):
        for field in dataclasses.fields(cls):
            yield prefix + field.name

    for cls in FILES.values():
        for path in paths(cls):
            assert path in listed, f"{cls.__name__}.{path} is missing"
    assert "profiles[].retainer" in listed and "profiles[].buying_process.timeline" in listed
    assert "tiers[].fee.amount" in listed and "tiers[].guarantee.remedy" in listed


def test_types_are_named_in_writer_terms(reference):
    listed = rows(reference)
    assert listed["profiles[].id"][1] == "kebab-case id"
    assert listed["dimensions[].id"][1] == "snake_case name"
    assert listed["profiles[].name"][1] == "text"
    assert listed["dimensions[].step"][1] == "number"
    assert listed["horizon_months"][1] == "whole number"
    assert listed["profiles[].motivations"][1] == "list of text"
    assert listed["profiles"][1] == "list of mappings"
    assert listed["profiles[].buying_process"][1] == "mapping"
    assert listed["range_point"][1] == "one of low, mid, high"
    assert listed["profiles[].retainer"][1] == "money range"


def test_required_and_optional_fields_are_marked(reference):
    listed = rows(reference)
    assert listed["profiles[].name"][2] == "required"
    assert listed["tiers[].revenue_note"][2] == "optional"
    assert listed["tiers[].guarantee"][2] == "optional"


def test_allowed_values_of_a_choice_are_listed(reference):
    assert rows(reference)["audience"][3] == "public, internal (exactly as written)"


def test_examples_come_from_the_real_data_files(reference):
    raw = yaml.safe_load((DATA / "profiles.yml").read_text(encoding="utf-8"))
    listed = rows(reference)
    assert listed["profiles[].id"][5] == raw["profiles"][0]["id"]
    assert listed["profiles[].motivations"][5].startswith(raw["profiles"][0]["motivations"][0][:40])
    assert "(first of" in listed["profiles[].motivations"][5]


def test_shared_shapes_are_described_once_and_linked(reference):
    names = {cls.__name__ for cls in shared_records()}
    assert {"MoneyRange", "Item"} <= names
    assert "### Money range {#money-range}" in reference
    assert '<a href="#money-range">money range</a>' in reference
    assert rows(reference)["currency"][3] == "GBP, USD, EUR (exactly as written)"


def test_data_text_is_escaped(tmp_path):
    raw = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in DATA.glob("*.yml")}
    raw["profiles"]["profiles"][0]["name"] = '<script>alert("x")</script> & co'
    html = data_reference(playbook_from_plain(raw, "internal"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_files_left_out_of_the_edition_show_no_examples():
    html = data_reference(load_data_dir(DATA, "public"))
    assert "## data/profiles.yml {#profiles-yml}" in html  # the shape is still documented
    assert "enterprise-cmo</code>" not in html
