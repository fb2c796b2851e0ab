"""Histories of a few hundred commits, written in one `git fast-import` stream.

A test describes commits (message, author, parents by name) and gets a real repository in
tmp_path with every commit's sha, in a fraction of the time one `git commit` per commit takes.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

AUTHORS = [("Ann Example", "ann@example.com"), ("Bo Ünal", "bo@example.com")]


@dataclass
class Planned:
    name: str
    message: str
    files: dict[str, str] = field(default_factory=dict)
    branch: str = "main"
    merge: str | None = None  # name of the commit merged in (second parent)
    author: tuple[str, str] = AUTHORS[0]


class History:
    """Commits planned in order; `write(path)` makes the repository and returns name -> sha."""

    def __init__(self, start: int = 1_767_225_600) -> None:
        self.commits: list[Planned] = []
        self.start = start

    def add(self, name: str, message: str, **kw) -> str:
        self.commits.append(Planned(name, message, **kw))
        return name

    def write(self, path: Path) -> dict[str, str]:
        """Make the repository. A message may name an earlier commit's sha as `{sha:NAME}`
        (a revert's "This reverts commit ..."): the stream is cut there and resumed."""
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
        marks_file = path / ".git" / "skms-test-marks"
        marks: dict[str, int] = {}
        heads: dict[str, int] = {}
        shas: dict[str, str] = {}
        lines: list[bytes] = []
        when = self.start
        for i, c in enumerate(self.commits, start=1):
            message = c.message
            if "{sha:" in message:
                shas = self._run(path, lines, marks_file, marks)
                lines = []
                for name, sha in shas.items():
                    message = message.replace(f"{{sha:{name}}}", sha)
            marks[c.name] = i
            when += 60
            ident = f"{c.author[0]} <{c.author[1]}> {when} +0000\n".encode()
            raw = message.encode()
            lines.append(b"commit refs/heads/%s\nmark :%d\n" % (c.branch.encode(), i))
            lines.append(b"author " + ident + b"committer " + ident)
            lines.append(b"data %d\n%s\n" % (len(raw), raw))
            parent = heads.get(c.branch)
            if parent is None and c.branch != "main" and "main" in heads:
                parent = heads["main"]
            if parent is not None:
                lines.append(b"from :%d\n" % parent)
            if c.merge is not None:
                lines.append(b"merge :%d\n" % marks[c.merge])
            for rel, text in c.files.items():
                data = text.encode()
                lines.append(b"M 100644 inline %s\ndata %d\n%s\n" % (rel.encode(), len(data), data))
            lines.append(b"\n")
            heads[c.branch] = i
        shas = self._run(path, lines, marks_file, marks)
        subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True)
        return shas

    @staticmethod
    def _run(
        path: Path, lines: list[bytes], marks_file: Path, marks: dict[str, int]
    ) -> dict[str, str]:
        subprocess.run(
            [
                "git",
                "fast-import",
                "--quiet",
                "--done",
                f"--import-marks-if-exists={marks_file}",
                f"--export-marks={marks_file}",
            ],
            cwd=path,
            input=b"".join(lines) + b"done\n",
            check=True,
        )
        by_mark = {}
        for line in marks_file.read_text().splitlines():
            mark, sha = line.split()
            by_mark[int(mark[1:])] = sha
        return {name: by_mark[i] for name, i in marks.items() if i in by_mark}
