"""Browser fixtures: one Debian Chromium per session, built sites on localhost.

Each built edition is served by a small http.server in a thread, the internal
one under a sub-path (/playbook/) as on a GitHub Pages project site, so every
browser test also checks that the site's URLs are relative; sitemap.xml is
served with this server's URL in place of site_url. `visit` opens a
fresh browser context and records requests, console errors and dialogs.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
READY = "form[data-calculator][data-calculator-state=ready]"
SETTLED = "form[data-calculator][data-calculator-state=ready], form[data-calculator][data-calculator-state=error]"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix`, with the types modules and WebAssembly need."""

    prefix = "/"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
                      ".json": "application/json", ".whl": "application/zip"}

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__not_under_the_prefix__")
        return super().translate_path("/" + path[len(self.prefix):])

    def do_GET(self):
        if self.path.split("?")[0] == self.prefix + "sitemap.xml":
            return self.send_sitemap()
        return super().do_GET()

    def send_sitemap(self):
        """The sitemap with site_url replaced by this server's URL, as if deployed here.

        Material's instant navigation follows only links the sitemap lists, and
        matches them by host, port and path.
        """
        text = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        locations = re.findall(r"<loc>([^<]+)</loc>", text)
        if locations:
            site_url = min(locations, key=len)
            text = text.replace(f"<loc>{site_url}", f"<loc>{self.server.url}")
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that leaves mid-download (a page navigated away, a closed context) is not an error."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError
            return
        super().handle_error(request, client_address)


@dataclass
class Served:
    """A site on localhost; `url` ends with a slash."""

    url: str
    server: QuietServer

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def serve(site: Path, prefix: str = "/") -> Served:
    handler = type("Handler", (QuietHandler,), {"prefix": prefix})
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.url = f"http://127.0.0.1:{server.server_port}{prefix}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Served(server.url, server)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # Generous waits: a loaded CI machine must slow the tests, not fail them.
    expect.set_options(timeout=20_000)

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run make test (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def internal_url(internal_site):
    """The internal edition, served under /playbook/ like a project site."""
    served = serve(internal_site, "/playbook/")
    yield served.url
    served.close()


@pytest.fixture(scope="session")
def public_url(public_site):
    served = serve(public_site)
    yield served.url
    served.close()


@dataclass
class Visit:
    """A page in a fresh context, with what happened on it."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def wait_ready(self, timeout: float = 60_000):
        self.page.wait_for_selector(SETTLED, timeout=timeout)
        state = self.page.get_attribute("form[data-calculator]", "data-calculator-state")
        assert state == "ready", self.page.inner_text("[data-calculator-status]")


@pytest.fixture
def visit(browser):
    """visit(url, javascript=True, **context options) -> Visit; checks no console error at the end."""
    contexts, visits = [], []

    def open_page(url: str, javascript: bool = True, **options) -> Visit:
        context = browser.new_context(java_script_enabled=javascript, **options)
        context.set_default_timeout(60_000)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        context.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url)
        visits.append(seen)
        return seen

    yield open_page
    for context in contexts:
        context.close()
    for seen in visits:
        assert seen.errors == [], f"console errors: {seen.errors}"
        assert seen.dialogs == [], f"dialogs opened: {seen.dialogs}"


def runtime_fetches(requests) -> int:
    """How many times the page started fetching Pyodide's WebAssembly (plain or gzipped, whole or probed)."""
    return len({u for u in requests if u.endswith(("/pyodide.asm.wasm", "/pyodide.asm.wasm.gz"))})
