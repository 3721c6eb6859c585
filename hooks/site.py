"""Build hook: the site's title is the company name from data/site.yml."""

import os
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError


def on_config(config):
    data_dir = os.environ.get("PLAYBOOK_DATA_DIR") or Path(config.config_file_path).parent / "data"
    site_file = Path(data_dir) / "site.yml"
    try:
        company = yaml.safe_load(site_file.read_text(encoding="utf-8"))["company_name"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise PluginError(f"data/site.yml: company_name: could not read it ({error})") from None
    config.site_name = f"{company} Playbook"
    return config
