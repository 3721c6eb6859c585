"""`make serve` rebuilds with the edited Python: hooks/reload.py forgets the
project's modules before each rebuild so the next build imports them afresh."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]


def load_hook():
    spec = importlib.util.spec_from_file_location("reload_hook_under_test", ROOT / "hooks" / "reload.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_forgets_modules_and_packages_under_the_folders_and_keeps_others(tmp_path, monkeypatch):
    package = tmp_path / "macros_like"
    package.mkdir()
    (package / "render_thing.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("macros_like.render_thing")
    assert "macros_like.render_thing" in sys.modules

    load_hook().forget_modules((str(package) + "/",))

    assert "macros_like.render_thing" not in sys.modules
    assert "macros_like" not in sys.modules  # else `from macros_like import render_thing` returns the old one
    assert "json" in sys.modules and json.dumps(1) == "1"


def test_serve_forgets_the_project_modules_before_each_rebuild(monkeypatch):
    hook = load_hook()
    events = []
    monkeypatch.setattr(hook, "forget_modules", lambda folders: events.append(("forget", folders)))
    server = SimpleNamespace(builder=None)
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"))
    server = hook.on_serve(server, config, builder=lambda config=None: events.append(("build", config)))
    server.builder()
    folders = tuple(str(ROOT / f) + "/" for f in ("calculators", "macros", "hooks"))
    assert events == [("forget", folders), ("build", None)]
