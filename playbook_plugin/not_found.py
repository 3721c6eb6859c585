"""404.html works wherever the site is published.

A host serves 404.html at whatever address was not found, at any depth, so
Material writes its links from site_url's path (/playbook/...): under any
other path (a fork, a custom domain, a preview) its styles and scripts were
missing. Here its addresses become relative to a <base> that the page's first
script sets from where it is actually served: the path in front of the
first of the site's own top-level names in the address (assets, the page
folders), else site_url's path when the address starts with it, else the
address's first folder (a project site) or the host's root. A second script
gives Material's configuration the same base before the theme's script reads
it. Both scripts are listed in inline-scripts.txt for the CSP.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

FIND_BASE = ('(()=>{const m=document.querySelector(\'meta[name="site-root"]\'),r=m.content,n=m.dataset.sections.split(" "),'
             's=location.pathname.split("/").filter(Boolean),i=s.findIndex((x)=>n.includes(x)),b=document.createElement("base");'
             'b.href=i>=0?"/"+s.slice(0,i).map((x)=>x+"/").join(""):location.pathname.startsWith(r)?r:s.length>1?"/"+s[0]+"/":"/";'
             'document.head.prepend(b)})()')
CONFIG_BASE = ('(()=>{const c=document.getElementById("__config"),j=JSON.parse(c.textContent);'
               'j.base=document.baseURI;c.textContent=JSON.stringify(j)})()')

def top_folders(files) -> set[str]:
    """The site's own top-level names (assets, the page folders): where a 404's base ends."""
    return {f.dest_uri.split("/")[0] for f in files if "/" in f.dest_uri}


def relative_404(text: str, root: str, sections: set[str]) -> str:
    """404.html with its addresses under `root` made relative to the <base> its first script sets."""
    text = re.sub(rf'(\s(?:href|src|content)="){re.escape(root)}', r"\1", text)
    text = text.replace(f'"base": "{root}"', '"base": "."').replace(f'"search": "{root}', '"search": "')
    meta = (f'<meta name="site-root" content="{html.escape(root)}" '
            f'data-sections="{html.escape(" ".join(sorted(sections)))}"><script>{FIND_BASE}</script>')
    text = re.sub(r"<head([^>]*)>", lambda m: f"<head{m[1]}>{meta}", text, count=1)
    return re.sub(r'(<script id="__config" type="application/json">.*?</script>)',
                  lambda m: f"{m[1]}<script>{CONFIG_BASE}</script>", text, count=1, flags=re.S)


def on_post_template(output, template_name, config, sections: set[str]):
    if template_name != "404.html":
        return output
    root = urlsplit(config.site_url or "/").path or "/"
    return relative_404(output, root if root.endswith("/") else root + "/", sections)
