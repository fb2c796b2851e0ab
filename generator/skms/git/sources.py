"""Which repositories to scan: the knowledge base's own, the configured ones, and those that
service records list; each with its name and web address."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import git

from ..config import SkmsConfig
from ..diagnostics import Diagnostics
from ..model import Record

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
                config.site.config_file,
                f"repos[{i}] {repo.name}: path {repo.path} not found",
                hint="check the repository out beside the knowledge base in CI, or correct the path",
            )
            continue
        add(RepoSource(repo.name, path, clean_url(repo.url)), config.site.config_file, None)
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
