"""Scanning repositories: one streamed `git log` per repository, cached by HEAD.

What a scan keeps is small on purpose: the commits whose messages name records, the few
newest commits (a service page lists them), and for files under the content folders their
created and updated dates and authors. A warm run loads that from the cache; when HEAD has
moved forward only `old..new` is read from git, and when it has moved sideways (a force
push) the whole history is read again.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import git

from ..config import SkmsConfig
from ..diagnostics import Diagnostics
from ..model import Record
from . import cache as gitcache
from .history import RECENT, RepoHistory
from .log import (
    Commit,
    Conventions,
    MessageScanner,
    decode,
    iter_records,
    log_process,
    parse_trailers,
    pull_request_number,
    reverted_sha,
    split_message,
)
from .sources import SHALLOW_HINT, RepoSource, repository_sources
from .walk import LogPass, content_prefixes

# --- scanning ------------------------------------------------------------------------------


class HistoryError(Exception):
    """Git could not read a repository's history."""


def _open(path: Path) -> git.Repo:
    """A repository whose git commands cannot be redirected by the caller's environment.

    Git hooks export GIT_DIR and GIT_WORK_TREE; inherited, they would make every command
    here read the hook's repository instead of the service repository asked for.
    """
    repo = git.Repo(path)
    env = {"GIT_DIR": repo.git_dir}
    if repo.working_tree_dir:
        env["GIT_WORK_TREE"] = str(repo.working_tree_dir)
    repo.git.update_environment(**env)
    return repo


def _git(repo: git.Repo, *args: str) -> str:
    return repo.git.execute(["git", *args])


def _head_and_shallow(repo: git.Repo) -> tuple[str | None, bool]:
    shallow = _git(repo, "rev-parse", "--is-shallow-repository").strip() == "true"
    try:
        head = _git(repo, "rev-parse", "--verify", "-q", "HEAD^{commit}").strip() or None
    except git.GitCommandError:
        head = None  # no commits yet
    return head, shallow


def _is_ancestor(repo: git.Repo, old: str, new: str) -> bool:
    try:
        _git(repo, "merge-base", "--is-ancestor", old, new)
        return True
    except git.GitCommandError:
        return False  # not an ancestor, or the old commit is gone (gc after a force push)


def _read_log(repo: git.Repo, rev: str, state: LogPass) -> None:
    proc = log_process(repo, rev, files=state.track)
    try:
        state.feed(iter_records(proc.stdout))
    finally:
        proc.stdout.close()
    try:
        proc.wait()
    except git.GitCommandError as exc:
        raise HistoryError(str(exc.stderr or exc).strip()) from None


def scan_repository(
    source: RepoSource, config: SkmsConfig, scanner: MessageScanner, *, use_cache: bool = True
) -> RepoHistory:
    """One repository's history: from the cache when HEAD is unchanged, else from git."""
    prefixes = content_prefixes(config, source.path)
    cache_file = gitcache.path_for(config, source.path, prefixes, scanner)
    try:
        repo = _open(source.path)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise HistoryError(f"not a git repository: {exc}") from None
    try:
        try:
            head, shallow = _head_and_shallow(repo)
        except git.GitCommandError as exc:
            raise HistoryError(str(exc.stderr or exc).strip()) from None
        history = RepoHistory(
            source.name,
            source.url,
            source.path,
            head,
            shallow,
            prefixes,
            services=list(source.services),
            own=source.own,
        )
        if head is None:
            return history
        cached = gitcache.load(cache_file, source.path, prefixes) if use_cache else None
        if cached is not None and cached.head == head and cached.shallow == shallow:
            _adopt(history, cached)
            return history
        if (
            cached is not None
            and cached.shallow == shallow
            and cached.head is not None
            and _is_ancestor(repo, cached.head, head)
        ):
            state = LogPass(scanner, prefixes, known=cached.files)
            _read_log(repo, f"{cached.head}..{head}", state)
            state.finish()
            history.commits = {**state.linked, **cached.commits}
            history.recent = (state.recent + cached.recent)[:RECENT]
            history.files = state.merge_into(cached.files)
            history.total = cached.total + state.count
            history.scanned = state.count
            history.incremental = True
        else:
            state = LogPass(scanner, prefixes)
            _read_log(repo, head, state)
            state.finish()
            history.commits = state.linked
            history.recent = state.recent
            history.files = state.file_states()
            history.total = history.scanned = state.count
        if use_cache:
            gitcache.save(cache_file, history)
        return history
    finally:
        repo.close()


def _adopt(history: RepoHistory, cached: RepoHistory) -> None:
    history.commits, history.recent, history.files = cached.commits, cached.recent, cached.files
    history.total = cached.total


