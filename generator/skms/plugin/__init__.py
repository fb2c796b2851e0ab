"""The `skms` MkDocs plugin: a thin adapter that renders the core's graph as a site.

`plugin.py` holds the MkDocs event hooks; `layout.py` the URL scheme; `body.py` the record
bodies with their references; `record_page.py` the header, banners and backlinks of a record
page; `views.py` the generated index pages; `alerts.py`, `feed.py` the other outputs;
`build.py` drives MkDocs for `skms build` and `skms serve`; `templates/` the Jinja2 templates.
"""
