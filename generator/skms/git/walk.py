"""One pass over a repository's `git log`: the commits that name records, the newest commits,
and each content file's dates and authors, renames followed."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..config import SkmsConfig
from .history import RECENT, FileState
from .log import (
    Commit,
    MessageScanner,
    decode,
    decode_path,
    parse_commit,
)


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


class LogPass:
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
        self.files: dict[bytes, list[Any]] = {}
        self.alias: dict[bytes, bytes] = {}
        self.cut: set[bytes] = set()
        self.closed: set[bytes] = set()  # files whose creation has been seen
        self.count = 0
        # sha -> parents of every commit read, in the walk's (topological) order: what a
        # linked merge brings is found in it once the walk is over. Bytes, never decoded.
        self.parents: dict[bytes, bytes] = {}
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
        parents = self.parents
        for record in records:
            parts = record.split(b"\0", 7)
            if len(parts) < 8:
                continue
            count += 1
            parents[parts[0]] = parts[1]
            if count <= RECENT or may_reference(parts[6]):
                commit = parse_commit(parts, scanner)
                if count <= RECENT:
                    recent.append(commit)
                if commit.ids or commit.reverts:
                    linked[commit.sha] = commit
            if track and len(parts[7]) > 2:
                if touches is not None and not self._outside and touches(parts[7]) is None:
                    continue
                author = names.get(parts[2])
                if author is None:
                    author = names[parts[2]] = decode(parts[2])
                self._files(parts, author)
        self.count = count

    def finish(self) -> None:
        """Once the walk is over: each linked merge learns which linked commits it brings
        (reachable from its other parents, not from its first), and those commits its
        pull request when they have none, so a merge is not counted twice with them."""
        merges = [c for c in self.linked.values() if c.merge and c.ids]
        if merges:
            order = {sha: i for i, sha in enumerate(self.parents)}
            for merge in merges:
                brought = _brought(merge.sha.encode("ascii"), self.parents, order)
                inside = [self.linked[s] for s in brought if s in self.linked]
                merge.brings = tuple(c.sha for c in inside)
                if merge.pull_request is not None:
                    for commit in inside:
                        if commit.pull_request is None:
                            commit.pull_request = merge.pull_request
        self.parents = {}

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
                old, path = b"", fields[i + 1]  # no old name: only renames and copies read it
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


def _brought(
    merge: bytes, parents: dict[bytes, bytes], order: dict[bytes, int], limit: int = 20000
) -> list[str]:
    """Commits reachable from a merge's second and later parents but not from its first.

    Painted newest first in the walk's topological order (children before parents), as
    `git merge-base` does: a commit reached only from the merged side is brought by the
    merge; the walk stops when every commit still queued is reachable from the first parent.
    Commits outside the walk (older than a cached HEAD) end the painting there.
    """

    own = parents.get(merge, b"").split()
    if len(own) < 2:
        return []
    base, side = 1, 2
    flags: dict[bytes, int] = {}
    heap: list[tuple[int, bytes]] = []

    def push(sha: bytes, flag: int) -> None:
        if sha not in order:
            return
        old = flags.get(sha, 0)
        if old | flag != old:
            if old == 0:
                heapq.heappush(heap, (order[sha], sha))
            flags[sha] = old | flag

    push(own[0], base)
    for p in own[1:]:
        push(p, side)
    out: list[str] = []
    steps = 0
    while heap and steps < limit:
        if all(flags[s] & base for _, s in heap):
            break
        steps += 1
        _, sha = heapq.heappop(heap)
        flag = flags[sha]
        if flag == side:
            out.append(sha.decode("ascii"))
        for p in parents.get(sha, b"").split():
            push(p, flag)
    return out
