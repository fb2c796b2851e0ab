"""The `skms` MkDocs plugin: event hooks only; the work is in the core and the sibling modules.

on_config   validate the audience, make the template environment, add the stylesheet
on_files    load the knowledge base once, add a page per record, the generated views,
            alert pages, records.json and the feed; set a navigation of sections and views
on_page_read_source   a record page's markdown, made from the already parsed record
on_page_markdown      page metadata: search boost and tags, sitemap date
on_page_content       record header, banners and backlinks; a view's content
on_env      note the files copied from the theme; the theme's navigation rendered once
            per folder of pages it does not list (see theme_nav.py)
on_post_build   the final pass: no output file may hold what the audience may not see
on_serve    watch the content folders
"""

from __future__ import annotations

import functools
import html
import html as _html
import logging
import os
import re
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_theme_dir, nest_paths
from mkdocs.utils.templates import TemplateContext
from pydantic import ValidationError

from .. import clock
from ..config import ConfigError, SkmsConfig, docs_overlap, from_options
from ..diagnostics import Diagnostic, Severity, format_text
from ..durations import latest_date
from ..export import dumps
from ..graph import AUDIENCE_VISIBILITY
from ..kinds import SPECS
from ..load.visibility import public_refusal
from ..model import CHECKLIST_SECTIONS
from ..pipeline import load_knowledge_base
from ..redaction import Redactor, leaks_in
from ..related import related_records
from . import theme_nav
from .alerts import alert_dest, alert_page
from .body import escape_markdown, record_markdown
from .empty import empty_state
from .feed import atom_feed
from .fragments import Fragments
from .layout import Layout, page_dest, path_segment, tag_slug
from .record_page import SUMMARY_KINDS, RecordPageRenderer
from .sanitize import sanitize_html
from .search import PagefindSearch
from .setup import adjust_config, log_home, settings_of
from .structure import Linker, Site, relative_url
from .templates import make_environment
from .view_list import standard_views
from .views import (
    CHECKLIST_STATUS,
    View,
    checklist_progress,
    collect_tags,
    visible_services,
)

log = logging.getLogger("mkdocs.plugins.skms")

ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "assets/skms/skms.css"
SCRIPT = "assets/skms/skms.js"  # filters and sorts lists in the page; pages work without it
RUNBOOK_SEARCH_BOOST = 4  # an alert name or symptom should find the runbook before the reviews
KIND_LABELS = {name: spec.label for name, spec in SPECS.items()}
KIND_PLURALS = {name: spec.plural for name, spec in SPECS.items()}
# Navigation when mkdocs.yml has no `nav`: one flat level of views, never records. Flat on
# purpose: the theme renders the navigation on every page, and nested sections add to
# every page's render time. Known errors are linked from the problem register
# and from the home page.
NAV = (
    ("Reviews", "reviews"),
    ("Problems", "problems"),
    ("Runbooks", "runbooks"),
    ("Alerts", "alerts"),
    ("Services", "services"),
    ("Release readiness", "readiness"),
    ("Articles", "articles"),
    ("Metrics", "metrics"),
    ("Tags", "tags"),
    ("Changes", "changes"),
)
# Runs after every other plugin's on_post_build (MkDocs' search index is written at 0,
# Material's at -100 or later; a search indexer run from a hook comes before this too).
FINAL_PASS_PRIORITY = -10_000
# Front-matter keys of a hand-written page that the theme prints without escaping.
_THEME_META_TEXT = ("title", "description", "subtitle")
_TAG = re.compile(r"<[^>]*>")


