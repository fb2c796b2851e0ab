"""Git history on the site, from real repositories made in tmp_path: fixes, causes, dates."""

from __future__ import annotations

import re
from pathlib import Path

import git
import pytest

from sitekit import article, build_site, page, small_base, write_base

ANA = git.Actor("Ana Lima", "ana@example.com")
BEN = git.Actor("Ben Okoro", "ben@example.com")


def commit(repo: git.Repo, message: str, when: str, author: git.Actor = ANA) -> str:
    repo.git.add(A=True)
    return repo.index.commit(
        message, author=author, committer=author, author_date=when, commit_date=when
    ).hexsha


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gitsite")
    mp = pytest.MonkeyPatch()
    mp.setenv("SKMS_TODAY", "2026-03-10")
    try:
        # A service repository beside the knowledge base, as CI checks it out.
        service = git.Repo.init(root / "checkout")
        (root / "checkout" / "pool.py").write_text("POOL = None\n")
        cause = commit(service, "Raise pool timeout", "2026-03-03T18:00:00 +0000", BEN)
        (root / "checkout" / "pool.py").write_text("POOL = 20\n")
        commit(service, "Checkout 2.4 release (#57)", "2026-03-05T08:00:00 +0000", BEN)

        records = small_base()
        for i, (path, text) in enumerate(records):
            if path.startswith("reviews/"):
                text = text.replace(
                    "status: draft\n", f"status: draft\ncaused_by:\n- {cause[:10]}\n"
                )
            if path.startswith("knowledge/services/"):
                text = text.replace(
                    "tier: gold\n",
                    "tier: gold\nrepos:\n- name: acme/checkout\n  path: ../checkout\n"
                    "  url: https://github.com/acme/checkout\n",
                )
            if path.startswith("runbooks/"):
                text = text.replace(
                    "service: checkout\n", "service: checkout\nlast_reviewed: 2025-01-01\n"
                )
            records[i] = (path, text)
        kb = root / "kb"
        config = write_base(
            kb,
            records,
            options=":\n      repos:\n        - name: acme/knowledge\n          path: .\n"
            "          url: https://github.com/acme/knowledge",
            site_url="https://kb.example.com/",
        )
        repo = git.Repo.init(kb)
        commit(repo, "Add the knowledge base", "2026-03-04T12:00:00 +0000")
        problem = kb / "knowledge/problems/PRB-0001-pool.md"
        problem.write_text(problem.read_text() + "\nThe pool is now bounded.\n")
        fix = commit(
            repo,
            "Fix PRB-0001: bound the pool\n\nRefs: INC-0001",
            "2026-03-06T09:30:00 +0000",
            BEN,
        )
        site_dir = build_site(config, site_dir=kb / "site").site_dir
        (site_dir / ".fix").write_text(fix)
        return site_dir
    finally:
        mp.undo()


def test_problem_page_lists_the_commit_that_fixed_it(site: Path) -> None:
    fix = (site / ".fix").read_text()
    html = article(page(site, "problems/PRB-0001-pool"))
    facts = html.split("<dt>Fixed by</dt>")[1].split("</dd>")[0]
    assert "Fix PRB-0001: bound the pool" in re.sub(r"<[^>]+>", "", facts)
    assert re.search(r"<a href=\"[^\"]*\">PRB-0001</a>: bound the pool", facts)
    assert f'href="https://github.com/acme/knowledge/commit/{fix}"' in facts
    assert f"<code>{fix[:7]}</code>" in facts and "Ben Okoro" in facts


def test_review_page_shows_the_commit_that_caused_it(site: Path) -> None:
    html = article(page(site, "reviews/INC-0001-outage"))
    facts = html.split("<dt>Caused by</dt>")[1].split("</dd>")[0]
    assert "Raise pool timeout" in facts and "acme/checkout" in facts
    assert "2026-03-03 18:00 UTC" in facts


def test_record_page_shows_created_and_updated_dates_and_authors(site: Path) -> None:
    html = article(page(site, "problems/PRB-0001-pool"))
    assert "<dt>Created</dt><dd>2026-03-04 12:00 UTC</dd>" in html
    assert "<dt>Updated</dt><dd>2026-03-06 09:30 UTC</dd>" in html
    assert re.search(r"<dt>Edited by</dt><dd>Ana Lima, Ben Okoro</dd>", html)


def test_stale_runbook_is_flagged_on_its_page_and_in_the_catalog(site: Path) -> None:
    assert "skms-banner--stale" in article(page(site, "runbooks/checkout-errors"))
    catalog = article(page(site, "runbooks"))
    assert "Runbooks due for review" in catalog and "due 2025-06-30" in catalog


def test_service_page_lists_recent_changes_of_its_repository(site: Path) -> None:
    html = article(page(site, "services/checkout"))
    assert "Checkout 2.4 release" in html
    assert 'href="https://github.com/acme/checkout/pull/57"' in html


def test_changes_page_lists_commits_with_the_records_they_name(site: Path) -> None:
    html = article(page(site, "changes"))
    assert "bound the pool" in html
    assert "../problems/PRB-0001-pool/" in html and "../reviews/INC-0001-outage/" in html


def test_sitemap_dates_come_from_git(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"problems/PRB-0001-pool/</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap)
    assert entry and entry.group(1) == "2026-03-06"
