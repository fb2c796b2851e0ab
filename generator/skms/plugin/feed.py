"""`/feed.xml`: an Atom feed of reviews, newest first.

Deterministic: every date in it comes from the records (never the build time), so the same
input gives the same bytes.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import jinja2

from ..model import Record
from .structure import Site
from .views import newest_first

FEED_ENTRIES = 50
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Characters XML 1.0 forbids anywhere, even escaped: one in a title would make the feed invalid.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """The text without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def entry_updated(record: Record) -> datetime:
    meta = record.meta
    dates = [
        getattr(meta, name)
        for name in ("resolved", "mitigated", "acknowledged", "detected", "started")
        if isinstance(getattr(meta, name, None), datetime)
    ]
    dates = [d if d.tzinfo else d.replace(tzinfo=timezone.utc) for d in dates]
    return max(dates) if dates else _EPOCH


def entry_published(record: Record) -> datetime | None:
    for name in ("started", "detected"):
        value = getattr(record.meta, name, None)
        if isinstance(value, datetime):
            return value
    return None


def atom_feed(env: jinja2.Environment, site: Site, site_name: str, site_url: str) -> str:
    reviews = newest_first(list(site.graph.of_kind("review")))[:FEED_ENTRIES]
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries: list[dict[str, Any]] = []
    for review in reviews:
        url = site.record_files[review.path].url
        entries.append(
            {
                "record": review,
                "link": base + url,
                "id": base + url if base else f"urn:skms:{review.kind}:{review.id}",
                "updated": entry_updated(review),
                "published": entry_published(review),
            }
        )
    updated = max((e["updated"] for e in entries), default=_EPOCH)
    return xml_text(
        env.get_template("feed.xml").render(
            site_name=site_name,
            base=base,
            feed_id=base + "feed.xml" if base else f"urn:skms:feed:{site_name}",
            updated=updated,
            entries=entries,
        )
    )
