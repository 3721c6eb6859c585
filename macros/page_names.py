"""The macro mistakes a page holds, found without rendering it.

When the data has a mistake the build stops before any page is rendered, so
a misspelt macro would show only after the data is fixed: one mistake at a
time. `page_mistakes` reads every page's Markdown as mkdocs-macros will,
and names each name nothing defines and each unclosed `{{` in the same
words and with the same file and line as a rendered page's error, so a
build that stops at a data error lists every problem of every file at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Collection

import jinja2
from jinja2 import nodes
from mkdocs.utils.meta import get_data

from macros.page_errors import lines_before, syntax_mistake


def page_mistakes(docs_dir: Path, known: Collection[str], jinja_env: jinja2.Environment) -> list[str]:
    """One line per mistake in the pages under `docs_dir`: `docs/<page>:<line>: <what to fix>`."""
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        try:
            source = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs itself names a page it cannot read
        offset, markdown, meta = _front_matter(source)
        if meta.get("render_macros") is False:
            continue
        names = {*known, *meta}
        found += [f"docs/{page}:{line + offset}: {text}" for line, text in mistakes(markdown, names, jinja_env)]
    return found


def mistakes(markdown: str, known: Collection[str], jinja_env: jinja2.Environment) -> list[tuple[int, str]]:
    """(line, what to fix) for each name the Markdown's macros use that is not `known`, or its syntax error."""
    try:
        tree = jinja_env.parse(markdown)
    except jinja2.TemplateSyntaxError as error:
        return [syntax_mistake(markdown, error)]
    defined = {target.name for target in tree.find_all(nodes.Name) if target.ctx in ("store", "param")}
    seen, out = set(), []
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in known and name.name not in defined and name.name not in seen:
            seen.add(name.name)
            out.append((name.lineno, f"'{name.name}' is undefined (check the name inside {{{{ }}}})"))
    return out


def _front_matter(source: str) -> tuple[int, str, dict]:
    """(lines before the Markdown, the Markdown, the front matter's values) as MkDocs splits a page."""
    markdown, meta = get_data(source)
    return lines_before(source, markdown), markdown, meta
