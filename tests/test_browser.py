"""The example site in a real headless Chromium, served from a local port.

What an engineer does during an incident: search an alert name, follow an alert's
runbook_url, go from a review to its problem and back. The site must work offline: every
request goes to the local server, and no page logs an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browserkit import finished_results, require_chromium, served, type_in_search
from skms.plugin.build import build_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, Page  # noqa: E402

ARTIFACTS = Path(__file__).parent / "artifacts"
ALERT = "KafkaConsumerLagHigh"
RUNBOOK = "runbooks/kafka-consumer-lag/"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, example: Path) -> Iterator[str]:
    site = build_site(example, site_dir=tmp_path_factory.mktemp("browser") / "site").site_dir
    with served(site) as url:
        yield url


class Visit:
    """A page that records every request and every console error while it is used."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route, request) -> None:  # noqa: ANN001 - playwright's own types
        self.requests.append(request.url)
        if request.url.startswith(self.base_url):
            route.continue_()
        else:
            route.abort()

    def goto(self, path: str) -> Page:
        self.page.goto(self.base_url + path, wait_until="networkidle")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Browser, base_url: str) -> Iterator[Visit]:
    v = Visit(browser, base_url)
    yield v
    v.close()


def search(page: Page, query: str) -> list[str]:
    """Type in the search dialog (opened with `/`); the result links, best first."""
    done = finished_results(type_in_search(page, query), query)
    results = done.locator("a.skms-result__link")
    return [urlsplit(a.get_attribute("href") or "").path for a in results.all()]


def test_searching_an_alert_name_finds_its_runbook_first(visit: Visit) -> None:
    page = visit.goto("")
    hits = search(page, ALERT)
    assert hits and hits[0].endswith(RUNBOOK), hits[:5]


def test_searching_a_symptom_finds_its_runbook_first(visit: Visit) -> None:
    page = visit.goto("")
    hits = search(page, "kafka lag")
    assert hits and hits[0].endswith(RUNBOOK), hits[:5]


def test_search_box_on_the_home_page_opens_the_search(visit: Visit) -> None:
    page = visit.goto("")
    page.locator("label.skms-search").click()
    box = page.locator(".skms-search-dialog input.skms-search-input")
    box.wait_for(state="visible")
    page.keyboard.type(ALERT, delay=10)
    assert box.input_value() == ALERT


def test_alert_url_lands_on_the_runbook(visit: Visit) -> None:
    page = visit.goto(f"alerts/{ALERT}/")
    page.wait_for_url(f"**/{RUNBOOK}")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Kafka consumer lag is high"


def test_review_links_to_its_problem_and_the_problem_lists_the_review(visit: Visit) -> None:
    page = visit.goto("reviews/INC-0004-black-friday-orders-stuck-unconfirmed/")
    page.locator(".skms-facts a.skms-link--problem", has_text="PRB-0002").click()
    page.wait_for_url("**/problems/PRB-0002-order-projector-rebalance-storms/")
    incidents = page.locator(".skms-backlink-groups dt", has_text="Incidents").locator(
        "xpath=following-sibling::dd[1]"
    )
    assert incidents.locator("a[href*='INC-0004']").count() == 1


def test_runbook_opens_with_buttons_to_diagnosis_and_mitigation(visit: Visit) -> None:
    page = visit.goto(RUNBOOK)
    page.locator(".skms-jump a", has_text="Mitigation").click()
    assert page.url.endswith("#mitigation")
    assert page.locator("h2#mitigation").is_visible()


def test_pages_log_no_console_errors_and_request_only_the_local_server(visit: Visit) -> None:
    for path in (
        "",
        RUNBOOK,
        "reviews/",
        "reviews/INC-0004-black-friday-orders-stuck-unconfirmed/",
        "problems/known-errors/",
        "services/checkout/",
        "readiness/",
        "alerts/",
        "tags/",
    ):
        visit.goto(path)
    search(visit.page, ALERT)
    assert visit.errors == []
    hosts = {urlsplit(u).netloc for u in visit.requests if not u.startswith("data:")}
    assert hosts == {urlsplit(visit.base_url).netloc}


def test_screenshots_of_the_home_page_and_a_runbook(visit: Visit) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in (("home", ""), ("runbook", RUNBOOK)):
        visit.goto(path).screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000
