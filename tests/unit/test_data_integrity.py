"""Data that cannot mean two things, and text that stays text.

The loader refuses YAML that PyYAML would read one way silently (a key twice,
aliases), files that are not UTF-8, absurd nesting and numbers; the data
checks refuse links to anything but http(s), mailto, tel or the site itself,
attribute lists, control characters, overlong text and unreachable bands.
Every refusal is one DataError line naming the file, the line or entry and
field. The data here is the tests' own, in memory.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from calculators.loader import MAX_DEPTH, MAX_DIGITS, load_data_dir, read_yaml
from calculators.model import FILES, ScoringFile, SiteFile
from calculators.validate import (
    ID_LENGTH, LARGEST_NUMBER, NAME_LENGTH, TEXT_LENGTH, DataError, parse, text_problem, unsafe_link,
)

ROOT = Path(__file__).resolve().parents[2]


def error_of(content: bytes, where: str = "data/tiers.yml") -> str:
    with pytest.raises(DataError) as caught:
        read_yaml(content, where)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# --- duplicate keys --------------------------------------------------------

DUPLICATES = {
    "top level": (b"audience: internal\nnote: x\naudience: public\n", 3, '"audience"', 1),
    "inside a list entry": (b"tiers:\n  - id: a\n    fee: 2500\n    fee: 3000\n", 4, '"fee"', 3),
    "flow mapping on one line": (b"fee: {amount: 1, amount: 2}\n", 1, '"amount"', 1),
    "null spelt two ways": (b"~: 1\nnull: 2\n", 2, "nothing", 1),
    "true spelt two ways": (b"yes: 1\ntrue: 2\n", 2, "true", 1),
    "deep inside": (b"a:\n  b:\n    c:\n      d: 1\n      d: 2\n", 5, '"d"', 4),
}


@pytest.mark.parametrize("content, line, key, first", DUPLICATES.values(), ids=DUPLICATES.keys())
def test_a_key_twice_in_one_mapping_names_file_line_and_key(content, line, key, first):
    message = error_of(content)
    assert message.startswith(f"data/tiers.yml:{line}: duplicate key {key}")
    assert f"first set on line {first}" in message


def test_the_same_key_in_different_mappings_is_fine():
    assert read_yaml(b"a: {fee: 1}\nb: {fee: 2}\n", "data/x.yml") == {"a": {"fee": 1}, "b": {"fee": 2}}


def test_an_audience_set_twice_never_reaches_the_public_edition(tmp_path):
    """The issue's case: internal then public in one file; the last no longer wins."""
    (tmp_path / "site.yml").write_text("audience: internal\ncompany_name: X\naudience: public\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"site\.yml:3: duplicate key \"audience\""):
        load_data_dir(tmp_path, "public")


# --- encodings, depth, aliases, numbers ------------------------------------

ENCODINGS = {
    "cp1252 byte in UTF-8 text": ("a: ok\nb: Zürich\n".encode("cp1252"), 2, "0xfc"),
    "UTF-16 with BOM": ("a: b\n".encode("utf-16"), 1, "0xff"),
    "latin-1 on line 3": ("a: 1\nb: 2\nc: café\n".encode("latin-1"), 3, "0xe9"),
    "lone continuation byte": (b"a: \x80\n", 1, "0x80"),
}


