"""Record pages and generated views of a small knowledge base, as a reader sees them in HTML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitekit import article, build, hrefs, page, pagefind_text, record, small_base


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = small_base() + [
        record(
            "article",
            "See PRB-9999 and [[no-such-runbook|the old runbook]].\n",
            id="KB-0001",
            title="Severity levels",
            tags=["process"],
            visibility="public",
        ),
        record(
            "readiness",
            "## High Level Description\nThe new checkout.\n",
            id="RDY-0001",
            title="Checkout v2",
            release_tier="gold",
            status="in-progress",
            tags=["process", "launch"],
            services=["checkout"],
            checklist={
                "communications": {"status": "done"},
                "security_compliance": {"status": "n-a"},
                "incident_management": {"status": "in-progress"},
            },
        ),
        ("reviews/INC-0002-broken.md", "---\nid: INC-0002\ntitle: [unclosed\n---\nBody text.\n"),
    ]
    return build(tmp_path_factory.mktemp("pages"), records)


def test_review_page_links_to_its_problem(site: Path) -> None:
    html = article(page(site, "reviews/INC-0001-outage"))
    assert "../../problems/PRB-0001-pool/" in hrefs(html)


def test_body_id_reference_becomes_a_link_to_the_record(site: Path) -> None:
    html = article(page(site, "reviews/INC-0001-outage"))
    assert re.search(r'<a href="../../problems/PRB-0001-pool/">PRB-0001</a>', html)


def test_wiki_reference_without_label_reads_as_the_target_title(site: Path) -> None:
    html = article(page(site, "reviews/INC-0001-outage"))
    assert '<a href="../../runbooks/checkout-errors/">Checkout error rate high</a>' in html


def test_problem_page_lists_the_review_under_incidents(site: Path) -> None:
    html = article(page(site, "problems/PRB-0001-pool"))
    footer = html[html.index("skms-backlinks") :]
    group = re.search(r"<dt>Incidents</dt>\s*<dd>(.*?)</dd>", footer, re.S)
    assert group and "../../reviews/INC-0001-outage/" in group.group(1)


def test_unknown_reference_renders_as_marked_text_not_a_link(site: Path) -> None:
    html = article(page(site, "articles/KB-0001"))
    assert re.search(r'<span class="skms-ref skms-ref--unknown"[^>]*>PRB-9999</span>', html)
    assert re.search(r'<span class="skms-ref skms-ref--unknown"[^>]*>the old runbook</span>', html)
    assert not any("9999" in h or "no-such-runbook" in h for h in hrefs(html))


def test_review_header_shows_severity_status_and_durations(site: Path) -> None:
    html = article(page(site, "reviews/INC-0001-outage"))
    assert "skms-badge--severity-sev2" in html
    assert "Time to detect</span> <strong>5 min" in html
    assert "Time to acknowledge</span> <strong>2 min" in html
    assert "Time to mitigate</span> <strong>40 min" in html
    assert "Time to resolve</span> <strong>1 h 00 min" in html


def test_draft_review_shows_a_draft_banner(site: Path) -> None:
    html = article(page(site, "reviews/INC-0001-outage"))
    assert "skms-banner--draft" in html


def test_record_whose_front_matter_cannot_be_read_is_left_out_as_restricted(site: Path) -> None:
    # Its visibility cannot be established: it fails closed (an `all` build shows it with
    # an error banner, see test_trust_input).
    assert not (site / "reviews/INC-0002-broken").exists()


def test_alert_page_redirects_to_its_runbook(site: Path) -> None:
    html = (site / "alerts/CheckoutErrorRateHigh/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../runbooks/checkout-errors/">' in html
    assert '<link rel="canonical" href="../../runbooks/checkout-errors/">' in html
    assert '<a href="../../runbooks/checkout-errors/">Checkout error rate high</a>' in html


def test_alerts_index_links_each_alert_page(site: Path) -> None:
    html = article(page(site, "alerts"))
    assert "CheckoutErrorRateHigh/" in hrefs(html)


def test_runbook_page_offers_jumps_to_diagnosis_and_mitigation(site: Path) -> None:
    html = article(page(site, "runbooks/checkout-errors"))
    jump = html[html.index('class="skms-jump"') :]
    assert jump.index('href="#diagnosis"') < jump.index('href="#mitigation"') < jump.index("<h2")


def test_runbook_code_blocks_get_copy_buttons_from_the_theme(site: Path) -> None:
    html = page(site, "runbooks/checkout-errors")
    assert '"content.code.copy"' in html
    assert "<pre>" in html or "<pre " in html


def _search_entries(site: Path) -> dict[str, dict]:
    """URL -> what Pagefind holds for the page (content, meta, filters)."""
    out = {}
    for path in (site / "pagefind/fragment").glob("*.pf_fragment"):
        entry = json.loads(pagefind_text(path).removeprefix("pagefind_dcd"))
        out[entry["url"]] = entry
    return out


def test_runbook_carries_its_alerts_as_heavy_words_in_the_search_index(site: Path) -> None:
    entry = _search_entries(site)["/runbooks/checkout-errors/"]
    assert entry["meta"]["alerts"] == "CheckoutErrorRateHigh"
    assert entry["meta"]["kind"] == "runbook" and entry["filters"]["service"] == ["checkout"]
    html = page(site, "runbooks/checkout-errors")
    heavy = re.search(r'<p data-pagefind-weight="10">([^<]*)</p>', html)
    assert heavy and "CheckoutErrorRateHigh" in heavy.group(1).split()
    assert "Checkout Error Rate High" in html


def test_generated_views_are_left_out_of_the_search_index(site: Path) -> None:
    urls = set(_search_entries(site))
    assert "/runbooks/checkout-errors/" in urls and "/about/" in urls
    assert "/reviews/" not in urls and "/alerts/" not in urls and "/" not in urls


def test_navigation_lists_sections_and_views_but_no_record(site: Path) -> None:
    html = page(site, "reviews/INC-0001-outage")
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link', html)
    assert "../" in nav and "../../problems/" in nav and "../../about/" in nav
    assert not any(
        re.search(r"(INC|PRB|RDY|KB)-\d|checkout-errors|/checkout/", link) for link in nav
    )


def test_home_page_lists_open_problems_and_recent_reviews(site: Path) -> None:
    html = article(page(site, "."))
    assert 'for="__search"' in html.split("<h2")[0]
    assert "problems/PRB-0001-pool/" in hrefs(html)
    assert "reviews/INC-0001-outage/" in hrefs(html)
    assert "runbooks/checkout-errors/" in hrefs(html)


def test_reviews_index_shows_drafts_first_then_reviews_by_year(site: Path) -> None:
    html = article(page(site, "reviews"))
    drafts = html.split('<h2 id="drafts">Drafts</h2>')[1].split("<h2")[0]
    assert "INC-0001-outage/" in hrefs(drafts)  # a draft of 2026, shown as a draft
    assert not re.search(r'id="(year-\d+|undated)"', html.split('id="drafts"')[0])
    after = html.split('<h2 id="drafts">Drafts</h2>')[1].split("</section>", 1)[1]
    assert "INC-0001-outage/" not in hrefs(after)  # once, as a draft, not again under its year


def test_known_error_database_shows_the_workaround(site: Path) -> None:
    html = article(page(site, "problems/known-errors"))
    assert "Restart the pods one at a time." in html


def test_readiness_dashboard_shows_checklist_progress(site: Path) -> None:
    html = article(page(site, "readiness"))
    assert '<progress max="5" value="2">' in html


def test_service_page_lists_its_runbooks_incidents_problems_and_releases(site: Path) -> None:
    html = article(page(site, "services/checkout"))
    for section in ("runbooks", "incidents", "problems", "releases"):
        assert f'id="service-{section}"' in html
    links = hrefs(html)
    for target in (
        "runbooks/checkout-errors/",
        "reviews/INC-0001-outage/",
        "problems/PRB-0001-pool/",
    ):
        assert f"../../{target}" in links


def test_tag_page_lists_tagged_records(site: Path) -> None:
    html = article(page(site, "tags/process"))
    assert {"../../articles/KB-0001/", "../../readiness/RDY-0001/"} <= set(hrefs(html))


def test_a_tag_on_one_record_has_no_page_and_reads_as_a_label(site: Path) -> None:
    assert not (site / "tags" / "launch").exists()
    header = article(page(site, "readiness/RDY-0001"))
    assert '<span class="skms-tag skms-tag--plain">launch</span>' in header
    assert any(h.endswith("tags/process/") for h in hrefs(header))
    index = article(page(site, "tags"))
    assert '<h2 id="tags-l">L</h2>' in index and '<h2 id="tags-p">P</h2>' in index
    assert "tags/launch" not in index and 'href="process/"' in index


def test_records_json_holds_every_published_record(site: Path) -> None:
    data = json.loads((site / "records.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in data["records"]} >= {
        "INC-0001",
        "PRB-0001",
        "checkout-errors",
        "checkout",
    }


def test_feed_is_an_atom_feed_of_reviews(site: Path) -> None:
    root = ET.fromstring((site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert "INC-0001: Checkout outage" in titles
    assert root.findtext("a:updated", namespaces=ns) == "2026-03-04T11:00:00Z"
