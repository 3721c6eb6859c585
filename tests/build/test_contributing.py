"""CONTRIBUTING.md is executable: every example in it works as the guide says.

The examples (their markers: tests/guide_examples.py) are applied to a copy
of the real project (its docs/, data/, mkdocs.yml, calculators/ and cases):
both editions build strictly, the new calculator runs and its tests pass,
and the suite's checks of the real data and site (invariants) pass on it
(tests/build/test_writer_edits.py runs them on the same copy). The guide's
links (`[text](page.md#anchor)` in code) are put on the new page, so the
strict build checks them; the commands it names exist; the messages in its
tables are the messages the checks give, on a copy of the tests' own pages
and data (tests/fixtures), where the line numbers and entries they name are
fixed.
"""
from __future__ import annotations

import copy
import functools
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from calculators import contact
from calculators.cli import main as cli_main
from calculators.loader import load_data_dir
from calculators.validate import DataError, singular
from conftest import DATA, FIXTURE_DATA, ROOT, build_output, build_project
from conftest import project_copy as copy_of_project
from guide_examples import FENCE, MARKDOWN_LINK, example_entries, examples, guide, new_calculators, the_new_page


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
    """The tests' own pages and data (tests/fixtures) in a project to change: the messages' lines are fixed."""
    return copy_of_project(tmp, fixture=True)


def build(project: Path, edition: str, site: Path):
    """A build for its messages: no calculator of it runs, so no snapshot or trimmed library."""
    return build_project(project, edition, site, quick_start=False)


@pytest.fixture(scope="module")
def guided(edited_project):
    """The real project with every example of the guide applied (and the writer edits,
    tests/writer_edits.py: tests/conftest.py builds it once), and its internal build."""
    done = edited_project.builds["internal"]
    return edited_project.project, done.site, done


def test_every_example_block_is_marked_and_so_tested():
    fences = FENCE.findall(guide())
    assert len(examples()) == len(fences), "a ```yaml/markdown/text block without <!-- example: … --> above it"
    kinds = {what.split(" ")[0] for what, _ in examples()}
    assert kinds <= {"add", "set", "new", "nav", "front", "message", "calculator"}, kinds


def test_the_guides_examples_build_strictly_in_both_editions(edited_project):
    for done in edited_project.builds.values():
        assert done.returncode == 0, done.output


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
    (profile,) = example_entries("data/profiles.yml")
    (tier,) = example_entries("data/pricing.yml")
    (flag,) = example_entries("data/disqualifiers.yml")
    (industry,) = example_entries("data/use_cases.yml")
    text = {page: html.unescape((site / page / "index.html").read_text(encoding="utf-8"))
            for page in ("playbook/profiles", "playbook/profile-comparison", "playbook/pricing",
                         "playbook/account-scoring", "playbook/disqualifiers", "playbook/use-cases")}
    assert f'id="{profile["id"]}"' in text["playbook/profiles"]
    assert profile["name"].split(" (")[0] in text["playbook/profile-comparison"]
    assert tier["name"] in text["playbook/pricing"]
    assert f'name="{flag["id"]}"' in text["playbook/account-scoring"]
    assert flag["text"] in text["playbook/disqualifiers"]
    assert industry["name"] in text["playbook/use-cases"]
    new_page = (site / the_new_page().removeprefix("docs/").removesuffix(".md") / "index.html").read_text("utf-8")
    assert html.escape(profile["role"]) in new_page  # the page line of the new profile


def test_the_new_calculator_has_its_page_command_and_passing_tests(guided):
    project, site, done = guided
    assert done.returncode == 0, done.output
    (page,) = [what.rsplit(" ", 1)[1] for what, _ in examples("calculator page ")]
    for name in new_calculators():
        built = (site / page.removeprefix("docs/").removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert f'data-calculator="{name}"' in built
        command = re.search(rf"`python -m calculators ({name} [^`]*)`", guide())[1].split()
        shown = subprocess.run([sys.executable, "-m", "calculators", *command, "--data", str(project / "data")],
                               cwd=project, capture_output=True, text=True, timeout=120)
        assert shown.returncode == 0, shown.stderr
    tests = [what.rsplit(" ", 1)[1] for what, _ in examples("new test ")]
    checked = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                              *tests], cwd=project, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and "passed" in checked.stdout, checked.stdout[-3000:] + checked.stderr[-2000:]


def fit_check(project: Path, *args: str) -> dict:
    out, err = io.StringIO(), io.StringIO()
    assert cli_main(["fit", *args, "--json", "--data", str(project / "data")], out, err) == 0, err.getvalue()
    return json.loads(out.getvalue())["values"]


def test_the_new_profile_resembles_an_account_of_its_industry(guided):
    project, _, _ = guided
    (profile,) = example_entries("data/profiles.yml")
    crm = yaml.safe_load((project / "data" / "crm.yml").read_text(encoding="utf-8"))
    value = next(e["values"][0] for e in crm["industries"] if e["industry"] == profile["fit"]["industries"][0])
    found = fit_check(project, "--industry", value, "--employees", str(profile["fit"]["employees"]["min"]))
    assert profile["id"] in json.dumps(found["profiles"]), found["profiles"]


def test_the_new_industrys_crm_values_are_recognised(guided):
    project, _, _ = guided
    (industry,) = example_entries("data/use_cases.yml")
    (crm,) = example_entries("data/crm.yml")
    for value in crm["values"]:
        assert fit_check(project, "--industry", value)["industry"] == industry["id"], value


def test_the_new_disqualifier_is_a_command_line_flag(guided):
    project, _, _ = guided
    flag = example_entries("data/disqualifiers.yml")[0]["id"]
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


