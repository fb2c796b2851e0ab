"""Every page has its own address and every link reaches it: tags whose names slug alike,
hand-written pages at a generated view's place, alert names that look like a URL scheme."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from sitekit import article, build, hrefs, page, record, small_base

TAGS = ["Платежи", "数据库", "C++", "C#", "c", "Payments", "payments"]
OPTIONS = ":\n      tag_pages: all"  # each tag here is on one record: give each a page anyway


def _tagged(n: int, tag: str) -> tuple[str, str]:
    return record(
        "article",
        f"About {tag}.\n",
        id=f"KB-{n:04d}",
        title=f"Article {n}",
        tags=[tag],
        visibility="public",
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = small_base() + [_tagged(i + 1, tag) for i, tag in enumerate(TAGS)]
    for i, (path, text) in enumerate(records):
        if path.startswith("runbooks/"):
            records[i] = (path, text.replace("- CheckoutErrorRateHigh\n", "- foo:bar\n"))
    docs = {
        "about.md": "# About\n",
        "reviews/index.md": "# Our reviews\n\nWritten by hand.\n",
        "problems/known-errors.md": "# Our known errors\n\nWritten by hand.\n",
    }
    return build(tmp_path_factory.mktemp("addresses"), records, docs=docs, options=OPTIONS)


def _tag_links(html: str) -> dict[str, str]:
    """Tag name -> href of the tag links in a page's content."""
    found = re.findall(r'<a class="skms-tag"[^>]* href="([^"]*)">([^<]*?)(?: <span|</a>)', html)
    return {name.strip(): href for href, name in found}


def test_tags_whose_names_slug_alike_each_get_their_own_page(site: Path) -> None:
    cloud = _tag_links(article(page(site, "tags")))
    # "Payments" and "payments" are one tag; every other name has its own page.
    assert len(cloud) == len(TAGS) - 1
    assert len(set(cloud.values())) == len(cloud)
    for name, href in cloud.items():
        tag_page = article(page(site, f"tags/{href.strip('/')}"))
        assert f"Tag: {name}" in tag_page
        other = [n for n in cloud if n != name and n.lower() != name.lower()]
        for n in other:
            assert f"About {n}." not in tag_page, (name, n)


def test_a_tag_whose_name_is_its_slug_keeps_the_plain_address(site: Path) -> None:
    cloud = _tag_links(article(page(site, "tags")))
    assert cloud["c"] == "c/"
    assert cloud["Payments"] == "payments/"
    assert cloud["C++"].startswith("c-") and cloud["C#"].startswith("c-")
    assert cloud["Платежи"].startswith("tag-") and cloud["数据库"].startswith("tag-")


def test_a_record_page_links_its_tag_to_that_tag_s_own_page(site: Path) -> None:
    cloud = _tag_links(article(page(site, "tags")))
    for n, tag in enumerate(TAGS[:4], start=1):
        links = _tag_links(article(page(site, f"articles/KB-{n:04d}")))
        assert links[tag] == f"../../tags/{cloud[tag]}"


def test_tag_addresses_do_not_change_between_builds(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    records = small_base() + [_tagged(i + 1, tag) for i, tag in reversed(list(enumerate(TAGS)))]
    again = build(tmp_path_factory.mktemp("addresses-again"), records, options=OPTIONS)
    assert _tag_links(article(page(again, "tags"))) == _tag_links(article(page(site, "tags")))


def test_buttons_to_a_view_replaced_by_a_hand_written_page_lead_to_that_page(site: Path) -> None:
    home = article(page(site, ""))
    assert "None" not in hrefs(home)
    assert "reviews/" in hrefs(home) and "problems/known-errors/" in hrefs(home)
    problems = article(page(site, "problems"))
    assert "None" not in hrefs(problems)
    assert "known-errors/" in hrefs(problems)
    assert "Our reviews" in page(site, "reviews")
    assert "Our known errors" in page(site, "problems/known-errors")


def test_a_hand_written_page_at_a_view_s_place_is_in_the_navigation_once(site: Path) -> None:
    nav = page(site, "about")
    assert len(re.findall(r'href="\.\./reviews/"', nav)) == 1


def test_an_alert_name_with_a_colon_is_linked_as_a_path_not_a_scheme(site: Path) -> None:
    assert (site / "alerts" / "foo:bar" / "index.html").is_file()
    links = [unquote(h) for h in hrefs(article(page(site, "alerts")))]
    # Read as a URL (decoded, as link checkers do), every link stays a relative path.
    assert not [h for h in links if urlsplit(h).scheme], links
    [link] = [h for h in links if "foo:bar" in h]
    assert (
        urljoin("https://kb.example.com/alerts/", link) == "https://kb.example.com/alerts/foo:bar/"
    )
