"""mkdocs-macros entry point: a table of contents of the macros pages call.

Each macro delegates to a render module named for what it renders; no
business rule lives here. The playbook data is loaded and checked once.
"""

import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from calculators.loader import load_data_dir
from calculators.validate import DataError


def define_env(env):
    edition = env.conf["extra"]["edition"]
    data_dir = Path(os.environ.get("PLAYBOOK_DATA_DIR") or Path(env.conf.config_file_path).parent / "data")
    try:
        playbook = load_data_dir(data_dir, edition)
    except DataError as error:
        raise PluginError(str(error)) from None
    env.variables["playbook"] = playbook
    env.variables["company"] = playbook.require("site").company_name
