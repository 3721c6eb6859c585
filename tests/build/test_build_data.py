"""One way through the build (playbook_plugin/build_data.py): the edition is read in one
place, the data loaded and its errors made the build's error by one helper,
and the data JSON made once for the browser's calculators and /playbook.json."""

from __future__ import annotations

import json
import shutil

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT

from playbook_plugin import build_data


class _Config(dict):
    """Just enough of MkDocs' config: its file's path and `extra`."""

    def __init__(self, root, edition):
        super().__init__(extra={"edition": edition})
        self.config_file_path = str(root / "mkdocs.yml")


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_the_browser_data_and_playbook_json_are_the_same_bytes(edition, internal_site, public_site):
    site = internal_site if edition == "internal" else public_site
    manifest = json.loads((site / "assets/calculators/runtime.json").read_text(encoding="utf-8"))
    assert (site / "assets/calculators" / manifest["data"]).read_bytes() == (site / "playbook.json").read_bytes()


def test_an_unknown_edition_is_one_line_naming_the_setting():
    with pytest.raises(PluginError) as failure:
        build_data.edition(_Config(ROOT, "bogus"))
    assert str(failure.value) == "PLAYBOOK_EDITION: unknown edition 'bogus'; expected one of internal, public"


def test_bad_data_is_the_builds_error_naming_file_and_field(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    pricing = data / "pricing.yml"
    pricing.write_text(pricing.read_text(encoding="utf-8") + "\nnot_a_field: 1\n", encoding="utf-8")
    monkeypatch.setenv("PLAYBOOK_DATA_DIR", str(data))
    with pytest.raises(PluginError) as failure:
        build_data.playbook(_Config(ROOT, "internal"))
    message = str(failure.value)
    assert message.startswith("data/pricing.yml") and "not_a_field" in message and "\n" not in message


def test_each_edition_has_its_own_json():
    public = build_data.data_json(_Config(ROOT, "public"))
    assert json.loads(public) and build_data.data_json(_Config(ROOT, "internal")) != public


def test_the_runtime_data_and_playbook_json_are_the_same_bytes(public_site):
    calculators = public_site / "assets" / "calculators"
    runtime = json.loads((calculators / "runtime.json").read_text(encoding="utf-8"))
    assert (calculators / runtime["data"]).read_bytes() == (public_site / "playbook.json").read_bytes()