def message_scanner(config: SkmsConfig) -> MessageScanner:
    """Ids of the kinds found in prose and of the trackers, read by the team's conventions."""
    c = config.commit_conventions
    return MessageScanner(
        config.bare_id_patterns(),
        Conventions(
            fix_words=tuple(c.fix_words),
            fix_word_after_id=c.fix_word_after_id,
            key_first=c.key_first,
            trailers=tuple(c.trailers.items()),
            patterns=tuple(c.patterns.items()),
        ),
    )


def scan_repositories(
    config: SkmsConfig, records: Iterable[Record], diags: Diagnostics, *, use_cache: bool = True
) -> list[RepoHistory]:
    """Scan every repository the knowledge base names; problems become diagnostics, never crashes."""
    records = list(records)
    scanner = message_scanner(config)
    histories = []
    for source in repository_sources(config, records, diags):
        where, line = _declared_at(source, records, config)
        try:
            history = scan_repository(source, config, scanner, use_cache=use_cache)
        except (HistoryError, git.GitError, OSError) as exc:
            diags.add(
                "SKMS407",
                where,
                f"git history of {source.name} cannot be read: {_first_line(str(exc))}",
                line=line,
                hint="run `git fsck` in that repository, or check it out again",
            )
            continue
        if history.shallow:
            diags.add(
                "SKMS402",
                where,
                f"{source.name} is a shallow clone: dates are approximate and older commits are missing",
                line=line,
                hint=SHALLOW_HINT,
            )
        histories.append(history)
    return histories


def _declared_at(
    source: RepoSource, records: list[Record], config: SkmsConfig
) -> tuple[str, int | None]:
    if source.services:
        for record in records:
            if record.kind == "service" and record.id == source.services[0]:
                for i, repo in enumerate(getattr(record.meta, "repos", ()) or ()):
                    if repo.name == source.name:
                        return record.path, record.line_of("repos", i)
                return record.path, record.line_of("repos")
    return config.site.config_file, None


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"


# --- commits named by sha -------------------------------------------------------------------


def lookup_commits(history: RepoHistory, shas: Iterable[str]) -> dict[str, Commit | None]:
    """Commits named in front matter (full or short shas) that the scan did not keep.

    One `git cat-file --batch` for all of them. Absent shas map to nothing; an ambiguous
    short sha maps to None (the repository has it, but which one is unclear).
    """
    wanted = [s for s in dict.fromkeys(shas) if s]
    if not wanted or history.head is None:
        return {}
    try:
        repo = _open(history.top)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return {}
    try:
        proc = repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
        out, _err = proc.communicate(("\n".join(wanted) + "\n").encode())
    except (git.GitError, OSError):
        return {}
    finally:
        repo.close()
    return _parse_batch(out, wanted)


def _parse_batch(out: bytes, wanted: list[str]) -> dict[str, Commit | None]:
    found: dict[str, Commit | None] = {}
    pos = 0
    for sha in wanted:
        end = out.find(b"\n", pos)
        if end == -1:
            break
        header = out[pos:end].split()
        pos = end + 1
        if len(header) >= 2 and header[1] == b"ambiguous":
            found[sha] = None
            continue
        if len(header) < 3:
            continue  # missing
        size = int(header[2])
        body = out[pos : pos + size]
        pos += size + 1
        if header[1] == b"commit":
            found[sha] = parse_raw_commit(header[0].decode("ascii"), body)
    return found


_IDENT = re.compile(rb"^(.*?) <(.*?)> (\d+) ([+-]\d{4})$")


def parse_raw_commit(sha: str, raw: bytes) -> Commit:
    """A commit object as `git cat-file` prints it (headers, blank line, message)."""
    head, _, message = raw.partition(b"\n\n")
    parents, idents, encoding = [], {}, "utf-8"
    for line in head.split(b"\n"):
        if line.startswith(b" "):
            continue  # continuation of a gpgsig or mergetag header
        key, _, value = line.partition(b" ")
        if key == b"parent":
            parents.append(value.decode("ascii"))
        elif key in (b"author", b"committer"):
            idents[key] = value
        elif key == b"encoding":
            encoding = value.decode("ascii", "replace")

    def ident(key: bytes) -> tuple[str, str, str]:
        m = _IDENT.match(idents.get(key, b""))
        if not m:
            return "", "", ""
        offset = int(m.group(4)[1:3]) * 60 + int(m.group(4)[3:5])
        tz = timezone(timedelta(minutes=-offset if m.group(4)[:1] == b"-" else offset))
        when = datetime.fromtimestamp(int(m.group(3)), tz).isoformat()
        return decode(m.group(1)), decode(m.group(2)), when

    try:
        text = message.decode(encoding, errors="replace")
    except LookupError:
        text = decode(message)
    subject, body = split_message(text)
    author, email, authored = ident(b"author")
    committed = ident(b"committer")[2]
    return Commit(
        sha,
        tuple(parents),
        author,
        email,
        authored,
        committed,
        subject,
        body,
        parse_trailers(body),
        pull_request=pull_request_number(subject, body),
        reverts=reverted_sha(subject, body),
        merge=len(parents) > 1,
    )
