"""The theme's navigation on record pages: rendered once per folder, yet right for every page.

Material writes its whole navigation into every page. skms reuses the HTML made for one page
of a folder on the others (see plugin/theme_nav.py); these builds check that no page gets
another page's navigation: with a `nav:` that lists a record, a file inside a record's folder,
links without a slash, absolute links, URLs without folders, and a team's own navigation
template.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitekit import record, small_base, write_base
from skms.plugin.build import build_site


def _review(rid: str, slug: str, title: str, started: str) -> tuple[str, str]:
    return record(
        "review",
        f"## Summary\n{title}.\n",
        id=rid,
        stem=f"{rid}-{slug}",
        title=title,
        status="draft",
        severity="SEV3",
        services=["checkout"],
        started=started,
        visibility="public",
    )


def _base() -> list[tuple[str, str]]:
    return small_base() + [
        _review("INC-0003", "again", "Slow again", "2026-03-06T10:00:00Z"),
        record(
            "runbook",
            "## Meaning\nSlow.\n\n## Impact\nSlow pages.\n\n## Diagnosis\nLook.\n\n"
            "## Mitigation\nWait.\n",
            id="db-slow",
            title="Database slow",
            service="checkout",
            alerts=["DatabaseSlow"],
            visibility="public",
        ),
        _review("INC-0002", "slow", "Slow database", "2026-03-05T10:00:00Z"),
    ]


def _build(root: Path, extra_yml: str, docs: dict[str, str] | None = None) -> Path:
    config = write_base(root, _base(), docs=docs)
    config.write_text(config.read_text(encoding="utf-8") + extra_yml, encoding="utf-8")
    return build_site(config, site_dir=root / "site").site_dir


def nav_of(html: str) -> str:
    """The primary navigation of a page."""
    m = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S)
    assert m, "no primary navigation"
    return m.group(0)


def active(nav: str) -> list[str]:
    """The links the navigation marks as the current page, as "href text"."""
    return [
        f"{href} {' '.join(re.sub(r'<[^>]*>', ' ', text).split())}"
        for href, text in re.findall(
            r'<a href="([^"]*)" class="md-nav__link md-nav__link--active">(.*?)</a>', nav, re.S
        )
    ]


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `nav:` that lists one runbook, a hand-written page and a page inside a review's folder."""
    docs = {
        "about.md": "# About\n\nA hand-written page.\n",
        "reviews/INC-0001-outage/notes.md": "# Notes\n\nNotes of the outage.\n",
    }
    nav = (
        "nav:\n"
        "  - About: about.md\n"
        "  - The checkout runbook: runbooks/checkout-errors.md\n"
        "  - Outage notes: reviews/INC-0001-outage/notes.md\n"
        "  - The slow one: reviews/INC-0002-slow\n"
        "  - Feed: /feed.xml\n"
        "  - Status: https://status.example.com/\n"
    )
    return _build(tmp_path_factory.mktemp("listed"), nav, docs)


def _page(site: Path, url: str, filename: str = "index.html") -> str:
    return (site / url / filename).read_text(encoding="utf-8")


def test_a_record_the_nav_lists_is_the_current_page_on_its_own_page_only(listed: Path) -> None:
    own = nav_of(_page(listed, "runbooks/checkout-errors"))
    assert active(own) == ["./ The checkout runbook"]
    others = {
        "runbooks/db-slow": "../checkout-errors/",
        "reviews/INC-0002-slow": "../../runbooks/checkout-errors/",
        "services/checkout": "../../runbooks/checkout-errors/",
    }
    for other, href in others.items():
        nav = nav_of(_page(listed, other))
        assert active(nav) == [], other
        assert f'href="{href}"' in nav, other


def test_a_link_into_a_record_s_own_folder_is_written_from_that_folder(listed: Path) -> None:
    # The review's folder holds the notes page too: its navigation is its own, not its
    # sibling's (which reaches the notes through `../INC-0001-outage/`).
    assert 'href="notes/"' in nav_of(_page(listed, "reviews/INC-0001-outage"))
    sibling = nav_of(_page(listed, "reviews/INC-0002-slow"))
    assert 'href="../INC-0001-outage/notes/"' in sibling
    assert 'href="notes/"' not in sibling


def test_a_link_to_a_record_s_folder_without_a_slash_is_written_from_each_page(
    listed: Path,
) -> None:
    # From inside the folder the link is `.`; from a sibling folder, `../INC-0002-slow`.
    assert 'href="."' in nav_of(_page(listed, "reviews/INC-0002-slow"))
    sibling = nav_of(_page(listed, "reviews/INC-0003-again"))
    assert 'href="../INC-0002-slow"' in sibling
    # Absolute and external links stay as written.
    assert 'href="/feed.xml"' in sibling and 'href="https://status.example.com/"' in sibling


def test_without_folder_urls_every_link_still_leads_from_the_page(tmp_path: Path) -> None:
    site = _build(
        tmp_path,
        "use_directory_urls: false\nnav:\n  - About: about.md\n"
        "  - The checkout runbook: runbooks/checkout-errors.md\n",
    )
    own = nav_of((site / "runbooks/checkout-errors.html").read_text(encoding="utf-8"))
    assert active(own) == ["checkout-errors.html The checkout runbook"]
    other = nav_of((site / "runbooks/db-slow.html").read_text(encoding="utf-8"))
    assert active(other) == []
    assert 'href="checkout-errors.html"' in other and 'href="../about.html"' in other


def test_a_team_s_own_navigation_template_is_rendered_for_every_page(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "nav.html").write_text(
        '<nav class="md-nav md-nav--primary">You are on {{ page.url }}</nav>', encoding="utf-8"
    )
    config = write_base(tmp_path, _base())
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
        encoding="utf-8",
    )
    site = build_site(config, site_dir=tmp_path / "site").site_dir
    assert "You are on runbooks/checkout-errors/" in _page(site, "runbooks/checkout-errors")
    assert "You are on runbooks/db-slow/" in _page(site, "runbooks/db-slow")
