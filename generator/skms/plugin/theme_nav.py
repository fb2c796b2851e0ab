"""The theme's navigation rendered once per folder of pages it does not list, not once per page.

Material renders its whole navigation (`partials/nav.html`) into every page. For a page that
the navigation does not list (every record page, unless a `nav:` in mkdocs.yml names it),
nothing in it is active, and the page enters the HTML only through the URLs, which are made
relative to the page's folder. So two such pages get the same bytes when:
- their folder is the same (`reviews/` for `reviews/INC-1.html` and `reviews/INC-2.html`), or
- their folders are siblings holding nothing else of the site (`reviews/INC-1/` and
  `reviews/INC-2/`, each with its own `index.html` only): a URL to anywhere outside both
  folders is written the same from either.
A page the navigation lists, or that shares its folder with other files, is rendered as usual.

How: the environment's loader gets a one-line `partials/nav.html` in front of the theme's
(`on_env` exists for such changes), which calls `theme_nav()`. That function renders the theme's
own template, reached under another name, or returns the HTML made for the page's key. Only
Material's own templates are cached: a team's override of them may show anything of the page,
so with one (in `custom_dir`) every page renders its navigation itself.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

NAV_TEMPLATE = "partials/nav.html"
# Every template the theme's navigation includes or imports.
NAV_TEMPLATES = (
    NAV_TEMPLATE,
    "partials/nav-item.html",
    "partials/logo.html",
    "partials/source.html",
)
PREFIX = "skms-theme"  # the theme's own templates, reachable under this prefix
STUB = "{{ skms_theme_nav() }}"


def install(env: jinja2.Environment, theme_dir: Path | None, urls: Iterable[str]) -> bool:
    """Cache the navigation in `env` when every template of it is `theme_dir`'s own.

    `theme_dir` is the folder of the theme's shipped templates (None: not a theme whose
    navigation is known); `urls` are the site-relative URLs of every file and link of the site.
    Returns whether the cache was installed.
    """
    loader = env.loader
    if theme_dir is None or loader is None:
        return False
    for name in NAV_TEMPLATES:
        try:
            _source, filename, _uptodate = loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            return False
        if filename is None or not Path(filename).resolve().is_relative_to(theme_dir.resolve()):
            return False
    cache = _Cache(env, urls)
    env.loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader({NAV_TEMPLATE: STUB}),
            jinja2.PrefixLoader({PREFIX: loader}),
            loader,
        ]
    )
    env.globals["skms_theme_nav"] = cache.render
    return True


class _Cache:
    def __init__(self, env: jinja2.Environment, urls: Iterable[str]) -> None:
        self.env = env
        # How many files or links lie inside each folder (at any depth).
        self.inside: Counter[str] = Counter()
        self._count(urls)
        self.html: dict[tuple[str, str, str, int], Markup] = {}
        # id(navigation) -> (the navigation, src_uri of its pages). A plugin may give pages
        # navigations of their own (one per language, say): each is a key of its own.
        self._listed: dict[int, tuple[Any, set[str]]] = {}

    @jinja2.pass_context
    def render(self, context: jinja2.runtime.Context) -> Markup:
        key = self._key(context)
        if key is None:
            return self._render(context)
        html = self.html.get(key)
        if html is None:
            html = self.html[key] = self._render(context)
        return html

    def _render(self, context: jinja2.runtime.Context) -> Markup:
        template = self.env.get_template(f"{PREFIX}/{NAV_TEMPLATE}")
        # What `{% include %}` does: the includer's whole context, shared.
        return Markup(
            "".join(template.root_render_func(template.new_context(context.get_all(), True)))
        )

    def _key(self, context: jinja2.runtime.Context) -> tuple[str, str, str, int] | None:
        """What the page's navigation HTML depends on, or None when it must be rendered."""
        page = context.get("page")
        nav = context.get("nav")
        file = getattr(page, "file", None)
        url = getattr(page, "url", None)
        if (
            file is None
            or not isinstance(url, str)
            or nav is None
            or file.src_uri in self._srcs(context, nav)
        ):
            return None
        base = str(context.get("base_url"))
        # The folder MkDocs makes the page's URLs relative to (see mkdocs.utils.get_relative_url).
        head, tail = posixpath.split(url)
        folder = head if "." in tail else url.rstrip("/")
        if folder and self.inside[folder] <= 1:  # the page's own file only
            return ("siblings in", posixpath.dirname(folder), base, id(nav))
        return ("in", folder, base, id(nav))

    def _srcs(self, context: jinja2.runtime.Context, nav: Any) -> set[str]:
        """The pages `nav` lists; on first sight, its links count as files of their folders."""
        listed = self._listed.get(id(nav))
        if listed is None:
            # Kept with the navigation itself, so that its id is not reused meanwhile.
            listed = self._listed[id(nav)] = (
                nav,
                {p.file.src_uri for p in getattr(nav, "pages", ())},
            )
            config = context.get("config")
            homepage = getattr(config, "extra", {}).get("homepage") if config else None
            self._count([*_link_urls(getattr(nav, "items", ())), *([homepage] if homepage else [])])
        return listed[1]

    def _count(self, urls: Iterable[str]) -> None:
        for url in urls:
            # The URL itself counts too: a link to `reviews/INC-1` (no slash) is written `.`
            # from inside that folder and `../INC-1` from its siblings.
            folder = str(url).rstrip("/")
            while folder:
                self.inside[folder] += 1
                parent = posixpath.dirname(folder)
                if parent == folder:  # `/` or `//` of an absolute link
                    break
                folder = parent


def _link_urls(items: Iterable[Any]) -> Iterable[str]:
    """The URLs of the navigation's links (not pages, not sections)."""
    for item in items:
        children = getattr(item, "children", None)
        if children:
            yield from _link_urls(children)
        elif getattr(item, "is_link", False):
            yield str(item.url)
