"""How a prospect reaches the business: the contact channels of data/site.yml.

Every channel is optional and none is invented: with none set, the pages
say what to ask for but offer no link (and the build warns). Each value
is checked where it is loaded (`problems`), and the links are made here
only from checked values, with http(s), mailto or tel addresses only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Optional

CHANNELS = ("booking_url", "contact_email", "whatsapp", "phone")
"""The fields of data/site.yml that are contact channels, in the order pages offer them."""

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[^\s<>\"']*)?$")
_PHONE = re.compile(r"^\+[0-9][0-9 ()-]{6,20}$")


@dataclass(frozen=True)
class Channel:
    """One way to get in touch: the words on the button and the address it opens."""

    field: str
    label: str
    href: str


def problems(site: Any) -> Iterator[tuple[str, str]]:
    """(field, what is wrong) for each contact channel set to something unusable."""
    checks = {
        "booking_url": (_URL, "must be a web address starting with https:// (or http://)"),
        "contact_email": (_EMAIL, "must be an email address such as hello@example.com"),
        "whatsapp": (_PHONE, "must be an international number starting with +, such as +44 20 7946 0000"),
        "phone": (_PHONE, "must be an international number starting with +, such as +44 20 7946 0000"),
    }
    for field, (pattern, rule) in checks.items():
        value: Optional[str] = getattr(site, field, None)
        if value is not None and not pattern.match(value.strip()):
            yield field, f"{rule}, got {value!r}"


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def channels(site: Any) -> tuple[Channel, ...]:
    """The channels site.yml sets, as links (none set: an empty tuple)."""
    out = []
    for field in CHANNELS:
        value = getattr(site, field, None)
        if not value:
            continue
        value = value.strip()
        if field == "booking_url":
            out.append(Channel(field, "Book a call", value))
        elif field == "contact_email":
            out.append(Channel(field, f"Email {value}", f"mailto:{value}"))
        elif field == "whatsapp":
            out.append(Channel(field, f"WhatsApp {value}", f"https://wa.me/{_digits(value)}"))
        else:
            out.append(Channel(field, f"Call {value}", f"tel:+{_digits(value)}"))
    return tuple(out)
