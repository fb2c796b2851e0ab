"""No field, body, file name or hand-written page can run script in a reader's browser.

One hostile base (tests/hostile.py) is built once, with "Edit this page" links on; its pages
are read as text and loaded in a real headless Chromium that fails on any dialog.
"""

from __future__ import annotations

import re
import xml.dom.minidom
from collections.abc import Iterator
from pathlib import Path

import pytest

from browserkit import CHROMIUM, finished_results, served, type_in_search
from hostile import XSS_PAGE, xss_base
from sitekit import article, output_files, page, write_base
from skms.plugin.build import build_site
from skms.plugin.sanitize import sanitize_html

EDIT = "repo_url: https://github.com/acme/kb\nedit_uri: edit/main/docs/\ntheme:"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    config = write_base(
        root, xss_base(), docs={"about.md": XSS_PAGE}, site_url="https://kb.example.com/"
    )
    text = config.read_text(encoding="utf-8").replace("theme:", EDIT, 1)
    text = text.replace(
        "    - content.code.copy", "    - content.code.copy\n    - content.action.edit"
    )
    config.write_text(text, encoding="utf-8")
    return build_site(config, site_dir=root / "site").site_dir


def rel(path: Path) -> str:
    return path.as_posix().rsplit("/site/", 1)[-1]


def pages(site: Path) -> list[Path]:
    return [p for p in output_files(site) if p.suffix == ".html"]


def test_no_page_holds_a_script_an_event_handler_or_a_javascript_url(site: Path) -> None:
    # Markup the payloads would become if any of them reached the page unescaped.
    markup = re.compile(
        r"<script>alert|<img[^>]*onerror|<svg[^>]*onload|ontoggle=|<iframe|<object|<embed"
        r"|href=\"(?:javascript|data):|src=\"(?:javascript|data):|<style>body",
        re.I,
    )
    found = []
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        content = article(html) if "md-content__inner" in html else html
        for m in markup.finditer(html):
            found.append(f"{path.relative_to(site)}: {m.group(0)}")
        # The theme and skms's search page have a search form of their own; a body may not.
        if "<button>Go" in content or ("<form" in content and not rel(path).startswith("search/")):
            found.append(f"{path.relative_to(site)}: a form in the content")
    assert found == []


def test_views_hand_titles_to_the_theme_escaped(site: Path) -> None:
    # The table of contents of /runbooks/ and /problems/known-errors/ is the theme's.
    for url in ("runbooks", "problems/known-errors"):
        html = page(site, url)
        nav = html[html.index('<nav class="md-nav md-nav--secondary"') :]
        assert "&lt;img src=x onerror=alert(1)&gt;" in nav
        assert "<img src=x" not in nav


def test_edit_link_of_a_file_named_with_markup_stays_a_url(site: Path) -> None:
    runbook = next(p for p in (site / "runbooks").iterdir() if p.name.startswith("evil-runbook"))
    html = (runbook / "index.html").read_text(encoding="utf-8")
    edit = re.search(r'<a href="([^"]*)" title="Edit this page"', html)
    assert edit, "no edit link"
    assert edit.group(1) == (
        "https://github.com/acme/kb/edit/main/runbooks/"
        "evil-runbook%22%3E%3Cimg%20src=x%20onerror=alert(11)%3E.md"
    )


def test_hand_written_page_title_and_description_are_text(site: Path) -> None:
    html = page(site, "about")
    assert '<meta name="description" content="&#34;&gt;&lt;img' in html or (
        '<meta name="description" content="&quot;&gt;&lt;img' in html
    )
    assert "<title>Page &quot;&gt;&lt;img src=x onerror=alert(1)&gt; - Test base</title>" in html


def test_body_html_keeps_tables_details_code_and_links_but_no_handlers(site: Path) -> None:
    html = article(page(site, "articles/KB-0666"))
    assert "<table>" in html and "<details open" in html and "<summary>More</summary>" in html
    assert "<code>&lt;script&gt;alert(2)&lt;/script&gt;</code>" in html
    assert "<a>a link</a>" in html  # the javascript: URL is gone, the text stays
    assert 'id="__config"' not in html  # would stand in for the theme's settings


