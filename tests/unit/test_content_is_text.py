"""Content is text until proven otherwise, at render time and in the built page.

Pins the defences behind the data checks: the markup helpers refuse unsafe
links and neutralise attribute lists; the theme's `striptags` keeps titles
escaped; the Content-Security-Policy hook hashes only the reviewed inline
scripts (playbook_plugin/inline-scripts.txt) and fails on anything else, on event
handlers and on links to unsafe addresses; every build checks every page's
audience. All on in-memory pages the tests write.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from jinja2 import Environment
from mkdocs.exceptions import PluginError

from macros.markup import UnsafeLink, text
from macros.render_values import escaped, inline_list

ROOT = Path(__file__).resolve().parents[2]


def hook(name: str):
    """One of the build plugin's modules."""
    return importlib.import_module(f"playbook_plugin.{name}")


csp = hook("csp")
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "toc", "tables", "def_list", "admonition"]


def rendered(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=MARKDOWN_EXTENSIONS)


# --- markup at render time -------------------------------------------------

# The spellings of an unsafe scheme are tried on validate.unsafe_link, which the helpers call
# (tests/unit/test_data_integrity.py); here each helper is shown to call it.
@pytest.mark.parametrize("value", ["[x](JaVaScRiPt:alert(1))"])
@pytest.mark.parametrize("render", [text, escaped, lambda v: inline_list(["a", v])],
                         ids=["text", "escaped", "inline_list"])
def test_render_helpers_refuse_a_link_to_an_unsafe_address(render, value):
    with pytest.raises(UnsafeLink, match="links may go only to http"):
        render(value)


@pytest.mark.parametrize("value", ["*x*{ onmouseover=alert(1) }", "[x](https://a.example){: onclick=alert(1) }"])
def test_attribute_lists_in_text_stay_text_in_markdown_prose(value):
    html = rendered(f"Before {escaped(value)} after")
    assert not re.search(r"<[^>]*\son\w+\s*=", html), html  # no element got a handler
    assert "&#123;" in html


@pytest.mark.parametrize("payload", ["<script>window.__pwn=1</script>", "<img src=x onerror=alert(1)>",
                                     "\"><svg onload=alert(1)>", "</p><script>1</script>"])
def test_html_in_data_reaches_markdown_prose_as_text(payload):
    html = rendered(f"# {escaped(payload)}\n\n{escaped(payload)} and {inline_list([payload, 'b'])}")
    assert "<script" not in html and "<img" not in html and "<svg" not in html


def test_safe_links_in_data_still_become_links():
    assert '<a href="https://example.com/">us</a>' in rendered(str(escaped("See [us](https://example.com/).")))


# --- the theme's own printing ----------------------------------------------

def test_striptags_leaves_escaped_titles_escaped():
    site = hook("site")
    env = Environment()
    env.filters["striptags"] = site.striptags_escaped
    title = "Acme &lt;script&gt;window.__pwn=1&lt;/script&gt; <code>x</code> &amp; Co"
    out = env.from_string("<title>{{ t | striptags }}</title><nav aria-label=\"{{ t | striptags | e }}\">").render(t=title)
    assert "<script" not in out
    assert out.startswith("<title>Acme &lt;script&gt;window.__pwn=1&lt;/script&gt; x &amp; Co</title>")
    assert "&amp;lt;" not in out  # escaped once, not twice


def test_jinjas_own_striptags_would_have_unescaped_the_title():
    """Why the hook replaces the filter: the default turns escaped text back into markup."""
    out = Environment().from_string("{{ t | striptags }}").render(t="&lt;script&gt;x&lt;/script&gt;")
    assert out == "<script>x</script>"


# --- the Content-Security-Policy hook --------------------------------------

KNOWN = csp.known_scripts()
SCOPE = [line for line in csp.KNOWN_SCRIPTS_FILE.read_text().splitlines() if line.startswith("__md_scope")][0]


def page(*scripts: str, body: str = "") -> str:
    return "<html><head>" + "".join(scripts) + f"</head><body>{body}</body></html>"


@pytest.mark.parametrize("base", [".", "..", "../..", "../../..", "/playbook/", "/"])
def test_materials_scope_script_is_known_for_every_base_url(base):
    body = SCOPE.replace("{base}", base)
    assert csp.inline_script_hashes(page(f"<script>{body}</script>"), KNOWN) == {csp.sha256_source(body)}


UNKNOWN_SCRIPTS = {
    "the issue's payload": "<script>window.__pwn=1</script>",
    "a known script with a line added": "<script>" + SCOPE.replace("{base}", ".") + ";window.__pwn=1</script>",
    "a base URL that breaks out": "<script>" + SCOPE.replace("{base}", '.",alert(1),"') + "</script>",
    "type text/javascript": '<script type="text/javascript">alert(1)</script>',
    "type application/javascript": '<script type="application/javascript">alert(1)</script>',
    "type module": '<script type=module>alert(1)</script>',
    "upper-case tag": "<SCRIPT>alert(1)</SCRIPT>",
    "closing tag with a space": "<script>alert(1)</script >",
    "an importmap": '<script type="importmap">{"imports": {}}</script>',
    "src with a body": '<script src="a.js">alert(1)</script>',
    "JSON that could end early": '<script type="application/json">{"a": "</p><!--"}</script>',
}


