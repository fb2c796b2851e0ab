"""Scanning repositories: one streamed `git log` per repository, cached by HEAD.

What a scan keeps is small on purpose: the commits whose messages name records, the few
newest commits (a service page lists them), and for files under the content folders their
created and updated dates and authors. A warm run loads that from the cache; when HEAD has
moved forward only `old..new` is read from git, and when it has moved sideways (a force
push) the whole history is read again.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import git

from ..config import SkmsConfig
from ..diagnostics import Diagnostics
from ..model import Record
from . import cache as gitcache
from .history import RECENT, FileState, RepoHistory
from .log import (
    Commit,
    MessageScanner,
    decode,
    decode_path,
    iter_records,
    log_process,
    parse_commit,
    parse_trailers,
    pull_request_number,
    split_message,
)

CONFIG_FILE = "mkdocs.yml"  # where diagnostics about configured repositories point
SHALLOW_HINT = "fetch full history in CI (actions/checkout with fetch-depth: 0)"


@dataclass
class RepoSource:
    """A repository to scan and who asked for it."""

    name: str
    path: Path
    url: str | None
    services: list[str] = field(default_factory=list)  # service ids listing it under `repos`
    own: bool = False  # the repository holding the knowledge base itself


# --- which repositories --------------------------------------------------------------------


def repository_sources(
    config: SkmsConfig, records: Iterable[Record], diags: Diagnostics
) -> list[RepoSource]:
    """The knowledge base's own repository, `config.repos`, and each service's `repos`.

    Paths are relative to the config folder. Declared paths must be repository roots, so a
    plain folder inside the knowledge base is not mistaken for the knowledge base's repo.
    """
    root = Path(config.root).resolve()
    sources: dict[Path, RepoSource] = {}

    def add(source: RepoSource, where: str, line: int | None) -> None:
        top = _toplevel(source.path)
        if top is None:
            diags.add(
                "SKMS407",
                where,
                f"repository {source.name}: {_show(source.path, root)} is not a git repository",
                line=line,
                hint="point `path` at the root of a checkout (the folder that holds .git)",
            )
            return
        known = sources.get(top)
        if known is None:
            source.path = top
            sources[top] = source
            return
        known.services.extend(s for s in source.services if s not in known.services)
        if known.own and not source.own:
            # A declaration of the knowledge base's own repository names it better than we can.
            known.name, known.url = source.name, source.url or known.url

    if config.scan_own_repo:
        top = _own_toplevel(root)
        if top is not None:
            name, url = _origin(top)
            sources[top] = RepoSource(name, top, url, own=True)
    for i, repo in enumerate(config.repos):
        path = (root / repo.path).resolve()
        if not path.exists():
            diags.add(
                "SKMS401",
                CONFIG_FILE,
                f"repos[{i}] {repo.name}: path {repo.path} not found",
                hint="check the repository out beside the knowledge base in CI, or correct the path",
            )
            continue
        add(RepoSource(repo.name, path, clean_url(repo.url)), CONFIG_FILE, None)
    for record in records:
        if record.kind != "service":
            continue
        for i, repo in enumerate(getattr(record.meta, "repos", ()) or ()):
            if not repo.path:
                continue  # a url alone names the repository for links; nothing to scan
            line = record.line_of("repos", i, "path") or record.line_of("repos", i)
            path = (root / repo.path).resolve()
            if not path.exists():
                diags.add(
                    "SKMS401",
                    record.path,
                    f"repository {repo.name}: path {repo.path} not found",
                    line=line,
                    hint="check the repository out beside the knowledge base in CI, or correct the path",
                )
                continue
            add(
                RepoSource(repo.name, path, clean_url(repo.url), services=[record.id]),
                record.path,
                line,
            )
    return list(sources.values())


def _toplevel(path: Path) -> Path | None:
    try:
        repo = git.Repo(path)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    try:
        return Path(repo.working_tree_dir or repo.git_dir).resolve()
    finally:
        repo.close()


def _own_toplevel(root: Path) -> Path | None:
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    try:
        return Path(repo.working_tree_dir).resolve() if repo.working_tree_dir else None
    finally:
        repo.close()


_SCP_URL = re.compile(r"^(?:[\w.-]+@)?([\w.-]+):(?!/)(.+)$")


def clean_url(url: str | None) -> str | None:
    """A web url for links: trailing slashes and `.git` removed, ssh remotes turned to https."""
    if not url:
        return None
    url = url.strip()
    m = _SCP_URL.match(url)
    if m and "://" not in url:
        url = f"https://{m.group(1)}/{m.group(2)}"
    elif url.startswith("ssh://"):
        url = "https://" + url[len("ssh://") :].split("@", 1)[-1]
    url = url.rstrip("/")
    if url.endswith(".git"):
        url = url[:-4]
    return url if url.startswith(("http://", "https://")) else None


def _origin(top: Path) -> tuple[str, str | None]:
    """A name and web url for the knowledge base's repository, from its `origin` remote."""
    try:
        repo = git.Repo(top)
        try:
            remote = (
                repo.remotes["origin"].url if "origin" in [r.name for r in repo.remotes] else None
            )
        finally:
            repo.close()
    except (git.GitError, ValueError, IndexError):
        remote = None
    url = clean_url(remote)
    if url:
        name = "/".join(url.split("/")[-2:])
        return name, url
    return top.name, None


