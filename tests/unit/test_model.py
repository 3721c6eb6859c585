"""The data model: the real data loads and is complete, and each kind of
writer's mistake fails with one line naming the file, the entry and the field.

The mistakes are made on the tests' own data (tests/fixtures/data), in memory
where reading files adds nothing."""

from __future__ import annotations

import copy
import functools
import re
import shutil

import pytest
import yaml

from calculators.loader import load_data_dir, playbook_from_json, playbook_from_plain, playbook_to_json
from calculators.model import FILES
from calculators.validate import DataError
from conftest import DATA, FIXTURE_DATA


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the fixture data (named data, so messages read data/<file>.yml) a test may break."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, folder)
    return folder


@functools.cache
def fixture_raw() -> dict:
    """The fixture data as parsed YAML, read once."""
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FIXTURE_DATA.glob("*.yml"))}


def error_in_memory(name, change) -> str:
    """The one-line error of the fixture data with `change` applied to data/<name>.yml."""
    raw = copy.deepcopy(fixture_raw())
    change(raw[name])
    with pytest.raises(DataError) as caught:
        playbook_from_plain(raw, "internal", "data")
    message = str(caught.value)
    assert "\n" not in message
    return message


def edit(folder, name, change):
    """Load data/<name>.yml, let `change` alter the parsed YAML, write it back."""
    path = folder / f"{name}.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def error_of(folder) -> str:
    with pytest.raises(DataError) as caught:
        load_data_dir(folder)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- the real data ------------------------------------------------------------


def test_real_data_loads_every_file_in_the_internal_edition():
    playbook = load_data_dir(DATA, "internal")
    for name in FILES:
        assert playbook.file(name) is not None, name


def test_public_edition_holds_only_public_files():
    playbook = load_data_dir(DATA, "public")
    for name in FILES:
        raw = yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))
        assert (playbook.file(name) is not None) == (raw["audience"] == "public"), name
    with pytest.raises(LookupError, match="data/profiles.yml is not part of this edition"):
        playbook.require("profiles")


def test_real_data_round_trips_through_json():
    playbook = load_data_dir(DATA, "internal")
    assert playbook_from_json(playbook_to_json(playbook)) == playbook


def test_every_profile_has_every_section():
    profiles = load_data_dir(DATA).profiles.profiles
    assert profiles
    for p in profiles:
        assert p.motivations and p.pain_points and p.success_looks_like and p.budget_authority
        assert p.buying_process.stakeholders


# --- invalid data: one fixture per kind of mistake, with its exact message -------------


def _set(path, value):
    """A change that sets a nested key: path is a list of keys and list indexes."""
    def change(raw):
        target = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _delete(path):
    def change(raw):
        target = raw
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


