"""The site's search: Pagefind, indexed after the build and fetched in small chunks per query.

What the plugin does for it, hook by hook:

on_config       in `pagefind` mode (the default) take the place of Material's `search` plugin
                (its lunr index is downloaded whole before the first result); add the search
                script and stylesheet
on_files        the `/search/?q=` page, `opensearch.xml` and the two assets
on_post_page    mark what Pagefind indexes: a record page's content and facts
                (`data-pagefind-body`), metadata and filters, and words that must find the
                record first (its id, alert names, the alert names split into words)
                and copy what it indexes into a staging folder: the page's language, title
                and marked article, without the navigation, header and scripts around it
on_post_build   run the Pagefind binary over the staging folder, writing its bundle into
                the site, and remove the staging folder

Only pages in the built site are indexed, so an audience build's index holds exactly the
records that build publishes. Pagefind reads the staged copies, a fifth of the site's bytes,
with the same relative paths, so its result addresses are the site's.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..durations import latest_date
from ..model import Record
from .layout import Layout
from .pagefind_files import settle
from .structure import Site

log = logging.getLogger("mkdocs.plugins.skms")

ASSETS = Path(__file__).parent / "assets"
SCRIPT = "assets/skms/search.js"
STYLESHEET = "assets/skms/search.css"
BUNDLE = "pagefind"  # the folder of the site Pagefind writes its index and script into
SEARCH_PAGE = "search/index"
OPENSEARCH = "opensearch.xml"
MATERIAL_SEARCH = ("search", "material/search")

# Parts of a page that are not its own text: other records' titles in the header and the
# backlinks, heading permalinks, banners. Left out of the index and of the excerpts.
EXCLUDE_SELECTORS = ", ".join(
    (
        ".headerlink",
        ".md-content__button",
        ".skms-header",
        ".skms-banner",
        ".skms-jump",
        ".skms-backlinks",
        ".skms-related",
    )
)
ARTICLE = '<article class="md-content__inner md-typeset">'
_LANG = re.compile(r'<html[^>]*?\slang="([^"]*)"')
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# The first date a kind's record is known by: when it happened, not when it was edited.
_DATE_FIELDS = {
    "review": ("started", "detected", "resolved"),
    "problem": ("opened", "resolved"),
    "runbook": ("last_reviewed",),
}


def split_words(name: str) -> str:
    """`KafkaConsumerLagHigh` -> `Kafka Consumer Lag High`; `etcd_members_down` -> `etcd members down`."""
    return " ".join(_CAMEL.findall(name))


def id_key(record_id: str) -> str:
    """The word that finds a record by its id: `INC-0042` -> `skmsid_inc_0042` (as search.js makes it)."""
    return "skmsid_" + re.sub(r"[^a-z0-9_]", "_", record_id.lower())


def record_date(record: Record) -> date | None:
    """The date a search result shows for a record: the incident's start, the problem's opening..."""
    for name in _DATE_FIELDS.get(record.kind, ()):
        value = getattr(record.meta, name, None)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
    return latest_date(record.meta)


@dataclass(frozen=True)
class SearchFacts:
    """What the index holds about a record besides its text."""

    kind: str
    id: str
    title: str
    severity: str | None
    status: str | None
    services: tuple[tuple[str, str], ...]  # (id, title)
    date: date | None
    alerts: tuple[str, ...]
    exact: tuple[str, ...]  # words that must find the record first: id, alert names
    words: tuple[str, ...]  # the same split into words, for people who type them so
    tags: tuple[str, ...]


def search_facts(record: Record, service_titles: dict[str, str]) -> SearchFacts:
    meta = record.meta
    services = getattr(meta, "services", None) or []
    single = getattr(meta, "service", None)
    if single:
        services = [single]
    if record.kind == "service":
        services = [record.id]
    alerts = tuple(getattr(meta, "alerts", None) or ())
    # Pagefind splits `INC-0042` and `catalog-search` into parts that other pages share, and
    # `checkout` is in every checkout runbook: `skmsid_inc_0042` is one word only this record
    # holds, which search.js looks up when a query could be an id.
    exact = (record.id, id_key(record.id), *alerts)
    words = tuple(dict.fromkeys(w for w in (split_words(a) for a in alerts) if w not in alerts))
    return SearchFacts(
        kind=record.kind,
        id=record.id,
        title=record.title,
        severity=getattr(meta, "severity", None),
        status=getattr(meta, "status", None),
        services=tuple((s, service_titles[s]) for s in services if s in service_titles),
        date=record_date(record),
        alerts=alerts,
        exact=exact,
        words=words,
        tags=tuple(meta.tags),
    )


@dataclass(frozen=True)
class IndexStats:
    """What writing the search index took."""

    pages: int
    seconds: float  # the indexer's run, wall clock
    # The indexer's peak resident memory, where the system says. Linux counts a new process
    # from the size of the one that started it, so a small index reports the build's size.
    peak_rss_mb: float | None


class PagefindSearch:
    """The search of one build: which engine, the files it adds, the marks on each page."""

    def __init__(self, mode: str, env: jinja2.Environment) -> None:
        self.mode = mode
        self.facts_template = env.get_template("search/facts.html")
        self.page_template = env.get_template("search/page.html")
        self.opensearch_template = env.get_template("search/opensearch.xml")
        self.stats: IndexStats | None = None  # of the last index written
        # `--dirty` rebuilds only changed pages: the index is then made from the written site.
        self.dirty = False
        self.site: Site | None = None
        self.service_titles: dict[str, str] = {}
        self.search_page_src: str | None = None
        self.staging: Path | None = None  # the pages Pagefind reads, as they are written

    @property
    def pagefind(self) -> bool:
        return self.mode == "pagefind"

    # --- on_config -----------------------------------------------------------------------

    def configure(self, config: MkDocsConfig) -> None:
        listed = [name for name in MATERIAL_SEARCH if name in config.plugins]
        if self.mode == "material":
            if not listed:
                log.warning(
                    "skms: `search: material` keeps Material's search, but the `search` plugin "
                    "is not listed under `plugins:`; add it"
                )
            return
        if listed:
            _drop_plugins(config, listed)
            log.info(
                "skms: Pagefind search takes the place of the `search` plugin "
                "(set `search: material` under the skms plugin to keep it)"
            )
        if self.pagefind:
            if STYLESHEET not in config.extra_css:
                config.extra_css.append(STYLESHEET)
            if SCRIPT not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(SCRIPT)

    # --- on_files ------------------------------------------------------------------------

    def add_files(self, files: Files, layout: Layout, config: MkDocsConfig, site: Site) -> None:
        self.site = site
        self.service_titles = {r.id: r.title for r in site.records() if r.kind == "service"}
        if not self.pagefind:
            return
        for name in ("search.js", "search.css"):
            files.append(
                File(
                    f"skms/{name}",
                    str(ASSETS),
                    config.site_dir,
                    False,
                    dest_uri=f"assets/skms/{name}",
                )
            )
        if files.get_file_from_path(SEARCH_PAGE.replace("/index", ".md")) is None:
            page = layout.view_file(SEARCH_PAGE, self.page_template.render(), False)
            self.search_page_src = page.src_uri
            files.append(page)
        site_url = config.site_url or ""
        xml = self.opensearch_template.render(
            site_name=config.site_name,
            template=_search_template(site_url, config.use_directory_urls),
        )
        files.append(layout.static_file(OPENSEARCH, xml))

    # --- on_post_page --------------------------------------------------------------------

    def mark_page(
        self, output: str, page: Page, config: MkDocsConfig, record: Record | None, view: bool
    ) -> str:
        """The page's HTML with its OpenSearch link and what Pagefind indexes of it: a record
        (its first copy, when an id is duplicated) or a hand-written page; never a view."""
        if not self.pagefind:
            return output
        link = (
            '<link rel="search" type="application/opensearchdescription+xml" '
            f'title="{html.escape(config.site_name)}" '
            f'href="{html.escape(get_relative_url(OPENSEARCH, page.url))}">'
        )
        output = output.replace("</head>", link + "</head>", 1)
        facts = None
        if record is not None:
            if self.site is None or not self.site.is_primary(record):
                return output
            facts = search_facts(record, self.service_titles)
        elif view or page.file.src_uri == self.search_page_src:
            return output
        start = output.find(ARTICLE)
        end = output.rfind("</article>")
        if start == -1 or end < start:
            return output  # not Material's page layout: nothing to mark, so not indexed
        title = facts.title if facts is not None else _plain_title(page)
        block = self.facts_template.render(
            facts=facts, title=title, date=facts.date.isoformat() if facts and facts.date else ""
        )
        cut = start + len(ARTICLE) - 1
        article = ARTICLE[:-1] + " data-pagefind-body>" + output[cut + 1 : end] + block
        if not self.dirty:  # a --dirty build indexes the written site instead
            self._stage(page.file.dest_uri, output, article)
        return output[:start] + article + output[end:]

    def _stage(self, dest_uri: str, output: str, article: str) -> None:
        """Keep what Pagefind reads of a page: its language, title and marked article."""
        if self.staging is None:
            self.staging = Path(tempfile.mkdtemp(prefix="skms-pagefind-"))
        lang = _LANG.search(output)
        title = _TITLE.search(output)
        text = (
            f'<!doctype html><html lang="{lang.group(1) if lang else ""}"><head>'
            f'<meta charset="utf-8">{title.group(0) if title else ""}</head><body>'
            f"{article}</article></body></html>"
        )
        path = self.staging / dest_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def discard(self) -> None:
        """Remove the staging folder (after indexing, or when the build fails)."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    # --- on_post_build -------------------------------------------------------------------

    def index(self, site_dir: str | Path) -> None:
        """Run Pagefind over the staged pages; its bundle lands in `<site>/pagefind/`."""
        if not self.pagefind:
            return
        site = Path(site_dir)
        bundle = site / BUNDLE
        if bundle.exists():
            shutil.rmtree(bundle)  # `mkdocs build --dirty` and `serve` keep old folders
        if self.dirty:
            source = site  # its pages carry the same marks as the staged copies
        elif self.staging is None:
            # No record and no page of its own: Pagefind refuses an empty index, and the
            # search box says there is nothing to search.
            log.info("skms: no page to index for search")
            return
        else:
            source = self.staging
        command = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(source),
            "--output-path",
            str(bundle.resolve()),
            "--exclude-selectors",
            EXCLUDE_SELECTORS,
            "--quiet",
        ]
        started = time.perf_counter()
        try:
            returncode, output, peak_kb = _run(command)
        except OSError as exc:
            raise PluginError(f"skms: cannot run Pagefind: {exc}") from None
        finally:
            self.discard()
        if returncode != 0 or not (bundle / "pagefind.js").is_file():
            raise PluginError(
                "skms: Pagefind could not index the site"
                + (f": {output}" if output else "")
                + " (is `pagefind[bin]` installed? `search: material` keeps Material's search)"
            )
        settle(bundle)  # the same files for the same site
        pages = sum(1 for _ in (bundle / "fragment").iterdir())  # Pagefind writes one a page
        self.stats = IndexStats(
            pages, time.perf_counter() - started, peak_kb / 1024 if peak_kb else None
        )
        log.info(
            f"skms: search index of {self.stats.pages} page(s) written in "
            f"{self.stats.seconds:.1f} s"
        )