def _show(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)


def content_prefixes(config: SkmsConfig, top: Path) -> tuple[str, ...]:
    """The content folders that lie inside a repository, relative to its top, as "folder/"."""
    out = []
    for folder, _kind in config.content_paths():
        try:
            rel = Path(folder).resolve().relative_to(top).as_posix()
        except ValueError:
            continue
        out.append("" if rel == "." else rel.rstrip("/") + "/")
    if "" in out:
        return ("",)
    return tuple(sorted(set(out)))


# --- one pass over a history ----------------------------------------------------------------


class _Pass:
    """The state of one newest-first walk: kept commits, and file histories followed by rename.

    `alias` maps an older name to the file's name at HEAD once its rename has been seen;
    `cut` holds names whose older history belongs to no file at HEAD (seen deleted, or seen
    created: what came before is an earlier file of the same name).
    """

    def __init__(
        self, scanner: MessageScanner, prefixes: tuple[str, ...], known: Iterable[str] = ()
    ) -> None:
        self.scanner = scanner
        self.prefixes = tuple(p.encode() for p in prefixes)
        self.track = bool(prefixes)
        self.known = {p.encode("utf-8", "surrogateescape") for p in known}
        self.linked: dict[str, Commit] = {}
        self.recent: list[Commit] = []
        # path at HEAD -> [created, sha, updated, sha, {author: None}]
        self.files: dict[bytes, list] = {}
        self.alias: dict[bytes, bytes] = {}
        self.cut: set[bytes] = set()
        self.closed: set[bytes] = set()  # files whose creation has been seen
        self.count = 0
        # Most commits touch no content file: one regex over their file list says so, unless
        # some followed name lies outside the content folders (then every entry is looked at).
        self._touches = None
        if self.prefixes and self.prefixes != (b"",):
            needles = b"|".join(re.escape(p) for p in self.prefixes)
            self._touches = re.compile(rb"\0(?:" + needles + rb")").search
        self._outside = any(not p.startswith(self.prefixes) for p in self.known)

    def feed(self, records: Iterable[bytes]) -> None:
        scanner, linked, recent = self.scanner, self.linked, self.recent
        may_reference = scanner.may_reference
        track, touches = self.track, self._touches
        names: dict[bytes, str] = {}
        count = self.count
        for record in records:
            parts = record.split(b"\0", 7)
            if len(parts) < 8:
                continue
            count += 1
            if count <= RECENT or may_reference(parts[6]):
                commit = parse_commit(parts, scanner)
                if count <= RECENT:
                    recent.append(commit)
                if commit.ids:
                    linked[commit.sha] = commit
            if track and len(parts[7]) > 2:
                if touches is not None and not self._outside and touches(parts[7]) is None:
                    continue
                author = names.get(parts[2])
                if author is None:
                    author = names[parts[2]] = decode(parts[2])
                self._files(parts, author)
        self.count = count

    def _files(self, parts: list[bytes], author: str) -> None:
        prefixes, alias, cut, closed, known = (
            self.prefixes,
            self.alias,
            self.cut,
            self.closed,
            self.known,
        )
        fields = parts[7].lstrip(b"\0\n").split(b"\0")
        n = len(fields) - 1
        i = 0
        sha = date = None
        while i < n:
            status = fields[i][:1]
            if status == b"R" or status == b"C":
                if i + 2 > n:
                    break
                old, path = fields[i + 1], fields[i + 2]
                i += 3
            else:
                old, path = None, fields[i + 1]
                i += 2
            if path in cut:
                if status == b"R":
                    cut.add(old)
                    alias.pop(old, None)
                continue
            current = alias.get(path, path)
            if not (
                path.startswith(prefixes)
                or current is not path
                or path in known
                or (status == b"R" and (old.startswith(prefixes) or old in known))
            ):
                continue
            if current in closed:
                if status == b"R":
                    cut.add(old)
                continue
            if status == b"D":
                cut.add(path)
                alias.pop(path, None)
                continue
            if sha is None:
                sha, date = parts[0].decode("ascii"), parts[4].decode("ascii", "replace")
            state = self.files.get(current)
            if state is None:
                self.files[current] = [date, sha, date, sha, {author: None}]
            else:
                state[0], state[1] = date, sha
                authors = state[4]
                authors.pop(author, None)
                authors[author] = None
            if status == b"A" or status == b"C":
                cut.add(path)
                alias.pop(path, None)
                closed.add(current)
            elif status == b"R":
                alias[old] = current
                cut.discard(old)
                if not old.startswith(prefixes):
                    self._outside = True

    def file_states(self) -> dict[str, FileState]:
        return {
            decode_path(path): FileState(s[0], s[1], s[2], s[3], list(reversed(s[4])))
            for path, s in self.files.items()
        }

    def merge_into(self, cached: dict[str, FileState]) -> dict[str, FileState]:
        """Cached histories (as of the old HEAD) carried to the new HEAD's names, then extended."""
        new = self.file_states()
        out: dict[str, FileState] = {}
        for path, old in cached.items():
            raw = path.encode("utf-8", "surrogateescape")
            if raw in self.cut:
                continue  # deleted, or replaced by a new file of the same name, since the old HEAD
            current = self.alias.get(raw, raw)
            name = decode_path(current)
            recent = new.pop(name, None)
            if recent is None:
                out[name] = old
                continue
            authors = list(old.authors) + [a for a in recent.authors if a not in old.authors]
            out[name] = FileState(
                old.created, old.created_sha, recent.updated, recent.updated_sha, authors
            )
        out.update(new)
        return out


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


