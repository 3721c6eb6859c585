"""The `make serve` hooks' own logic: the error page, the spelling report's
true line, and the live-reload script tag (the real server is driven in
tests/build/test_serve.py and tests/browser/test_serve_in_browser.py)."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

from conftest import ROOT


def hook(name: str):
    spec = importlib.util.spec_from_file_location(f"{name}_hook_under_test", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_error_page_shows_each_line_as_text_and_reloads_itself():
    page = hook("serve_errors").error_page(['data/site.yml: company_name: got "<b>"'])
    assert "<li><code>data/site.yml: company_name: got &quot;&lt;b&gt;&quot;</code></li>" in page
    assert '<meta http-equiv="refresh"' in page and 'role="alert"' in page


def test_a_failed_rebuild_writes_the_error_page_over_every_page_and_carries_on(tmp_path):
    serve_errors = hook("serve_errors")
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text("old", encoding="utf-8")

    def failing_build(config=None):
        import logging
        logging.getLogger("mkdocs.commands.build").error("data/profiles.yml: profiles[1].id: missing required field")
        raise RuntimeError("Aborted with a BuildError!")

    server = SimpleNamespace(builder=failing_build)
    serve_errors.on_serve(server, SimpleNamespace(site_dir=str(tmp_path)), failing_build)
    server.builder()  # does not raise: the live-reload server goes on serving
    for page in ("guide/index.html", "index.html", "404.html"):
        assert "data/profiles.yml: profiles[1].id: missing required field" in (tmp_path / page).read_text()


def test_spelling_report_names_the_line_the_word_is_on(tmp_path):
    spelling = hook("spelling")
    (tmp_path / "page.md").write_text(
        "<!-- codespell:ignore-begin -->\n\nteh on purpose\n\n<!-- codespell:ignore-end -->\nOne\nteh here\n",
        encoding="utf-8")
    assert spelling.with_true_line(tmp_path, "page.md:6: teh ==> the") == "page.md:7: teh ==> the"
    assert spelling.with_true_line(tmp_path, "not a report") == "not a report"


def test_live_reload_injects_a_script_file_not_an_inline_script(tmp_path):
    live_reload = hook("live_reload")
    server = SimpleNamespace(builder=lambda config=None: None, mount_path="/playbook/")
    live_reload.on_serve(server, SimpleNamespace(site_dir=str(tmp_path)), server.builder)
    page = server._inject_js_into_html(b"<html><body><p>x</p></body></html>", 42)
    assert page.startswith(b'<html><body><p>x</p><script src="/playbook/__livereload.js" data-epoch="42" ')
    assert page.endswith(b"></script></body></html>")
    assert "location.reload()" in (tmp_path / "__livereload.js").read_text()
