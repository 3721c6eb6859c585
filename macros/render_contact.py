"""The call to action: how a prospect reaches the business, from data/site.yml.

The channels (email, booking link, phone or WhatsApp) are optional: with
none set, the call to action says what to ask for but offers no link, and
the public build warns (hooks are told by `has_channel`). Links are built
here from checked values only (mailto:, https:, tel:/wa.me).
"""

from __future__ import annotations

from .markup import Html, attr, text


def channels(playbook) -> list[tuple[str, str]]:
    """(link text, address) for every channel site.yml sets, in a fixed order."""
    site = playbook.require("site")
    out = []
    email = getattr(site, "contact_email", None)
    if email:
        out.append((f"Email {email}", f"mailto:{email}"))
    booking = getattr(site, "booking_url", None)
    if booking:
        out.append(("Book a call", booking))
    whatsapp = getattr(site, "whatsapp", None)
    if whatsapp:
        digits = "".join(ch for ch in whatsapp if ch.isdigit())
        out.append((f"WhatsApp {whatsapp}", f"https://wa.me/{digits}"))
    phone = getattr(site, "phone", None)
    if phone:
        out.append((f"Call {phone}", "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")))
    return out


def has_channel(playbook) -> bool:
    return bool(channels(playbook))


def call_to_action(playbook, compact: bool = False) -> Html:
    """The next step: the data's invitation and a link for each channel set (none: the words only)."""
    site = playbook.require("site")
    links = "".join(f'<li><a class="md-button{" md-button--primary" if i == 0 else ""}" href="{attr(href)}">'
                    f'{text(label)}</a></li>' for i, (label, href) in enumerate(channels(playbook)))
    invite = text(getattr(site, "call_to_action", None) or site.contact)
    body = f'<p class="cta__text">{invite}</p>' if not compact or not links else ""
    items = f'<ul class="cta__links">{links}</ul>' if links else ""
    if compact and not links:
        return Html("")
    return Html(f'<div class="cta{" cta--compact" if compact else ""}">{body}{items}</div>')
