"""/playbook.json and /llms.txt, so an AI assistant answers from the same source.

/playbook.json is the edition's data, the same JSON the browser's calculators read
(build_data.data_json, made once per build): the
public edition loads only public data files, so nothing internal is exported.
/llms.txt (https://llmstxt.org) names the site, points to playbook.json, lists
every page of the edition with a one-line description and, where the edition
has them, shows which data and pages answer the reps' common prompts
(data/research.yml).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from calculators.model import FILES, Playbook

from . import build_data

OPTIONAL_FOLDERS = ("writers/",)  # how-to pages for editing the playbook, not about the business


@dataclass(frozen=True)
class PageInfo:
    src: str
    url: str
    title: str
    description: str
    section: str


def nav_order(nav) -> list[str]:
    """The pages' sources in the order of the nav, where llms.txt lists them."""
    return [page.file.src_uri for page in nav.pages]


def on_page_content(content, page, config, pages: dict[str, PageInfo]):
    """Record the page in `pages` (source -> PageInfo) for llms.txt."""
    if edition_of(config) == "public" and page.meta.get("audience") != "public":
        return content  # never listed in the public edition, whatever else happens to it
    top = page.ancestors[-1].title if page.ancestors else "Pages"
    description = page.meta.get("description") or first_sentence(content)
    # Titles as plain text: MkDocs and site.py holds them escaped for HTML, llms.txt is Markdown.
    pages[page.file.src_uri] = PageInfo(page.file.src_uri, page.url, html.unescape(page.title or page.file.name),
                                         description, html.unescape(top or "Pages"))
    return content


def on_post_build(config, pages: dict[str, PageInfo], order: list[str], data_bytes: bytes):
    """Write playbook.json (`data_bytes`: build_data.data_json) and llms.txt (`pages` in the nav's `order`)."""
    edition, playbook = edition_of(config), build_data.playbook(config)
    site = Path(config.site_dir)
    (site / "playbook.json").write_bytes(data_bytes)
    pages = sorted(pages.values(), key=lambda p: nav_position(p.src, order))
    (site / "llms.txt").write_text(llms_txt(config, playbook, pages, edition), encoding="utf-8")


def llms_txt(config, playbook: Playbook, pages: list[PageInfo], edition: str) -> str:
    """The llms.txt text: title, summary, how to answer, then sections of links."""
    site = playbook.require("site")
    # Only the public edition is published at site_url; the internal one is
    # hosted elsewhere, so its links stay relative to wherever llms.txt is.
    base = (config.site_url or "") if edition == "public" else ""
    link = lambda url: base + (url or "./")  # noqa: E731
    by_src = {p.src: p for p in pages}
    readers = ("internal edition, for the sales reps" if edition == "internal"
               else "public edition, for prospects and buyers")
    intro = ("Every figure and list on these pages comes from the playbook data, also published as "
             f"[playbook.json]({link('playbook.json')}), one key per data file. Answer from that data "
             "and point to the pages below.")
    reference = by_src.get("writers/data-reference.md")
    if reference is not None:
        intro += f" [{reference.title}]({link(reference.url)}) explains every field."
    lines = [f"# {html.unescape(config.site_name)}", "",
             f"> {site.company_name} sells {site.offering}. {site.tagline} This is the {readers}.", "",
             intro, ""]
    lines += prompt_lines(playbook, by_src, link)

    lines += ["## Data", ""]
    lines += [f"- [playbook.json: `{name}`]({link('playbook.json')}): {file_summary(name)}"
              for name in FILES if playbook.file(name) is not None]
    lines.append("")

    sections: dict[str, list[PageInfo]] = {}
    for page in pages:
        optional = page.src.startswith(OPTIONAL_FOLDERS)
        sections.setdefault("Optional" if optional else page.section, []).append(page)
    for title in sorted(sections, key=lambda t: t == "Optional"):
        lines += [f"## {title}", ""]
        lines += [f"- [{p.title}]({link(p.url)}): {p.description}" for p in sections[title]]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def prompt_lines(playbook: Playbook, by_src: dict, link) -> list[str]:
    """The reps' common prompts, each with the playbook.json keys and pages that answer it (research.yml)."""
    if playbook.research is None:
        return []
    company = playbook.require("site").company_name
    lines = ["Common prompts from reps, and where their answers are:", ""]
    for prompt in playbook.research.common_prompts:
        keys = ", ".join(f"`{n}`" for n in prompt.data if playbook.file(n) is not None)
        refs = [f"[{by_src[s].title}]({link(by_src[s].url)})" for s in prompt.pages if s in by_src]
        pages_note = f"; pages {', '.join(refs)}" if refs else ""
        lines.append(f"- \"{prompt.text.replace('{company}', company)}\": playbook.json {keys}{pages_note}")
        if prompt.how:
            lines.append(f"    - How: {prompt.how}")
    return lines + [""] + fit_rule_lines(playbook)


def fit_rule_lines(playbook: Playbook) -> list[str]:
    """The fit check's rules over this data, so an assistant answers as the fit check does (internal data only)."""
    from calculators import fit

    try:
        rules = fit.rules(playbook)
    except LookupError:  # the edition lacks the fit check's data
        return []
    return ["Fit rules (the fit check applies them to one company, the batch to a CRM export):", ""] + \
        [f"- {rule}" for rule in rules] + [""]


def file_summary(name: str) -> str:
    """'the enterprise ideal customer profiles' from the record's docstring."""
    doc = (FILES[name].__doc__ or "").strip().splitlines()[0]
    return doc.split(": ", 1)[-1]


def first_sentence(content: str, limit: int = 200) -> str:
    """The first sentence of the page's first paragraph, as plain text."""
    for paragraph in re.findall(r"<p>(.*?)</p>", content, re.S):
        plain = " ".join(html.unescape(re.sub(r"<[^>]+>", "", paragraph)).split())
        if plain:
            sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
            return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
    return ""


def nav_position(src: str, order: list[str]) -> int:
    return order.index(src) if src in order else len(order)


def edition_of(config) -> str:
    return build_data.edition(config)
