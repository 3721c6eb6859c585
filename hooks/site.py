"""Build hook: the site's title is the company name from data/site.yml."""

from pathlib import Path

from mkdocs.exceptions import PluginError

from calculators.loader import load_data_dir, project_data_dir
from calculators.validate import DataError


def on_config(config):
    try:
        playbook = load_data_dir(project_data_dir(Path(config.config_file_path).parent), config.extra["edition"])
    except (DataError, ValueError) as error:  # bad data, or an unknown PLAYBOOK_EDITION
        raise PluginError(str(error)) from None
    config.site_name = f"{playbook.require('site').company_name} Playbook"
    return config
