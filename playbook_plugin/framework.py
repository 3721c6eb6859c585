"""Every use the build glue makes of MkDocs', mkdocs-macros' and Jinja's internals, in one place.

The rest of the plugin uses only their documented interfaces (plugin events,
config options, `PluginError`). What is here reaches behind them:

- the logger MkDocs reports a failed build's errors under ("mkdocs"),
  which the error page of `make serve` collects;
- MkDocs' live-reload server (mkdocs.livereload.LiveReloadServer): its
  `builder` attribute, wrapped so each rebuild runs the glue's steps around
  it, and its private `_inject_js_into_html`, replaced so it injects a script
  file the Content-Security-Policy allows instead of an inline script;
- `mkdocs serve`'s first build (the `build` that mkdocs.commands.serve
  looks up when its builder runs), replaced once so a failed first build
  shows its error page instead of stopping the server;
- mkdocs-macros' `MacrosPlugin.render`, its Jinja environment (`.env`) and
  its current page (`.page`); Jinja's `Environment.template_class` and
  `from_string`, and the frames of rendered templates (filename
  "<template>", the `__jinja_template__` global), so a writer's macro
  mistake is one line naming the page and line.

It was written for the versions in WRITTEN_FOR (requirements/site-and-test.txt
pins them); `check_versions` fails the build on any other, naming the package
and what to check. tests/unit/test_framework.py runs each of these against the
installed packages.
"""

from __future__ import annotations

import functools
import importlib.metadata
import sys
from typing import Callable

import jinja2
from mkdocs.exceptions import PluginError

WRITTEN_FOR = {"mkdocs": "1.6.1", "mkdocs-macros-plugin": "1.5.0", "jinja2": "3.1.6"}
"""The versions this module was written and tested for (requirements/site-and-test.txt)."""

WHAT_TO_CHECK = {
    "mkdocs": "LiveReloadServer.builder and ._inject_js_into_html, and mkdocs.commands.serve.build",
    "mkdocs-macros-plugin": "MacrosPlugin.render(markdown, force_rendering), .env and .page",
    "jinja2": "Environment.template_class and .from_string, and the '<template>' frames of rendered templates",
}


def installed_version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_versions() -> None:
    """Fail the build, in one line, when a package this module reaches into is not the version it was written for."""
    for package, version in WRITTEN_FOR.items():
        found = installed_version(package)
        if found != version:
            installed = f"{package} {found} is installed" if found else f"{package} is not installed"
            raise PluginError(
                f"{installed}, but the build glue (playbook_plugin/framework.py) was written for {package} "
                f"{version}: check that {WHAT_TO_CHECK[package]} still work as framework.py expects "
                f"(run tests/unit/test_framework.py), then set the new version in its WRITTEN_FOR")


# --- MkDocs: the live-reload server of `mkdocs serve` ---

BUILD_LOGGER = "mkdocs"
"""The logger a failed build's error lines reach (MkDocs' own and the plugins' under it)."""

Builder = Callable[..., None]


def wrap_builder(server, wrap: Callable[[Builder], Builder]):
    """Every rebuild of the server (a file changed) runs `wrap(previous builder)` instead; returns the server."""
    server.builder = wrap(server.builder)
    return server


def inject_into_pages(server, inject: Callable[[bytes, float], bytes]) -> None:
    """The server adds `inject(page, epoch)` to each HTML page it serves in place of its inline reload script."""
    server._inject_js_into_html = inject


def replace_first_serve_build(first_build: Callable[..., None]) -> None:
    """`mkdocs serve`'s first build runs `first_build(build, config, **options)` (MkDocs' `build` handed in);
    the later ones run MkDocs' own again."""
    import mkdocs.commands.serve as serve_command  # its builder calls this module's `build`

    build = serve_command.build

    def once(config, **options):
        serve_command.build = build
        first_build(build, config, **options)

    serve_command.build = once


# --- mkdocs-macros and Jinja: rendering a page's Markdown ---

def macros_page(macros):
    """The page mkdocs-macros is rendering, or None outside one."""
    try:
        return macros.page
    except AttributeError:  # MacrosPlugin.page raises it before the first page
        return None


def render_pages_with(macros, *, caught: type[BaseException], on_caught: Callable[[BaseException], str],
                      template_error: Callable[[Exception, int | None], BaseException],
                      syntax_error: Callable[[jinja2.TemplateSyntaxError, str], BaseException]) -> None:
    """mkdocs-macros renders each page so that a macro mistake is the writer's, not a traceback.

    An exception while rendering becomes `template_error(error, line of the Markdown)` and a
    syntax error `syntax_error(error, the Markdown)`; each must return a `caught` exception (a
    BaseException, so it passes through the plugin's own `except Exception`). The page's text
    is then `on_caught(that exception)`.
    """
    plugin_render = functools.partial(type(macros).render, macros)

    class WriterTemplate(jinja2.Template):
        """A page template whose render errors name the page's line."""

        def render(self, *args, **kwargs):
            try:
                return super().render(*args, **kwargs)
            except caught:
                raise
            except Exception as error:
                raise template_error(error, error_line(error)) from None

    def from_string(jinja_env, source, *args, **kwargs):
        try:
            return jinja2.Environment.from_string(jinja_env, source, *args, **kwargs)
        except jinja2.TemplateSyntaxError as error:
            raise syntax_error(error, source) from None

    def render(markdown: str, force_rendering: bool = False) -> str:
        jinja_env = macros.env
        jinja_env.template_class = WriterTemplate
        jinja_env.from_string = functools.partial(from_string, jinja_env)
        try:
            return plugin_render(markdown, force_rendering)
        except caught as error:
            return on_caught(error)

    macros.render = render


def template_line() -> int | None:
    """The line of the template being rendered, from the live call stack (inside a macro)."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def error_line(error: BaseException) -> int | None:
    """The template line of an exception Jinja raised while rendering (its traceback is rewritten)."""
    line, tb = None, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
