"""Changes and records: which commits fixed problems, caused incidents, touched files.

`scan_history` scans the repositories (see gitscan) and links their commits to the records;
the resulting `GitInfo` answers what pages show. It is built once over every record (its
diagnostics are about the whole base) and then viewed through an audience's graph with
`for_graph`, so a public site never lists a restricted record's id.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from .. import clock
from ..config import SkmsConfig
from ..diagnostics import Diagnostics
from ..graph import Graph
from ..kinds import SPECS
from ..model import ChangeRef, Record, parse_change_ref
from ..redaction import Redactor
from ..rules.runbooks import StaleRunbook, review_dates
from .history import RepoHistory
from .log import Commit
from .scan import lookup_commits, scan_repositories
from .sources import clean_url

HIDDEN = "[not shown]"  # stands in for the id of a record the audience may not see
# How a commit relates to a record, in the order a page lists them.
RELATION_ORDER = ("fix", "work", "mention", "revert")
RELATION_LABELS = {
    "fix": "Fixes",
    "work": "Related work",
    "mention": "Mentions",
    "revert": "Reverts",
}
CHANGE_FIELD = {k: s.change_field.field for k, s in SPECS.items() if s.change_field}


@dataclass(frozen=True)
class PullRequest:
    number: int
    url: str | None
    repo: str | None = None  # the repository's name, e.g. acme/payments

    @property
    def label(self) -> str:
        return f"{self.repo}#{self.number}" if self.repo else f"#{self.number}"


@dataclass(frozen=True)
class Change:
    """A commit (or a pull request) as a page shows it."""

    sha: str | None  # full sha; the declared text when the commit was not found; None for a bare PR
    subject: str
    author: str
    date: datetime | None  # author date, with its timezone
    repo: str | None  # repository name
    url: str | None  # link to the commit
    pull_request: PullRequest | None
    source: Literal[
        "discovered", "declared"
    ]  # found in a commit message, or listed in front matter
    records: tuple[str, ...] = ()  # ids of the (visible) records the commit message names
    record_relations: tuple[str, ...] = ()  # the commit's relation to each of `records`
    fixes: tuple[str, ...] = ()  # ids of the (visible) problems it fixes by its message
    found: bool = True  # False: declared, but no scanned repository has it
    committed: datetime | None = None  # commit date: the order of "newest first"
    relation: str = "mention"  # to the record asked about: fix, work, mention, revert
    merge: bool = False  # a merge commit
    reverts: str | None = None  # the full sha of the commit it reverts, when known
    reverted_by: str | None = None  # the full sha of the commit that reverted it
    ambiguous: bool = False  # declared as a short sha that several commits start with

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS.get(self.relation, self.relation)

    @property
    def short_sha(self) -> str:
        return (self.sha or "")[:7]

    @property
    def label(self) -> str:
        """What to show as the link text: the short sha, else the pull request."""
        if self.sha:
            return self.short_sha
        return self.pull_request.label if self.pull_request else ""


@dataclass(frozen=True)
class FileHistory:
    """A record file's dates and authors from git."""

    created: datetime | None
    updated: datetime | None
    authors: tuple[str, ...]  # unique, in order of their first commit to the file
    approximate: bool  # shallow clone: older history is missing, so dates may be too late
    repo: str | None = None
    created_sha: str | None = None
    updated_sha: str | None = None
    updated_url: str | None = None


@dataclass(frozen=True)
class RecordGit:
    """Everything git says about one record, in the shape record templates read."""

    created: datetime | None
    updated: datetime | None
    authors: tuple[str, ...]
    approximate: bool  # dates from a shallow clone
    fixed_by: tuple[Change, ...]  # problems: declared and discovered fixes
    caused_by: tuple[Change, ...]  # reviews: the declared changes, with commit details
    stale: bool  # runbooks: past their review date
    review_due: date | None  # runbooks: when the next review is (or was) due
    changes: tuple[Change, ...]  # services: recent commits of their repositories
    commits: tuple[tuple[str, tuple[Change, ...]], ...] = ()  # every commit naming it, grouped


@dataclass
class _Declared:
    """One `fixed_by` / `caused_by` entry resolved against the scanned repositories."""

    ref: ChangeRef
    where: tuple[Record, str, int]  # record, field, index: the line is looked up only if reported
    repo: RepoHistory | None = None
    commit: Commit | None = None
    found: bool = False
    ambiguous: bool = False  # a short sha several commits start with: none is picked
    candidates: tuple[str, ...] = ()  # their full shas, when known

    @property
    def line(self) -> int | None:
        record, name, index = self.where
        return record.line_of(name, index) or record.line_of(name)


