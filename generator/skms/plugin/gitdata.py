"""Where git history plugs into the site (issue 5 fills these in; nothing here reads git).

The site is built so that git data is *data only*: every template already has a place for it
and renders nothing while it is missing.

- `load_git(kb)` returns the scan result for a build (`skms.changes.GitInfo`), or None.
- `GitData.for_record(record)` gives one record's `RecordGit` (or None); record templates
  receive it as the context key `git` and show it in these blocks:
    record/base.html     `git_dates`   created / updated dates and authors (`git.created`,
                                       `git.updated`, `git.authors`)
    record/problem.html  `fixed_by`    commits that fixed the problem (`git.fixed_by`)
    record/review.html   `caused_by`   details of the changes that caused it (`git.caused_by`)
    record/runbook.html  `stale`       a stale-runbook flag (`git.stale`, `git.review_due`)
    record/service.html  `recent_changes`  recent commits of its repositories (`git.changes`)
- `GitData.changes()` lists commits that reference records, newest first (each with
  `short`, `subject`, `author`, `date`, `url` and `records`, the ids it names); when it is not
  None the plugin generates `/changes/` from `views/changes.html`, and the runbook catalog
  lists `GitData.stale_runbooks()` in its `stale_runbooks` block (`stale` context key).
- `GitData.updated(record)` is the page's last-modified date (sitemap `lastmod`); until then
  the plugin uses the latest date written in the record's front matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from ..knowledge_base import KnowledgeBase
from ..loader import Record


class RecordGit(Protocol):
    """What a record page shows from git. Attributes templates read (all optional)."""

    created: datetime | None
    updated: datetime | None
    authors: Sequence[str]
    fixed_by: Sequence[Any]  # commits: sha, short, subject, author, date, repo, url, pull
    caused_by: Sequence[Any]
    stale: bool
    review_due: date | None
    changes: Sequence[Any]


class GitData(Protocol):
    def for_record(self, record: Record) -> RecordGit | None: ...

    def changes(self) -> Sequence[Any]: ...

    def updated(self, record: Record) -> date | None: ...

    def stale_runbooks(self) -> Sequence[Any]: ...  # items with `.id` (and `.due`)


def load_git(kb: KnowledgeBase) -> GitData | None:
    """The git history of a build's repositories, narrowed to its audience (`skms.changes`).

    None when the scan was skipped; a base outside any git repository still has one, with no
    commits, so stale runbooks are listed from `last_reviewed` alone.
    """
    return kb.git
