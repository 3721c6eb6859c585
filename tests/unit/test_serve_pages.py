"""`make serve`'s own logic: the error page and the spelling report's true line
(the real server runs these in tests/unit/test_framework.py, tests/build/test_serve.py
and tests/browser/test_serve_in_browser.py)."""

from __future__ import annotations

from playbook_plugin import serve_errors, spelling


def test_error_page_shows_each_line_as_text_and_reloads_itself():
    page = serve_errors.error_page(['data/site.yml: company_name: got "<b>"'])
    assert "<li><code>data/site.yml: company_name: got &quot;&lt;b&gt;&quot;</code></li>" in page
    assert '<meta http-equiv="refresh"' in page and 'role="alert"' in page


def test_spelling_report_names_the_line_the_word_is_on(tmp_path):
    (tmp_path / "page.md").write_text(
        "<!-- codespell:ignore-begin -->\n\nteh on purpose\n\n<!-- codespell:ignore-end -->\nOne\nteh here\n",
        encoding="utf-8")
    assert spelling.with_true_line(tmp_path, "page.md:6: teh ==> the") == "page.md:7: teh ==> the"
    assert spelling.with_true_line(tmp_path, "not a report") == "not a report"
