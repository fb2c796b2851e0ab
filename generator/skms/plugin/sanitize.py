"""Raw HTML in markdown: what a record body or a hand-written page may keep.

MkDocs passes the HTML an author writes straight to the page, so a record body could run
script in every reader's browser. The rendered HTML of record bodies and hand-written pages
goes through nh3 (Ammonia) with an allow-list: what markdown, Material and pymdownx write
(tables, details/summary, admonitions, highlighted code with its classes, heading ids and
permalinks, footnotes, task lists, tabs, images, links) is kept; scripts, styles, event
handlers, iframes, objects, forms and `javascript:`/`data:` URLs are dropped. The
`trusted_html: true` option turns this off.
"""

from __future__ import annotations

import re

import nh3

_TAGS = {
    *("a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup"),
    *("dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label"),
    *("li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub"),
    *("summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"),
    *("var", "wbr"),
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "col": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "label": {"for"},
    "span": {"data-linenos"},  # pymdownx.highlight's inline line numbers
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
# pymdownx.tasklist and pymdownx.tabbed write inputs; only inert ones are kept.
_INPUT_VALUES = {"input": {"type": {"checkbox", "radio"}}}
_INPUT_ATTRIBUTES = {"checked", "disabled", "name"}


# Ids the theme's own script looks up (`#__config` holds its settings, `#__search` its
# toggle...): an element of the content with one of them would stand in for the theme's.
_THEME_IDS = re.compile(r"__(?:config|drawer|search|toc|consent|palette\w*)\Z")


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("id", "name", "for") and _THEME_IDS.match(value):
        return None
    return value


# Made once: building the cleaner costs more than cleaning a page.
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style"},
    attributes={**_ATTRIBUTES, "input": _INPUT_ATTRIBUTES},
    attribute_filter=_keep_attribute,
    tag_attribute_values=_INPUT_VALUES,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
    filter_style_properties={"text-align"},
)


def sanitize_html(html: str) -> str:
    """The HTML with everything outside the allow-list removed; the same input, the same bytes."""
    return _CLEANER.clean(html)
