"""The playbook's MkDocs plugin: the build's steps, in the order they must run.

Each event delegates to the modules named for what they hold; the state a
build gathers lives on the plugin instance, which MkDocs keeps across the
rebuilds of `mkdocs serve`. Where the order against other plugins matters,
`event_priority` says so; within an event, the order is the code's.
"""

from __future__ import annotations

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from . import (
    build_data, csp, decisions, editions, exports, framework, live_reload, not_found, offline, reload, runtime,
    serve_errors, site, spelling,
)
from .config import PlaybookConfig


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    def __init__(self):
        self.serving = False            # `mkdocs serve`: no snapshot, a service worker that removes itself
        self.audiences: dict[str, str] = {}     # page under docs/ -> public or internal (editions)
        self.sources: dict[str, str] = {}       # built file -> its page under docs/ (csp's errors)
        self.pages: dict[str, exports.PageInfo] = {}  # what llms.txt lists
        self.nav_order: list[str] = []
        self.sections: set[str] = set()         # the site's top-level names (404.html's base)

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        serve_errors.on_startup(command)  # a failed first build of `make serve` shows its error page

    @event_priority(100)  # first: the edition is in `extra` before mkdocs-macros reads it
    def _set_edition(self, config):
        framework.check_versions()
        config.extra["edition"] = self.config.edition
        return config

    @event_priority(-50)  # after mkdocs-macros: its data check names the pages' mistakes with the data's
    def _read_data(self, config):
        site.on_config(config)
        decisions.on_config(config, deploying=self.config.deploy)
        self.audiences = editions.on_config(config)
        runtime.on_config(config)
        offline.on_config(config)
        return config

    on_config = CombinedEvent(_set_edition, _read_data)

    def on_pre_build(self, *, config):
        self.sources, self.pages, self.nav_order = {}, {}, []

    @event_priority(50)  # early: no other plugin sees the public edition's internal pages
    def on_files(self, files, *, config):
        files = editions.on_files(files, config, self.audiences)
        files = runtime.on_files(files, config)
        self.sections = not_found.top_folders(files)
        return files

    def on_nav(self, nav, *, config, files):
        self.nav_order = exports.nav_order(nav)
        return nav

    def on_env(self, env, *, config, files):
        return site.on_env(env, config, files)

    def on_page_content(self, html, *, page, config, files):
        html = exports.on_page_content(html, page, config, self.pages)
        return runtime.on_page_content(html, page, config, files)

    def on_page_context(self, context, *, page, config, nav):
        return site.on_page_context(context, page, config, nav)

    def on_post_page(self, output, *, page, config):
        self.sources[page.file.dest_uri] = page.file.src_uri
        return output

    def on_post_template(self, output_content, *, template_name, config):
        return not_found.on_post_template(output_content, template_name, config, self.sections)

    @event_priority(-100)  # last: every other plugin has written its files (search's index among them)
    def on_post_build(self, *, config):
        csp.on_post_build(config, self.sources)  # every page checked and given the policy
        data = build_data.data_json(config)     # the runtime's data and /playbook.json: the same bytes
        runtime.on_post_build(config, self.config.quick_start and not self.serving, data)
        exports.on_post_build(config, self.pages, self.nav_order, data)
        offline.on_post_build(config, self.serving)  # after every file is written: sw.js lists them

    @event_priority(-100)  # last: its wrappers run around any other plugin's
    def on_serve(self, server, *, config, builder):
        # Each wraps the server's rebuild around the one before: the project's modules are
        # forgotten first, a failure becomes the error page, the reload script is written
        # even then, and spelling is checked after.
        server = reload.on_serve(server, config, self)
        server = serve_errors.on_serve(server, config)
        server = live_reload.on_serve(server, config)
        return spelling.on_serve(server, config)
