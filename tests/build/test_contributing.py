"""CONTRIBUTING.md is executable: every example in it works as the guide says.

Each fenced example carries a marker comment saying what it is for:

- `<!-- example: add to data/<file>.yml <list> -->`: YAML entries appended to that list of a copy of
  the tests' own data (tests/fixtures/data, so a writer's real entry with the example's id cannot clash);
- `<!-- example: set in data/<file>.yml -->`: top-level fields set in that file of the copy;
- `<!-- example: new page docs/<page> -->` and `add to docs/<page>`: Markdown written to a copy of docs/;
- `<!-- example: nav -->`: a nav entry added to a copy of mkdocs.yml;
- `<!-- example: front matter -->`: page front matter;
- `<!-- example: message -->`: messages a check prints, compared with what the check really prints.

With every example applied, both editions build strictly; the guide's links
(`[text](page.md#anchor)` in code) are put on the new page, so the strict
build checks them; the commands it names exist; the messages in its tables
are the messages the checks give.
"""

from __future__ import annotations

import copy
import functools
import html
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from calculators import contact
from calculators.cli import main as cli_main
from calculators.loader import load_data_dir, playbook_from_plain
from calculators.validate import DataError
from conftest import DATA, FIXTURE_DATA, ROOT, build_site

GUIDE = ROOT / "CONTRIBUTING.md"
EXAMPLE = re.compile(r"<!-- example: (?P<what>[^>]+?) -->\s*\n(?:[ \t]*\n)*(?P<indent>[ ]*)```(?P<lang>\w+)\n"
                     r"(?P<body>.*?)\n(?P=indent)```", re.S)
FENCE = re.compile(r"^[ ]*```(yaml|markdown|text)\s*$", re.M)
MARKDOWN_LINK = re.compile(r"`(\[[^\]`]+\]\(([^)`\s]+)\))`")


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def examples(kind: str = "") -> list[tuple[str, str]]:
    """(what, body) of every marked example whose marker starts with `kind`."""
    found = []
    for match in EXAMPLE.finditer(guide()):
        body = textwrap.dedent("\n".join(line[len(match["indent"]):] if line.startswith(match["indent"]) else line
                                         for line in match["body"].splitlines()))
        if match["what"].startswith(kind):
            found.append((match["what"], body))
    return found


def table_messages(heading: str) -> list[str]:
    """The first column's `code` of the table under a heading of the guide."""
    section = guide().split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    return [m for m in re.findall(r"^\| `(.+?)` \|", section, re.M)]


def pattern(message: str) -> re.Pattern:
    """A guide message as a pattern: `…` stands for any text, spaces for any run of blanks."""
    parts = [re.escape(part) for part in message.split("…")]
    text = ".*?".join(parts)
    return re.compile(re.sub(r"(\\ )+", r"\\s+", text), re.S)


