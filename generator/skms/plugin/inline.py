"""Inline markdown for the free text of front matter (impact, workaround, root cause, plans...).

Authors write `*boot.ini*` or `[the dashboard](https://...)` in a front-matter string and expect
it to read like the body. The text is HTML-escaped first, so nothing raw from front matter ever
reaches the page; then a few inline forms are turned into tags: `code`, **strong**, *emphasis*
and [links](url). A link whose URL has any scheme other than http, https or mailto (or that
holds spaces or control characters, which browsers strip from schemes) keeps only its text.
Block forms (lists, headings) are left as text: these fields are one paragraph.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]*)\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])", re.S)
_EM = re.compile(
    r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])",
    re.S,
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_HOLD = "\x00{}\x00"  # placeholder of a code span, so nothing inside it is rendered
_HELD = re.compile("\x00(\\d+)\x00")


def link_target(url: str) -> str | None:
    """The URL as an href when it is safe to link (already HTML-escaped), else None."""
    if not url or any(ord(c) < 33 for c in url) or "\x00" in url:
        return None
    scheme = _SCHEME.match(url)
    if scheme is not None:
        return url if scheme.group(0).lower() in _SAFE_SCHEMES else None
    if url.startswith("//"):  # another host without a scheme
        return None
    return url  # relative: a page of this site


def inline_markdown(text: object) -> Markup:
    """`text` escaped, with its inline markdown rendered; "" for None."""
    if text is None:
        return Markup("")
    source = str(text).replace("\x00", "")
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        held.append(f"<code>{escape(match.group(2).strip())}</code>")
        return _HOLD.format(len(held) - 1)

    source = _CODE.sub(hold, source)
    out = str(escape(source))

    def link(match: re.Match[str]) -> str:
        # Held too: emphasis markers inside a URL must not become tags inside the href.
        label, href = _emphasis(match.group(1)), link_target(match.group(2))
        held.append(f'<a href="{href}">{label}</a>' if href else label)
        return _HOLD.format(len(held) - 1)

    out = _emphasis(_LINK.sub(link, out))
    # Twice: a link's label may hold a code span.
    for _ in range(2):
        out = _HELD.sub(lambda m: held[int(m.group(1))], out)
    return Markup(out)


def _emphasis(text: str) -> str:
    text = _STRONG.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", text)
    return _EM.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", text)


_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[_.:-])(?=[A-Za-z0-9])|(?<=[A-Z])(?=[A-Z][a-z])")


def word_breaks(name: object) -> Markup:
    """An identifier (an alert name) that wraps only between its words: `<wbr>` before each
    capital of a CamelCase word and after `_ . : -`; CSS keeps it from breaking elsewhere."""
    return Markup("<wbr>".join(str(escape(part)) for part in _BREAK.split(str(name))))
