"""The plugin's own Jinja2 environment: autoescaped, compiled once per build, cached.

MkDocs' theme environment does not autoescape, so record data never goes through it: every
header, banner, backlink list and generated view is rendered here and handed to MkDocs as HTML.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jinja2

from ..durations import format_duration
from .inline import inline_markdown, word_breaks

TEMPLATES = Path(__file__).parent / "templates"


def format_timestamp(value: datetime | date | str | None) -> str:
    """`2026-03-04 10:15 UTC`: one timezone for every timestamp on the site."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def iso_timestamp(value: datetime | date | None) -> str:
    """RFC 3339 for feeds and `<time datetime>`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{value.isoformat()}T00:00:00Z"


def format_duration_filter(value: timedelta | None) -> str:
    return "" if value is None else format_duration(value)


_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_url(value: Any) -> str:
    """A link a record gives (action item, repository), or "" when it is not http(s) or mailto.

    Autoescaping does not stop `javascript:` URLs; this does.
    """
    text = str(value or "").strip()
    if text.lower().startswith(_SAFE_SCHEMES):
        return text
    return ""


def css_token(value: Any) -> str:
    """A value as a CSS class suffix (`SEV1` -> `sev1`, `known-error` -> `known-error`)."""
    return "".join(c if c.isalnum() or c == "-" else "-" for c in str(value).lower())


def make_environment() -> jinja2.Environment:
    """The plugin's templates, autoescaped, with the filters they use."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        cache_size=-1,
    )
    env.filters["timestamp"] = format_timestamp
    env.filters["iso"] = iso_timestamp
    env.filters["duration"] = format_duration_filter
    env.filters["css"] = css_token
    env.filters["safe_url"] = safe_url
    env.filters["inline"] = inline_markdown
    env.filters["breakable"] = word_breaks
    return env
