"""Real git repositories for tests, with fixed authors and dates so runs are deterministic."""

from __future__ import annotations

import os
from pathlib import Path

import git

ANN = ("Ann Example", "ann@example.com")


class TestRepo:
    """A git repository in a folder; `commit` writes files and commits them at a given time."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.repo = git.Repo.init(path, initial_branch="main")
        with self.repo.config_writer() as cfg:
            cfg.set_value("user", "name", ANN[0])
            cfg.set_value("user", "email", ANN[1])
            cfg.set_value("commit", "gpgsign", "false")
        self._tick = 0

    def env(self, author: tuple[str, str], date: str | None) -> dict[str, str]:
        if date is None:
            self._tick += 1
            date = f"2026-01-01T00:{self._tick // 60:02d}:{self._tick % 60:02d}+00:00"
        return {
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": author[0],
            "GIT_COMMITTER_EMAIL": author[1],
            "GIT_COMMITTER_DATE": date,
        }

    def write(self, rel: str, text: str) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(
        self,
        message: str,
        files: dict[str, str | None] | None = None,
        *,
        author: tuple[str, str] = ANN,
        date: str | None = None,
    ) -> str:
        """Write (or, for None, delete) files, then commit everything; returns the sha."""
        for rel, text in (files or {}).items():
            if text is None:
                self.repo.git.rm("-q", rel)
            else:
                self.write(rel, text)
                self.repo.git.add(rel)
        with self.repo.git.custom_environment(**self.env(author, date)):
            self.repo.git.commit("-q", "--allow-empty", "-m", message)
        return self.head()

    def move(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.repo.git.mv(old, new)

    def merge(self, branch: str, message: str, *, date: str | None = None) -> str:
        with self.repo.git.custom_environment(**self.env(ANN, date)):
            self.repo.git.merge("-q", "--no-ff", "-m", message, branch)
        return self.head()

    def raw_commit(self, message: bytes, *, parent: str | None = None) -> str:
        """A commit whose message is arbitrary bytes (e.g. not UTF-8), made on top of HEAD."""
        parent = parent or self.head()
        tree = self.repo.git.rev_parse(f"{parent}^{{tree}}")
        body = (
            f"tree {tree}\nparent {parent}\n"
            f"author {ANN[0]} <{ANN[1]}> 1767225600 +0000\n"
            f"committer {ANN[0]} <{ANN[1]}> 1767225600 +0000\n\n"
        ).encode() + message
        proc = self.repo.git.hash_object(
            "-w", "-t", "commit", "--stdin", as_process=True, istream=-1
        )
        out, _ = proc.communicate(body)
        sha = out.decode().strip()
        self.repo.git.update_ref("HEAD", sha)
        return sha

    def head(self) -> str:
        return self.repo.git.rev_parse("HEAD")


def record(
    kind_folder: str, rid: str, title: str = "A record", **fields: object
) -> tuple[str, str]:
    """(path, text) of a minimal record file."""
    lines = ["---", f"id: {rid}", f"title: {title}"]
    for key, value in fields.items():
        lines.append(f"{key}: {value}")
    lines += ["---", "", f"# {title}", ""]
    return f"{kind_folder}/{rid}.md", "\n".join(lines)


def committed(path: Path, message: str = "Knowledge base", branch: str | None = None) -> git.Repo:
    """A repository of everything in `path`, committed on `main`; then on `branch` if given."""
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Test")
        cw.set_value("user", "email", "test@example.com")
    repo.git.add(A=True)
    repo.index.commit(message)
    if branch:
        repo.git.checkout("-b", branch)
    return repo


def clear_git_env() -> None:
    for key in list(os.environ):
        if key.startswith("GIT_") and key not in ("GIT_CONFIG_NOSYSTEM",):
            os.environ.pop(key, None)
