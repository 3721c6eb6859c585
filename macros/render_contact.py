"""The call to action: the invitation of data/site.yml and a link for each contact channel set.

With no channel set the invitation is shown without a link, and the build
says so once (a warning printed outside MkDocs' strict count: the build
goes on, so writers can publish before the business has chosen its channels).
"""

from __future__ import annotations

import logging

from calculators import contact

from .markup import Html, attr, text

log = logging.getLogger("playbook.contact")  # not under "mkdocs": a warning, not a strict-mode failure
_warned: set[int] = set()


def _warn_once(playbook) -> None:
    if id(playbook) in _warned:
        return
    _warned.add(id(playbook))
    log.warning("WARNING -  data/site.yml sets no contact channel (%s): calls to action have no link",
                ", ".join(contact.CHANNELS))


def call_to_action(playbook, compact: bool = False) -> Html:
    """The next step: the invitation (left out when `compact`) and one button per channel."""
    site = playbook.require("site")
    found = contact.channels(site)
    if not found:
        _warn_once(playbook)
        if compact:
            return Html("")
    links = "".join(
        f'<li><a class="md-button{" md-button--primary" if i == 0 else ""}" href="{attr(c.href)}">'
        f'{text(c.label)}</a></li>' for i, c in enumerate(found))
    body = "" if compact else f'<p class="cta__text">{text(site.contact)}</p>'
    items = f'<ul class="cta__links">{links}</ul>' if links else ""
    return Html(f'<div class="cta{" cta--compact" if compact else ""}">{body}{items}</div>')