class SkmsPlugin(BasePlugin):
    """Options: those of `skms.config.SkmsConfig` (content, ids, audience, repos...)."""

    # The audience `skms build`/`skms serve --audience` asked for (see `plugin/build.py`);
    # a class attribute because `mkdocs serve` makes a new plugin instance per rebuild.
    audience_override: str | None = None
    # False while `skms build`/`serve` drive MkDocs: they print the findings in check's format.
    log_findings: bool = True

    def __init__(self) -> None:
        super().__init__()
        self.skms: SkmsConfig | None = None
        self.site: Site | None = None
        self.views: dict[str, View] = {}  # src_uri -> view
        self.default_date: str | None = None
        self._nav: list[Any] | None = None
        self._tmp: Path | None = None  # holds records.json until MkDocs copies it
        self.redactor = Redactor(())
        self._theme_files: set[str] = set()  # dest paths of files copied from the theme
        self._dirty = False  # `--dirty`: MkDocs rebuilds only the pages whose source changed
        self.search: PagefindSearch | None = None  # made by on_config

    # --- configuration -------------------------------------------------------------------

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        errors, warnings = super().load_config({}, config_file_path)
        root = Path(config_file_path).resolve().parent if config_file_path else Path.cwd()
        try:
            self.skms = from_options(dict(options or {}), root)
        except ConfigError as exc:
            errors = list(errors) + _option_errors(exc)
        else:
            self.skms.site = settings_of(config_file_path)
        return errors, warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds.
        self._dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        assert self.skms is not None
        audience = self.audience_override or self.skms.audience
        if audience not in AUDIENCE_VISIBILITY:
            raise PluginError(f"skms: unknown audience {audience!r} (one of public, internal, all)")
        self.audience = audience
        self.skms.site_url = config.site_url or None
        overlap = docs_overlap(self.skms, config.docs_dir)
        if overlap:
            raise PluginError(f"skms: error SKMS501 {overlap}")
        try:
            clock.fixed_today()
        except clock.ClockError as exc:
            raise PluginError(f"skms: {exc}") from None
        self.env = make_environment()
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        self.search = search = PagefindSearch(self.skms.search, self.env)
        search.dirty = self._dirty
        search.configure(config)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        adjust_config(config, self.skms.site)
        return config

    # --- files and navigation ------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.skms is not None
        kb = load_knowledge_base(self.skms, audience=self.audience)
        self.knowledge_base = kb
        self.redactor = kb.graph.redactor
        site = self.site = Site.build(kb, kb.git)
        if self.log_findings:
            _log_diagnostics(site.diagnostics, site.withheld)
        refusal = public_refusal(kb.diagnostics) if self.audience == "public" else None
        if refusal:
            raise PluginError(f"skms: {refusal}")
        site.related = related_records(site.records())
        self.tags = collect_tags(site)
        self._set_globals(site, config)
        has_home = log_home(files, self.skms.site.docs_dir)
        layout = Layout(config, self.skms, {f.dest_uri for f in files})
        files.append(
            File("skms/skms.css", str(ASSETS), config.site_dir, False, dest_uri=STYLESHEET)
        )
        files.append(File("skms/skms.js", str(ASSETS), config.site_dir, False, dest_uri=SCRIPT))
        self._add_records(files, layout, site)
        self._add_views(files, layout, site, home=not has_home, site_name=config.site_name)
        self._add_alerts(files, layout, site, config)
        self._add_exports(files, layout, site, config)
        assert self.search is not None
        self.search.add_files(files, layout, config, site)
        for message in layout.collisions:
            log.warning(message)
        self.default_date = _default_date(site)
        if config.nav is None or config.nav is self._nav:
            self._nav = config.nav = self._navigation(files, site)
        return files

    def _add_records(self, files: Files, layout: Layout, site: Site) -> None:
        for record in site.records():
            clash = files.get_file_from_path(record.path)
            if clash is not None:
                log.warning(f"{record.path}: a docs page has the same path; the record replaces it")
                files.remove(clash)
            file = layout.record_file(record)
            files.append(file)
            site.record_files[record.path] = file
            site.records_by_src[file.src_uri] = record

    def _add_views(
        self, files: Files, layout: Layout, site: Site, *, home: bool, site_name: str
    ) -> None:
        self.views = {}
        for view in standard_views(site, home, self.tags, site_name):
            page = files.get_file_from_path(view.path + ".md")
            src = None
            if page is not None:
                if page.src_uri not in site.records_by_src:
                    # A hand-written page at a view's place wins; links to the view lead to it.
                    site.view_files[view.name] = page
                    continue
                src = view.path + "-view"  # a record file holds the name (`reviews/index.md`)
            title = f"# {escape_markdown(view.title)}\n"
            file = layout.view_file(view.path, title, view.nav, src=src)
            files.append(file)
            site.view_files[view.name] = file
            self.views[file.src_uri] = view

    def _add_alerts(self, files: Files, layout: Layout, site: Site, config: MkDocsConfig) -> None:
        for name, runbooks in site.alerts.items():
            file = layout.static_file(alert_dest(name, config.use_directory_urls), b"")
            if path_segment(name) != name:
                log.warning(
                    f"{runbooks[0].path}: alert name {_shorten(name)!r} is reserved or too long "
                    f"for a file name; its page is {file.url}"
                )
            site.alert_files[name] = file
            file.content_string = self.redactor.sub(
                alert_page(
                    self.env,
                    site,
                    name,
                    runbooks,
                    file.url,
                    config.site_url or "",
                    config.site_name,
                )
            )
            files.append(file)
        for runbook, name in site.unsafe_alerts:
            log.warning(
                f"{runbook.path}: alert name {name!r} cannot be a URL; use letters, digits, _ . : -"
            )

    def _add_exports(self, files: Files, layout: Layout, site: Site, config: MkDocsConfig) -> None:
        # records.json goes through a temporary file: held as a string it would stay in
        # memory for the whole build.
        self._tmp = Path(tempfile.mkdtemp(prefix="skms-"))
        export = self._tmp / "records.json"
        export.write_text(
            dumps(site.graph, compact=True, git=site.git, config=site.kb.config), encoding="utf-8"
        )
        files.append(layout.static_file("records.json", path=export))
        feed = self.redactor.sub(atom_feed(self.env, site, config.site_name, config.site_url or ""))
        files.append(layout.static_file("feed.xml", feed))

    def _navigation(self, files: Files, site: Site) -> list[Any]:
        nav: list[Any] = []
        home = site.view_files.get("home")
        views = {f.src_uri for f in site.view_files.values()}
        hand_written = [
            f.src_uri
            for f in files.documentation_pages()
            if f.generated_by is None
            and f.src_uri not in site.records_by_src
            and f.src_uri not in views
            and f.inclusion.is_in_nav()
        ]
        index = (
            home.src_uri
            if home
            else next((s for s in hand_written if s in ("index.md", "README.md")), None)
        )
        if index:
            nav.append({"Home": index})
        for title, name in NAV:
            if name in site.view_files:
                nav.append({title: site.view_files[name].src_uri})
        nav.extend(nest_paths(s for s in hand_written if s != index))
        return nav

    def _set_globals(self, site: Site, config: MkDocsConfig) -> None:
        env = self.env
        udu = config.use_directory_urls

        with_page = {t.slug for t in self.tags if t.page}
        slugs = {name: t.slug for t in self.tags for name in t.names}

        @functools.cache
        def tag_url(name: str) -> str | None:
            """The tag page's URL, or None for a tag without a page (see `tag_pages`)."""
            slug = slugs.get(name) or tag_slug(name)
            if slug not in with_page:
                return None
            dest = page_dest(f"tags/{slug}", udu)
            return dest[: -len("index.html")] if dest.endswith("/index.html") else dest

        self.href = Linker(site, "")
        env.globals.update(
            href=self.href,
            site=site,
            kind_labels=KIND_LABELS,
            kind_plurals=KIND_PLURALS,
            tag_url=tag_url,
            checklist_progress=checklist_progress,
            checklist_sections=CHECKLIST_SECTIONS,
            checklist_key=CHECKLIST_STATUS,
            services_of=lambda record: visible_services(site, record),
            backlink_count=lambda record, label: len(
                site.graph.backlinks(record.id).get(label, ())
            ),
            backlinks_of=lambda record, label: site.backlinks(record.id).get(label, []),
            site_name=config.site_name,
            empty_state=empty_state,
        )
        env.globals.update(Fragments(site, self.href, tag_url, CHECKLIST_STATUS).globals())
        self.renderer = RecordPageRenderer(env, site)

    # --- pages ---------------------------------------------------------------------------

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        site = self.site
        record = site.records_by_src.get(page.file.src_uri) if site else None
        if record is None or site is None:
            return None
        here = page.file.url

        def target(record_id: str) -> tuple[str, str] | None:
            found = site.link_target(record_id)
            return None if found is None else (relative_url(found[0].url, here), found[1])

        return record_markdown(record, target, site.all_ids, site.kb.config.tracker_url)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        site = self.site
        assert site is not None
        # Ids of hidden records in code, comments, URLs, headings of any page.
        markdown = self.redactor.sub(markdown)
        if page.edit_url:
            # The theme prints it unescaped in an attribute: a file name with `">` stays a path.
            page.edit_url = quote(page.edit_url, safe=":/?#[]@!$&()*+,;=%~")
        src = page.file.src_uri
        record = site.records_by_src.get(src)
        if record is not None:
            # MkDocs themes print `page.meta.title` unescaped (and `page.title` through
            # `striptags`, which unescapes): give them the title as HTML text.
            meta: dict[str, Any] = {"title": html.escape(record.title)}
            tags = list(record.meta.tags)
            if record.kind == "runbook":
                meta["search"] = {"boost": RUNBOOK_SEARCH_BOOST}
                tags = list(record.meta.alerts) + tags
            if not site.is_primary(record):
                meta["search"] = {"exclude": True}
            if tags:
                meta["tags"] = [html.escape(t) for t in tags]
            page.meta = meta
            updated = site.git.updated(record) if site.git is not None else None
            updated = updated or latest_date(record.meta)
            page.update_date = updated.isoformat() if updated else self._fallback_date()
        elif src in self.views:
            page.meta = {"title": html.escape(self.views[src].title), "search": {"exclude": True}}
            if self.views[src].name == "home":
                page.meta["hide"] = ["toc"]
            page.update_date = self._fallback_date()
        else:
            for key in _THEME_META_TEXT:
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = html.escape(self.redactor.sub(page.meta[key]))
            if "SOURCE_DATE_EPOCH" not in os.environ:
                page.update_date = self._fallback_date()
        return markdown

    def _fallback_date(self) -> str:
        """For pages without a date of their own: SOURCE_DATE_EPOCH, else the base's latest date."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch is not None:
            return datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
        return self.default_date or "1970-01-01"

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        site = self.site
        assert site is not None
        src = page.file.src_uri
        self.href.page_url = page.url
        record = site.records_by_src.get(src)
        view = self.views.get(src)
        if record is not None or page.file.generated_by is None:
            # A record body or a hand-written page: what its author wrote, made safe. The
            # pages skms makes itself (views, the search page) come from its own templates.
            html = self._clean_content(html, page)
        if record is not None:
            page.markdown = None  # rendered; the record keeps its body
            if record.kind not in SUMMARY_KINDS:
                return html  # nothing to index beyond the body: no context to make
            summary = self.renderer.summary(record)
            return _after_title(html, summary) if summary else html
        if view is not None:
            context = dict(view.context(site))
            context["view"] = view
            tokens: list[Any] = view.toc(site)  # Python-Markdown's toc token dicts
            page.toc = get_toc(tokens)
            return self.env.get_template(view.template).render(context)
        if "title" not in page.meta and page.title:
            # The theme prints a page's title unescaped: the first heading's text, as text.
            text = _html.unescape(_TAG.sub("", page.title))
            page.meta["title"] = _html.escape(self.redactor.sub(text))
        return html

    def _clean_content(self, content: str, page: Page) -> str:
        """Sanitized (unless `trusted_html`) and with hidden ids removed, page and toc alike."""
        assert self.skms is not None
        if not self.skms.trusted_html:
            content = sanitize_html(content)
        if self.redactor:
            content = self.redactor.sub(content)
            _redact_toc(page.toc, self.redactor)
        return content

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        record = self.site.records_by_src.get(page.file.src_uri) if self.site else None
        if record is not None:
            # Made again rather than kept from on_page_content: MkDocs converts every page
            # before it renders any, and 5,000 contexts would wait in memory meanwhile.
            record_context = self.renderer.context(record, page.toc)
            self.href.page_url = page.url
            header = self.renderer.header(record_context)
            footer = self.renderer.footer_html(record_context)
            page.content = _after_title(page.content or "", header) + footer
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # A record page's HTML is written right after this; MkDocs would otherwise keep every
        # page's content in memory until the build ends.
        record = self.site.records_by_src.get(page.file.src_uri) if self.site else None
        if record is not None:
            page.content = None
        assert self.search is not None
        return self.search.mark_page(output, page, config, record, page.file.src_uri in self.views)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # The theme's files and skms's own stylesheet and script: no record reaches them. A
        # page is rendered, never copied as it is (MkDocs copies no markdown from a theme), so
        # only the other files are looked up, saving a resolved path per record.
        shipped = [*(Path(d).resolve() for d in config.theme.dirs), ASSETS.resolve()]
        self._theme_files = {
            f.dest_uri
            for f in files
            if f.generated_by is None
            and f.abs_src_path
            and not f.is_documentation_page()
            and any(Path(f.abs_src_path).resolve().is_relative_to(d) for d in shipped)
        }
        theme_dir = Path(get_theme_dir("material")) if config.theme.name == "material" else None
        theme_nav.install(env, theme_dir, [f.dest_uri for f in files])
        return env

    def _post_build_cleanup(self, *, config: MkDocsConfig) -> None:
        self._cleanup()
        assert self.search is not None
        self.search.index(config.site_dir)

    @event_priority(FINAL_PASS_PRIORITY)
    def _post_build_final_pass(self, *, config: MkDocsConfig) -> None:
        """Fail the build if any file it wrote holds an id or file of a hidden record.

        Every file under the site folder is read (whatever wrote it: MkDocs, a theme, a search
        indexer), gunzipped and with its escapes decoded; the theme's own files are skipped.
        Offending files are removed, so a failed build cannot be published by mistake.
        """
        if not self.redactor:
            return
        site_dir = Path(config.site_dir)
        leaked = leaks_in(site_dir, self.redactor, self._theme_files)
        if not leaked:
            return
        for rel in leaked:
            path = site_dir / rel
            if path.is_file() or path.is_symlink():
                path.unlink()
        named = ", ".join(self.redactor.sub(rel, "[hidden]") for rel in leaked[:10])
        more = f" and {len(leaked) - 10} more" if len(leaked) > 10 else ""
        raise PluginError(
            f"skms: {len(leaked)} output file(s) hold the id or file name of a record the "
            f"{self.audience!r} audience may not see, and were removed: {named}{more}. "
            "Find where the record is named (a hand-written page, the nav, a template, another "
            "plugin) and remove it there."
        )

    on_post_build = CombinedEvent(_post_build_cleanup, _post_build_final_pass)

    def on_build_error(self, *, error: Exception) -> None:
        self._cleanup()
        if self.search is not None:  # None when on_config itself failed
            self.search.discard()

    def _cleanup(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    # --- serve ---------------------------------------------------------------------------

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.skms is not None
        for folder, _kind in self.skms.content_paths():
            if folder.is_dir():
                server.watch(str(folder))
        # The rule files of `alert_rules` show on the alerts index and runbook pages.
        if self.site is not None and self.site.kb.alert_rules is not None:
            for rel in self.site.kb.alert_rules.files:
                server.watch(str(self.skms.root / rel))
        return server


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _redact_toc(items: Any, redactor: Redactor) -> None:
    for item in items:
        item.title = redactor.sub(item.title)
        item.id = redactor.sub(item.id, "unpublished")
        _redact_toc(item.children, redactor)


def _after_title(html: str, part: str) -> str:
    """Insert a part right after the page's first `<h1>` (the record's title)."""
    end = html.find("</h1>")
    cut = end + len("</h1>") if end != -1 else 0
    return html[:cut] + part + html[cut:]


def _default_date(site: Site) -> str | None:
    dates = [d for d in (latest_date(r.meta) for r in site.records()) if d is not None]
    return max(dates).isoformat() if dates else None


def _log_diagnostics(shown: list[Diagnostic], withheld: list[Diagnostic]) -> None:
    """Errors as MkDocs warnings (so `--strict` fails on them), warnings as information.

    Diagnostics about records this build's audience does not see are only counted: a public
    build's log is as public as its site.
    """
    for diag in shown:
        text = format_text([diag])
        if diag.severity is Severity.ERROR:
            log.warning(text)
        else:
            log.info(text)
    if withheld:
        errors = sum(1 for d in withheld if d.severity is Severity.ERROR)
        message = (
            f"{len(withheld)} finding(s) ({errors} error(s)) about records this build does not "
            "publish are not printed: run `skms check` to read them"
        )
        (log.warning if errors else log.info)(message)


def _option_errors(exc: ConfigError) -> list[tuple[str, Exception]]:
    """One MkDocs config error per invalid option, named by its key."""
    cause = exc.__context__
    if isinstance(cause, ValidationError):
        out: list[tuple[str, Exception]] = []
        for err in cause.errors():
            key = ".".join(str(p) for p in err["loc"]) or "skms"
            out.append((key, ValueError(err["msg"])))
        return out
    return [("skms", ValueError(str(exc)))]
