"""The call to action: the invitation of data/site.yml, a button per contact channel set, "copy my
business case", and who is behind the business when the data says.

Email and WhatsApp buttons open the buyer's own app with their result already
written (docs/assets/js/contact.js puts the page's current answer and its
link in at the moment the button is pressed; without JavaScript the message
holds the answer the page was built with). With no channel set, a visible
placeholder says so and the build warns once (a warning printed outside
MkDocs' strict count; issue 20's deploy gate refuses to publish without one).
"""

from __future__ import annotations

import logging

from markupsafe import Markup

from calculators import contact

from .markup import attr, text

log = logging.getLogger("playbook.contact")  # not under "mkdocs": a warning, not a strict-mode failure
_warned: set[int] = set()

PLACEHOLDER = ("Placeholder: no way to reach us is set yet (an email address, a WhatsApp number or a booking "
               "link). Until one is, copy your business case and keep it.")
SHORT_PLACEHOLDER = "Placeholder: no way to reach us is set yet."


def _warn_once(playbook) -> None:
    if id(playbook) in _warned:
        return
    _warned.add(id(playbook))
    log.warning("WARNING -  data/site.yml sets no contact channel (%s): calls to action have no link",
                ", ".join(contact.CHANNELS))


def _button(channel: contact.Channel, primary: bool, message: str) -> str:
    cls = "md-button md-button--primary" if primary else "md-button"
    if not channel.href:  # a phone number: shown, not linked
        return f'<li><span class="cta__number">{text(channel.label)}</span></li>'
    prefill = f' data-prefill="{attr(channel.prefill)}"' if channel.prefill else ""
    return (f'<li><a class="{cls}" href="{attr(contact.prefilled(channel, message))}"{prefill}>'
            f'{text(channel.label)}</a></li>')


def call_to_action(playbook, compact: bool = False, headline: str = "") -> Markup:
    """The next step: the invitation (left out when `compact`), one button per channel and "copy my
    business case"; `headline` is the answer the page was built with, written into the messages."""
    site = playbook.require("site")
    found = contact.channels(site)
    message = contact.message(headline)
    buttons = "".join(_button(c, i == 0, message) for i, c in enumerate(found))
    copy = ('<li><button type="button" class="md-button" data-copy-case hidden>Copy my business case</button></li>')
    parts = [] if compact else [f'<p class="cta__text">{text(site.contact)}</p>']
    if not found:
        _warn_once(playbook)
        parts.append(f'<p class="cta__placeholder">{text(SHORT_PLACEHOLDER if compact else PLACEHOLDER)}</p>')
    parts.append(f'<ul class="cta__links">{buttons}{copy}</ul>')
    parts.append('<p class="cta__copied" data-copy-status role="status"></p>')
    who = contact.person(site)
    if who is not None and not compact:
        parts.append(f'<p class="cta__person"><strong>{text(who.name)}</strong>, {text(who.role)}: '
                     f'{text(who.line)}</p>')
    return Markup(f'<div class="cta{" cta--compact" if compact else ""}" data-cta '
                  f'data-subject="{attr(contact.SUBJECT)}">{"".join(parts)}</div>')


def footer(playbook) -> Markup:
    """Every public page's footer: the next step, compact, with who is behind the business."""
    site = playbook.require("site")
    who = contact.person(site)
    person = (f'<p class="cta__person"><strong>{text(who.name)}</strong>, {text(who.role)}: {text(who.line)}</p>'
              if who is not None else "")
    return Markup(f'<aside class="cta-footer md-grid md-typeset" aria-label="Talk to us">'
                  f'<p class="cta-footer__title">Talk to {text(site.company_name)}</p>{person}'
                  f'{call_to_action(playbook, compact=True)}</aside>')
