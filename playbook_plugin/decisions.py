"""Every build's log counts the owner's open decisions, and a deploy build of the public
edition refuses to publish without a way to act.

The count is the internal data's (the public edition leaves most of the
data out), so both editions print the same line. The plugin's `deploy` option
(PLAYBOOK_DEPLOY=1 in mkdocs.yml: what `make public DEPLOY=1` and the deploy
workflow set) makes a public build fail while data/site.yml sets no contact
channel; previews and test builds go on.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError

from calculators import contact, decisions
from calculators.loader import load_data_dir, project_data_dir

from . import build_data

log = logging.getLogger("mkdocs.plugins.playbook.decisions")  # INFO: shown, never a strict failure

def on_config(config, deploying: bool):
    playbook = build_data.playbook(config)  # bad data: the build's one error line, first
    if build_data.edition(config) == "public" and deploying and not contact.channels(playbook.require("site")):
        raise PluginError(f"data/site.yml sets no contact channel ({', '.join(contact.CHANNELS)}): the public "
                          "edition is not published without a way to act. Set one, or build without DEPLOY=1 "
                          "to preview.")
    internal = load_data_dir(project_data_dir(build_data.root(config)), "internal")
    log.info(decisions.summary(internal))
    return config
