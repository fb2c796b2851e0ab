"""The views of a base the size of a real team's first import: about 400 records.

280 reviews from 1985 to 2026 (drafts among them, some without a valid severity, impacts
written in markdown), 108 runbooks answering long CamelCase alerts, and a tag or two on every
record, most of them used once. One build for the whole module; a second, tiny one for the
empty states and one with a small page size for paging.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from sitekit import article, build, hrefs, page, record
from skms.plugin import paging

pytestmark = pytest.mark.slow  # a few-hundred-record base built once for the module

SERVICES = [f"svc-{i:02d}" for i in range(12)]
SHARED_TAGS = ["database", "network", "deploy", "capacity", "dns", "certificates"]
IMPACTS = [
    "Customers saw *boot.ini* errors; see [the dashboard](https://grafana.example/d/1).",
    "**All** orders failed <script>alert(1)</script> for `10 min`.",
    "[click](javascript:alert(1)) checkout was slow",
]


def _base() -> list[tuple[str, str]]:
    records = []
    for i, sid in enumerate(SERVICES):
        records.append(record("service", "A service.\n", id=sid, title=f"Service {i}", tier="gold"))
    for i in range(108):
        records.append(
            record(
                "runbook",
                "## Meaning\nIt fires.\n\n## Mitigation\nRoll back.\n",
                id=f"rb-{i:03d}",
                title=f"Runbook {i}",
                service=SERVICES[i % len(SERVICES)],
                alerts=[f"KubernetesPersistentVolumeFillingUpPredicted{i:03d}"],
                tags=[f"runbook-topic-{i:03d}", SHARED_TAGS[i % len(SHARED_TAGS)]],
                last_reviewed="2026-10-01",
            )
        )
    for i in range(280):
        year = 1985 + (i * 41) // 279  # 1985 .. 2026
        front = {
            "id": f"INC-{i + 1:04d}",
            "title": f"Incident {i + 1}",
            "status": "draft" if i % 20 == 0 else "closed",
            "severity": ["SEV1", "SEV2", "SEV3", "SEV4", None, "SEV9"][i % 6],
            "services": [SERVICES[i % len(SERVICES)]],
            "started": f"{year}-{(i % 12) + 1:02d}-10T10:00:00Z",
            "resolved": f"{year}-{(i % 12) + 1:02d}-10T12:00:00Z",
            "impact": IMPACTS[i % len(IMPACTS)],
            "tags": [f"one-off-{i:03d}", SHARED_TAGS[i % len(SHARED_TAGS)]],
        }
        if front["severity"] is None:
            del front["severity"]
        records.append(record("review", "## Summary\nIt broke.\n", **front))
    return records


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda rec: messages.append(rec.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        site = build(tmp_path_factory.mktemp("views"), _base(), site_url="https://kb.example.com/")
    finally:
        logger.removeHandler(handler)
    return site, messages


@pytest.fixture(scope="module")
def site(built: tuple[Path, list[str]]) -> Path:
    return built[0]


def nav_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"\s+class="md-nav__link', html)


# --- metrics ------------------------------------------------------------------------------


def test_metrics_and_alerts_are_in_the_navigation_the_home_page_and_the_sitemap(
    built: tuple[Path, list[str]],
) -> None:
    site, messages = built
    for path in (".", "reviews/INC-0002", "runbooks/rb-001"):
        links = nav_links(page(site, path))
        assert any(h.rstrip("/").endswith("metrics") for h in links), path
        assert any(h.rstrip("/").endswith("alerts") for h in links), path
    assert "metrics/" in hrefs(article(page(site, ".")))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://kb.example.com/metrics/</loc>" in sitemap
    assert not [m for m in messages if "not included in the nav" in m]


def test_incidents_over_time_span_the_data_by_year(site: Path) -> None:
    html = article(page(site, "metrics"))
    chart = html.split('id="incidents-over-time"')[1].split("</svg>")[0]
    assert "Incidents per year by severity, 1985-" in chart
    assert ">1985</text>" in chart  # the first column's label; later ones spaced to fit
    assert "<title>1985 " in chart and "<title>2026 " in chart  # bars for both ends
    # Reviews without a severity, or with one outside the scale, have their own series.
    assert re.search(r"<title>\d{4} unknown: \d+</title>", chart)
    assert ">unknown</text>" in chart


# --- inline markdown in headers -----------------------------------------------------------


def test_impact_is_rendered_as_inline_markdown(site: Path) -> None:
    html = article(page(site, "reviews/INC-0001"))
    impact = html.split('class="skms-impact"')[1].split("</p>")[0]
    assert "<em>boot.ini</em>" in impact
    assert '<a href="https://grafana.example/d/1">the dashboard</a>' in impact


def test_impact_never_lets_raw_html_or_unsafe_links_through(site: Path) -> None:
    html = article(page(site, "reviews/INC-0002"))
    impact = html.split('class="skms-impact"')[1].split("</p>")[0]
    assert "<strong>All</strong>" in impact and "<code>10 min</code>" in impact
    assert "<script>" not in impact and "&lt;script&gt;" in impact
    third = article(page(site, "reviews/INC-0003")).split('class="skms-impact"')[1]
    assert "javascript:" not in third.split("</p>")[0].replace("[click](javascript", "")
    assert 'href="javascript' not in third


# --- tags ---------------------------------------------------------------------------------


def test_tag_pages_are_at_most_a_quarter_of_the_site(site: Path) -> None:
    pages = [p for p in site.rglob("*.html") if "assets" not in p.parts]
    tag_pages = [p for p in pages if p.relative_to(site).parts[0] == "tags"]
    assert len(tag_pages) <= len(pages) / 4, (len(tag_pages), len(pages))
    size = sum(p.stat().st_size for p in pages)
    assert sum(p.stat().st_size for p in tag_pages) <= size / 4
    # Shared tags keep their page; 388 one-off tags do not get one.
    assert (site / "tags" / "database" / "index.html").is_file()
    assert not (site / "tags" / "one-off-001").exists()


def test_tags_index_is_grouped_by_letter_with_the_most_used_first(site: Path) -> None:
    html = article(page(site, "tags"))
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids[0] == "most-used" and {"tags-d", "tags-o", "tags-r"} <= set(ids)
    assert "data-skms-find" in html  # the filter box skms.js adds
    most = html.split('id="most-used"')[1].split("</section>")[0]
    assert 'href="database/"' in most and "one-off" not in most


# --- reviews index and registers ----------------------------------------------------------


def test_reviews_index_has_drafts_first_and_filterable_rows(site: Path) -> None:
    html = article(page(site, "reviews"))
    headings = re.findall(r'<h2 id="([^"]+)"', html)
    assert headings[0] == "drafts" and headings[1] == "year-2026"
    drafts = html.split('id="drafts"')[1].split("</section>")[0]
    assert drafts.count("<tr data-item") == 14 and 'data-status="closed"' not in drafts
    assert re.search(
        r'<tr data-item data-severity="SEV2" data-status="closed" data-service="svc-01" '
        r'data-year="\d{4}">',
        html,
    )
    assert '<th data-sort="number">Severity</th>' in html


def test_registers_carry_filter_attributes(site: Path) -> None:
    alerts = article(page(site, "alerts"))
    assert 'data-skms-filter="service"' in alerts
    assert "Kubernetes<wbr>Persistent<wbr>Volume<wbr>Filling<wbr>Up<wbr>Predicted001" in alerts
    runbooks = article(page(site, "runbooks"))
    assert 'data-skms-filter="service tier"' in runbooks and 'data-service="svc-00"' in runbooks


def test_no_page_of_this_base_is_over_500_kb(site: Path) -> None:
    biggest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    assert biggest.stat().st_size < 500 * 1024, biggest


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 reviews in pages of 5 rows: what 10,000 reviews do with pages of 400."""
    mp = pytest.MonkeyPatch()
    mp.setattr(paging, "PAGE_ROWS", 5)
    records = [
        record(
            "review",
            id=f"INC-{i + 1:04d}",
            title=f"Incident {i + 1}",
            status="draft" if i < 2 else "closed",
            severity="SEV2",
            started=f"{2025 if i < 20 else 2024}-{(i % 12) + 1:02d}-03T10:00:00Z",
        )
        for i in range(30)
    ]
    for name in ("alpha", "bravo", "charlie"):
        records.append(record("service", id=name, title=name.title(), tier="gold"))
        records += [
            record(
                "runbook",
                id=f"{name}-{n}",
                title=f"{name} {n}",
                service=name,
                alerts=[f"{name.title()}Alert{n}"],
            )
            for n in range(4)
        ]
    try:
        return build(tmp_path_factory.mktemp("paged"), records)
    finally:
        mp.undo()


