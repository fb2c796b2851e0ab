"""The files a pull request touched: committed since the merge base, or not committed yet."""

from __future__ import annotations

import os
from pathlib import Path

import git


def changed_files(root: Path, ref: str) -> set[str]:
    """Paths relative to `root` changed since `ref`, committed or not, untracked included;
    files beside `root` as `../name`."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ValueError(
            f"--changed-since needs a git repository; {root.name or root} is not in one"
        ) from None
    try:
        base = repo.git.merge_base(ref, "HEAD")
    except git.GitCommandError:
        raise ValueError(
            f"--changed-since: unknown git ref {ref!r} (fetch it first, e.g. fetch-depth: 0)"
        ) from None
    top = Path(repo.working_tree_dir or repo.git_dir).resolve()
    names = repo.git.diff("--name-only", "-z", base).split("\0")
    names += repo.git.ls_files("--others", "--exclude-standard", "-z").split("\0")
    # Relative the way records' paths are: content folders may lie beside the config folder
    # (`../shared/reviews`), so paths outside it are kept as `../...`.
    base = root.resolve()
    return {Path(os.path.relpath(top / name, base)).as_posix() for name in filter(None, names)}
