"""The build's one way to its data: which edition, its checked playbook, its JSON.

Hooks and macros ask these three functions instead of reading
PLAYBOOK_EDITION (mkdocs.yml's ``extra.edition``) or data/ themselves, so a
bad edition or a bad data file is the same one-line build error wherever it
is first noticed. Not a hook itself: hooks import it as a sibling module
(like browser_wheel), macros/main.py by path.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from calculators.loader import EDITIONS, load_data_dir, playbook_to_json, project_data_dir
from calculators.model import Playbook
from calculators.validate import DataError

log = logging.getLogger("mkdocs.hooks.build_data")


def root(config) -> Path:
    """The project folder: where mkdocs.yml is."""
    return Path(config.config_file_path).parent


def edition(config) -> str:
    """The edition being built ("internal" or "public"), from PLAYBOOK_EDITION through mkdocs.yml."""
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


_json: list = [None, b""]  # the playbook the JSON below was made from, and that JSON


def data_json(config) -> bytes:
    """The edition's playbook as JSON, made once per data: the browser's runtime data
    (hooks/runtime.py) and /playbook.json (hooks/exports.py) are these same bytes."""
    current = playbook(config)
    if _json[0] is not current:
        _json[:] = [current, playbook_to_json(current).encode("utf-8")]
    return _json[1]
