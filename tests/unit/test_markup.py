"""Values from data land in Markdown paragraphs as text: HTML and Markdown marks show as typed; HTML is built
with markupsafe's Markup, so text is escaped once and markup never twice."""

from __future__ import annotations

import re

import markdown
from markupsafe import Markup

from conftest import ROOT
from macros.markup import join, table, tag, text, ul


def test_a_star_in_one_value_does_not_pair_with_a_star_in_the_next():
    shown = markdown.markdown(f"We offer {text('5* support')} and {text('24*7 cover')}.")
    assert "<em>" not in shown and "5* support" in shown.replace("&#42;", "*")


def test_code_marks_backslashes_and_braces_show_as_typed():
    value = r"`rm` \*x\* {: onclick=alert(1)}"
    shown = markdown.markdown(f"Note: {text(value)}", extensions=["attr_list"])
    assert "<code>" not in shown and "<em>" not in shown and "onclick=" not in shown.split(">", 1)[0]
    assert value in shown.replace("&#42;", "*").replace("&#96;", "`").replace("&#92;", "\\").replace(
        "&#123;", "{").replace("&#125;", "}")


# --- markupsafe's Markup: escaped once, never twice ----------------------------------------------------


def test_markup_plus_plain_text_escapes_the_text_once():
    built = Markup("<b>") + "Fish & <chips>"
    assert isinstance(built, Markup) and built == "<b>Fish &amp; &lt;chips&gt;"
    assert text(built) == built  # already markup: passed through, not escaped again
    assert tag("p", built) == "<p><b>Fish &amp; &lt;chips&gt;</p>"


def test_text_escaped_by_text_is_never_escaped_again():
    once = text("R&D <team> 5*")
    assert once == "R&amp;D &lt;team&gt; 5&#42;"
    assert text(once) == once and tag("td", once) == f"<td>{once}</td>"
    assert Markup("<i>") + once == f"<i>{once}" and join([once, "& more"], " & ") == f"{once} &amp; &amp; more"


def test_every_part_of_a_list_or_table_is_escaped_exactly_once():
    html = str(table(["A & B"], [(text("x & y"), "<z>")])) + str(ul([text("1 & 2"), "3 < 4"]))
    assert "&amp;amp;" not in html and "&amp;lt;" not in html
    assert "A &amp; B" in html and "x &amp; y" in html and "&lt;z&gt;" in html and "3 &lt; 4" in html


def test_render_modules_use_markupsafe_and_no_home_made_markup_type():
    for module in sorted((ROOT / "macros").glob("*.py")):
        source = module.read_text(encoding="utf-8")
        assert not re.search(r"class \w+\((?:str|Markup)\)", source), module.name
        assert not re.search(r"\bHtml\b", source), module.name
