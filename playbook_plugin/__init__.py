"""The site's build glue: one MkDocs plugin (plugin.py, its options in config.py).

Each module holds one part of the build and is called by plugin.py's events;
framework.py holds every use of MkDocs', mkdocs-macros' and Jinja's internals.
"""
