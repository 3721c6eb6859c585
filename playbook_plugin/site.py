"""The site's title is the company name from data/site.yml, and
every text Material prints itself reaches the page escaped.

MkDocs' Jinja environment does not escape, and Material prints the site
name, page titles and descriptions as they are. So the values it prints are
escaped text (markupsafe `Markup`: printed as is, never escaped twice), and
`striptags`, which would turn escaped text back into markup, keeps it escaped.
"""

from markupsafe import Markup, escape

from . import build_data


def on_config(config):
    playbook = build_data.playbook(config)  # bad data or an unknown PLAYBOOK_EDITION: one error line
    site = playbook.require("site")
    if build_data.edition(config) == "public":  # prospects see the company and what it offers
        config.site_name = escape(site.company_name)
        config.site_description = escape(f"{site.offering}: {site.tagline}")
        return config
    config.site_name = escape(f"{site.company_name} Playbook")
    if config.site_description:
        config.site_description = escape(config.site_description)
    return config


def on_env(env, config, files):
    env.filters["striptags"] = striptags_escaped
    return env


def on_page_context(context, page, config, nav):
    for key in ("title", "description"):  # front matter the theme prints into <title> and <meta>
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(page.meta[key])
    return context


def striptags_escaped(value) -> Markup:
    """Jinja's `striptags` (tags out, whitespace collapsed) that leaves the text escaped."""
    return escape(Markup(str(value)).striptags())