def test_a_long_reviews_list_is_split_into_pages_by_period(paged: Path) -> None:
    index = article(page(paged, "reviews"))
    assert re.findall(r'<h2 id="([^"]+)"', index) == ["drafts", "by-period"]
    links = [h for h in hrefs(index.split('id="by-period"')[1]) if h != "../feed.xml"]
    # 2025 has 18 reviews left after its two drafts: by quarter, then by month when needed.
    assert links[0] == "2025-q4/" and "2024/" not in links and any("2024-q" in h for h in links)
    seen = []
    for link in links:
        html = article(page(paged, f"reviews/{link}"))
        rows = re.findall(r'href="\.\./(INC-\d+)/"', html)
        assert 0 < len(rows) <= 5
        seen += rows
    assert len(seen) == len(set(seen)) == 28  # every review but the two drafts, once
    pager = article(page(paged, f"reviews/{links[1]}"))
    assert f'href="../{links[0]}" rel="prev"' in pager and 'rel="next"' in pager


def test_long_runbook_catalog_and_alerts_index_are_split_by_initial(paged: Path) -> None:
    index = article(page(paged, "runbooks"))
    # Each service's group (4 runbooks and its heading) fills a page of 5 rows.
    assert [h for h in hrefs(index) if "by-service" in h] == [
        "by-service/a/#service-alpha",
        "by-service/b/#service-bravo",
        "by-service/c/#service-charlie",
    ]
    part = article(page(paged, "runbooks/by-service/b"))
    assert "bravo-0/" in " ".join(hrefs(part)) and "alpha-0" not in part
    assert 'rel="prev"' in part and 'rel="next"' in part
    alerts = article(page(paged, "alerts"))
    parts = [h for h in hrefs(alerts) if "by-name" in h]
    assert parts == ["by-name/a/", "by-name/b/", "by-name/c/"]
    names = article(page(paged, "alerts/by-name/c")).replace("<wbr>", "")
    assert names.count('<code class="skms-alert">Charlie') == 4
    # The alerts keep their own one-segment addresses.
    assert (paged / "alerts" / "CharlieAlert0" / "index.html").is_file()


