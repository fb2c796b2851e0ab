"""Search in a real headless Chromium: the judged query set, the dialog, the search address.

One site (the example knowledge base with every audience's records, so every review is
judged), one browser; the judged queries go through the site's own search code in one
`page.evaluate`, and one test types in the dialog like a person.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from browserkit import require_chromium, served, type_in_search
from conftest import REPO_ROOT
from search_judgments import MEMORY_QUERIES, SERVICE_QUERIES, SYMPTOM_QUERIES, alert_as_words
from sitekit import write_base
from skms.config import load_config
from skms.pipeline import load_knowledge_base
from skms.plugin.build import build_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

# Runs queries through the page's own search (window.skmsSearch.find) and returns, per query,
# the ids of the first five results.
TOP_FIVE = """async (queries) => {
  const out = [];
  for (const q of queries) {
    const found = await window.skmsSearch.find(q, {});
    const data = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
    out.push(data.map((d) => d.meta.id || d.url));
  }
  return out;
}"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, example: Path) -> Iterator[str]:
    site = build_site(
        example,
        audience="all",
        site_dir=tmp_path_factory.mktemp("search") / "site",
    ).site_dir
    with served(site) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def route(route, request) -> None:  # noqa: ANN001 - playwright's own types
        if request.url.startswith(base_url) or request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert outside == [], "requests left the site"
    assert errors == []


def _records() -> list:
    kb = load_knowledge_base(load_config(REPO_ROOT / "mkdocs.yml"), audience="all", git=False)
    return list(kb.records)


def _top_five(page: Page, base_url: str, queries: list[str]) -> dict[str, list[str]]:
    page.goto(base_url, wait_until="load")
    return dict(zip(queries, page.evaluate(TOP_FIVE, queries), strict=True))


def test_every_id_and_alert_finds_its_record_first(page: Page, base_url: str) -> None:
    expected: dict[str, str] = {}
    for record in _records():
        expected[record.id] = record.id
        for alert in getattr(record.meta, "alerts", None) or ():
            expected[alert] = record.id
            expected[alert_as_words(alert)] = record.id
            expected[alert.lower()] = record.id
    assert len(expected) > 60  # every record and alert of the example
    got = _top_five(page, base_url, list(expected))
    misses = {q: hits for q, hits in got.items() if hits[:1] != [expected[q]]}
    assert misses == {}


def test_service_names_symptoms_and_queries_from_memory_find_their_records(
    page: Page, base_url: str
) -> None:
    expected: dict[str, list[str]] = {q: [r] for q, r in SERVICE_QUERIES.items()}
    expected.update({q: [r] for q, r in SYMPTOM_QUERIES.items()})
    expected.update(MEMORY_QUERIES)
    got = _top_five(page, base_url, [*expected, "black friday"])
    misses = {q: got[q] for q in expected if not set(expected[q]) <= set(got[q])}
    assert misses == {}
    # "black-friday" is a tag of the Black Friday review and of other records: the title wins.
    assert got["black friday"][0] == "INC-0004"


def test_filters_in_the_query_narrow_the_results(page: Page, base_url: str) -> None:
    got = _top_five(page, base_url, ["checkout kind:runbook", "payments kind:review severity:sev1"])
    records = _records()
    runbooks = {r.id for r in records if r.kind == "runbook"}
    assert got["checkout kind:runbook"] and set(got["checkout kind:runbook"]) <= runbooks
    sev1 = {r.id for r in records if r.kind == "review" and r.meta.severity == "SEV1"}
    assert got["payments kind:review severity:sev1"]
    assert set(got["payments kind:review severity:sev1"]) <= sev1


def test_typing_an_alert_in_the_dialog_and_pressing_enter_opens_its_runbook(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + "reviews/", wait_until="load")
    page.keyboard.press("s")
    box = page.locator(".skms-search-dialog input.skms-search-input")
    box.wait_for(state="visible")
    box.press_sequentially("KafkaConsumerLagHigh", delay=10)
    first = page.locator(".skms-search-dialog [data-search-results] li").first
    # Results follow the typing: wait for those of the whole name. Each shows what the
    # record is beside its excerpt.
    expect(first.locator("code")).to_have_text("kafka-consumer-lag", timeout=15_000)
    expect(first.locator(".skms-kind")).to_have_text("Runbook")
    # One menu per filter, however many searches the typing started.
    kinds = page.locator(".skms-search-dialog .skms-search-filters select[data-filter='kind']")
    expect(kinds).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url("**/runbooks/kafka-consumer-lag/")


def test_search_address_shows_results_as_links(page: Page, base_url: str) -> None:
    page.goto(base_url + "search/?q=" + quote("INC-0004"), wait_until="load")
    links = page.locator("[data-search-results] a")
    links.first.wait_for(timeout=15_000)
    href = links.first.get_attribute("href") or ""
    assert urlsplit(href).path.endswith("/reviews/INC-0004-black-friday-orders-stuck-unconfirmed/")
    assert page.locator("input.skms-search-input").input_value() == "INC-0004"
    # Every page names the OpenSearch description that leads browsers to this address.
    href = page.locator('link[rel="search"]').get_attribute("href")
    response = page.request.get(base_url + "search/" + (href or ""))
    assert response.ok
    assert "search/?q={searchTerms}" in response.text()


def test_a_site_with_nothing_to_search_says_so_in_the_search_box(
    browser: Browser, tmp_path: Path
) -> None:
    site = build_site(write_base(tmp_path / "kb", [], docs={}), site_dir=tmp_path / "site")
    with served(site.site_dir) as url:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url, wait_until="load")
        status = type_in_search(page, "checkout").locator(".skms-search-status")
        expect(status).to_have_text("This site has no pages to search yet")
        context.close()
    assert errors == []
