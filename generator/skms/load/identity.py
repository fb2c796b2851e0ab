"""A record read only as far as its identity: id, kind and the line of its id.

A pull request is checked against the whole base (a reference to a record it did not touch
still resolves), but only the files it touched are validated in full. Reading the others
needs no YAML parser for an ordinary file, which keeps a PR check on a large base fast. Anything unusual (a quoted or typed id, no id, invalid UTF-8) returns None so the
full loader reads it, and identities match what a full check sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..kinds import KINDS, MODELS
from ..model import Record
from .frontmatter import split_front_matter


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
    tag: str = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag == "tag:yaml.org,2002:str"


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
