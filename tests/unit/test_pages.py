"""The content pages: audience front matter, public pages that need only
public data and link to no internal page, and figures that come from data."""

from __future__ import annotations

import logging
import re
import sys
import types

import jinja2
import pytest
from mkdocs.utils.meta import get_data

from conftest import ROOT, nav_pages

sys.path.insert(0, str(ROOT))

from macros import main  # noqa: E402

DOCS = ROOT / "docs"


def audience(page: str) -> str:
    return get_data((DOCS / page).read_text(encoding="utf-8"))[1].get("audience", "internal")


# Every page of the nav, by the audience its front matter declares (a page that says nothing is internal).
PUBLIC = [page for page in nav_pages() if audience(page) == "public"]
INTERNAL = [page for page in nav_pages() if audience(page) != "public"]
CALCULATOR_PAGES = [page for page in nav_pages() if "calculator_form(" in (DOCS / page).read_text(encoding="utf-8")]


def test_the_nav_lists_pages_of_both_audiences_and_every_calculators_page():
    assert PUBLIC and INTERNAL and "index.md" in PUBLIC
    assert len(CALCULATOR_PAGES) == len(main.registry.names())


class FakeEnv:
    """Just enough of mkdocs-macros' env for define_env and a page render."""

    class Conf(dict):
        config_file_path = str(ROOT / "mkdocs.yml")

    def __init__(self, edition: str):
        self.conf = self.Conf(extra={"edition": edition})
        self.variables, self.macros, self.filters, self.page = {}, {}, {}, None

    def macro(self, fn, name=None):
        self.macros[name or fn.__name__] = fn
        return fn

    def filter(self, fn, name=None):
        self.filters[name or fn.__name__] = fn
        return fn


def render(page: str, edition: str) -> str:
    env = FakeEnv(edition)
    env.page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri=page, abs_src_path=str(DOCS / page)),
                                     url=page.removesuffix(".md") + "/")
    main.define_env(env)
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
    jinja.globals.update(env.variables, extra=env.conf["extra"], **env.macros)  # as mkdocs-macros does
    body, _ = get_data((DOCS / page).read_text(encoding="utf-8"))
    return jinja.from_string(body).render()


@pytest.mark.parametrize("page", PUBLIC + INTERNAL)
def test_page_declares_its_audience(page):
    _, meta = get_data((DOCS / page).read_text(encoding="utf-8"))
    assert meta.get("audience") in ("public", "internal")


@pytest.mark.parametrize("page", PUBLIC)
def test_public_page_renders_from_public_data_alone(page, caplog):
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        text = render(page, "public")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "{{" not in text


@pytest.mark.parametrize("page", PUBLIC)
def test_public_page_links_no_internal_page(page):
    text = render(page, "public")  # as the public edition shows it (a page may differ by edition)
    assert not re.search(r"\]\([^)]*playbook/", text)


def test_every_macro_is_registered_one_way_from_the_tables_of_macros_main():
    env = FakeEnv("internal")
    main.define_env(env)
    tables = {**main.CONTENT_MACROS, **main.CALCULATOR_MACROS, **main.PAGE_MACROS, **main.VALUE_MACROS}
    assert set(env.macros) == set(tables) and not env.filters
    assert set(env.variables) == {"playbook", "company"}  # data, not macros
    # Nothing else registers a macro: no other module calls env.macro, no page defines a Jinja macro.
    for module in sorted([*(ROOT / "macros").glob("*.py"), *(ROOT / "hooks").glob("*.py")]):
        calls = re.findall(r"\.macro\(|@\w+\.macro\b|\.macros\[", module.read_text(encoding="utf-8"))
        assert not calls or module.name == "main.py", module
    for page in sorted(DOCS.rglob("*.md")):
        assert not re.search(r"{%-?\s*macro\b", page.read_text(encoding="utf-8")), page


def test_internal_data_on_a_public_edition_page_is_one_error_line(caplog):
    env = FakeEnv("public")
    main.define_env(env)
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        shown = env.macros["profile_table"]("enterprise-cmo")
    message = "docs: profile_table(): data/profiles.yml is not part of this edition (it is internal or missing)"
    assert [r.getMessage() for r in caplog.records] == [message]
    assert 'role="alert"' in shown and "data/profiles.yml is not part of this edition" in shown


COUNTED = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+|only the|the only)"
                     r"(?:\s+[a-z-]+){0,2}\s+(tiers?|profiles?|ICPs?|bands?|dimensions?|disqualifiers?|triggers?|"
                     r"phases?|signs?|questions?|patterns?|industries|calculators?)\b", re.I)


@pytest.mark.parametrize("page", sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")))
def test_page_types_no_count_of_data_entries(page):
    """How many profiles, tiers or bands there are comes from data ({{ count(...) }}), never typed in."""
    text = re.sub(r"\{\{.*?\}\}", "(from data)", (DOCS / page).read_text(encoding="utf-8"), flags=re.S)
    assert [m[0] for m in COUNTED.finditer(text)] == []


@pytest.mark.parametrize("page", [p for p in PUBLIC + INTERNAL if not p.startswith("writers/")])  # not the guide
def test_page_types_no_money_figure(page):
    """Amounts live in data/ and reach pages through macros, never typed in (examples of what to type,
    such as `£38M`, are code: not the playbook's figures)."""
    text = re.sub(r"`[^`\n]*`", "(example)", (DOCS / page).read_text(encoding="utf-8"))
    assert not re.search(r"[$£€]\s?\d", text)


@pytest.mark.parametrize("page", PUBLIC + INTERNAL)
def test_page_keeps_no_seed_placeholder(page):
    assert "Your Company" not in (DOCS / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("page", INTERNAL)
def test_internal_page_renders(page, caplog):
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        render(page, "internal")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_a_sections_index_page_listed_without_a_title_takes_the_sections_and_a_pages_own_title_wins():
    from macros.main import nav_titles

    nav = [{"Home": "index.md"},
           {"Buyer's guide": ["guide/index.md", {"Red flags": "guide/flags.md"}]},
           {"Overview": "playbook/index.md"},
           {"Playbook": ["playbook/index.md", {"Tiers": "playbook/tiers.md"}]}]
    assert nav_titles(nav) == {"index.md": "Home", "guide/index.md": "Buyer's guide", "guide/flags.md": "Red flags",
                               "playbook/index.md": "Overview", "playbook/tiers.md": "Tiers"}
