"""Build hook: `make serve` runs the edited Python, not the code it started with.

The server rebuilds when docs/, data/, macros/, calculators/ or hooks/ change
(the Makefile watches them all), but Python keeps every module it has
imported, so a rebuild after editing a render module, a calculator or a hook
would still run the old code. Before each rebuild, the server forgets the
project's own modules so the build imports them afresh.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.config_options import Hooks

FOLDERS = ("calculators", "macros", "hooks")


def on_serve(server, config, builder):
    root = Path(config.config_file_path).resolve().parent
    folders = tuple(str(root / f) + "/" for f in FOLDERS)

    def rebuild(config=None):
        forget_modules(folders)
        builder(config)

    server.builder = rebuild
    return server


def forget_modules(folders: tuple[str, ...]) -> None:
    """Drop every imported module (or package) whose files live in one of `folders`."""
    for name, module in list(sys.modules.items()):
        paths = [getattr(module, "__file__", None) or "", *getattr(module, "__path__", [])]
        if any(p and (str(Path(p).resolve()) + "/").startswith(folders) for p in paths):
            del sys.modules[name]
    Hooks._load_hook.cache_clear()  # MkDocs caches hook modules by path
