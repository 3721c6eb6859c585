"""A Content-Security-Policy meta tag on every HTML page.

Scripts may come only from the site itself, plus `'wasm-unsafe-eval'` for
Pyodide's WebAssembly and the hashes of the inline scripts listed, after
review, in playbook_plugin/inline-scripts.txt. The policy is never worked out from
what the build happened to output: an inline script that is not on the
list, an event-handler attribute or a link to a `javascript:` (or other
unsafe) address fails the build with one line naming the page. Every page
gets the same policy (the hashes of all pages' known scripts), since
instant navigation swaps pages inside the first page's document.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.exceptions import PluginError

from calculators.validate import SAFE_SCHEMES

KNOWN_SCRIPTS_FILE = Path(__file__).with_name("inline-scripts.txt")

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
SCRIPT_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.I)
JAVASCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
                    "application/ecmascript", "text/jscript", "text/livescript", "application/x-javascript"}
DATA_TYPES = {"application/json", "application/ld+json"}
# Material's per-page base URL: ".", "..", "../..", or the site's path (404.html).
BASE_URL = r'(?:\.|\.\.(?:/\.\.)*|/[A-Za-z0-9._~/-]*)'
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    "worker-src 'self'; "
    "connect-src 'self'; "
    "img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'"
)


class UnknownScript(ValueError):
    """A page holds script the reviewed list does not know."""


def known_scripts(text: str | None = None) -> list[re.Pattern]:
    """The reviewed inline scripts as patterns ({base} matching Material's base URL)."""
    if text is None:
        text = KNOWN_SCRIPTS_FILE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [re.compile(re.escape(line).replace(re.escape("{base}"), BASE_URL)) for line in lines]


def sha256_source(body: str) -> str:
    """The CSP source expression for one inline script."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_script_hashes(html_text: str, known: list[re.Pattern]) -> set[str]:
    """The hashes of a page's inline scripts; raises UnknownScript for anything unreviewed."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html_text):
        attrs, body = match["attrs"] or "", match["body"]
        if re.search(r"\ssrc\s*=", attrs, re.I):
            if body.strip():
                raise UnknownScript(f"a <script src> with inline code as well: {shorten(body)}")
            continue
        kind = SCRIPT_TYPE.search(attrs)
        kind = kind[1].lower() if kind else ""
        if kind in DATA_TYPES:
            if "<" in body:
                raise UnknownScript(f"a {kind} block holding '<', which could end it early: {shorten(body)}")
            continue
        if kind not in JAVASCRIPT_TYPES:
            raise UnknownScript(f"a <script type={kind!r}> the policy does not know")
        if not any(pattern.fullmatch(body) for pattern in known):
            raise UnknownScript(f"an inline script that is not in playbook_plugin/inline-scripts.txt: {shorten(body)}")
        hashes.add(sha256_source(body))
    return hashes


def unsafe_markup(html_text: str) -> str | None:
    """What in the page could run script outside the policy's view: an event-handler
    attribute or a link to an address other than http(s), mailto, tel or the site's own."""
    finder = _UnsafeAttributes()
    finder.feed(html_text)
    finder.close()
    return finder.found


class _UnsafeAttributes(HTMLParser):
    """Reads every start tag's attributes (entities decoded, as the browser reads them)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if self.found:
                return
            if name.startswith("on"):
                self.found = f"an event-handler attribute {name}= on <{tag}>"
            elif name in URL_ATTRIBUTES and value:
                scheme = SCHEME.match(re.sub(r"[\x00-\x20\x7f-\x9f\\]", "", value))
                if scheme and scheme[1].lower() not in SAFE_SCHEMES and not (scheme[1].lower() == "data" and tag == "img"):
                    self.found = f"a link to {shorten(value)!r} on <{tag}> ({scheme[1].lower()}: is not allowed)"

    handle_startendtag = handle_starttag


def shorten(value: str, limit: int = 80) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def with_policy(html_text: str, policy: str) -> str:
    """The page with the policy as the first element of <head> (replacing one a
    previous run of this step put there)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    html_text = POLICY_META.sub("", html_text, count=1)
    return re.sub(r"<head([^>]*)>", lambda m: f"<head{m[1]}>{meta}", html_text, count=1)


    return output


def on_post_build(config, sources: dict[str, str]):
    """Check every page and give it the policy; `sources` maps a built file to its page under docs/."""
    site = Path(config.site_dir)
    known = known_scripts()
    texts = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    hashes: set[str] = set()
    for path, text in texts.items():
        built = path.relative_to(site).as_posix()
        where = f"docs/{sources[built]}" if built in sources else built
        try:
            hashes |= inline_script_hashes(text, known)
        except UnknownScript as error:
            raise PluginError(f"{where}: Content-Security-Policy: {error}") from None
        problem = unsafe_markup(text)
        if problem:
            raise PluginError(f"{where}: Content-Security-Policy: {problem}")
    policy = POLICY.format(hashes=" ".join(sorted(hashes)))
    for path, text in texts.items():
        path.write_text(with_policy(text, policy), encoding="utf-8")