@pytest.mark.parametrize("content, line, byte", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_a_file_that_is_not_utf8_names_file_and_line(content, line, byte):
    message = error_of(content, "data/site.yml")
    assert message.startswith(f"data/site.yml:{line}: this file is not UTF-8 text (byte {byte})")


def test_utf8_with_a_byte_order_mark_is_read():
    assert read_yaml("\ufeffname: Zürich\n".encode("utf-8"), "data/x.yml") == {"name": "Zürich"}


NESTING = {
    "100,000 flow brackets": b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "100,000 flow braces": b"a: " + b"{b: " * 100_000 + b"1" + b"}" * 100_000 + b"\n",
    "200 block levels": "".join("  " * i + f"k{i}:\n" for i in range(200)).encode() + b"  " * 200 + b"v\n",
    "one level too deep": b"a: " + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"\n",
}


@pytest.mark.parametrize("content", NESTING.values(), ids=NESTING.keys())
def test_nesting_too_deep_is_one_line_naming_the_file(content):
    message = error_of(content, "data/pricing.yml")
    assert message.startswith("data/pricing.yml:")
    assert f"nested more than {MAX_DEPTH} levels deep" in message


def test_nesting_within_the_limit_is_read():
    depth = MAX_DEPTH - 2  # the document's mapping and a's value count too
    assert read_yaml(b"a: " + b"[" * depth + b"]" * depth + b"\n", "data/x.yml")


ALIASES = {
    "alias of a scalar": b"a: &x 1\nb: *x\n",
    "billion laughs": b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                      b"c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
    "merge key": b"base: &b {fee: 1}\nother:\n  <<: *b\n",
}


@pytest.mark.parametrize("content", ALIASES.values(), ids=ALIASES.keys())
def test_aliases_are_refused_so_no_file_expands_into_millions_of_values(content):
    assert "anchors and aliases (*name) are not used in data files" in error_of(content)


NUMBERS = {
    "5,000-digit integer": b"fee: " + b"9" * 5000 + b"\n",
    "400-digit decimal": b"fee: 1" + b"0" * 400 + b".5\n",
    "one digit too many": b"fee: " + b"1" * (MAX_DIGITS + 1) + b"\n",
    "huge negative": b"fee: -" + b"9" * 4500 + b"\n",
    "in a list": b"fees:\n  - 1\n  - " + b"7" * 4400 + b"\n",
}


@pytest.mark.parametrize("content", NUMBERS.values(), ids=NUMBERS.keys())
def test_a_number_with_absurdly_many_digits_names_file_and_line(content):
    message = error_of(content, "data/pricing.yml")
    assert message.startswith("data/pricing.yml:")
    assert "is not a plausible figure" in message


@pytest.mark.parametrize("raw", [int(LARGEST_NUMBER), -int(LARGEST_NUMBER), 10 ** 17, 1e300, 1.5e15])
def test_numbers_past_a_quadrillion_are_refused_naming_the_field(raw):
    money = {"currency": "USD", "amount": raw, "per": "month"}
    from calculators.model import Money
    with pytest.raises(DataError, match=r"^data/pricing.yml: fee.amount: .*too large"):
        parse(Money, money, "data/pricing.yml", "fee")


def test_a_whole_number_past_a_quadrillion_is_refused():
    from calculators.model import Phase
    raw = {"id": "a", "first_day": 1, "last_day": 10 ** 16, "name": "x", "outputs": ["y"]}
    with pytest.raises(DataError, match=r"phases\[0\]\.last_day: .*too large"):
        parse(Phase, raw, "data/buyers_guide.yml", "phases[0]")


@pytest.mark.parametrize("content, expected", [
    (b"fee: 2500\n", {"fee": 2500}), (b"rate: 0.5\n", {"rate": 0.5}),
    (b"big: " + b"9" * MAX_DIGITS + b"\n", {"big": int("9" * MAX_DIGITS)}),
])
def test_ordinary_numbers_are_read(content, expected):
    assert read_yaml(content, "data/x.yml") == expected


@pytest.mark.parametrize("name, content", [
    ("duplicate key", b"audience: public\naudience: internal\n"),
    ("not UTF-8", "audience: Zürich\n".encode("cp1252")),
    ("too deep", b"audience: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
    ("5,000-digit integer", b"audience: public\nfee: " + b"9" * 5000 + b"\n"),
])
def test_the_command_line_reports_a_bad_data_file_in_one_line_and_exit_2(tmp_path, name, content):
    data = tmp_path / "data"
    data.mkdir()
    for path in (ROOT / "data").glob("*.yml"):
        (data / path.name).write_bytes(path.read_bytes())
    (data / "smb.yml").write_bytes(content)
    done = subprocess.run([sys.executable, "-m", "calculators", "--data", str(data), "readiness"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "data/smb.yml" in lines[0], done.stderr


# --- links, attributes and control characters in text ----------------------

UNSAFE_LINKS = {
    "javascript:": "[x](javascript:alert(1))",
    "mixed case": "[x](JaVaScRiPt:alert(1))",
    "leading space": "[x]( javascript:alert(1))",
    "angle brackets": "[x](<javascript:alert(1)>)",
    "tab inside the scheme": "[x](<java\tscript:alert(1)>)",
    "decimal entity": "[x](&#106;avascript:alert(1))",
    "hex entity tab": "[x](java&#x09;script:alert(1))",
    "named entity colon": "[x](javascript&colon;alert(1))",
    "double-escaped entity": "[x](&amp;#106;avascript:alert(1))",
    "backslash": "[x](\\javascript:alert(1))",
    "data: URL": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript:": "[x](vbscript:msgbox(1))",
    "file:": "[x](file:///etc/passwd)",
    "image": "![x](javascript:alert(1))",
    "reference definition": "[x][r]\n\n[r]: javascript:alert(1)",
    "space before parenthesis": "[x] (javascript:alert(1))",
    "autolink": "<javascript:alert(1)>",
    "html href": "<a href=\"javascript:alert(1)\">x</a>",
    "html src single quotes": "<iframe src='data:text/html,x'></iframe>",
    "with a title": "[x](javascript:alert(1) \"title\")",
}
SAFE_LINKS = {
    "https": "[x](https://example.com/a?b=c)", "http upper case": "[x](HTTP://EXAMPLE.COM)",
    "mailto": "[x](mailto:sales@example.com)", "tel": "[x](tel:+44-20-0000-0000)",
    "relative page": "[x](../pricing/)", "anchor": "[x](#tiers)", "titled": "[x](https://a.example \"t\")",
    "a colon in prose": "Ratio 3:1 (roughly)", "a scheme word in prose": "never javascript: here",
    "brackets in prose": "[draft] notes (see below)",
}


@pytest.mark.parametrize("value", UNSAFE_LINKS.values(), ids=UNSAFE_LINKS.keys())
def test_links_other_than_http_mailto_tel_or_relative_are_found(value):
    assert unsafe_link(value) is not None


@pytest.mark.parametrize("value", SAFE_LINKS.values(), ids=SAFE_LINKS.keys())
def test_safe_links_and_plain_prose_pass(value):
    assert unsafe_link(value) is None
    assert text_problem(value, TEXT_LENGTH) is None


ATTRIBUTE_LISTS = ["*x*{ onmouseover=alert(1) }", "[x](https://a.example){: onclick=\"alert(1)\" }",
                   "word{: .danger }", "# t {#id}", "x{: style=\"position:fixed\" }"]


@pytest.mark.parametrize("value", ATTRIBUTE_LISTS)
def test_attribute_lists_in_data_text_are_refused(value):
    assert "attribute list" in text_problem(value, TEXT_LENGTH)


def test_placeholders_in_braces_are_not_attribute_lists():
    assert text_problem("What does {company} charge?", TEXT_LENGTH) is None


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\u202e", "\u2066"])
def test_control_characters_are_refused_with_their_code_point(char):
    assert f"U+{ord(char):04X}" in text_problem(f"a{char}b", TEXT_LENGTH)


def site(**changes) -> dict:
    return {"audience": "public", "company_name": "Example Co", "offering": "Widgets",
            "tagline": "Good widgets.", "contact": "Write to us.", **changes}


@pytest.mark.parametrize("field", ["company_name", "offering", "tagline", "contact"])
@pytest.mark.parametrize("payload", list(UNSAFE_LINKS.values())[:6], ids=list(UNSAFE_LINKS)[:6])
def test_an_unsafe_link_in_a_field_names_file_and_field(field, payload):
    with pytest.raises(DataError) as caught:
        parse(SiteFile, site(**{field: f"See {payload} now"}), "data/site.yml")
    assert str(caught.value).startswith(f"data/site.yml: {field}: links to ")
    assert "http(s), mailto or tel" in str(caught.value)


def raw_strings(value, path=""):
    """Every text in a raw data tree, with its path as DataError names it."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from raw_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from raw_strings(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def replaced(value, path, new):
    """A copy of a raw data tree with the text at `path` replaced."""
    import copy
    import re
    tree = copy.deepcopy(value)
    steps = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    node = tree
    for step in steps[:-1]:
        node = node[int(step[1:-1])] if step.startswith("[") else node[step]
    last = steps[-1]
    if last.startswith("["):
        node[int(last[1:-1])] = new
    else:
        node[last] = new
    return tree


def free_texts():
    """(file, path, raw) for every text field of the real data that is free text (not an id,
    a choice or a reference), found from the model: invariants only, no content pinned."""
    import yaml
    for name, cls in FILES.items():
        path = ROOT / "data" / f"{name}.yml"
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, value in raw_strings(raw):
            if where == "audience":
                continue
            try:  # only positions where arbitrary text is accepted
                parse(cls, replaced(raw, where, "Plain words"), f"data/{name}.yml")
            except DataError:
                continue
            yield name, cls, where, raw


@pytest.mark.parametrize("payload", ["[x](javascript:alert(1))", "[x](&#106;avascript:alert(1))",
                                     "*x*{ onclick=alert(1) }", "x" * (TEXT_LENGTH + 1)])
def test_every_free_text_of_every_file_refuses_the_payload_naming_its_field(payload):
    checked = 0
    for name, cls, where, raw in free_texts():
        with pytest.raises(DataError) as caught:
            parse(cls, replaced(raw, where, payload), f"data/{name}.yml")
        assert str(caught.value).startswith(f"data/{name}.yml: {where}: "), str(caught.value)
        checked += 1
    assert checked > 50  # the walk really found the data's texts


def test_a_ten_megabyte_tagline_is_refused_stating_the_limit():
    with pytest.raises(DataError, match=rf"tagline: is 10,000,000 characters long; at most {TEXT_LENGTH:,}"):
        parse(SiteFile, site(tagline="x" * 10_000_000), "data/site.yml")


def test_text_at_its_limit_is_accepted():
    parsed = parse(SiteFile, site(company_name="n" * NAME_LENGTH, tagline="t" * TEXT_LENGTH), "data/site.yml")
    assert len(parsed.tagline) == TEXT_LENGTH


def test_the_company_name_has_the_shorter_name_limit():
    with pytest.raises(DataError, match=rf"company_name: is {NAME_LENGTH + 1} characters long"):
        parse(SiteFile, site(company_name="n" * (NAME_LENGTH + 1)), "data/site.yml")


def test_an_overlong_id_is_refused():
    from calculators.model import Group
    with pytest.raises(DataError, match=rf"id: is {ID_LENGTH + 1} characters long"):
        parse(Group, {"id": "a" * (ID_LENGTH + 1), "name": "x", "items": ["y"]}, "data/triggers.yml")


def test_every_text_field_of_the_model_declares_its_limit():
    seen = set()

    def walk(cls):
        if cls in seen:
            return
        seen.add(cls)
        for field in dataclasses.fields(cls):
            assert isinstance(field.metadata.get("max_length"), int), f"{cls.__name__}.{field.name}"
            for tp in _records(cls, field):
                walk(tp)

    for cls in FILES.values():
        walk(cls)


def _records(cls, field):
    import typing
    hint = typing.get_type_hints(cls)[field.name]
    stack = [hint]
    while stack:
        tp = stack.pop()
        if dataclasses.is_dataclass(tp):
            yield tp
        stack.extend(typing.get_args(tp))


# --- scoring bands ---------------------------------------------------------

def scoring(*band_mins, top=10) -> dict:
    dims = [{"id": f"d{i}", "name": f"D{i}", "min": 0, "max": top, "step": 1, "criteria": ["c"]}
            for i in range(2)]
    bands = [{"id": f"b-{i}", "min": m, "action": "Act"} for i, m in enumerate(band_mins)]
    return {"audience": "internal", "dimensions": dims, "bands": bands}


@pytest.mark.parametrize("mins, unreachable", [
    ((21, 10, 0), 0),           # above the highest total, 20
    ((100, 10, 0), 0),
    ((25, 21, 0), 0),           # each of two unreachable bands is named, the first first
])
def test_a_band_above_the_highest_possible_total_is_refused(mins, unreachable):
    with pytest.raises(DataError) as caught:
        parse(ScoringFile, scoring(*mins), "data/scoring.yml")
    assert str(caught.value).splitlines()[0] == (f"data/scoring.yml: bands[{unreachable}].min: no account can reach it: "
                                 f"the highest possible total is 20, got {mins[unreachable]}")


def test_a_band_at_exactly_the_highest_total_is_reachable():
    parsed = parse(ScoringFile, scoring(20, 10, 0), "data/scoring.yml")
    assert parsed.bands[0].min == Decimal(20) == parsed.max_total


def test_every_band_of_the_real_scoring_data_is_reachable():
    scoring_data = load_data_dir(ROOT / "data", "internal").scoring
    assert all(band.min <= scoring_data.max_total for band in scoring_data.bands)


# --- the data reference states the limits ------------------------------------

def test_the_data_reference_states_each_text_fields_limit_and_the_link_rule():
    import re
    from macros.render_reference import data_reference
    reference = data_reference(load_data_dir(ROOT / "data", "internal"))
    rows = {re.sub(r"<[^>]+>", "", cells[0]): re.sub(r"<[^>]+>", "", cells[3])
            for cells in (re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr>(.*?)</tr>", reference))
            if len(cells) > 3}
    assert f"at most {NAME_LENGTH} characters" in rows["company_name"]
    assert f"at most {TEXT_LENGTH} characters" in rows["tagline"]
    assert f"at most {ID_LENGTH} characters" in rows["profiles[].id"]
    assert "http:, https:, mailto:, tel:" in reference and "javascript:" in reference
    assert f"nest at most {MAX_DEPTH} levels" in reference


def test_a_folder_named_like_a_data_file_is_one_line_naming_it(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for path in (ROOT / "data").glob("*.yml"):
        (data / path.name).write_bytes(path.read_bytes())
    (data / "smb.yml").unlink()
    (data / "smb.yml").mkdir()
    with pytest.raises(DataError, match=r"^data/smb.yml: cannot be read \("):
        load_data_dir(data, "internal")
