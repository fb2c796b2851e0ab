"""A record page's markdown: its title and its body with every id reference made a link.

A reference becomes an inline HTML link with the target page's URL relative to this page: the
same `<a href>` a markdown link to the target's source file gives once MkDocs resolves it, but
without Python-Markdown's link parsing and MkDocs' link validation (a noticeable part of a
large build); the link text stays markdown-escaped. A reference that cannot be a link never becomes a
broken one: an unknown id is kept as marked text, and an id the audience may not see is reduced
to the author's label (or a neutral phrase), so its id and title never reach that build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from ..model import Record
from ..redaction import HIDDEN_TEXT
from ..references import BodyRef, substitute

# The characters that can start markup inside a line of text (emphasis, code, links, images,
# attribute lists, a heading's closing hashes); `-`, `.`, `+` only matter at a line's start,
# which the callers never hand us. Each escape costs Python-Markdown a stash entry.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!])")
_LEADING_H1 = re.compile(r"\A\s*# [^\n]*\n?")


def escape_markdown(text: str) -> str:
    """Text that renders as itself: no HTML, no emphasis, no links."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def record_markdown(
    record: Record,
    target: Callable[[str], tuple[str, str] | None],
    known_ids: Mapping[str, object] | frozenset[str],
    tracker_url: Callable[[str], str | None] | None = None,
) -> str:
    """The markdown MkDocs renders for a record page.

    `target(id)` is (its page's URL relative to this page, title) of a record the audience
    may see, or None;
    `known_ids` holds every id of the knowledge base, seen or not. A bare id keeps its id
    as the link text; `[[id]]` without a label reads as the target's title.
    """

    def render(ref: BodyRef) -> str:
        found = target(ref.target)
        labelled = ref.wiki and ref.text != ref.target
        if found is not None:
            url, title = found
            text = title if ref.wiki and not labelled else ref.text
            return f'<a href="{html.escape(url)}">{escape_markdown(text)}</a>'
        if ref.target in known_ids:
            text = ref.text if labelled else HIDDEN_TEXT
            return f'<span class="skms-ref skms-ref--hidden">{html.escape(text)}</span>'
        ticket = tracker_url(ref.target) if tracker_url is not None else None
        if ticket is not None:
            # A ticket of the team's tracker that has no record here.
            return (
                f'<a class="skms-ref skms-ref--ticket" href="{html.escape(ticket)}">'
                f"{escape_markdown(ref.text)}</a>"
            )
        return (
            f'<span class="skms-ref skms-ref--unknown" title="Unknown reference: no record has this id">'
            f"{html.escape(ref.text)}</span>"
        )

    body = substitute(record.body, record.refs, render) if record.refs else record.body
    # The page title is the record's title; a first-line `# Title` in the body would repeat it.
    m = _LEADING_H1.match(body)
    if m:
        body = body[m.end() :]
    return f"# {escape_markdown(record.title)}\n\n{body}"