def project_copy(tmp: Path) -> Path:
    """A project whose docs/, data/ (the fixture data) and mkdocs.yml are copies to change; the rest is linked."""
    project = tmp / "project"
    project.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in ("docs", "data", "mkdocs.yml", "site", "site-public", ".git", ".cache"):
            (project / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(FIXTURE_DATA, project / "data")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def build(project: Path, edition: str, site: Path):
    return build_site(site, edition, data_dir=project / "data", config=project / "mkdocs.yml")


# --- applying the examples ------------------------------------------------------------------


def add_to_data(project: Path, what: str, body: str) -> None:
    file, where = what.removeprefix("add to ").split(" ")
    path = project / file
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = raw
    for key in re.findall(r"\w+|\[\d+\]", where):
        target = target[int(key[1:-1])] if key.startswith("[") else target[key]
    entries = yaml.safe_load(body)
    assert isinstance(entries, list) and entries, f"{what}: the example is not a list of entries"
    target.extend(entries)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def set_in_data(project: Path, what: str, body: str) -> None:
    path = project / what.removeprefix("set in ")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = yaml.safe_load(body)
    assert isinstance(fields, dict) and fields, f"{what}: the example is not a set of fields"
    raw.update(fields)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_to_nav(project: Path, body: str) -> None:
    (section, entries), = yaml.safe_load(body)[0].items()
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - {section}:")
    end = start + 1
    while end < len(lines) and lines[end].startswith("      "):
        end += 1
    added = [f"      - {title}: {page}" for entry in entries for title, page in entry.items()]
    config.write_text("\n".join(lines[:end] + added + lines[end:]) + "\n", encoding="utf-8")


@functools.cache
def the_new_page() -> str:
    (what, _), = examples("new page ")
    return what.split(" ", 2)[2]


def apply_every_example(project: Path) -> None:
    for what, body in examples():
        if what.startswith("add to data/"):
            add_to_data(project, what, body)
        elif what.startswith("set in data/"):
            set_in_data(project, what, body)
        elif what.startswith("new page "):
            (project / what.split(" ", 2)[2]).write_text(body + "\n", encoding="utf-8")
        elif what == "nav":
            add_to_nav(project, body)
    page = project / the_new_page()
    for what, body in examples("add to docs/"):
        assert what == f"add to {the_new_page()}", what
        page.write_text(page.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")
    links = [link for link, _ in MARKDOWN_LINK.findall(guide())]
    inline_macros = [m for m in re.findall(r"`(\{\{ [^`]+ \}\})`", guide()) if "(" in m]
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "\n\n".join(links + inline_macros) + "\n",
                    encoding="utf-8")


@pytest.fixture(scope="module")
def guided(tmp_path_factory):
    """The project with every example of the guide applied, and its internal build."""
    tmp = tmp_path_factory.mktemp("contributing")
    project = project_copy(tmp)
    apply_every_example(project)
    done = build(project, "internal", tmp / "site")
    return project, tmp / "site", done


def test_every_example_block_is_marked_and_so_tested():
    fences = FENCE.findall(guide())
    assert len(examples()) == len(fences), "a ```yaml/markdown/text block without <!-- example: … --> above it"
    kinds = {what.split(" ")[0] for what, _ in examples()}
    assert kinds <= {"add", "set", "new", "nav", "front", "message"}, kinds


def test_the_guides_examples_build_strictly_in_both_editions(guided, tmp_path):
    project, _, done = guided
    assert done.returncode == 0, done.stdout + done.stderr
    public = build(project, "public", tmp_path / "public")
    assert public.returncode == 0, public.stdout + public.stderr


def test_the_new_page_shows_the_guides_macros_and_links(guided):
    project, site, _ = guided
    page = (site / the_new_page().removeprefix("docs/").removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert "Handling objections" in page
    company = load_data_dir(project / "data").require("site").company_name
    assert company in page
    for _, target in MARKDOWN_LINK.findall(guide()):
        assert target.split("#")[0].removesuffix(".md").rsplit("/", 1)[-1] in page, target


def test_the_added_entries_show_where_the_guide_says(guided):
    project, site, _ = guided
    playbook = load_data_dir(project / "data")
    profile = playbook.profiles.profiles[-1]
    tier = playbook.pricing.tiers[-1]
    flag = playbook.disqualifiers.groups[0].items[-1]
    text = {page: (site / page / "index.html").read_text(encoding="utf-8")
            for page in ("playbook/profiles", "playbook/profile-comparison", "playbook/pricing",
                         "playbook/account-scoring", "playbook/disqualifiers")}
    assert f'id="{profile.id}"' in text["playbook/profiles"]
    assert profile.name.split(" (")[0] in text["playbook/profile-comparison"]
    assert tier.name in text["playbook/pricing"]
    assert f'name="{flag.id}"' in text["playbook/account-scoring"]
    assert flag.text in text["playbook/disqualifiers"]


def test_the_new_disqualifier_is_a_command_line_flag(guided):
    project, _, _ = guided
    flag = load_data_dir(project / "data").disqualifiers.groups[0].items[-1].id
    shown = f"python -m calculators scoring --{flag.replace('_', '-')}"
    assert shown in guide()
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ["PLAYBOOK_DATA_DIR"] = str(project / "data")
    try:
        code = cli_main(["scoring", f"--{flag.replace('_', '-')}", "--json"], out, err)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert code == 0, err.getvalue()


# Addresses and numbers reserved for examples: example.com (RFC 2606) and Ofcom's drama range.
PLACEHOLDER = re.compile(r"^(https://([\w-]+\.)*example\.com(/\S*)?|[\w.+-]+@example\.com|\+44 20 7946 0\d{3})$")


def test_every_contact_channel_of_the_example_becomes_its_button(guided):
    project, site, _ = guided
    (_, body), = examples("set in data/site.yml")
    assert set(yaml.safe_load(body)) == set(contact.CHANNELS)  # the guide shows every channel
    found = contact.channels(load_data_dir(project / "data").require("site"))
    assert [c.field for c in found] == list(contact.CHANNELS)
    page = (site / "calculators" / "roi" / "index.html").read_text(encoding="utf-8")
    for channel in found:  # a message channel's link carries the buyer's message after its address
        assert (f'href="{html.escape(channel.href)}' if channel.href else html.escape(channel.label)) in page, channel


def test_the_contact_example_invents_no_contact_detail():
    (_, body), = examples("set in data/site.yml")
    values = yaml.safe_load(body)
    assert [v for v in values.values() if not PLACEHOLDER.match(str(v))] == []
    # The playbook's own data never carries the guide's placeholders as if they were the business's.
    site = load_data_dir(DATA, "public").require("site")
    assert [f for f in contact.CHANNELS if (getattr(site, f) or "").strip() in map(str, values.values())] == []


def test_the_front_matter_example_is_what_pages_use():
    (_, body), = examples("front matter")
    meta = yaml.safe_load(body.strip().strip("-"))
    assert meta == {"audience": "public"}
    (_, page), = examples("new page ")
    assert page.startswith("---\naudience: ")


# --- links, files and commands -----------------------------------------------------------


def github_anchor(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_the_guides_own_anchors_exist():
    text = guide()
    anchors = {github_anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}
    linked = re.findall(r"\]\(#([^)]+)\)", text)
    assert linked and set(linked) <= anchors, set(linked) - anchors


def test_the_files_the_guide_names_exist():
    names = set(re.findall(r"`((?:docs|data|\.github)/[\w./-]+|\.[\w.-]+\.(?:txt|json)|mkdocs\.yml)`", guide()))
    names -= {the_new_page()}
    missing = [n for n in sorted(names) if not (ROOT / n).exists() and not (ROOT / "docs" / n).exists()]
    assert names and missing == []


def test_the_make_commands_the_guide_names_exist():
    targets = set(re.findall(r"`make (\w+)`", guide()))
    assert {"serve", "lint", "build", "public", "test"} <= targets
    for target in sorted(targets):
        done = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, MAKEFLAGS=""))
        assert done.returncode == 0, f"make {target}: {done.stderr}"


def test_the_pymarkdown_help_command_works():
    command = re.search(r"`(\.venv/bin/pymarkdown plugins info \w+)`", guide())[1].split()
    done = subprocess.run([str(Path(sys.executable).parent / "pymarkdown"), *command[1:]], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "MD022" in done.stdout.upper(), done.stdout + done.stderr


# --- the messages the guide shows are the messages the checks give ----------------------------


def messages(section: str) -> list[str]:
    """The lines of the example message blocks in a section (## or ###) of the guide."""
    level = "##" if f"\n## {section}\n" in guide() else "###"
    text = guide().split(f"\n{level} {section}\n", 1)[1].split(f"\n{level} ", 1)[0]
    blocks = [body for what, body in examples("message") if body in text]
    return [line for body in blocks for line in body.splitlines() if line.strip()]


def test_data_validation_message_is_the_builds(tmp_path):
    project = project_copy(tmp_path)
    path = project / "data" / "profiles.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["profiles"][2]["retainer"]["max"] = "lots"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = build(project, "internal", tmp_path / "site")
    (shown,) = messages("Data validation")
    assert shown in (done.stdout + done.stderr).splitlines()


def test_the_contact_channel_messages_are_the_builds(tmp_path):
    warning, error = messages("Contact channels")
    project = project_copy(tmp_path)  # the tests' own data: no contact channel set
    done = build(project, "public", tmp_path / "site")
    assert done.returncode == 0 and warning in (done.stdout + done.stderr).splitlines(), done.stdout + done.stderr
    field, value = re.search(r"data/site\.yml: (\w+): .*, got '([^']*)'$", error).groups()
    site = project / "data" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + f"{field}: {value}\n", encoding="utf-8")
    done = build(project, "public", tmp_path / "site2")
    assert done.returncode != 0 and error in (done.stdout + done.stderr).splitlines(), done.stdout + done.stderr


@functools.cache
def fixture_raw() -> dict:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FIXTURE_DATA.glob("*.yml"))}