def test_the_data_validation_message_is_the_builds_and_every_problem_is_one_line(tmp_path):
    project = project_copy(tmp_path)
    (shown,) = messages("Data validation")
    mistakes = {"profiles": lambda raw: make_mistake({"profiles": raw}, shown.split("-  ", 1)[1]),
                "pricing": lambda raw: raw["retainer"].update(currency="£"),
                "crm": lambda raw: raw["industries"][0].update(industry="gamng")}
    for name, mistake in mistakes.items():
        path = project / "data" / f"{name}.yml"
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        mistake(raw)
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = build(project, "internal", tmp_path / "site")
    output = done.stdout + done.stderr
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert done.returncode != 0 and "Traceback" not in output
    assert [re.match(r"ERROR\s+-\s+(data/\w+\.yml):\d+, ", e)[1] for e in errors] == [
        "data/crm.yml", "data/pricing.yml", "data/profiles.yml"], output  # all at once, in file order
    line = pattern(re.sub(r"(data/\w+\.yml):\d+,", r"\1:…,", shown))  # the line is the rewritten file's
    assert line.fullmatch(errors[2]), errors


def test_the_contact_channel_messages_are_the_builds(fixture_site, tmp_path):
    warning, error = messages("Contact channels")
    assert warning in build_output(fixture_site).splitlines()  # the tests' own data sets no channel; it built
    project = project_copy(tmp_path)
    field, value = re.search(r"data/site\.yml:\d+, (\w+): .*, got '([^']*)'$", error).groups()
    site = project / "data" / "site.yml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text + f"{field}: {value}\n", encoding="utf-8")
    done = build(project, "public", tmp_path / "site2")
    shown = re.sub(r"site\.yml:\d+,", f"site.yml:{len(text.splitlines()) + 1},", error)  # the line it was put on
    assert done.returncode != 0 and shown in (done.stdout + done.stderr).splitlines(), done.stdout + done.stderr


@functools.cache
def fixture_raw() -> dict:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FIXTURE_DATA.glob("*.yml"))}


def entry_path(raw, kind: str, entry_id: str, path: tuple = ()) -> tuple | None:
    """Where in `raw` the entry `kind "id"` of a message is: the list item with that id under a key naming its kind."""
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, list) and singular(key) == kind:
                for i, item in enumerate(value):
                    if isinstance(item, dict) and item.get("id") == entry_id:
                        return path + (key, i)
            found = entry_path(value, kind, entry_id, path + (key,))
            if found:
                return found
    elif isinstance(raw, list):
        for i, item in enumerate(raw):
            found = entry_path(item, kind, entry_id, path + (i,))
            if found:
                return found
    return None


GUIDE_DATA_MESSAGE = re.compile(r'data/(\w+)\.yml:\d+, (?:(\w+) "([^"]+)", )?([\w\[\].]+): (.+)')


def make_mistake(raw: dict, shown: str) -> None:
    """Change `raw` so that data/<file> has the mistake the guide's message describes."""
    file, kind, entry_id, where, message = GUIDE_DATA_MESSAGE.fullmatch(shown).groups()
    keys = [int(k[1:-1]) if k.startswith("[") else k for k in re.findall(r"\w+|\[\d+\]", where)]
    if kind:
        *list_path, index = entry_path(raw[file], kind, entry_id)
        if message.startswith("duplicate id"):
            index += 1  # the entry after the one that has the id takes it too
        keys = [*list_path, index, *keys]
    target = raw[file]
    for key in keys[:-1]:
        target = target[key]
    last = keys[-1]
    if message == "missing required field":
        del target[last]
    elif message.startswith("unknown field"):
        target[last] = "x"
    elif message.startswith(("duplicate id", "unknown industry")):
        target[last] = re.search(r'"([^"]+)"', message)[1]
    else:
        target[last] = yaml.safe_load(re.search(r'got ("[^"]*"|\d+)', message)[1])


@pytest.mark.parametrize("shown", [m for m in table_messages("Data validation") if "valid YAML" not in m])
def test_each_data_message_in_the_guide_is_the_loaders(shown, tmp_path):
    raw = copy.deepcopy(fixture_raw())
    make_mistake(raw, shown)
    data = tmp_path / "data"
    data.mkdir()
    for name, content in raw.items():
        (data / f"{name}.yml").write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(DataError) as error:
        load_data_dir(data)
    # The line is the fixture file's as this test writes it; the guide's may differ by a few.
    assert pattern(re.sub(r"^(data/\w+\.yml):\d+,", r"\1:…,", shown)).fullmatch(str(error.value)), str(error.value)


def test_the_yaml_syntax_message_in_the_guide_is_the_loaders(tmp_path):
    (shown,) = [m for m in table_messages("Data validation") if "valid YAML" in m]
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    file, line = re.match(r"data/(\w+\.yml):(\d+):", shown).groups()
    lines = (data / file).read_text(encoding="utf-8").splitlines()
    lines[int(line) - 1] = "\tretainer: {currency: USD}"  # a tab: a typo the guide names
    (data / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_data_dir(data)
    assert pattern(shown).fullmatch(str(error.value)), str(error.value)


def test_the_spelling_message_is_the_preview_and_lint_check(tmp_path):
    from playbook_plugin import spelling
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
    (no_fit,) = messages("Add a profile (an ideal customer profile)")
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
    profiles = project / "data" / "profiles.yml"
    raw = yaml.safe_load(profiles.read_text(encoding="utf-8"))
    raw["profiles"][-1]["id"] = re.search(r'profile "([^"]+)"', no_fit)[1]
    del raw["profiles"][-1]["fit"]
    profiles.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = build(project, "internal", tmp_path / "site")
    output = done.stdout + done.stderr
    assert no_fit in output.splitlines(), output
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