class GitInfo:
    """Answers about changes for pages; built by `scan_history`, narrowed by `for_graph`."""

    def __init__(
        self,
        histories: list[RepoHistory],
        records: Iterable[Record],
        graph: Graph,
        config: SkmsConfig,
        *,
        today: date,
    ) -> None:
        self.repositories = tuple(histories)
        self.today = today
        self.config = config
        self._records = {r.id: r for r in graph.records.values()}
        self._all_ids = frozenset(r.id for r in records)
        self._visible: frozenset[str] = frozenset(self._records)
        self._redactor: Redactor = graph.redactor
        self._by_sha: dict[str, tuple[RepoHistory, Commit]] = {}
        for history in histories:
            for commit in [*history.commits.values(), *history.recent]:
                self._by_sha.setdefault(commit.sha, (history, commit))
        self._shas = sorted(self._by_sha)
        # record id -> [(sha, relation)], every commit whose message names the record, except
        # a merge whose brought commits name it too (they carry the link; the merge gave
        # them its pull request).
        self._links: dict[str, list[tuple[str, str]]] = {}
        self._reverted_by = self._reverts(histories)
        for history in histories:
            for commit in history.commits.values():
                brought = set(commit.brings)
                for rid, relation in zip(commit.ids, commit.relations, strict=False):
                    if rid not in self._records:
                        continue
                    if brought and any(
                        rid in self._by_sha[b][1].ids for b in brought if b in self._by_sha
                    ):
                        continue
                    self._links.setdefault(rid, []).append((commit.sha, relation))
        self._mentions: dict[str, list[str]] = {
            rid: [sha for sha, _ in links] for rid, links in self._links.items()
        }
        self._fixed: dict[str, list[str]] = {}  # problem id -> shas of fix commits in force
        self._resolving: dict[str, list[str]] = {}  # ... of fix or work commits in force
        for rid, links in self._links.items():
            if self._records[rid].kind != "problem":
                continue
            for sha, relation in links:
                if sha in self._reverted_by:
                    continue
                if relation == "fix":
                    self._fixed.setdefault(rid, []).append(sha)
                if relation in ("fix", "work"):
                    self._resolving.setdefault(rid, []).append(sha)
        self._repo_urls = _repository_urls(histories, records, config)
        self._declared = self._resolve_declared(graph, config)
        self._files = self._file_histories(records)
        self._review = review_dates(
            (r for r in self._records.values() if r.kind == "runbook"),
            self.updated,
            config.review_every,
            today,
        )
        self._stale = {k: v for k, v in self._review.items() if v.days_overdue > 0}

    # --- building ---------------------------------------------------------------------------

    def _reverts(self, histories: list[RepoHistory]) -> dict[str, str]:
        """Commit sha -> the sha of the revert that undid it, for reverts still in force (a
        revert that was itself reverted undoes nothing)."""
        reverted: dict[str, str] = {}
        for history in histories:
            for commit in history.commits.values():
                if commit.reverts:
                    hit = self._find(commit.reverts)
                    if hit is not None:
                        reverted.setdefault(hit[1].sha, commit.sha)
        in_force: dict[str, str] = {}

        def undone(sha: str, depth: int = 0) -> bool:
            by = reverted.get(sha)
            return by is not None and depth < 50 and not undone(by, depth + 1)

        for sha, by in reverted.items():
            if undone(sha):
                in_force[sha] = by
        return in_force

    def _find(self, sha: str) -> tuple[RepoHistory, Commit] | None:
        """The one kept commit `sha` names; None when none or several do."""
        matches = self._matching(sha)
        return self._by_sha[matches[0]] if len(matches) == 1 else None

    def _matching(self, sha: str) -> list[str]:
        """Full shas of the kept commits that `sha` (full or short) names."""
        sha = sha.lower()
        if sha in self._by_sha:
            return [sha]
        i = bisect.bisect_left(self._shas, sha)
        out = []
        while i < len(self._shas) and self._shas[i].startswith(sha):
            out.append(self._shas[i])
            i += 1
        return out

    def _resolve_declared(
        self, graph: Graph, config: SkmsConfig
    ) -> dict[str, dict[str, list[_Declared]]]:
        readiness = config.id_regex("readiness")
        out: dict[str, dict[str, list[_Declared]]] = {}
        missing: list[_Declared] = []
        for record in graph.records.values():
            name = CHANGE_FIELD.get(record.kind)
            values = getattr(record.meta, name, None) if name else None
            if name is None or not isinstance(values, list):
                continue  # another kind's field kept as an unknown key: SKMS207 already said so
            for i, text in enumerate(values):
                ref = parse_change_ref(str(text), readiness)
                if ref is None or ref.type == "readiness":
                    continue  # invalid refs are SKMS104; releases are links in the graph
                entry = _Declared(ref, (record, name, i))
                out.setdefault(record.id, {}).setdefault(name, []).append(entry)
                if ref.type == "commit":
                    matches = self._matching(ref.value)
                    if len(matches) == 1:
                        entry.repo, entry.commit = self._by_sha[matches[0]]
                        entry.found = True
                    elif matches:
                        entry.ambiguous, entry.candidates = True, tuple(matches)
                    else:
                        missing.append(entry)
                else:
                    self._resolve_pull(entry)
        if missing:
            for history in self.repositories:
                looked = lookup_commits(history, [e.ref.value for e in missing])
                for entry in missing:
                    if entry.ambiguous or entry.ref.value not in looked:
                        continue
                    commit = looked[entry.ref.value]
                    if commit is None:  # git itself says the short sha is ambiguous
                        entry.ambiguous, entry.repo = True, history
                    elif entry.commit is not None and entry.commit.sha != commit.sha:
                        # Two repositories each have a commit starting with it.
                        entry.ambiguous, entry.found = True, False
                        entry.candidates = (entry.commit.sha, commit.sha)
                        entry.repo = entry.commit = None
                    elif entry.commit is None:
                        entry.found, entry.repo, entry.commit = True, history, commit
            for entry in missing:
                if entry.commit is not None:
                    self._by_sha.setdefault(entry.commit.sha, (entry.repo, entry.commit))  # type: ignore[arg-type]
        return out

    def _resolve_pull(self, entry: _Declared) -> None:
        ref = entry.ref
        for history in self.repositories:
            if not _same_repo(history, ref.repo):
                continue
            entry.repo = history
            for commit in [*history.commits.values(), *history.recent]:
                if commit.pull_request == ref.number:
                    entry.commit, entry.found = commit, True
                    return
            return

    def _file_histories(self, records: Iterable[Record]) -> dict[str, FileHistory]:
        tops = sorted(
            (h for h in self.repositories if h.files), key=lambda h: len(str(h.top)), reverse=True
        )
        out: dict[str, FileHistory] = {}
        for record in records:
            for history in tops:
                rel = _relative(record, history)
                state = history.files.get(rel) if rel is not None else None
                if state is None:
                    continue
                out[record.path] = FileHistory(
                    created=_when(state.created),
                    updated=_when(state.updated),
                    authors=tuple(state.authors),
                    approximate=history.shallow,
                    repo=history.name,
                    created_sha=state.created_sha,
                    updated_sha=state.updated_sha,
                    updated_url=history.commit_url(state.updated_sha),
                )
                break
        return out

    # --- the audience view ------------------------------------------------------------------

    def for_graph(self, graph: Graph) -> GitInfo:
        """The same history, showing only what `graph`'s audience may see."""
        view = object.__new__(GitInfo)
        view.__dict__.update(self.__dict__)
        # An id two files share (SKMS103) is shown only when the audience sees the same file
        # this history was linked to: one twin's fixes never appear on the other's page.
        view._visible = frozenset(
            rid
            for rid, record in graph.records.items()
            if rid in self._records and self._records[rid].path == record.path
        )
        view._redactor = graph.redactor
        return view

    def _shown(self, record_id: str) -> bool:
        return record_id in self._visible

    def _hidden_re(self, commit: Commit) -> re.Pattern[str] | None:
        hidden = [i for i in commit.ids if i in self._all_ids and i not in self._visible]
        if not hidden:
            return None
        # Any case: a message may write a hidden OAK-12 as oak-12.
        return re.compile(
            "|".join(re.escape(i) for i in sorted(hidden, key=len, reverse=True)), re.IGNORECASE
        )

    def _change(
        self,
        history: RepoHistory | None,
        commit: Commit,
        source: str,
        found: bool = True,
        relation: str = "mention",
    ) -> Change:
        subject = commit.subject
        hidden = self._hidden_re(commit)
        if hidden is not None:
            subject = hidden.sub(HIDDEN, subject)
        # Lowercase ids, ids inside branch names (`Merge branch 'inc-7201-fix'`), slugs.
        subject = self._redactor.sub(subject, HIDDEN)
        pr = None
        if commit.pull_request is not None:
            pr = PullRequest(
                commit.pull_request,
                history.pull_url(commit.pull_request) if history else None,
                history.name if history else None,
            )
        return Change(
            sha=commit.sha,
            subject=subject,
            author=self._redactor.sub(commit.author, HIDDEN),
            date=_when(commit.authored),
            repo=history.name if history else None,
            url=history.commit_url(commit.sha) if history else None,
            pull_request=pr,
            source=source,  # type: ignore[arg-type]
            records=tuple(i for i in commit.ids if i in self._records and self._shown(i)),
            record_relations=tuple(
                r
                for i, r in zip(commit.ids, commit.relations, strict=False)
                if i in self._records and self._shown(i)
            ),
            fixes=tuple(i for i in commit.fixes if i in self._records and self._shown(i)),
            found=found,
            committed=_when(commit.committed),
            relation=relation,
            merge=commit.is_merge,
            reverts=self._reverted_sha(commit),
            reverted_by=self._reverted_by.get(commit.sha),
        )

    def _reverted_sha(self, commit: Commit) -> str | None:
        if not commit.reverts:
            return None
        hit = self._find(commit.reverts)
        return hit[1].sha if hit else None

    def _names_only_hidden(self, commit: Commit) -> bool:
        """The commit's message names records, and the audience may see none of them."""
        named = [i for i in commit.ids if i in self._all_ids]
        if any(self._shown(i) for i in named):
            return False
        message = f"{commit.subject}\n{commit.body}"
        return bool(named) or self._redactor.search(message) is not None

    def _declared_change(self, entry: _Declared) -> Change:
        ref, history = entry.ref, entry.repo
        if entry.commit is not None:
            change = self._change(history, entry.commit, "declared")
            if ref.type == "pull" and change.pull_request is None:
                change = replace(change, pull_request=self._pull(ref, history))
            return change
        pr = self._pull(ref, history) if ref.type == "pull" else None
        return Change(
            sha=ref.value if ref.type == "commit" else None,
            subject="",
            author="",
            date=None,
            repo=history.name if history else ref.repo,
            url=history.commit_url(ref.value)
            if history and ref.type == "commit" and entry.found
            else None,
            pull_request=pr,
            source="declared",
            found=entry.found,
            ambiguous=entry.ambiguous,
        )

    def _pull(self, ref: ChangeRef, history: RepoHistory | None) -> PullRequest:
        """A declared pull request, linked through its own url or its repository's."""
        number = ref.number or 0
        url = ref.url or (history.pull_url(number) if history else None)
        if url is None and ref.repo:
            base = self._repo_urls.get(ref.repo.lower())
            url = f"{base}/pull/{number}" if base else None
        return PullRequest(number, url, ref.repo)

    # --- what pages ask -----------------------------------------------------------------------

    @property
    def approximate(self) -> bool:
        """Some scanned repository is a shallow clone."""
        return any(h.shallow for h in self.repositories)

    def fixes(self, problem_id: str) -> list[Change]:
        """The changes that fixed a problem: its `fixed_by` refs merged with commits whose message fixes it."""
        if not self._shown(problem_id):
            return []
        declared = [
            self._declared_change(e) for e in self._declared.get(problem_id, {}).get("fixed_by", [])
        ]
        seen = {c.sha for c in declared if c.sha}
        discovered = [
            self._change(*self._by_sha[sha], "discovered", relation="fix")
            for sha in self._fixed.get(problem_id, [])
            if sha not in seen
        ]
        return _newest_first(_unique(declared) + discovered)

    def caused_by(self, review_id: str) -> list[Change]:
        """The commits and pull requests of a review's `caused_by`, with their details when found."""
        if not self._shown(review_id):
            return []
        return _unique(
            [
                self._declared_change(e)
                for e in self._declared.get(review_id, {}).get("caused_by", [])
            ]
        )

    def commits_for(self, record_id: str) -> list[Change]:
        """Every commit whose message names the record: fixes first, then related work,
        mentions and reverts, newest first within each; a reverted commit says so."""
        if not self._shown(record_id):
            return []
        changes = [
            self._change(*self._by_sha[sha], "discovered", relation=relation)
            for sha, relation in self._links.get(record_id, [])
        ]
        rank = {r: i for i, r in enumerate(RELATION_ORDER)}
        return sorted(_newest_first(changes), key=lambda c: rank.get(c.relation, len(rank)))

    def commit_groups(self, record_id: str) -> list[tuple[str, list[Change]]]:
        """`commits_for` grouped by relation, as a page lists them: (label, changes)."""
        groups: dict[str, list[Change]] = {}
        for change in self.commits_for(record_id):
            groups.setdefault(change.relation, []).append(change)
        return [(RELATION_LABELS.get(r, r), groups[r]) for r in RELATION_ORDER if r in groups]

    def recent_changes(self, service_id: str, n: int = 10) -> list[Change]:
        """The newest commits of a service's repositories (at most 50 are kept)."""
        if not self._shown(service_id):
            return []
        changes = [
            self._change(h, c, "discovered")
            for h in self.repositories
            if service_id in h.services
            for c in h.recent
            if not self._names_only_hidden(c)
        ]
        return _newest_first(_unique(changes))[:n]

    def changes(self) -> list[Change]:
        """Every commit that names a record the audience may see, newest first, each with those records."""
        out = []
        seen: set[str] = set()
        # A merge whose brought commits carry its links is not listed again.
        listed = {sha for rid, links in self._links.items() if self._shown(rid) for sha, _ in links}
        for history in self.repositories:
            for commit in history.commits.values():
                if commit.sha in seen or commit.sha not in listed:
                    continue
                seen.add(commit.sha)
                out.append(self._change(history, commit, "discovered"))
        return _newest_first(out)

    def file_dates(self, record: Record | str) -> FileHistory | None:
        """Created and updated dates and authors of a record's file; None when git has no history for it."""
        path = record if isinstance(record, str) else record.path
        return self._files.get(path)

    def stale_runbooks(self) -> list[StaleRunbook]:
        """Runbooks past their review date, most overdue first."""
        items = [s for s in self._stale.values() if self._shown(s.id)]
        return sorted(items, key=lambda s: (-s.days_overdue, s.id))

    def stale(self, runbook_id: str) -> StaleRunbook | None:
        """The runbook's overdue review, or None when it is not stale."""
        return self._stale.get(runbook_id) if self._shown(runbook_id) else None

    def review_due(self, runbook_id: str) -> date | None:
        due = self._review.get(runbook_id)
        return due.due if due and self._shown(runbook_id) else None

    def record(self, record_id: str) -> Record:
        """The record (of the graph this history was built over) with this id."""
        return self._records[record_id]

    def problems(self) -> list[Record]:
        """The problems of the graph, by id."""
        return [r for _, r in sorted(self._records.items()) if r.kind == "problem"]

    def message_fixes(self, problem_id: str) -> list[Commit]:
        """Commits whose message says they fix the problem (reverted fixes left out)."""
        return [self._by_sha[sha][1] for sha in self._fixed.get(problem_id, [])]

    def resolving_commits(self, problem_id: str) -> list[Commit]:
        """Commits that fixed the problem or were its work (a subject starting with its id),
        reverted ones left out: what tells that something resolved it."""
        return [self._by_sha[sha][1] for sha in self._resolving.get(problem_id, [])]

    def reverted_fixes(self, problem_id: str) -> list[tuple[Commit, Commit]]:
        """(fix, revert) for the problem's fixes a revert undid."""
        out = []
        for sha, relation in self._links.get(problem_id, []):
            by = self._reverted_by.get(sha)
            if relation == "fix" and by is not None and by in self._by_sha:
                out.append((self._by_sha[sha][1], self._by_sha[by][1]))
        return out

    def full_repositories(self) -> list[RepoHistory]:
        """Scanned repositories with their whole history (not shallow clones)."""
        return [h for h in self.repositories if h.head and not h.shallow]

    def missing_declared(self) -> list[tuple[Record, str, str, int | None]]:
        """Declared commits no scanned repository has: (record, field, sha, line)."""
        out = []
        for rid, fields in sorted(self._declared.items()):
            for name, entries in fields.items():
                for entry in entries:
                    if entry.ref.type == "commit" and not entry.found and not entry.ambiguous:
                        out.append((self._records[rid], name, entry.ref.value, entry.line))
        return out

    def ambiguous_declared(self) -> list[tuple[Record, str, str, int | None, tuple[str, ...]]]:
        """Declared short shas several commits start with: (record, field, sha, line, shas).

        `shas` are the full shas of those commits when known (git may only say "ambiguous").
        """
        out = []
        for rid, fields in sorted(self._declared.items()):
            for name, entries in fields.items():
                out += [
                    (self._records[rid], name, e.ref.value, e.line, e.candidates)
                    for e in entries
                    if e.ambiguous
                ]
        return out

    def updated(self, record: Record) -> date | None:
        """The date the record's file last changed in git (a sitemap's lastmod)."""
        history = self.file_dates(record)
        return history.updated.date() if history and history.updated else None

    def for_record(self, record: Record) -> RecordGit | None:
        """All of the above for one record page; None when the audience may not see it."""
        if not self._shown(record.id):
            return None
        history = self.file_dates(record)
        kind = record.kind
        return RecordGit(
            created=history.created if history else None,
            updated=history.updated if history else None,
            authors=history.authors if history else (),
            approximate=history.approximate if history else False,
            fixed_by=tuple(self.fixes(record.id)) if kind == "problem" else (),
            caused_by=tuple(self.caused_by(record.id)) if kind == "review" else (),
            stale=self.stale(record.id) is not None,
            review_due=self.review_due(record.id),
            changes=tuple(self.recent_changes(record.id)) if kind == "service" else (),
            commits=tuple((label, tuple(cs)) for label, cs in self.commit_groups(record.id)),
        )