def make_mistake(raw: dict, file: str, where: str, message: str) -> None:
    """Change `raw` so that data/<file> has the mistake the guide's message describes."""
    keys = [int(k[1:-1]) if k.startswith("[") else k for k in re.findall(r"\w+|\[\d+\]", where)]
    target = raw[file]
    for key in keys[:-1]:
        target = target[key]
    last = keys[-1]
    if message == "missing required field":
        del target[last]
    elif message.startswith("unknown field"):
        target[last] = "x"
    elif message.startswith("duplicate id"):
        target[last] = re.search(r'"([^"]+)"', message)[1]
    else:
        target[last] = yaml.safe_load(re.search(r'got ("[^"]*"|\d+)', message)[1])


@pytest.mark.parametrize("shown", [m for m in table_messages("Data validation") if "valid YAML" not in m])
def test_each_data_message_in_the_guide_is_the_loaders(shown):
    file, where, message = re.fullmatch(r"data/(\w+)\.yml: ([\w\[\].]+): (.+)", shown).groups()
    raw = copy.deepcopy(fixture_raw())
    make_mistake(raw, file, where, message)
    with pytest.raises(DataError) as error:
        playbook_from_plain(raw, "internal", "data")
    assert str(error.value) == shown


def test_the_yaml_syntax_message_in_the_guide_is_the_loaders(tmp_path):
    (shown,) = [m for m in table_messages("Data validation") if "valid YAML" in m]
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    file, line = re.match(r"data/(\w+\.yml): line (\d+):", shown).groups()
    lines = (data / file).read_text(encoding="utf-8").splitlines()
    lines[int(line) - 1] = "\tretainer: {currency: USD}"  # a tab: a typo the guide names
    (data / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_data_dir(data)
    assert pattern(shown).fullmatch(str(error.value)), str(error.value)


def test_the_spelling_message_is_the_preview_and_lint_check(tmp_path):
    spec = importlib.util.spec_from_file_location("spelling_hook_under_test", ROOT / "hooks" / "spelling.py")
    spelling = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(spelling)
    (shown,) = messages("Spelling")
    file, line, word = re.fullmatch(r"(.+?):(\d+): (\w+) ==> \w+", shown).groups()
    project = project_copy(tmp_path)
    for name in (".codespellrc", ".codespell-words.txt"):
        (project / name).unlink()
        shutil.copy(ROOT / name, project / name)
    lines = (project / file).read_text(encoding="utf-8").splitlines()
    lines[int(line) - 1] = f"The {word} word is wrong here."
    (project / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert shown in spelling.misspellings(project)


def test_the_markdown_style_message_is_pymarkdowns(tmp_path):
    (shown,) = messages("Markdown style")
    path, line, rule = re.fullmatch(r"/home/you/playbook/(\S+):(\d+):1: (MD\d+):.*", shown).groups()
    project = project_copy(tmp_path)
    page = project / path
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[int(line) - 2:int(line)] = ["Some text right above the heading.", "## A heading"]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run([str(Path(sys.executable).parent / "pymarkdown"), "--config", str(ROOT / ".pymarkdown.json"),
                           "scan", str(page)], cwd=project, capture_output=True, text=True, timeout=60)
    expected = shown.replace("/home/you/playbook", str(project))
    assert expected in done.stdout.splitlines(), done.stdout


def test_the_broken_link_messages_are_the_builds(tmp_path):
    project = project_copy(tmp_path)
    shown = messages("Broken links and anchors")
    links = [re.search(r"contains a link '([^']+)'", line)[1] for line in shown if "contains a link" in line]
    page = project / "docs" / re.search(r"Doc file '([^']+)'", shown[0])[1]
    page.write_text(page.read_text(encoding="utf-8") + "\n" + " ".join(f"[x]({link})" for link in links) + "\n",
                    encoding="utf-8")
    done = build(project, "internal", tmp_path / "site")
    lines = (done.stdout + done.stderr).splitlines()
    for line in shown:
        assert line in lines, line


def test_the_other_build_messages_are_the_builds(tmp_path):
    project = project_copy(tmp_path)
    shown = table_messages("Other build messages")
    audience = [m for m in shown if "front matter audience" in m]
    page_mistakes = {
        "profile_table()": '{{ profile_table("enterprise-cmoo") }}',
        "is undefined": "Our name: {{ compnay }}.",
        "is not closed": "Broken {{ company and more.",
        "money()": "{{ money() }}",
    }
    pages = sorted((project / "docs" / "playbook").glob("*.md"))
    for (key, mistake), page in zip(page_mistakes.items(), pages):
        lines = page.read_text(encoding="utf-8").splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("# ")) + 2
        lines[at:at] = [mistake, ""]
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / the_new_page()).write_text("---\naudience: internal\n---\n\n# Not in the nav\n", encoding="utf-8")
    done = build(project, "internal", tmp_path / "site")
    output = done.stdout + done.stderr
    for message in shown:
        if message in audience:
            continue
        loose = pattern(re.sub(r"docs/writers/index\.md:12", "…", message))
        assert loose.search(output), message
    assert len(page_mistakes) == len([m for m in shown if m.startswith("docs/writers/index.md:12:")])

    (project / the_new_page()).write_text("---\naudience: everyone\n---\n\n# Wrong audience\n", encoding="utf-8")
    done = build(project, "internal", tmp_path / "site2")
    for message in audience:
        assert pattern(message).search(done.stdout + done.stderr), message
