"""Pagefind's filter files written the same way for the same site.

Pagefind writes the values of each filter (`kind`, `service`, ...) in hash-map order, which
changes from one run to the next; the file of a filter is named after its bytes, so are the
metadata file that lists the filters and, through it, the entry file. Everything else it
writes (word index, fragments) is already the same from run to run. After the indexer, the
values of each filter are put in order and the three kinds of files named after their new
bytes, so that two builds of one knowledge base publish identical files (a deploy uploads
nothing new, and two sites compare with `diff -r`).

Pagefind's files are gzipped CBOR after a signature. A bundle whose files are not in the
shape read here (another Pagefind version) is left as Pagefind wrote it: only the order of
bytes is at stake, never what the search finds.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import cbor2

log = logging.getLogger("mkdocs.plugins.skms")

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class _Unexpected(Exception):
    """A file is not in the shape this module knows."""


def settle(bundle: Path) -> bool:
    """Put the bundle's filter values in order and rename the files that name them.

    Returns False (and changes nothing) when a file has a shape this module does not know.
    """
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        languages = entry["languages"]
        plans = [_plan(bundle, lang["hash"]) for lang in languages.values()]
    except (OSError, ValueError, KeyError, TypeError, _Unexpected, cbor2.CBORError) as exc:
        log.debug(f"skms: Pagefind's filter files left in its own order ({exc})")
        return False
    for lang, (meta_hash, writes, removals) in zip(languages.values(), plans, strict=True):
        for path in removals:
            path.unlink()
        for path, data in writes.items():
            path.write_bytes(data)
        lang["hash"] = meta_hash
    (bundle / ENTRY).write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return True


def _plan(bundle: Path, meta_hash: str) -> tuple[str, dict[Path, bytes], list[Path]]:
    """(the metadata file's new hash, files to write, files to remove) for one language."""
    prefix = meta_hash.rsplit("_", 1)[0]  # the language: `en` of `en_a451cd25bf`
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_path)
    if not isinstance(meta, list) or len(meta) < 4 or not isinstance(meta[3], list):
        raise _Unexpected(f"{meta_path.name}: no list of filters")
    writes: dict[Path, bytes] = {}
    removals: list[Path] = []
    filters = []
    for item in meta[3]:
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)
        ):
            raise _Unexpected(f"{meta_path.name}: a filter is not [name, hash]")
        name, old = item
        old_path = bundle / "filter" / f"{old}.pf_filter"
        content = _read(old_path)
        if not (
            isinstance(content, list)
            and len(content) == 2
            and content[0] == name
            and isinstance(content[1], list)
            and all(isinstance(v, list) and v and isinstance(v[0], str) for v in content[1])
        ):
            raise _Unexpected(f"{old_path.name}: not [name, [[value, pages]...]]")
        content[1].sort(key=lambda v: v[0])
        new, data = _named(prefix, content, 7)
        filters.append([name, new])
        removals.append(old_path)
        writes[bundle / "filter" / f"{new}.pf_filter"] = data
    meta[3] = sorted(filters)
    new_meta, data = _named(prefix, meta, 10)
    removals.append(meta_path)
    writes[bundle / f"pagefind.{new_meta}.pf_meta"] = data
    return new_meta, writes, removals


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Unexpected(f"{path.name}: no Pagefind signature")
    body = raw[len(SIGNATURE) :]
    value = cbor2.loads(body)
    if cbor2.dumps(value) != body:  # written back, it would not be what Pagefind reads
        raise _Unexpected(f"{path.name}: CBOR that does not round-trip")
    return value


def _named(prefix: str, value: Any, digits: int) -> tuple[str, bytes]:
    """(the file's hash name, its gzipped bytes), both from its content alone."""
    raw = SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    return name, gzip.compress(raw, compresslevel=9, mtime=0)
