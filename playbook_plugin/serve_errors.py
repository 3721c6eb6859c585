"""While `make serve` runs, a failed rebuild shows its error in the browser.

MkDocs' live-reload server answers a page request only once the build it is
waiting for has succeeded: after a failed rebuild (bad data, a broken
mkdocs.yml, an exception in a plugin) every request waits, so the browser tab
hangs until the files are fixed. This wraps the server's builder: when a
rebuild fails, it writes an error page, with the build's error lines, in
place of every page the last good build made (and as 404.html), and lets
the server carry on. The browser shows the error at once; the page reloads
itself when the next build succeeds (the server's live-reload script) and
looks again every few seconds as a fallback.

When the very first build fails (`make serve` started with broken data),
MkDocs would stop: `on_startup` makes that one build show the error page
too, so the server starts and the page appears once the files are fixed.
How both reach into MkDocs is framework.py's business.
"""

from __future__ import annotations

import html
import logging
import traceback
from pathlib import Path

from . import framework

log = logging.getLogger("mkdocs.plugins.playbook.serve_errors")


def on_startup(command):
    if command != "serve":
        return

    def first_build(build, config, **options):  # later builds: through on_serve's wrapper below
        with ErrorLines() as errors:
            try:
                build(config, **options)
            except Exception as error:  # noqa: BLE001 - any failure becomes the error page
                if not errors.lines:
                    traceback.print_exc()
                    errors.lines.append(f"{type(error).__name__}: {error}")
                write_error_page(Path(config.site_dir), set(), errors.lines)
                log.error("The preview shows this error until the files are fixed.")

    framework.replace_first_serve_build(first_build)


def on_serve(server, config):
    site_dir = Path(config.site_dir)
    pages = good_pages(site_dir)
    return framework.wrap_builder(server, lambda build: showing_errors(build, site_dir, pages))


def showing_errors(build, site_dir: Path, pages: set[str]):
    """`build`, made to write the error page over `pages` (the last good build's) when it fails."""
    def rebuild(config=None):
        with ErrorLines() as errors:
            try:
                build(config)
            except Exception as error:  # noqa: BLE001 - any failure becomes the error page
                if not errors.lines:  # not a build error MkDocs has already logged
                    traceback.print_exc()
                    errors.lines.append(f"{type(error).__name__}: {error}")
                write_error_page(site_dir, pages, errors.lines)
                log.error("The preview shows this error until the files are fixed.")
                return
        pages.clear()
        pages.update(good_pages(site_dir))

    return rebuild


def good_pages(site_dir: Path) -> set[str]:
    """The HTML files of the last good build, relative to the site folder."""
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}


class ErrorLines(logging.Handler):
    """Collects the error lines MkDocs logs while it builds."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record):
        message = record.getMessage().strip()
        if message and not message.startswith("Aborted with"):
            self.lines.append(message)

    def __enter__(self):
        logging.getLogger(framework.BUILD_LOGGER).addHandler(self)
        return self

    def __exit__(self, *exc):
        logging.getLogger(framework.BUILD_LOGGER).removeHandler(self)


def write_error_page(site_dir: Path, pages: set[str], lines: list[str]) -> None:
    """The error page, in place of every page of the last good build and as 404.html."""
    page = error_page(lines).encode("utf-8")
    for relative in pages | {"index.html", "404.html"}:
        path = site_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page)


def error_page(lines: list[str]) -> str:
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines) or "<li>(no message)</li>"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>The preview did not build</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
code {{ white-space: pre-wrap; word-break: break-word; }}
li {{ margin: .5rem 0; }}
</style>
</head>
<body>
<main>
<h1 role="alert">The preview did not build</h1>
<ul>
{items}
</ul>
<p>Fix the file and line named above and save it: this page reloads by itself when the build works again.
CONTRIBUTING.md explains each message.</p>
</main>
</body>
</html>
"""
