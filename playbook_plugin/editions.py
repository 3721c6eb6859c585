"""The public edition leaves out every internal page.

A page's audience is its front matter (`audience: public` or `internal`;
a page that says nothing is internal, so forgetting it cannot leak); any
other value fails every build, whichever the edition. In the
public edition internal pages leave the files and the navigation before
anything is rendered, so they reach neither the search index nor the
sitemap, and a public page that links to one fails the strict build; the
scripts only internal pages use (INTERNAL_SCRIPTS) leave with them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import YAML_RE, get_data

from calculators.loader import read_yaml
from calculators.validate import DataError

from . import build_data

log = logging.getLogger("mkdocs.plugins.playbook.editions")
AUDIENCES = ("public", "internal")
INTERNAL_SCRIPTS = ("assets/js/batch.js",)
"""The reps' feature code (the prioritise page): the public edition does not ship it."""


def page_audiences(docs_dir: Path) -> dict[str, str]:
    """Map each Markdown page (path relative to docs/) to its audience."""
    audiences = {}
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise PluginError(f"docs/{rel}: this page is not UTF-8 text; save it with the UTF-8 encoding") from None
        front = YAML_RE.match(text)
        if front:  # read as strictly as data/ is: `audience` twice must not let the last one win
            try:
                read_yaml(("\n" + front[1]).encode("utf-8"), f"docs/{rel}")
            except DataError as error:
                raise PluginError(f"{error} (in the front matter)") from None
        _, meta = get_data(text)
        audience = meta.get("audience", "internal")
        if audience not in AUDIENCES:
            raise PluginError(f"docs/{rel}: front matter audience: expected public or internal, got {audience!r}")
        audiences[rel] = audience
    return audiences


def internal_folders(audiences: dict[str, str]) -> list[str]:
    """Folders whose pages are all internal: their other files (CSV, images) are internal too."""
    folders: dict[str, set[str]] = {}
    for rel, audience in audiences.items():
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folders.setdefault("/".join(parts[:depth]), set()).add(audience)
    return sorted(f + "/" for f, seen in folders.items() if seen == {"internal"})


def filter_nav(nav, keep):
    """The nav without entries for pages `keep` rejects, and without emptied sections."""
    kept = []
    for entry in nav or []:
        if isinstance(entry, str):
            if keep(entry):
                kept.append(entry)
            continue
        (title, value), = entry.items()
        if isinstance(value, list):
            value = filter_nav(value, keep)
            if value:
                kept.append({title: value})
        elif not isinstance(value, str) or "://" in value or keep(value):
            kept.append(entry)
    return kept


def on_config(config) -> dict[str, str]:
    """Every page's audience; in the public edition, the nav without the internal pages."""
    # Every build reads every page's audience, so a typo such as `audience: pubic`
    # fails the internal build and `make serve` too, not only the public build.
    audiences = page_audiences(Path(config.docs_dir))
    if build_data.edition(config) == "public":
        config.nav = filter_nav(config.nav, lambda rel: audiences.get(rel) == "public")
    return audiences


def on_files(files, config, audiences: dict[str, str]):
    if build_data.edition(config) != "public":
        return files
    public = {rel for rel, audience in audiences.items() if audience == "public"}
    folders = internal_folders(audiences)
    for file in list(files):
        rel = file.src_uri
        internal_page = rel.endswith(".md") and rel not in public
        internal_asset = not rel.endswith(".md") and any(rel.startswith(f) for f in folders)
        if internal_page or internal_asset or rel in INTERNAL_SCRIPTS:
            files.remove(file)
    log.info("public edition: %d pages", sum(1 for f in files if f.src_uri.endswith(".md")))
    return files
