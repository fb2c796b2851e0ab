"""What one repository's history says about the knowledge base: the data a scan keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .log import Commit

RECENT = 50  # newest commits kept per repository, for a service's "recent changes"


@dataclass
class FileState:
    """A file's history as of HEAD; dates are git's strict ISO 8601 strings."""

    created: str
    created_sha: str
    updated: str
    updated_sha: str
    authors: list[str]  # unique, in order of their first commit to the file


@dataclass
class RepoHistory:
    """What one repository's history says about the knowledge base."""

    name: str
    url: str | None
    top: Path
    head: str | None  # None for a repository without commits
    shallow: bool
    prefixes: tuple[str, ...]  # content folders inside this repository, as "folder/"
    commits: dict[str, Commit] = field(
        default_factory=dict
    )  # sha -> commit naming ids, newest first
    recent: list[Commit] = field(default_factory=list)  # newest first, at most RECENT
    files: dict[str, FileState] = field(default_factory=dict)  # path from `top` -> history
    total: int = 0  # commits in the history of HEAD
    scanned: int = 0  # commits read from git in this run: 0 on a cache hit
    incremental: bool = False  # this run read only the commits since the cached HEAD
    services: list[str] = field(default_factory=list)
    own: bool = False

    def commit_url(self, sha: str) -> str | None:
        return f"{self.url}/commit/{sha}" if self.url else None

    def pull_url(self, number: int) -> str | None:
        return f"{self.url}/pull/{number}" if self.url else None
