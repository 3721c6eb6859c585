"""How a prospect reaches the business: the contact channels and the person of data/site.yml.

Every channel is optional and none is invented: with none set, pages show a
placeholder saying so (issue 20's deploy gate refuses to publish one). Each
value is checked where it is loaded (`problems`), and links are made here
only from checked values, as mailto: or https: addresses (WhatsApp through
https://wa.me/). Email and WhatsApp open with the buyer's message already
written (`prefilled`): the site itself sends nothing anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Optional
from urllib.parse import quote

CHANNELS = ("booking_url", "contact_email", "whatsapp", "phone")
"""The fields of data/site.yml that are contact channels, in the order pages offer them."""

SUBJECT = "My business case for a fractional Chief AI Officer"
"""The subject of a prefilled email, and the first line of a prefilled WhatsApp message."""

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_URL = re.compile(r"^https://[A-Za-z0-9.-]+(:\d+)?(/[^\s<>\"']*)?$")
_PHONE = re.compile(r"^\+[0-9][0-9 ()-]{6,20}$")


@dataclass(frozen=True)
class Channel:
    """One way to get in touch: the words on the button, the address it opens, and, for a channel
    that carries a message, the address that only lacks the message (`prefill`, message appended
    percent-encoded)."""

    field: str
    label: str
    href: str
    prefill: str = ""


@dataclass(frozen=True)
class Person:
    """Who is behind the business, when data/site.yml says (name, role, one line)."""

    name: str
    role: str
    line: str


def problems(site: Any) -> Iterator[tuple[str, str]]:
    """(field, what is wrong) for each contact channel set to something unusable."""
    checks = {
        "booking_url": (_URL, "must be a web address starting with https://"),
        "contact_email": (_EMAIL, "must be an email address such as hello@example.com"),
        "whatsapp": (_PHONE, "must be an international number starting with +, such as +44 20 7946 0000"),
        "phone": (_PHONE, "must be an international number starting with +, such as +44 20 7946 0000"),
    }
    for field, (pattern, rule) in checks.items():
        value: Optional[str] = getattr(site, field, None)
        if value is not None and not pattern.match(value.strip()):
            yield field, f"{rule}, got {value!r}"
    names = [getattr(site, f, None) for f in ("person_name", "person_role", "person_line")]
    if any(names) and not all(names):
        yield "person_name", "set person_name, person_role and person_line together, or none of them"


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def message(headline: str, link: str = "") -> str:
    """The buyer's message: the subject, their result and the link that reopens it with their figures."""
    lines = [SUBJECT, "", headline.strip()]
    if link:
        lines += ["", f"My figures: {link}"]
    return "\n".join(line for line in lines).strip()


def prefilled(channel: Channel, text: str) -> str:
    """The channel's address with `text` already written (the channel's plain address when it carries none)."""
    return channel.prefill + quote(text, safe="") if channel.prefill else channel.href


def channels(site: Any) -> tuple[Channel, ...]:
    """The channels site.yml sets, as links (none set: an empty tuple). A phone number is shown, not linked."""
    out = []
    for field in CHANNELS:
        value = getattr(site, field, None)
        if not value:
            continue
        value = value.strip()
        if field == "booking_url":
            out.append(Channel(field, "Book a call", value))
        elif field == "contact_email":
            base = f"mailto:{value}?subject={quote(SUBJECT, safe='')}"
            out.append(Channel(field, f"Email {value}", base, base + "&body="))
        elif field == "whatsapp":
            base = f"https://wa.me/{_digits(value)}"
            out.append(Channel(field, f"WhatsApp {value}", base, base + "?text="))
        else:
            out.append(Channel(field, f"Call {value}", ""))
    return tuple(out)


def person(site: Any) -> Optional[Person]:
    """The person behind the business, when all three of their fields are set."""
    values = [getattr(site, f, None) for f in ("person_name", "person_role", "person_line")]
    return Person(*values) if all(values) else None
