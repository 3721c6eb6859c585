"""What the build glue does behind MkDocs', mkdocs-macros' and Jinja's backs
(playbook_plugin/framework.py), run against the installed, pinned packages:
the real live-reload server, `mkdocs serve`'s real first build, the real
mkdocs-macros plugin rendering a page of the tests' own site. If a new
version renames what is patched, these fail; and the build itself refuses
any version framework.py was not written for."""

from __future__ import annotations

import importlib
import logging
import re
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from mkdocs.commands import build as build_command
from mkdocs.commands import serve as serve_command
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from conftest import ROOT, project_copy
from playbook_plugin import framework, live_reload, reload, serve_errors

# --- the versions ------------------------------------------------------------


def test_it_was_written_for_the_pinned_versions_and_they_are_installed():
    pins = (ROOT / "requirements" / "site-and-test.txt").read_text(encoding="utf-8")
    for package, version in framework.WRITTEN_FOR.items():
        assert re.search(rf"^{re.escape(package)}=={re.escape(version)} ", pins, re.M), package
    framework.check_versions()  # passes: what is installed is what it was written for


@pytest.mark.parametrize("package", sorted(framework.WRITTEN_FOR))
def test_another_version_fails_the_build_with_one_line_saying_what_to_check(monkeypatch, package):
    written = framework.WRITTEN_FOR[package]
    monkeypatch.setattr(framework, "installed_version",
                        lambda name: "9.0.0" if name == package else framework.WRITTEN_FOR[name])
    with pytest.raises(PluginError) as refused:
        framework.check_versions()
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{package} 9.0.0 is installed, but the build glue (playbook_plugin/framework.py) "
                              f"was written for {package} {written}: check that ")
    assert "tests/unit/test_framework.py" in message


def test_a_missing_package_is_named(monkeypatch):
    monkeypatch.setattr(framework, "installed_version",
                        lambda name: None if name == "mkdocs" else framework.WRITTEN_FOR[name])
    with pytest.raises(PluginError, match=r"^mkdocs is not installed, but the build glue"):
        framework.check_versions()


# --- the live-reload server of `make serve` ----------------------------------

