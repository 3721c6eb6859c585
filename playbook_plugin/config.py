"""The plugin's options (mkdocs.yml: plugins: - playbook: ...), typed and checked by MkDocs."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from calculators.loader import EDITIONS


class Edition(c.Choice):
    """The edition to build, one of calculators.loader.EDITIONS (mkdocs.yml sets it from PLAYBOOK_EDITION)."""

    def __init__(self, **kwargs):
        super().__init__(EDITIONS, **kwargs)

    def run_validation(self, value):
        if value not in EDITIONS:
            raise base.ValidationError(f"PLAYBOOK_EDITION: unknown edition {value!r}; "
                                       f"expected one of {', '.join(EDITIONS)}")
        return value


class Switch(c.OptionallyRequired[bool]):
    """On or off, as an environment variable says it through mkdocs.yml's !ENV: 1, true or yes turn it on;
    unset, empty, 0, false or no leave it off."""

    ON, OFF = ("1", "true", "yes"), ("", "0", "false", "no")

    def run_validation(self, value) -> bool:
        text = str(value).strip().lower()
        if isinstance(value, bool) or text in self.ON + self.OFF:
            return value if isinstance(value, bool) else text in self.ON
        raise base.ValidationError(f"expected 1, true or yes (on) or 0, false, no or nothing (off), got {value!r}")


class PlaybookConfig(base.Config):
    edition = Edition(default="internal")
    """internal: the sales reps' edition (everything); public: the prospects' edition. Pages and
    templates read it as `extra.edition`."""
    deploy = Switch(default=False)
    """A build to publish (PLAYBOOK_DEPLOY=1): the public edition refuses to build without a contact channel."""
    quick_start = Switch(default=True)
    """The calculators' quick first start: the trimmed standard library and the start-up snapshot, each
    checked at build time (PLAYBOOK_QUICK_START=0 leaves them out: the calculators start the plain way,
    as under `mkdocs serve`; for builds that never run a calculator, such as most test builds)."""