@pytest.mark.parametrize("script", UNKNOWN_SCRIPTS.values(), ids=UNKNOWN_SCRIPTS.keys())
def test_an_unreviewed_inline_script_is_refused(script):
    with pytest.raises(csp.UnknownScript):
        csp.inline_script_hashes(page(script), KNOWN)


def test_scripts_with_src_and_json_data_blocks_are_not_hashed():
    html = page('<script src="assets/app.js"></script>', '<script id="__config" type="application/json">{"a": 1}</script>')
    assert csp.inline_script_hashes(html, KNOWN) == set()


UNSAFE_MARKUP = {
    "javascript: link": '<a href="javascript:alert(1)">x</a>',
    "entity-obfuscated link": '<a href="&#106;avascript:alert(1)">x</a>',
    "mixed-case with tab": "<a href='JaVa\tScRiPt:alert(1)'>x</a>",
    "unquoted data: link": "<a href=data:text/html,x>x</a>",
    "data: iframe": '<iframe src="data:text/html,x"></iframe>',
    "vbscript: form action": '<form action="vbscript:x"></form>',
    "event handler": '<img src="a.png" onerror="alert(1)">',
    "event handler upper case": '<div ONCLICK="alert(1)">x</div>',
    "event handler on a new line": '<svg\nonload=alert(1)>',
}


@pytest.mark.parametrize("markup", UNSAFE_MARKUP.values(), ids=UNSAFE_MARKUP.keys())
def test_links_to_unsafe_addresses_and_event_handlers_are_found_in_pages(markup):
    assert csp.unsafe_markup(page(body=markup)) is not None


@pytest.mark.parametrize("markup", ['<a href="https://x.example/">x</a>', '<a href="../pricing/#tiers">x</a>',
                                    '<a href="mailto:a@b.example">x</a>', '<img src="data:image/png;base64,AA">',
                                    "<p>the onclick=handler is text here</p>", "<code>&lt;a onclick=x&gt;</code>"])
def test_ordinary_links_and_text_about_handlers_pass(markup):
    assert csp.unsafe_markup(page(body=markup)) is None


def test_an_unknown_script_fails_the_build_naming_the_page(tmp_path):
    (tmp_path / "pricing").mkdir()
    (tmp_path / "index.html").write_text(page("<script>" + SCOPE.replace("{base}", ".") + "</script>"))
    (tmp_path / "pricing" / "index.html").write_text(page("<script>window.__pwn=1</script>"))
    with pytest.raises(PluginError) as caught:
        csp.on_post_build(SimpleNamespace(site_dir=str(tmp_path)), {"pricing/index.html": "playbook/pricing.md"})
    message = str(caught.value)
    assert message.startswith("docs/playbook/pricing.md: Content-Security-Policy: an inline script that is not "
                              "in playbook_plugin/inline-scripts.txt: window.__pwn=1")
    assert "\n" not in message


def test_the_policy_holds_the_hashes_of_known_scripts_only(tmp_path):
    body = SCOPE.replace("{base}", ".")
    (tmp_path / "index.html").write_text(page(f"<script>{body}</script>", body="Content-Security-Policy"))
    csp.on_post_build(SimpleNamespace(site_dir=str(tmp_path)), {})
    csp.on_post_build(SimpleNamespace(site_dir=str(tmp_path)), {})  # a second run replaces, never stacks
    built = (tmp_path / "index.html").read_text()
    assert built.count('http-equiv="Content-Security-Policy"') == 1
    assert f"script-src 'self' 'wasm-unsafe-eval' {csp.sha256_source(body)};" in built


# --- every build checks every page's audience -------------------------------

@pytest.mark.parametrize("edition", ["internal", "public"])
@pytest.mark.parametrize("front_matter, found", [("audience: pubic", "'pubic'"), ("audience: Public", "'Public'"),
                                                 ("audience: [public]", "['public']")])
def test_a_misspelt_page_audience_fails_every_edition_naming_the_page(tmp_path, edition, front_matter, found):
    editions = hook("editions")
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.md").write_text("---\naudience: public\n---\n# Home\n")
    (tmp_path / "guide" / "page.md").write_text(f"---\n{front_matter}\n---\n# Page\n")
    config = SimpleNamespace(docs_dir=str(tmp_path), extra={"edition": edition}, nav=None)
    with pytest.raises(PluginError) as caught:
        editions.on_config(config)
    assert str(caught.value) == f"docs/guide/page.md: front matter audience: expected public or internal, got {found}"


def test_a_page_that_is_not_utf8_fails_naming_the_page(tmp_path):
    editions = hook("editions")
    (tmp_path / "page.md").write_bytes("---\naudience: public\n---\n# Zürich\n".encode("cp1252"))
    config = SimpleNamespace(docs_dir=str(tmp_path), extra={"edition": "internal"}, nav=None)
    with pytest.raises(PluginError, match=r"^docs/page.md: this page is not UTF-8 text"):
        editions.on_config(config)


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_an_audience_set_twice_in_front_matter_fails_naming_page_line_and_key(tmp_path, edition):
    """Otherwise the last one wins, and `internal` then `public` would publish the page."""
    editions = hook("editions")
    (tmp_path / "page.md").write_text("---\naudience: internal\ntitle: x\naudience: public\n---\n# Page\n")
    config = SimpleNamespace(docs_dir=str(tmp_path), extra={"edition": edition}, nav=None)
    with pytest.raises(PluginError) as caught:
        editions.on_config(config)
    assert str(caught.value) == ('docs/page.md:4: duplicate key "audience" (first set on line 2); '
                                 "keep one of them (in the front matter)")
