"""The history cache: one JSON file per repository in `<root>/<cache_dir>/`, keyed by HEAD.

It holds only what pages need (commits naming records, the newest commits, file dates),
so a warm run loads quickly however long the history. Deleting it is always
safe; a file that cannot be read, or was written by another version, is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..config import SkmsConfig
from .history import FileState, RepoHistory
from .log import Commit, MessageScanner

VERSION = 3


def path_for(
    config: SkmsConfig, top: Path, prefixes: tuple[str, ...], scanner: MessageScanner
) -> Path:
    """The cache file of a repository; what the kept data depends on is part of its name."""
    key = "\0".join([str(VERSION), str(top), *prefixes, scanner.signature])
    digest = hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(config.root) / config.cache_dir / f"git-{top.name}-{digest}.json"


def _commit_row(c: Commit) -> list[Any]:
    # Only what pages show: no body, trailers or parents, which a warm run would load for nothing.
    return [
        c.sha,
        c.author,
        c.email,
        c.authored,
        c.committed,
        c.subject,
        c.ids,
        c.relations,
        c.pull_request,
        c.reverts,
        c.merge,
        c.brings,
    ]


def _commit(row: list[Any]) -> Commit:
    sha, author, email, authored, committed, subject, ids, relations, pr = row[:9]
    reverts, merge, brings = row[9:12]
    return Commit(
        sha,
        (),
        author,
        email,
        authored,
        committed,
        subject,
        "",
        (),
        tuple(ids),
        tuple(relations),
        pr,
        reverts=reverts,
        merge=bool(merge),
        brings=tuple(brings),
    )


def save(path: Path, history: RepoHistory) -> None:
    """Write atomically; a cache that cannot be written only costs the next run time."""
    data = {
        "version": VERSION,
        "repo": str(history.top),
        "prefixes": list(history.prefixes),
        "head": history.head,
        "shallow": history.shallow,
        "total": history.total,
        "commits": [_commit_row(c) for c in history.commits.values()],
        "recent": [_commit_row(c) for c in history.recent],
        "files": {
            p: [s.created, s.created_sha, s.updated, s.updated_sha, s.authors]
            for p, s in history.files.items()
        },
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _ignore_itself(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
        # dumps, not dump: only the one-shot encoder runs in C.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # surrogateescape: a file name that is not UTF-8 comes from git as lone surrogates;
        # they go back to the file as the original bytes and return the same way.
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, NameError):
            pass


def _ignore_itself(folder: Path) -> None:
    """A `.gitignore` of `*` inside the cache, as pytest does: git never shows it as untracked."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Written by skms: the history cache is never committed.\n*\n")


def load(path: Path, top: Path, prefixes: tuple[str, ...]) -> RepoHistory | None:
    """The cached history, or None when there is none usable."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            data = json.loads(f.read())
        if (
            data.get("version") != VERSION
            or data.get("repo") != str(top)
            or tuple(data.get("prefixes", ())) != prefixes
            or not isinstance(data.get("head"), str)
        ):
            return None
        history = RepoHistory("", None, top, data["head"], bool(data["shallow"]), prefixes)
        history.total = int(data["total"])
        commits = [_commit(row) for row in data["commits"]]
        history.commits = {c.sha: c for c in commits}
        history.recent = [_commit(row) for row in data["recent"]]
        history.files = {p: _file_state(row) for p, row in data["files"].items()}
        return history
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def _file_state(row: list[Any]) -> FileState:
    return FileState(row[0], row[1], row[2], row[3], list(row[4]))
