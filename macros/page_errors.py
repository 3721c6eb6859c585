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

import functools
import html
import logging
import sys
from pathlib import Path

import jinja2

log = logging.getLogger("mkdocs.macros.playbook")


class PageError(BaseException):
    """A macro error already described for the writer.

    A BaseException, so that it passes through mkdocs-macros' `except
    Exception` (which would print a traceback) up to our render wrapper.
    """


def catch_page_errors(env) -> None:
    """Make the mkdocs-macros plugin `env` report page errors as one line (idempotent)."""
    plugin_render = functools.partial(type(env).render, env)
    template_class = _template_class(env)

    def render(markdown: str, force_rendering: bool = False) -> str:
        jinja_env = env.env
        jinja_env.template_class = template_class
        jinja_env.from_string = functools.partial(_from_string, jinja_env, env)
        try:
            return plugin_render(markdown, force_rendering)
        except PageError as error:
            log.error(str(error))
            return error_box(str(error))

    env.render = render


def error_box(message: str) -> str:
    """The error as the page shows it instead of its content (Material's failure admonition)."""
    return ('<div class="admonition failure" role="alert"><p class="admonition-title">This page has an error</p>'
            f"<p>{html.escape(message)}</p></div>\n")


def where(env, line: int | None = None) -> str:
    """`docs/<page>:<line>` for the page being rendered, the line counted in its file."""
    page = getattr(env, "_page", None) or getattr(env, "page", None)
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
    if not markdown or not source.endswith(markdown):
        return 0
    return source[: len(source) - len(markdown)].count("\n")


def template_line() -> int | None:
    """The line of the template being rendered, from the live call stack (inside a macro)."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def _error_line(error: BaseException) -> int | None:
    """The template line of an exception Jinja raised while rendering (its traceback is rewritten)."""
    line, tb = None, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def describe(error: Exception) -> str:
    """What went wrong, in the writer's words."""
    if isinstance(error, jinja2.UndefinedError):
        return f"{error.message} (check the name inside {{{{ }}}})"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{error.message} (to show {{{{ or {{% as text, put it between {{% raw %}} and {{% endraw %}})"
    return str(error) or type(error).__name__


def _from_string(jinja_env, env, source, *args, **kwargs):
    try:
        return jinja2.Environment.from_string(jinja_env, source, *args, **kwargs)
    except jinja2.TemplateSyntaxError as error:
        line, text = syntax_mistake(source, error)
        raise PageError(f"{where(env, line)}: {text}") from None


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


def _template_class(env):
    class WriterTemplate(jinja2.Template):
        """A page template whose render errors name the page and the line."""

        def render(self, *args, **kwargs):
            try:
                return super().render(*args, **kwargs)
            except PageError:
                raise
            except Exception as error:
                raise PageError(f"{where(env, _error_line(error))}: {describe(error)}") from None

    return WriterTemplate
