"""`make serve` runs the edited Python, not the code it started with.

The server rebuilds when docs/, data/, macros/, calculators/ or playbook_plugin/
change (the Makefile watches them all), but Python keeps every module it has
imported, so a rebuild after editing a render module, a calculator or the
plugin would still run the old code. Before each rebuild, the server forgets
the project's own modules so the build imports them afresh; MkDocs keeps the
plugin's one instance (and its state) across rebuilds, so it carries on as an
instance of the plugin's class imported afresh.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from . import framework

FOLDERS = ("calculators", "macros")
"""The project's folders of Python, besides this package's own."""
PACKAGE = Path(__file__).resolve().parent


def on_serve(server, config, plugin):
    root = Path(config.config_file_path).resolve().parent
    folders = tuple(str(f) + "/" for f in (*(root / name for name in FOLDERS), PACKAGE))

    def forgetting(build):
        def rebuild(config=None):
            forget_modules(folders)
            renew(plugin)
            build(config)
        return rebuild

    return framework.wrap_builder(server, forgetting)


def renew(plugin) -> None:
    """The plugin instance, with its state, becomes an instance of its class imported afresh."""
    module = importlib.import_module(type(plugin).__module__)
    plugin.__class__ = getattr(module, type(plugin).__name__)


def forget_modules(folders: tuple[str, ...]) -> None:
    """Drop every imported module (or package) whose files live in one of `folders`."""
    for name, module in list(sys.modules.items()):
        paths = [getattr(module, "__file__", None) or "", *getattr(module, "__path__", [])]
        if any(p and (str(Path(p).resolve()) + "/").startswith(folders) for p in paths):
            del sys.modules[name]
