"""A writer's macro mistake as one line: the page, the line as the writer sees
it in the Markdown file (front matter counted), and what to fix.

mkdocs-macros catches every exception while rendering a page and prints a
Markdown error block with a Python traceback, its line numbers counted from
after the front matter. `catch_page_errors(env)` wraps the plugin's render so
that an undefined name (`{{ compnay }}`), a Jinja syntax error (an unclosed
`{{`) or a bad call (`{{ money() }}`) is logged as one error line instead,
which fails the strict build (make build, make lint, CI):

    ERROR   -  docs/writers/index.md:14: 'compnay' is undefined (check the name inside {{ }})

and the page shows the same line in a red box, so `make serve` shows it in
the browser too.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

import jinja2

from playbook_plugin import framework

log = logging.getLogger("mkdocs.macros.playbook")


class PageError(BaseException):
    """A macro error already described for the writer.

    A BaseException, so that it passes through mkdocs-macros' `except
    Exception` (which would print a traceback) up to our render wrapper.
    """


def catch_page_errors(env) -> None:
    """Make the mkdocs-macros plugin `env` report page errors as one line (idempotent).

    How it reaches into mkdocs-macros and Jinja is playbook_plugin/framework.py's business.
    """
    def shown(error: BaseException) -> str:
        log.error(str(error))
        return error_box(str(error))

    framework.render_pages_with(
        env, caught=PageError, on_caught=shown,
        template_error=lambda error, line: PageError(f"{where(env, line)}: {describe(error)}"),
        syntax_error=lambda error, source: PageError(syntax_message(env, error, source)))


def error_box(message: str) -> str:
    """The error as the page shows it instead of its content (Material's failure admonition)."""
    return ('<div class="admonition failure" role="alert"><p class="admonition-title">This page has an error</p>'
            f"<p>{html.escape(message)}</p></div>\n")


def where(env, line: int | None = None) -> str:
    """`docs/<page>:<line>` for the page being rendered, the line counted in its file."""
    page = framework.macros_page(env)
    if page is None:
        return "docs"
    here = f"docs/{page.file.src_uri}"
    if line is None:
        return here
    return f"{here}:{line + front_matter_lines(page)}"


def front_matter_lines(page) -> int:
    """How many lines of the page's file come before the Markdown that macros render."""
    path, markdown = getattr(page.file, "abs_src_path", None), getattr(page, "markdown", None) or ""
    try:
        source = Path(path).read_text(encoding="utf-8-sig") if path else ""
    except (OSError, UnicodeDecodeError):
        return 0
    return lines_before(source, markdown)


def lines_before(source: str, markdown: str) -> int:
    """How many lines of a page's file `source` come before `markdown`, its end that macros render
    (0 when it is not its end)."""
    if not markdown or not source.endswith(markdown):
        return 0
    return source[: len(source) - len(markdown)].count("\n")


def template_line() -> int | None:
    """The line of the template being rendered (inside a macro)."""
    return framework.template_line()


def describe(error: Exception) -> str:
    """What went wrong, in the writer's words."""
    if isinstance(error, jinja2.UndefinedError):
        return f"{error.message} (check the name inside {{{{ }}}})"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{error.message} (to show {{{{ or {{% as text, put it between {{% raw %}} and {{% endraw %}})"
    return str(error) or type(error).__name__


def syntax_message(env, error, source: str) -> str:
    """A Jinja syntax error in the page, in the writer's words: an unclosed `{{` or `{%` is named on its own line."""
    line, text = syntax_mistake(source, error)
    return f"{where(env, line)}: {text}"


def syntax_mistake(source: str, error: jinja2.TemplateSyntaxError) -> tuple[int, str]:
    """(line, what to fix) for a syntax error in a page's macros: most often a `{{` left open."""
    opened = unclosed_opener(source, error.lineno)
    if opened:
        line, mark = opened
        closer = "}}" if mark == "{{" else "%}"
        return line, (f"{mark} is not closed with {closer} on this line (to show {mark} as text, "
                      "put it between {% raw %} and {% endraw %})")
    return error.lineno, describe(error)


def unclosed_opener(source: str, upto: int) -> tuple[int, str] | None:
    """The last line (1-based, up to `upto`) with a `{{` or `{%` that its line does not close."""
    lines = source.splitlines()[:upto]
    for number in range(len(lines), 0, -1):
        text = lines[number - 1]
        for mark, closer in (("{{", "}}"), ("{%", "%}")):
            at = text.rfind(mark)
            if at >= 0 and closer not in text[at:]:
                return number, mark
    return None