def test_feed_is_valid_xml_although_a_title_holds_a_control_character(site: Path) -> None:
    text = (site / "feed.xml").read_text(encoding="utf-8")
    doc = xml.dom.minidom.parseString(text.encode("utf-8"))
    titles = [t.firstChild.data for t in doc.getElementsByTagName("title") if t.firstChild]
    assert (
        'INC-0666: Review "><img src=x onerror=alert(1)></title><script>alert(3)</script>' in titles
    )


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ('<h2 id="x">T<a class="headerlink" href="#x">¶</a></h2>', 'id="x"'),
        (
            '<div class="admonition note"><p class="admonition-title">N</p></div>',
            "admonition-title",
        ),
        (
            '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre></div>',
            '<span class="n">',
        ),
        ('<img src="../a.png" alt="diagram">', '<img src="../a.png" alt="diagram">'),
        ('<input type="checkbox" disabled checked>', 'type="checkbox"'),
        ('<td style="text-align: right">1</td>', ""),
    ],
)
def test_sanitizer_keeps_what_markdown_and_material_write(raw: str, kept: str) -> None:
    assert kept in sanitize_html(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    ],
)
def test_sanitizer_drops_scripts_handlers_and_unsafe_urls(raw: str) -> None:
    clean = sanitize_html(raw).lower()
    assert "alert" not in clean.replace("&lt;", "<") or "<" not in clean
    assert not re.search(r"<script|onerror|onload|javascript:|data:|<iframe", clean)


def test_trusted_html_publishes_raw_html_as_written(tmp_path: Path) -> None:
    body = '<span onclick="return 1">clickable</span>\n'
    config = write_base(
        tmp_path,
        [
            (
                "knowledge/articles/KB-0001.md",
                f"---\nid: KB-0001\ntitle: T\nvisibility: public\n---\n{body}",
            )
        ],
        options=":\n      trusted_html: true",
    )
    site = build_site(config, site_dir=tmp_path / "site").site_dir
    assert 'onclick="return 1"' in page(site, "articles/KB-0001")


# --- in a real browser --------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_site(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


def one_page_of_each_type(site: Path) -> list[str]:
    """URL paths of every generated page type: views, one record of each kind, alert, tag, docs."""
    chosen: dict[str, str] = {}
    for path in pages(site):
        rel = path.relative_to(site).as_posix()
        parts = rel.split("/")
        # The type of a page: its section plus whether it is the section's index or one item.
        kind = parts[0] if len(parts) <= 2 else f"{parts[0]}/*"
        if "evil" in rel.lower() or "666" in rel:
            kind += " (hostile)"
        chosen.setdefault(kind, rel)
    return sorted(chosen.values())


@pytest.mark.browser
def test_no_page_of_the_hostile_base_opens_a_dialog_in_chromium(
    site: Path, served_site: str, request: pytest.FixtureRequest
) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import Error as PlaywrightError

    urls = one_page_of_each_type(site)
    assert len(urls) >= 15, urls
    dialogs: list[str] = []
    # A browser only once Chromium is known to be there: the fixture would fail without it.
    browser = request.getfixturevalue("browser")
    context = browser.new_context()
    context.route(
        "**/*",
        lambda route, sent: (
            route.continue_() if sent.url.startswith(served_site) else route.abort()
        ),
    )
    tab = context.new_page()
    tab.on("dialog", lambda d: (dialogs.append(f"{tab.url}: {d.message}"), d.dismiss()))
    for url in urls:
        try:
            tab.goto(served_site + url.removesuffix("index.html"), wait_until="load")
        except PlaywrightError:  # an alert page sends the reader on to its runbook
            tab.wait_for_load_state("load")
        tab.wait_for_timeout(50)  # let images fail and handlers fire
    # The search dialog renders titles and excerpts from the index: search a payload's words.
    tab.goto(served_site, wait_until="load")
    shown = finished_results(type_in_search(tab, "onerror", delay=5), "onerror")
    assert shown.locator("a.skms-result__link").count() > 0  # the payloads were found
    tab.wait_for_timeout(200)
    context.close()
    assert dialogs == []
