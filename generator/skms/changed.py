"""`skms check --changed-since REF`: the files a pull request touched, and a load focused on them.

A pull request is checked against the whole base (a reference to a record it did not touch
still resolves), but only the files it touched are validated in full and reported on. Every
other record is read only as far as its identity: id, kind and the line of its id. That
needs no YAML parser for an ordinary file, which is what keeps a PR check on a 10,000-record
base fast. Anything unusual in an untouched file (a quoted or typed id, no id, invalid
UTF-8) falls back to the full loader, so identities match what a full check sees.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import git
import yaml

from .config import KINDS, SkmsConfig
from .diagnostics import Diagnostics
from .loader import (
    LoadResult,
    Record,
    _Validator,
    gc_paused,
    iter_markdown,
    load_file,
    split_front_matter,
)
from .model import MODELS
from .references import id_pattern, scan

if TYPE_CHECKING:
    from .knowledge_base import KnowledgeBase


def changed_files(root: Path, ref: str) -> set[str]:
    """Paths relative to `root` changed since `ref`, committed or not, untracked included."""
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
    top = Path(repo.working_tree_dir).resolve()
    names = repo.git.diff("--name-only", "-z", base).split("\0")
    names += repo.git.ls_files("--others", "--exclude-standard", "-z").split("\0")
    out = set()
    for name in filter(None, names):
        try:
            out.add((top / name).relative_to(root.resolve()).as_posix())
        except ValueError:
            continue
    return out


@dataclass
class IdentityRecord(Record):
    """An untouched record, read only as far as its id: enough to resolve references to it."""

    id_line: int | None = None

    def line_of(self, *loc: str | int) -> int | None:
        return self.id_line if loc == ("id",) else None


# A top-level `id:` or `kind:` line with a plain value, optionally followed by a comment.
_KEY_LINE = re.compile(r"^(id|kind):[ \t]*([A-Za-z0-9][A-Za-z0-9_.-]*)[ \t]*(?:#.*)?$", re.M)
_ANY_KEY_LINE = re.compile(r"^(?:id|kind)[ \t]*:", re.M)
_resolver = yaml.resolver.Resolver()


def _plain_string(value: str) -> bool:
    """True when YAML reads the plain scalar as this very string (not 42, true, a date...)."""
    return _resolver.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


def read_identity(path: Path, folder_kind: str, rel: str) -> IdentityRecord | None:
    """The record's identity from a plain `id:` line, or None when the file needs the loader."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    front, _body, _line = split_front_matter(text)
    if front is None:
        return None
    found = {m.group(1): m for m in _KEY_LINE.finditer(front)}
    if len(_ANY_KEY_LINE.findall(front)) != len(found):
        return None  # a repeated key, or one whose value is not plain: let YAML decide
    id_match = found.get("id")
    if id_match is None or not _plain_string(id_match.group(2)):
        return None
    kind = folder_kind
    if "kind" in found:
        kind = found["kind"].group(2)
        if kind not in KINDS:
            return None  # the loader reports it and falls back to the folder's kind
    record_id = id_match.group(2)
    meta = MODELS[kind].model_validate({"id": record_id, "title": record_id, "kind": kind})
    return IdentityRecord(
        meta=meta,
        path=rel,
        abs_path=path,
        body="",
        body_line=1,
        id_line=2 + front.count("\n", 0, id_match.start()),  # front matter starts on line 2
    )


def load_focused(config: SkmsConfig, focus: set[str]) -> LoadResult:
    """Load the records in `focus` (paths relative to the config folder) in full, and every
    other record as an identity. Diagnostics are complete for the focused files only."""
    with gc_paused():
        diags = Diagnostics()
        ignored = Diagnostics()  # what the loader says about untouched files is not asked for
        validator = _Validator(config, diags)
        quiet_validator = _Validator(config, ignored)
        refs_regex = id_pattern([config.ids[k] for k in config.prefixed_kinds()])
        records: list[Record] = []
        for folder, kind in config.content_paths():
            for path in iter_markdown(folder, diags, config.root):
                rel = path.relative_to(config.root).as_posix()
                if rel in focus:
                    record = load_file(path, kind, config, diags, validator)
                    if record is not None:
                        record.refs = scan(record.body, refs_regex)
                else:
                    record = read_identity(path, kind, rel) or load_file(
                        path, kind, config, ignored, quiet_validator
                    )
                if record is not None:
                    records.append(record)
        return LoadResult(records, diags)


def focused_diagnostics(kb: KnowledgeBase, focus: set[str]) -> Diagnostics:
    """What to report on a pull request: the diagnostics about the files it touched.

    A duplicate id is reported on the file that comes second; when that is an untouched file,
    the pull request that introduced the duplicate would pass. So a touched file that shares
    its id is always reported too.
    """
    out = kb.diagnostics.for_paths(focus)
    reported = {d.path for d in out if d.code == "SKMS103"}
    by_id: dict[str, list[Record]] = defaultdict(list)
    for record in kb.records:
        by_id[record.id].append(record)
    for record in kb.records:
        if record.path not in focus or record.path in reported:
            continue
        other = next((r for r in by_id[record.id] if r is not record), None)
        if other is not None:
            out.add(
                "SKMS103",
                record.path,
                f"duplicate id {record.id!r}, also defined in {other.path}:{other.line_of('id') or 1}",
                line=record.line_of("id"),
                hint="give each record its own id",
            )
    return out
