"""A site built from a shallow clone says on each record page that its git dates are approximate."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from sitekit import article, build_site, page, small_base, write_base

NOTE = "Approximate: this site was built from a shallow git clone"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge base with two commits of history."""
    kb = tmp_path_factory.mktemp("shallow") / "origin"
    write_base(kb, small_base())
    repo = git.Repo.init(kb)
    ana = git.Actor("Ana Lima", "ana@example.com")
    repo.git.add(A=True)
    when = "2026-03-01T10:00:00 +0000"
    repo.index.commit("Add the base", author=ana, committer=ana, author_date=when, commit_date=when)
    problem = kb / "knowledge/problems/PRB-0001-pool.md"
    problem.write_text(problem.read_text() + "\nMore detail.\n")
    repo.git.add(A=True)
    when = "2026-03-06T10:00:00 +0000"
    repo.index.commit("Detail", author=ana, committer=ana, author_date=when, commit_date=when)
    repo.close()
    return kb


def test_record_pages_from_a_shallow_clone_say_their_dates_are_approximate(
    origin: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    git.Repo.clone_from(f"file://{origin}", clone, depth=1).close()
    site = build_site(clone / "mkdocs.yml", site_dir=tmp_path / "site").site_dir
    html = article(page(site, "problems/PRB-0001-pool"))
    assert NOTE in html
    created = html.index("<dt>Created</dt>")
    assert created < html.index(NOTE) < html.index("</dl>", created)


def test_record_pages_from_a_full_history_carry_no_approximate_note(
    origin: Path, tmp_path: Path
) -> None:
    site = build_site(origin / "mkdocs.yml", site_dir=tmp_path / "site").site_dir
    html = article(page(site, "problems/PRB-0001-pool"))
    assert "<dt>Created</dt>" in html
    assert NOTE not in html