def _read_log(repo: git.Repo, rev: str, state: _Pass) -> None:
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
            and _is_ancestor(repo, cached.head, head)
        ):
            state = _Pass(scanner, prefixes, known=cached.files)
            _read_log(repo, f"{cached.head}..{head}", state)
            history.commits = {**state.linked, **cached.commits}
            history.recent = (state.recent + cached.recent)[:RECENT]
            history.files = state.merge_into(cached.files)
            history.total = cached.total + state.count
            history.scanned = state.count
            history.incremental = True
        else:
            state = _Pass(scanner, prefixes)
            _read_log(repo, head, state)
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
    prefixed = config.prefixed_kinds()
    return MessageScanner(
        [config.ids[kind] for kind in prefixed],
        config.ids.get("problem") if "problem" in prefixed else None,
        prefixed.values(),
    )


def scan_repositories(
    config: SkmsConfig, records: Iterable[Record], diags: Diagnostics, *, use_cache: bool = True
) -> list[RepoHistory]:
    """Scan every repository the knowledge base names; problems become diagnostics, never crashes."""
    records = list(records)
    scanner = message_scanner(config)
    histories = []
    for source in repository_sources(config, records, diags):
        where, line = _declared_at(source, records)
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


def _declared_at(source: RepoSource, records: list[Record]) -> tuple[str, int | None]:
    if source.services:
        for record in records:
            if record.kind == "service" and record.id == source.services[0]:
                for i, repo in enumerate(getattr(record.meta, "repos", ()) or ()):
                    if repo.name == source.name:
                        return record.path, record.line_of("repos", i)
                return record.path, record.line_of("repos")
    return CONFIG_FILE, None


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
        pull_request=pull_request_number(subject),
    )
