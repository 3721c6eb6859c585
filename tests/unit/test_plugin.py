"""The build glue is one MkDocs plugin (playbook_plugin): mkdocs.yml lists it and no hooks, its
options are typed, and its events run where their priorities put them against the other plugins."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import ROOT
from playbook_plugin.plugin import PlaybookPlugin


def config(monkeypatch, **environment):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return load_config(config_file=str(ROOT / "mkdocs.yml"))


def owners(config, event: str) -> list[str]:
    return [type(handler.__self__).__name__ for handler in config.plugins.events[event]]


def test_mkdocs_yml_lists_the_plugin_and_no_hooks(monkeypatch):
    loaded = config(monkeypatch)
    assert isinstance(loaded.plugins["playbook"], PlaybookPlugin)
    assert not loaded.hooks


def test_its_config_runs_first_and_last_and_its_post_build_and_serve_last(monkeypatch):
    loaded = config(monkeypatch)
    # the edition is set before the macros read it; the data is read after their check of data and pages
    assert owners(loaded, "config")[0] == owners(loaded, "config")[-1] == "PlaybookPlugin"
    assert owners(loaded, "post_build")[-1] == "PlaybookPlugin"  # sw.js and the CSP see every file
    assert owners(loaded, "serve")[-1] == "PlaybookPlugin"  # its rebuild wrappers are the outermost


@pytest.mark.parametrize("value, deploying", [("1", True), ("true", True), ("yes", True), ("", False),
                                              ("0", False), ("false", False)])
def test_playbook_deploy_turns_the_deploy_option_on_or_off(monkeypatch, value, deploying):
    assert config(monkeypatch, PLAYBOOK_DEPLOY=value).plugins["playbook"].config.deploy is deploying


@pytest.mark.parametrize("value, quick", [("", True), ("1", True), ("0", False), ("no", False)])
def test_playbook_quick_start_is_on_unless_turned_off(monkeypatch, value, quick):
    environment = {"PLAYBOOK_QUICK_START": value} if value else {}
    if not value:
        monkeypatch.delenv("PLAYBOOK_QUICK_START", raising=False)
    assert config(monkeypatch, **environment).plugins["playbook"].config.quick_start is quick


def test_the_edition_option_reaches_pages_and_templates_as_extra_edition(monkeypatch):
    loaded = config(monkeypatch, PLAYBOOK_EDITION="public")
    assert loaded.plugins["playbook"].config.edition == "public"
    loaded = loaded.plugins.on_config(loaded)  # every plugin's, as a build runs them
    assert loaded.extra["edition"] == "public"


@pytest.mark.parametrize("variable, value, said", [
    ("PLAYBOOK_EDITION", "pubic", "PLAYBOOK_EDITION: unknown edition 'pubic'; expected one of internal, public"),
    ("PLAYBOOK_DEPLOY", "maybe", "expected 1, true or yes (on) or 0, false, no or nothing (off), got 'maybe'"),
])
def test_a_bad_option_stops_the_build_with_one_line_saying_what_is_allowed(monkeypatch, caplog, variable, value, said):
    with pytest.raises(Abort):
        config(monkeypatch, **{variable: value})
    option = variable.removeprefix("PLAYBOOK_").lower()
    assert f"Config value 'plugins': Plugin 'playbook' option '{option}': {said}" in caplog.text
