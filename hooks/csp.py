"""Build hook: a Content-Security-Policy meta tag on every HTML page.

Scripts may come only from the site itself, plus `'wasm-unsafe-eval'` for
Pyodide's WebAssembly and the hashes of the theme's inline scripts. Every
page gets the same policy (the hashes of all pages' inline scripts), since
instant navigation swaps pages inside the first page's document.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
NOT_JAVASCRIPT = re.compile(r"""\stype=["']?(?!(?:text/javascript|module)\b)[^"'\s>]+""", re.I)

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


def inline_script_hashes(html: str) -> set[str]:
    """CSP source expressions for the executable inline scripts of a page."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match["attrs"] or ""
        if re.search(r"\ssrc\s*=", attrs, re.I) or NOT_JAVASCRIPT.search(attrs):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


def with_policy(html: str, policy: str) -> str:
    """The page with the policy as the first element of <head>."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return re.sub(r"<head([^>]*)>", lambda m: f"<head{m[1]}>{meta}", html, count=1)


def on_post_build(config):
    pages = sorted(Path(config.site_dir).rglob("*.html"))
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    hashes = set().union(*(inline_script_hashes(t) for t in texts.values())) if texts else set()
    policy = POLICY.format(hashes=" ".join(sorted(hashes)))
    for path, text in texts.items():
        if "Content-Security-Policy" not in text:
            path.write_text(with_policy(text, policy), encoding="utf-8")