def scan_history(
    config: SkmsConfig,
    records: list[Record],
    graph: Graph,
    diags: Diagnostics,
    *,
    today: date | None = None,
    use_cache: bool = True,
) -> GitInfo:
    """Scan the repositories and link their commits to records (`rules.git` checks the result).

    `graph` must be the full ("all") graph: diagnostics are about every record. Narrow the
    result for a site with `.for_graph(audience_graph)`.
    """
    histories = scan_repositories(config, records, diags, use_cache=use_cache)
    return GitInfo(histories, records, graph, config, today=clock.today(today))


# --- helpers ------------------------------------------------------------------------------------


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _relative(record: Record, history: RepoHistory) -> str | None:
    path = record.abs_path.absolute()
    for candidate in (path, path.resolve()):
        try:
            return candidate.relative_to(history.top).as_posix()
        except ValueError:
            continue
    return None


def _same_repo(history: RepoHistory, name: str | None) -> bool:
    if not name:
        return False
    name = name.lower().removesuffix(".git")
    return history.name.lower() == name or bool(
        history.url and history.url.lower().endswith("/" + name)
    )


def _repository_urls(
    histories: list[RepoHistory], records: Iterable[Record], config: SkmsConfig
) -> dict[str, str]:
    """Repository name -> web url, from every declaration: `owner/repo#12` needs no checkout."""
    urls: dict[str, str] = {}
    declared = [(r.name, r.url) for r in config.repos]
    for record in records:
        if record.kind == "service":
            declared += [(r.name, r.url) for r in getattr(record.meta, "repos", None) or ()]
    declared += [(h.name, h.url) for h in histories]
    for name, url in declared:
        url = clean_url(url)
        if name and url:
            urls.setdefault(name.lower(), url)
            urls.setdefault("/".join(url.lower().split("/")[-2:]), url)
    return urls


def _unique(changes: list[Change]) -> list[Change]:
    seen: set[tuple[str | None, int | None]] = set()
    out = []
    for change in changes:
        key = (
            change.sha,
            None if change.sha else (change.pull_request.number if change.pull_request else None),
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(change)
    return out


def _newest_first(changes: list[Change]) -> list[Change]:
    dated = [c for c in changes if c.committed or c.date]
    undated = [c for c in changes if not (c.committed or c.date)]
    dated.sort(key=lambda c: (c.committed or c.date).timestamp(), reverse=True)  # type: ignore[union-attr]
    return dated + undated


__all__ = [
    "Change",
    "FileHistory",
    "GitInfo",
    "PullRequest",
    "RecordGit",
    "StaleRunbook",
    "scan_history",
]