INVALID = {
    "wrong_type": (
        "profiles", _set(["profiles", 2, "retainer", "max"], "lots"),
        'data/profiles.yml: profiles[2].retainer.max: expected a number, got "lots"'),
    "quoted_number": (
        "pricing", _set(["retainer", "min"], "850"),
        'data/pricing.yml: retainer.min: expected a number, got "850" (remove the quotes)'),
    "text_for_whole_number": (
        "smb", _set(["quick_wins_within_weeks"], "two"),
        'data/smb.yml: quick_wins_within_weeks: expected a whole number, got "two"'),
    "missing_field": (
        "profiles", _delete(["profiles", 0, "role"]),
        "data/profiles.yml: profiles[0].role: missing required field"),
    "empty_text": (
        "tiers", _set(["tiers", 1, "volume"], "  "),
        'data/tiers.yml: tiers[1].volume: expected some text, got "  "'),
    "unknown_field": (
        "profiles", _set(["profiles", 1, "colour"], "blue"),
        "data/profiles.yml: profiles[1].colour: unknown field; allowed fields are id, name, role, company_size, "
        "industry, motivations, pain_points, success_looks_like, budget_authority, retainer, buying_process, fit"),
    "bad_id": (
        "profiles", _set(["profiles", 0, "id"], "Enterprise CMO"),
        'data/profiles.yml: profiles[0].id: expected a kebab-case id like "most-popular", got "Enterprise CMO"'),
    "bad_name": (
        "scoring", _set(["dimensions", 0, "id"], "use-case-fit"),
        'data/scoring.yml: dimensions[0].id: expected a snake_case name like "hours_saved_per_month", got "use-case-fit"'),
    "duplicate_id": (
        "profiles", _set(["profiles", 2, "id"], "enterprise-cmo"),
        'data/profiles.yml: profiles[2].id: duplicate id "enterprise-cmo" (also at profiles[0])'),
    "bad_enum": (
        "pricing", _set(["retainer", "currency"], "YEN"),
        'data/pricing.yml: retainer.currency: expected one of "GBP", "USD", "EUR", got "YEN"'),
    "bad_audience": (
        "site", _set(["audience"], "everyone"),
        'data/site.yml: audience: expected one of "public", "internal", got "everyone"'),
    "negative_money": (
        "smb", _set(["revenue", "min"], -5),
        "data/smb.yml: revenue.min: must not be negative, got -5"),
    "max_below_min": (
        "tiers", _set(["tiers", 1, "budget", "max"], 50000),
        "data/tiers.yml: tiers[1].budget.max: must be at least min (100000), got 50000"),
    "empty_list": (
        "triggers", _set(["groups", 0, "items"], []),
        "data/triggers.yml: groups[0].items: expected at least one item, got an empty list"),
    "list_expected": (
        "profiles", _set(["profiles", 0, "motivations"], "Boost ROI"),
        'data/profiles.yml: profiles[0].motivations: expected a list, got "Boost ROI"'),
    "bands_out_of_order": (
        "scoring", _set(["bands", 1, "min"], 36),
        "data/scoring.yml: bands: list bands highest first, each with a lower min than the one before"),
    "tier_fee_outside_range": (
        "pricing", _set(["tiers", 0, "fee", "amount"], 9000),
        "data/pricing.yml: tiers[0].fee.amount: must lie within the retainer range, got 9000"),
}


@pytest.mark.parametrize("name", INVALID)
def test_invalid_data_fails_with_one_line_naming_file_entry_and_field(name):
    file, change, expected = INVALID[name]
    assert error_in_memory(file, change) == expected


def test_invalid_data_read_from_files_gives_the_same_line(data_copy):
    file, change, expected = INVALID["wrong_type"]
    edit(data_copy, file, change)
    assert error_of(data_copy) == expected


def test_yaml_syntax_error_names_the_line(data_copy):
    path = data_copy / "scoring.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("- id: commercial_fit"))
    lines[at] = "  - id: [commercial_fit"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = error_of(data_copy)
    assert re.fullmatch(r"data/scoring\.yml: line \d+: this is not valid YAML \(.+\)", message), message


def test_missing_file_is_named(data_copy):
    (data_copy / "research.yml").unlink()
    assert error_of(data_copy) == "data/research.yml: the file is missing"


def test_empty_file_is_named(data_copy):
    (data_copy / "triggers.yml").write_text("# nothing yet\n", encoding="utf-8")
    assert error_of(data_copy) == "data/triggers.yml: the file is empty"


def test_loading_twice_reads_the_files_once_until_one_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    first = load_data_dir(data)
    assert load_data_dir(data) is first
    site = data / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("Fixture Partner Co", "Renamed Partner"),
                    encoding="utf-8")
    assert load_data_dir(data).require("site").company_name == "Renamed Partner"


def test_every_band_of_the_real_data_is_reached_by_some_scores():
    from decimal import Decimal

    from calculators import registry

    playbook = load_data_dir(DATA)
    dimensions = playbook.scoring.dimensions
    for band in playbook.scoring.bands:
        left, params = Decimal(str(band.min)), {}
        for d in dimensions:  # fill each dimension in turn up to the band's lowest total
            step = Decimal(str(d.step))
            value = min(Decimal(str(d.max)), max(Decimal(str(d.min)), (left / step).to_integral_value() * step))
            params[d.id] = str(value)
            left -= value
        result = registry.run("scoring", params, playbook)
        assert result["ok"] and result["values"]["band"] == band.id, (band.id, params)
