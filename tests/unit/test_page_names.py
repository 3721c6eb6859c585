"""The macro mistakes a page holds are found without rendering it, in the words a rendered page's error uses."""

from __future__ import annotations

import jinja2

from macros.page_names import mistakes, page_mistakes

KNOWN = {"company", "money", "playbook"}


def test_an_unknown_name_is_named_on_its_line_once():
    page = "# Title\n\nOur name: {{ compnay }}.\n\nAgain {{ compnay }} and {{ company }}.\n"
    assert mistakes(page, KNOWN, jinja2.Environment()) == [(3, "'compnay' is undefined (check the name inside {{ }})")]


def test_names_a_page_defines_itself_are_known():
    page = "{% set fee = money(1) %}{{ fee }}\n{% for p in playbook.profiles %}{{ p.name }}{% endfor %}\n"
    assert mistakes(page, KNOWN, jinja2.Environment()) == []


def test_an_unclosed_opener_is_named_on_its_own_line():
    page = "one {{ company }}\ntwo {{ company and more\nthree\n"
    [(line, text)] = mistakes(page, KNOWN, jinja2.Environment())
    assert line == 2 and text.startswith("{{ is not closed with }} on this line")


def test_lines_count_the_front_matter_and_its_values_are_known(tmp_path):
    (tmp_path / "page.md").write_text("---\naudience: internal\ntitle: T\n---\n# T\n\n{{ title }} {{ nope }}\n",
                                      encoding="utf-8")
    (tmp_path / "raw.md").write_text("---\nrender_macros: false\n---\n{{ nope }}\n", encoding="utf-8")
    assert page_mistakes(tmp_path, KNOWN, jinja2.Environment()) == [
        "docs/page.md:7: 'nope' is undefined (check the name inside {{ }})"]
