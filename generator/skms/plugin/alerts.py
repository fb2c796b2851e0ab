"""`/alerts/<AlertName>/`: the stable URL an alert's `runbook_url` points at.

Each is a tiny static HTML file (not a themed page: thousands of them cost nothing to build and
stay out of the search index and sitemap) that sends the browser to the runbook at once, with
a link for clients that do not follow refreshes and a canonical link for crawlers. An alert
named by several runbooks gets a page listing them instead of a redirect.
"""

from __future__ import annotations

import jinja2

from ..model import Record
from .layout import page_dest, path_segment
from .structure import Site, relative_url


def alert_dest(name: str, use_directory_urls: bool) -> str:
    """Where an alert's page goes; a reserved or over-long name gets a stable hashed folder."""
    return page_dest(f"alerts/{path_segment(name)}", use_directory_urls)


def alert_page(
    env: jinja2.Environment,
    site: Site,
    name: str,
    runbooks: list[Record],
    url: str,
    site_url: str,
    site_name: str,
) -> str:
    """The HTML of one alert's page; `url` is the alert page's own URL."""
    targets = []
    for runbook in runbooks:
        file = site.record_files[runbook.path]
        href = relative_url(file.url, url)
        absolute = site_url.rstrip("/") + "/" + file.url if site_url else None
        targets.append({"record": runbook, "href": href, "absolute": absolute})
    return env.get_template("alert_redirect.html").render(
        name=name, targets=targets, home=relative_url(".", url), site_name=site_name
    )
