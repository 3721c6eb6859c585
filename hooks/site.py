"""Build hook: the site's title is the company name from data/site.yml."""

import build_data


def on_config(config):
    playbook = build_data.playbook(config)  # bad data or an unknown PLAYBOOK_EDITION: one error line
    config.site_name = f"{playbook.require('site').company_name} Playbook"
    return config