# --- empty states -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = [record("service", "A service.\n", id="checkout", title="Checkout", tier="gold")]
    return build(tmp_path_factory.mktemp("empty"), records)


def test_empty_lists_say_how_to_add_the_first_record(empty: Path) -> None:
    problems = article(page(empty, "problems"))
    assert "No problems yet." in problems and "skms new problem" in problems
    assert "known-errors" not in " ".join(hrefs(problems))
    assert "skms new review" in article(page(empty, "reviews"))
    assert "skms new runbook" in article(page(empty, "runbooks"))
    assert "alerts" in article(page(empty, "alerts"))


def test_home_page_has_no_buttons_to_empty_pages(empty: Path) -> None:
    quick = article(page(empty, ".")).split('class="skms-quick"')[1].split("</p>")[0]
    assert hrefs(quick) == ["services/"]


# --- in a browser, on a phone -------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone(site: Path):  # noqa: ANN201 - a playwright Page
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto_path = lambda path: tab.goto(base + path, wait_until="load")  # type: ignore[attr-defined]
        yield tab
        assert errors == []
        browser.close()
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["", "reviews/", "reviews/INC-0001/", "runbooks/rb-001/", "alerts/"]
)
def test_pages_fit_a_390_px_screen(phone, path: str) -> None:  # noqa: ANN001
    phone.goto_path(path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path or 'home'}: the page is {width} px wide"


@pytest.mark.browser
def test_alert_names_wrap_only_between_words_on_a_phone(phone) -> None:  # noqa: ANN001
    phone.goto_path("alerts/")
    # Each text run between two <wbr> is a word: it must sit on one line.
    broken = phone.evaluate(
        """() => [...document.querySelectorAll('code.skms-alert')].flatMap(code =>
            [...code.childNodes].filter(n => n.nodeType === 3).filter(n => {
              const r = document.createRange(); r.selectNodeContents(n);
              return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1;
            }).map(n => n.textContent))"""
    )
    assert broken == []


@pytest.mark.browser
def test_reviews_filter_and_sort_in_the_page(phone) -> None:  # noqa: ANN001
    phone.goto_path("reviews/")
    phone.select_option(".skms-filterbar select[name=severity]", "SEV1")
    shown = phone.eval_on_selector_all(
        "tr[data-item]:not([hidden])", "rows => rows.map(r => r.dataset.severity)"
    )
    assert shown and set(shown) == {"SEV1"}
    assert phone.locator(".skms-filterbar output").inner_text() == f"{len(shown)} of 280"
    phone.select_option(".skms-filterbar select[name=severity]", "")
    section = phone.locator("section:has(#year-2025)")
    keys = "rows => rows.map(r => +r.cells[1].dataset.key)"
    before = section.locator("tbody tr").evaluate_all(keys)
    section.locator("th", has_text="Severity").click()
    after = section.locator("tbody tr").evaluate_all(keys)
    assert after == sorted(before) and after != before  # most severe first
    section.locator("th", has_text="Severity").click()
    assert section.locator("tbody tr").evaluate_all(keys) == sorted(before, reverse=True)
