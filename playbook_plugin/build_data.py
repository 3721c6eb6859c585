"""The build's one way to its data: which edition, its checked playbook, its JSON.

The plugin's modules and the macros ask these functions instead of reading
the edition (the plugin's `edition` option, which it copies to ``extra.edition``
for pages and templates) or data/ themselves, so a bad edition or a bad data
file is the same one-line build error wherever it is first noticed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from calculators.loader import EDITIONS, load_data_dir, playbook_to_json, project_data_dir
from calculators.model import Playbook
from calculators.validate import DataError

log = logging.getLogger("mkdocs.plugins.playbook.build_data")


def root(config) -> Path:
    """The project folder: where mkdocs.yml is."""
    return Path(config.config_file_path).parent


def edition(config) -> str:
    """The edition being built ("internal" or "public"), from PLAYBOOK_EDITION through mkdocs.yml's plugin option."""
    value = (config["extra"] or {}).get("edition", "internal")
    if value not in EDITIONS:
        raise PluginError(f"PLAYBOOK_EDITION: unknown edition {value!r}; expected one of {', '.join(EDITIONS)}")
    return value


def playbook(config) -> Playbook:
    """The edition's data, checked; a bad file is the build's error, naming file, entry and field.

    The loader reads data/ again only when a file has changed, so every caller
    in one build gets the same object.
    """
    try:
        return load_data_dir(project_data_dir(root(config)), edition(config))
    except DataError as error:  # every problem of every file, one error line each
        *others, last = error.errors
        for problem in others:
            log.error(str(problem))
        raise PluginError(str(last)) from None


def data_json(config) -> bytes:
    """The edition's playbook as JSON. The plugin makes it once per build: the browser's runtime
    data (runtime.py) and /playbook.json (exports.py) are these same bytes."""
    return playbook_to_json(playbook(config)).encode("utf-8")
