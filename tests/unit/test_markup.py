"""Values from data land in Markdown paragraphs as text: HTML and Markdown marks show as typed."""

from __future__ import annotations

import markdown

from macros.markup import text


def test_a_star_in_one_value_does_not_pair_with_a_star_in_the_next():
    shown = markdown.markdown(f"We offer {text('5* support')} and {text('24*7 cover')}.")
    assert "<em>" not in shown and "5* support" in shown.replace("&#42;", "*")


def test_code_marks_backslashes_and_braces_show_as_typed():
    value = r"`rm` \*x\* {: onclick=alert(1)}"
    shown = markdown.markdown(f"Note: {text(value)}", extensions=["attr_list"])
    assert "<code>" not in shown and "<em>" not in shown and "onclick=" not in shown.split(">", 1)[0]
    assert value in shown.replace("&#42;", "*").replace("&#96;", "`").replace("&#92;", "\\").replace(
        "&#123;", "{").replace("&#125;", "}")
