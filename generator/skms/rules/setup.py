"""Findings about the site's own settings in mkdocs.yml: offline use (SKMS502), site_url (SKMS503).

The site is meant to work offline, in the middle of an incident that may well be a network
one. Material loads its font from Google unless told otherwise; the plugin turns that off
when mkdocs.yml does not mention `theme.font`, so only a font set on purpose, or a stylesheet
or script from another host, is reported.
"""

from __future__ import annotations

import re
from typing import Any

from ..config import SiteSettings, SkmsConfig
from ..diagnostics import Diagnostics

GOOGLE_FONTS = "fonts.googleapis.com"


def theme_options(theme: Any) -> dict[str, Any]:
    """The theme's options as written (`theme: material` has none beyond its name)."""
    if isinstance(theme, dict):
        return theme
    if isinstance(theme, str):
        return {"name": theme}
    return {}


def material_font_left_default(settings: SiteSettings) -> bool:
    """Material with no `font` of its own: the plugin turns the web font off."""
    options = theme_options(settings.theme)
    return options.get("name") == "material" and "font" not in options


def _line(text: str, key: str) -> int | None:
    m = re.search(rf"^[ \t-]*{re.escape(key)}[ \t]*:", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _remote(entry: Any) -> str | None:
    url = entry.get("path") if isinstance(entry, dict) else entry
    if isinstance(url, str) and re.match(r"(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//", url.strip()):
        return url.strip()
    return None


def check_setup(config: SkmsConfig, diags: Diagnostics) -> None:
    """Add SKMS502 for each thing the site would load from another host, SKMS503 without site_url."""
    site = config.site
    if not site.read:
        return
    path = site.config_file
    options = theme_options(site.theme)
    font = options.get("font")
    if options.get("name") == "material" and "font" in options and font not in (False, None):
        diags.add(
            "SKMS502",
            path,
            f"theme.font makes every page load its font from {GOOGLE_FONTS}: the site does "
            "not work offline",
            line=_line(site.text, "font"),
            hint="set `font: false` under `theme:` (the readers' system fonts are used)",
        )
    for key, entries in (
        ("extra_css", site.extra_css),
        ("extra_javascript", site.extra_javascript),
    ):
        for entry in entries:
            url = _remote(entry)
            if url is not None:
                diags.add(
                    "SKMS502",
                    path,
                    f"{key} loads {url} from another host: the site does not work offline",
                    line=_line(site.text, key),
                    hint="copy the file into the docs folder and list its path instead",
                )
    if not site.site_url:
        diags.add(
            "SKMS503",
            path,
            "no `site_url`: the sitemap is left empty and the feed's links are relative",
            hint="set `site_url:` to the address the site is published at, "
            "e.g. `site_url: https://kb.example.com/`",
        )
