"""The places git history fills in (see skms/plugin/gitdata.py), fed by a stand-in GitData."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

import skms.plugin.plugin as plugin_module
from sitekit import article, build, page, small_base

WHEN = datetime(2026, 3, 6, 9, 30, tzinfo=timezone.utc)


@dataclass
class FakeChange:
    """The shape of `skms.changes.Change` that templates read."""

    short: str
    subject: str
    author: str = "Ana Lima"
    date: datetime = WHEN
    repo: str | None = "acme/checkout"
    url: str | None = "https://github.com/acme/checkout/commit/abc1234"
    records: tuple[str, ...] = ()
    pull_request: None = None
    found: bool = True

    @property
    def sha(self) -> str:
        return self.short + "0" * (40 - len(self.short))

    @property
    def short_sha(self) -> str:
        return self.short


@dataclass
class FakeRecordGit:
    created: datetime | None = WHEN
    updated: datetime | None = WHEN
    authors: tuple[str, ...] = ("Ana Lima",)
    fixed_by: tuple[FakeChange, ...] = ()
    caused_by: tuple[FakeChange, ...] = ()
    stale: bool = False
    review_due: date | None = None
    changes: tuple[FakeChange, ...] = ()


@dataclass
class FakeStale:
    id: str
    due: date


@dataclass
class FakeGit:
    fix: FakeChange = field(
        default_factory=lambda: FakeChange("abc1234", "Fix PRB-0001: bound the pool")
    )

    def for_record(self, record):  # noqa: ANN001, ANN201
        if record.kind == "problem":
            return FakeRecordGit(fixed_by=(self.fix,))
        if record.kind == "review":
            return FakeRecordGit(caused_by=(FakeChange("def5678", "Raise pool timeout"),))
        if record.kind == "runbook":
            return FakeRecordGit(stale=True, review_due=date(2026, 3, 1))
        if record.kind == "service":
            return FakeRecordGit(changes=(FakeChange("0a1b2c3", "Checkout 2.4 release"),))
        return FakeRecordGit()

    def changes(self):  # noqa: ANN201
        return [FakeChange("abc1234", "Fix PRB-0001: bound the pool", records=("PRB-0001",))]

    def updated(self, record):  # noqa: ANN001, ANN201
        return date(2026, 3, 6)

    def stale_runbooks(self):  # noqa: ANN201
        return [FakeStale("checkout-errors", date(2026, 3, 1))]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    patch = pytest.MonkeyPatch()
    patch.setattr(plugin_module, "load_git", lambda kb: FakeGit())
    try:
        return build(
            tmp_path_factory.mktemp("git"), small_base(), site_url="https://kb.example.com/"
        )
    finally:
        patch.undo()


def test_problem_page_lists_the_commit_that_fixed_it(site: Path) -> None:
    html = article(page(site, "problems/PRB-0001-pool"))
    assert "<dt>Fixed by</dt>" in html and "Fix PRB-0001: bound the pool" in html
    assert 'href="https://github.com/acme/checkout/commit/abc1234"' in html


def test_review_page_shows_the_commit_that_caused_it(site: Path) -> None:
    html = article(page(site, "reviews/INC-0001-outage"))
    assert "<dt>Caused by</dt>" in html and "Raise pool timeout" in html


def test_record_page_shows_created_and_updated_dates_and_authors(site: Path) -> None:
    html = article(page(site, "reviews/INC-0001-outage"))
    assert "<dt>Updated</dt><dd>2026-03-06 09:30 UTC</dd>" in html
    assert "<dt>Edited by</dt><dd>Ana Lima</dd>" in html


def test_stale_runbook_is_flagged_on_its_page_and_in_the_catalog(site: Path) -> None:
    assert "skms-banner--stale" in article(page(site, "runbooks/checkout-errors"))
    catalog = article(page(site, "runbooks"))
    assert "Runbooks due for review" in catalog and "due 2026-03-01" in catalog


def test_service_page_lists_recent_changes(site: Path) -> None:
    assert "Checkout 2.4 release" in article(page(site, "services/checkout"))


def test_changes_page_lists_commits_with_their_records(site: Path) -> None:
    html = article(page(site, "changes"))
    assert "bound the pool" in html and "../problems/PRB-0001-pool/" in html


def test_sitemap_dates_come_from_git_when_it_is_there(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"problems/PRB-0001-pool/</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap)
    assert entry and entry.group(1) == "2026-03-06"
