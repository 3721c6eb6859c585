"""HTML and Markdown building blocks for the render modules.

Every value that goes in is escaped here, so a render module cannot forget:
text becomes markupsafe's `Markup` (already-safe markup), which is never
escaped twice: `Markup + text` escapes the text once, and `text(Markup)`
passes it through. Render modules build HTML as `Markup` only (not str), so
a part already escaped is never taken for text again.
Text may still hold a Markdown link, which Markdown turns into <a href>
where the text lands in prose: one whose address is not http(s), mailto,
tel or relative is refused here too (the data checks refuse it first), and
braces, emphasis and code marks are written as entities, so no `{: attribute
list}` applies and a `*` in one value never pairs with a `*` in the next.
Headings are Markdown (so Material's table of contents lists them); lists
and tables are HTML blocks (so a writer's `*` or `[` is shown as typed).
"""

from __future__ import annotations

import html
import re
from typing import Iterable, Sequence

from markupsafe import Markup

from calculators.validate import unsafe_link


class UnsafeLink(ValueError):
    """Text that would become a link to a script, a data URL or another unsafe address."""


def text(value) -> Markup:
    """Escape a value for an HTML text node and a Markdown paragraph (Markup passes through unchanged).

    Raises UnsafeLink for a Markdown link to anything but http(s), mailto,
    tel or a relative address.
    """
    if hasattr(value, "__html__"):  # Markup, or any object that renders itself safely
        return Markup(value)
    value = str(value)
    link = unsafe_link(value)
    if link is not None:
        raise UnsafeLink(f"refused a link to {link!r}: links may go only to http(s), mailto or tel "
                         "addresses or to pages of this site")
    return Markup(html.escape(value, quote=False).translate(_INLINE_MARKDOWN))


# Characters Markdown reads as markup inside a paragraph, written as entities so a
# value shows as typed wherever it lands: braces (no `{: attribute list}`), the
# emphasis star, code marks and backslash escapes (a `*` in one value must not
# pair with a `*` in the next). Square brackets stay, for the safe links the
# data may hold; `_` stays, as Markdown reads no emphasis inside snake_case.
_INLINE_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "{}*`\\"})


def attr(value) -> str:
    """Escape a value for a double-quoted HTML attribute."""
    return html.escape(str(value), quote=True)


def tag(name: str, content="", **attrs) -> Markup:
    """<name attrs>content</name>; `cls` becomes the class attribute, None values are left out."""
    parts = "".join(
        f' {"class" if key == "cls" else key.replace("_", "-")}="{attr(value)}"'
        for key, value in attrs.items() if value is not None
    )
    return Markup(f"<{name}{parts}>{text(content)}</{name}>")


def join(parts: Iterable, sep: str = "") -> Markup:
    """Join parts, each escaped as text unless it is Markup already (so is the separator)."""
    return text(sep).join(text(p) for p in parts)


def labelled(line: str) -> Markup:
    """'Label: rest' with the label in bold, for lists whose lines start with a label."""
    label, colon, rest = line.partition(": ")
    if not colon or len(label) > 40:
        return text(line)
    return Markup(f"<strong>{text(label)}</strong>: {text(rest)}")


def ul(items: Iterable, cls: str | None = None, labels: bool = False) -> Markup:
    """A bulleted list, one item per line."""
    lines = [tag("li", labelled(i) if labels else i) for i in items]
    return _block("ul", lines, cls)


def ol(items: Iterable, cls: str | None = None) -> Markup:
    """A numbered list."""
    return _block("ol", [tag("li", i) for i in items], cls)


def task_list(items: Iterable) -> Markup:
    """A checklist in the markup pymdownx.tasklist makes, so Material draws the boxes."""
    # The item's text inside the label names the checkbox for assistive technology.
    box = '<label class="task-list-control"><input type="checkbox" disabled><span class="task-list-indicator"></span> '
    return _block("ul", [Markup(f'<li class="task-list-item">{box}{text(i)}</label></li>') for i in items],
                  "task-list")


def table(head: Sequence | None, rows: Iterable[Sequence], row_headers: bool = False,
          cls: str | None = None, caption: str | None = None) -> Markup:
    """A table; with row_headers the first cell of each row is its header.

    The <table> itself carries no class, so Material styles it (and makes it
    scroll sideways on small screens); `cls` goes on a wrapping <div> for extra.css.
    """
    lines = ["<table>"]
    if caption:
        lines.append(str(tag("caption", caption)))
    if head:
        lines.append("<thead><tr>" + "".join(tag("th", h, scope="col") for h in head) + "</tr></thead>")
    lines.append("<tbody>")
    for row in rows:
        cells = [tag("th", c, scope="row") if row_headers and i == 0 else tag("td", c) for i, c in enumerate(row)]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</tbody></table>")
    if cls:
        lines = [f'<div class="{attr(cls)}">', *lines, "</div>"]
    return Markup("\n".join(lines))


def scroll(content: Markup) -> Markup:
    """Wrap wide content so it scrolls sideways on small screens instead of overflowing."""
    return Markup(f'<div class="alp-scroll">\n{text(content)}\n</div>')


def cell_list(items: Sequence) -> Markup:
    """Several values inside one table cell: a list when there are several."""
    if len(items) == 1:
        return text(items[0])
    return ul(items, cls="alp-cell-list")


def paragraph(content) -> Markup:
    return tag("p", content)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|])")


def md_text(value) -> str:
    """Escape a value for Markdown inline text (HTML first, then Markdown's own characters)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def heading(level: int, title, anchor: str) -> str:
    """A Markdown heading with an explicit id, so links (#anchor) survive title edits."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", anchor):
        raise ValueError(f"heading anchor must be kebab-case, got {anchor!r}")
    return f"{'#' * level} {md_text(title)} {{#{anchor}}}"


def blocks(*parts) -> str:
    """Join Markdown blocks (headings, HTML blocks) with blank lines between them."""
    return "\n\n".join(str(p) for p in parts if p) + "\n"


def _block(name: str, lines: list, cls: str | None) -> Markup:
    return Markup(f"<{name}{_class(cls)}>\n" + "\n".join(lines) + f"\n</{name}>")


def _class(cls: str | None) -> str:
    return f' class="{attr(cls)}"' if cls else ""