@pytest.fixture
def server(tmp_path):
    """MkDocs' own live-reload server over a one-page site, serving on a free port (stopped after)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><head></head><body><p>Hello</p></body></html>", encoding="utf-8")
    server = LiveReloadServer(builder=lambda config=None: None, host="127.0.0.1", port=0, root=str(site),
                              polling_interval=0.1)
    server.config = type("Config", (), {"site_dir": str(site)})()
    (tmp_path / "data").mkdir()
    server.watch(str(tmp_path / "data"))  # as `mkdocs serve --livereload` watches docs/ and data/
    yield server
    server.shutdown()


def start(server) -> str:
    threading.Thread(target=server.serve, daemon=True).start()
    for _ in range(100):
        if server.server_address[1]:
            return f"http://127.0.0.1:{server.server_address[1]}/"
        time.sleep(0.05)
    raise AssertionError("the live-reload server did not start")


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_the_server_injects_a_script_file_the_policy_allows_not_an_inline_script(server):
    live_reload.on_serve(server, server.config)
    url = start(server)
    page = get(url)
    assert re.search(r'<p>Hello</p><script src="/__livereload\.js" data-epoch="\d+" data-request="1"></script>'
                     r"</body>", page), page
    assert page.count("<script") == 1  # MkDocs' own inline script is gone
    assert "location.reload()" in get(url + "__livereload.js")


def test_a_failed_rebuild_shows_the_error_in_place_of_every_page_and_the_server_carries_on(server, tmp_path):
    def failing_build(config=None):
        logging.getLogger("mkdocs.commands.build").error("data/profiles.yml: profiles[1].id: missing required field")
        raise RuntimeError("Aborted with a BuildError!")

    server.builder = failing_build
    serve_errors.on_serve(server, server.config)
    live_reload.on_serve(server, server.config)
    url = start(server)
    assert "Hello" in get(url)
    for attempt in range(100):  # the server's own loop rebuilds on a change it sees
        if attempt % 10 == 0:  # again until seen: the watcher may start after serve() begins answering
            (tmp_path / "data" / "profiles.yml").write_text(f"changed {attempt}", encoding="utf-8")
        page = get(url)
        if "The preview did not build" in page:
            break
        time.sleep(0.1)
    assert "data/profiles.yml: profiles[1].id: missing required field" in page
    assert '<script src="/__livereload.js"' in page  # and it reloads once the files are fixed


# --- `mkdocs serve`'s first build ---------------------------------------------

@pytest.fixture
def broken_project(tmp_path, monkeypatch):
    """The tests' own site with a data mistake: site.yml's company_name a list."""
    project = project_copy(tmp_path, fixture=True)
    site_yml = project / "data" / "site.yml"
    data = yaml.safe_load(site_yml.read_text(encoding="utf-8"))
    data["company_name"] = ["not", "a", "name"]
    site_yml.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("PLAYBOOK_DATA_DIR", str(project / "data"))
    monkeypatch.setenv("PLAYBOOK_EDITION", "internal")
    monkeypatch.setattr(serve_command, "build", serve_command.build)  # put back after the test
    return project


def test_a_failed_first_serve_build_writes_the_error_page_and_later_builds_are_mkdocs_own(broken_project, tmp_path):
    serve_errors.on_startup("serve")
    assert serve_command.build is not build_command.build
    config = load_config(config_file=str(broken_project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    serve_command.build(config, serve_url=None, dirty=False)  # what `mkdocs serve` calls first: no exception
    assert serve_command.build is build_command.build
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "The preview did not build" in page and "data/site.yml" in page and "company_name" in page


def test_mkdocs_keeps_the_plugin_and_its_state_across_the_rebuilds_of_serve(tmp_path, monkeypatch):
    project = project_copy(tmp_path, fixture=True)
    monkeypatch.setenv("PLAYBOOK_DATA_DIR", str(project / "data"))
    first = load_config(config_file=str(project / "mkdocs.yml")).plugins["playbook"]
    monkeypatch.setattr(first, "serving", True)
    again = load_config(config_file=str(project / "mkdocs.yml")).plugins["playbook"]
    assert again is first and again.serving  # what reload.renew and the serving flag rely on


def test_the_kept_plugin_runs_the_edited_code_after_a_rebuild_forgets_the_old(tmp_path, monkeypatch):
    package = tmp_path / "plugin_like"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "plugin.py").write_text("class Plugin:\n    def say(self):\n        return 'old'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugin = importlib.import_module("plugin_like.plugin").Plugin()
    plugin.state = {"kept": True}
    (package / "plugin.py").write_text("class Plugin:\n    def say(self):\n        return 'new'\n", encoding="utf-8")
    reload.forget_modules((str(package) + "/",))
    assert "plugin_like.plugin" not in sys.modules and "plugin_like" not in sys.modules
    reload.renew(plugin)
    assert plugin.say() == "new" and plugin.state == {"kept": True}
    assert "json" in sys.modules


# --- mkdocs-macros and Jinja: a writer's macro mistake -------------------------

@pytest.fixture
def macros(tmp_path, monkeypatch):
    """The real mkdocs-macros plugin of the tests' own site, configured as a build configures it."""
    project = project_copy(tmp_path, fixture=True)
    monkeypatch.setenv("PLAYBOOK_DATA_DIR", str(project / "data"))
    monkeypatch.setenv("PLAYBOOK_EDITION", "internal")
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config = config.plugins.on_config(config)  # macros' define_env installs the one-line errors

    def render(name: str, text: str) -> str:
        (Path(config.docs_dir) / name).write_text(text, encoding="utf-8")
        file = File(name, config.docs_dir, config.site_dir, config.use_directory_urls)
        page = Page(None, file, config)
        page.read_source(config)
        return config.plugins["macros"].on_page_markdown(page.markdown, page=page, config=config,
                                                         files=Files([file]))
    return render


@pytest.mark.parametrize("line, said", [
    ("Our name: {{ compnay }}.", "docs/mistake.md:6: 'compnay' is undefined (check the name inside {{ }})"),
    ("Broken {{ company and more", "docs/mistake.md:6: {{ is not closed with }} on this line"),
    ("Fee: {{ money() }}.", "docs/mistake.md:6: money() missing 1 required positional argument"),
    ('{{ profile_table("no-such-profile") }}', "docs/mistake.md:6: profile_table(): no entry with id"),
])
def test_a_macro_mistake_is_one_error_line_naming_the_page_and_its_line(macros, caplog, line, said):
    caplog.set_level(logging.ERROR)
    shown = macros("mistake.md", f"---\ntitle: Mistake\n---\n\n# Mistake\n{line}\n")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].startswith(said), errors
    assert "Traceback" not in caplog.text
    assert '<div class="admonition failure" role="alert">' in shown  # the page (make serve) shows it too