def _run(command: list[str]) -> tuple[int, str, int | None]:
    """(exit status, output, peak resident memory in KiB where the system reports it)."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        if hasattr(os, "wait4"):
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            peak: int | None = usage.ru_maxrss // (
                1024 if sys.platform == "darwin" else 1
            )  # bytes there
        else:  # pragma: no cover - Windows
            proc.wait()
            peak = None
        out.seek(0)
        return proc.returncode, out.read().decode("utf-8", "replace").strip(), peak


def _drop_plugins(config: MkDocsConfig, names: list[str]) -> None:
    """Remove plugins from this build, with the event handlers they registered."""
    plugins = config.plugins
    dropped = [plugins[name] for name in names]
    for name in names:
        del plugins[name]
    for event, methods in plugins.events.items():
        # A new list: MkDocs may be iterating the old one (we are inside on_config).
        plugins.events[event] = [m for m in methods if getattr(m, "__self__", None) not in dropped]


def _search_template(site_url: str, use_directory_urls: bool) -> str:
    path = "search/" if use_directory_urls else "search.html"
    base = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    return f"{base}{path}?q={{searchTerms}}"


def _plain_title(page: Page) -> str:
    title = page.title or ""
    return html.unescape(re.sub(r"<[^>]+>", "", title)).strip()
