"""What an audience may not read: the ids of the records it does not see, found in any text.

One `Redactor` per build removes them from every string that leaves it (fields, bodies, commit
subjects, diagnostics, exports) and then checks every output file for them (the plugin's final
pass). A term is found in any letter case and next to any punctuation (`reviews/INC-7201-x.md`,
`INC-7201_notes`, `#inc-7201`): only a letter or digit on either side makes it another word.

Which ids are terms (the rule that keeps common words readable):

- the id of a hidden record of a prefixed kind (`INC-7201`, `PRB-0042`): always;
- the slug id of a hidden runbook or service (`payments-ledger-drain`): only when it has two
  words or more. A one-word slug (`checkout`) cannot be told from the word in prose; it is still
  dropped from reference fields, and `skms check` can be asked to keep such slugs unique;
- a hidden record's file path (`reviews/quokka-outage.md`): always, it names the record too;
- never an id a visible record also has (a duplicate id: the visible twin publishes it).

A visible id that contains a hidden slug (`kafka-lag-high` when `kafka-lag` is hidden) is kept
whole: the longest term wins at each place, and a visible one is left as written.
"""

from __future__ import annotations

import html
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import ahocorasick_rs

from .diagnostics import Diagnostic
from .model import Record

HIDDEN_TEXT = "an unpublished record"
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ALNUM_BYTES = frozenset(bytes([c]) for c in b"abcdefghijklmnopqrstuvwxyz0123456789")
_WORD = re.compile(r"[A-Za-z0-9]+")


def _words(term: str) -> int:
    return len(_WORD.findall(term))


def _lower(text: str) -> str:
    """ASCII letters lowercased, nothing else: offsets stay those of the text."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def _utf8(text: str) -> bytes:
    """UTF-8, with a lone surrogate (a file name the file system could not decode) kept."""
    return text.encode("utf-8", "surrogatepass")


def _trie_pattern(terms: Iterable[str]) -> str:
    """One alternation for many literal terms, grouped by common prefixes.

    Python's regex engine tries the branches of a flat alternation one by one at every
    position; nested by prefix, it tries at most one branch per character, so thousands of
    ids cost about what a few do.
    """
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: the longer term first, so a visible id that contains a hidden one wins.
        return f"(?:{body})?" if end else body

    return walk(trie)


class Redactor:
    """Finds and replaces the terms of records an audience may not see."""

    def __init__(
        self, hidden: Iterable[str], allowed: Iterable[str] = (), ids: Iterable[str] = ()
    ) -> None:
        self.hidden = frozenset(_lower(t) for t in hidden if t)
        # Every hidden id as written, one-word slugs included: a reference to one is dropped.
        self.ids = frozenset(ids)
        self.allowed = frozenset(_lower(t) for t in allowed if t) - self.hidden
        self._allowed_low = self.allowed | {t.encode() for t in self.allowed}
        self._regex: re.Pattern[str] | None = None
        self._bytes: re.Pattern[bytes] | None = None
        self._any_hidden: ahocorasick_rs.BytesAhoCorasick | None = None
        if self.hidden:
            # Matched on ASCII-lowercased text; the lookbehind is checked in Python on the
            # few matches, because in the pattern it makes the scan three times slower.
            pattern = _trie_pattern(sorted(self.hidden | self.allowed)) + "(?![a-z0-9])"
            self._regex = re.compile(pattern)
            self._bytes = re.compile(pattern.encode())
            # Whether a hidden term occurs at all, written out: most texts and output files
            # hold none, and Aho-Corasick tells so at memory speed, where the regex (whose
            # first characters are common letters) starts an attempt every few characters.
            # A term the regex reports is one of them, so without one there is nothing to find.
            # Texts are searched as UTF-8 bytes: searched as str, the peak memory of a
            # 1,000-record build was 3 MB higher.
            self._any_hidden = ahocorasick_rs.BytesAhoCorasick(
                [_utf8(t) for t in sorted(self.hidden)]
            )

    @classmethod
    def for_audience(
        cls, records: Iterable[Record], shown: Iterable[Record], prefixed_kinds: Iterable[str]
    ) -> Redactor:
        """The redactor of a build that publishes the records `shown`, out of `records`."""
        records = list(records)
        shown_paths = {r.path for r in shown}
        visible = [r for r in records if r.path in shown_paths]
        hidden_records = [r for r in records if r.path not in shown_paths]
        prefixed = set(prefixed_kinds)
        shown_ids = {_lower(r.id) for r in visible}
        hidden: set[str] = set()
        hidden_slugs: set[str] = set()
        for record in hidden_records:
            rid = _lower(record.id)
            if rid not in shown_ids:  # a twin's id is published by the visible twin
                if record.kind in prefixed:
                    hidden.add(rid)
                elif _words(rid) >= 2:
                    hidden.add(rid)
                    hidden_slugs.add(rid)
            hidden.add(_lower(record.path))
        # Visible ids that contain a hidden slug stay whole; a hidden prefixed id inside a
        # visible one (a file named after it) is still a leak, so only slugs are excused.
        allowed: set[str] = set()
        if hidden_slugs:
            slugs = cls(hidden_slugs)
            allowed = {i for i in shown_ids if slugs.search(i)}
        ids = {r.id for r in hidden_records} - {r.id for r in visible}
        return cls(hidden, allowed, ids)

    def __bool__(self) -> bool:
        return self._regex is not None

    def _spans(self, low: Any, regex: Any, alnum: Any) -> Iterator[tuple[int, int]]:
        pos = 0
        while True:
            m = regex.search(low, pos)
            if m is None:
                return
            start = m.start()
            if start and low[start - 1 : start] in alnum:
                pos = start + 1  # inside a longer word: a term may still start further on
                continue
            pos = m.end()
            if m.group(0) not in self._allowed_low:
                yield start, pos

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every hidden term in the text, in any ASCII letter case."""
        if self._regex is None or self._any_hidden is None:
            return
        low = _lower(text)
        if not self._any_hidden.find_matches_as_indexes(_utf8(low)):
            return
        yield from self._spans(low, self._regex, _ALNUM)

    def found_in_bytes(self, data: bytes) -> bool:
        """A hidden term is in these bytes (UTF-8 or any ASCII-compatible encoding)."""
        if self._bytes is None or self._any_hidden is None:
            return False
        low = data.lower()
        if not self._any_hidden.find_matches_as_indexes(low):
            return False
        return next(self._spans(low, self._bytes, _ALNUM_BYTES), None) is not None

    def is_hidden_id(self, text: str) -> bool:
        """The text is the id of a hidden record (a reference to it), nothing more."""
        text = text.strip()
        return text in self.ids or _lower(text) in self.hidden

    def search(self, text: str) -> tuple[int, int] | None:
        """The first hidden term in the text, or None."""
        return next(self.spans(text), None)

    def sub(self, text: str, replacement: str = HIDDEN_TEXT) -> str:
        """The text with every hidden term replaced."""
        if self._regex is None:
            return text
        out, pos = [], 0
        for start, end in self.spans(text):
            out += [text[pos:start], replacement]
            pos = end
        if not out:
            return text
        return "".join(out) + text[pos:]

    def clean(self, value: Any) -> Any:
        """A value from front matter with the terms replaced in every string and mapping key.

        A list item that is nothing but a hidden id (a reference) is dropped rather than
        replaced: `services: [checkout-db]` loses the entry.
        """
        if self._regex is None and not self.ids:
            return value
        if isinstance(value, str):
            return self.sub(value)
        if isinstance(value, list):
            out = []
            for item in value:
                if isinstance(item, str) and self.is_hidden_id(item):
                    continue
                out.append(self.clean(item))
            return out
        if isinstance(value, dict):
            cleaned: dict[Any, Any] = {}
            for key, item in value.items():
                new_key = self.sub(key) if isinstance(key, str) else key
                while new_key in cleaned:  # two keys redacted to the same text stay two
                    new_key = f"{new_key} "
                cleaned[new_key] = self.clean(item)
            return cleaned
        return value


def redact_diagnostics(
    diagnostics: Iterable[Diagnostic],
    records: Iterable[Record],
    shown_records: Iterable[Record],
    redactor: Redactor | None,
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(diagnostics a build showing `shown_records` may print, those it must withhold).

    A diagnostic about the file of a record the audience does not see is withheld whole (its
    path names the record); the others have hidden ids and file names replaced in their
    message and hint (an SKMS404 quotes a commit subject, an SKMS103 the other file).
    """
    shown_paths = {r.path for r in shown_records}
    hidden_paths = {r.path for r in records} - shown_paths
    shown: list[Diagnostic] = []
    withheld: list[Diagnostic] = []
    for diag in diagnostics:
        if diag.path in hidden_paths:
            withheld.append(diag)
        elif redactor and (redactor.search(diag.message) or redactor.search(diag.hint)):
            shown.append(
                replace(diag, message=redactor.sub(diag.message), hint=redactor.sub(diag.hint))
            )
        else:
            shown.append(diag)
    return shown, withheld


_JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))", re.S)
_JSON_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
# Escapes that may stand for a letter, digit or separator of an id (`-./_`): a numeric
# character reference other than the usual quotes and brackets, `&period;`, `&sol;`,
# `&lowbar;`, a JSON `\u00..` or `\/`, a URL `%2D`... The common `&lt;`, `&amp;`, `%20`
# cannot, so most files are searched once, as written. One pattern per leading character:
# each starts with a literal, which the regex engine finds with a fast scan, where one
# alternation of the four reads about five times slower.
_RISKY_ESCAPES = tuple(
    re.compile(pattern)
    for pattern in (
        rb"&#(?!(?:3[489]|6[02]|x2[267]|x3[cCeE]);)",
        rb"&(?:period|sol|lowbar|UnderBar);",
        rb"\\(?:/|u00(?:2[d-fD-F]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]))",
        rb"%(?:2[d-fD-F]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF])",
    )
)
MAX_DECOMPRESSED = 1 << 30


def _json_unescape(m: re.Match[str]) -> str:
    if m.group(1):
        return chr(int(m.group(1), 16))
    return _JSON_SIMPLE.get(m.group(2), m.group(2))


def decode_escapes(text: str) -> str:
    """JSON escapes (`\u002d`), HTML entities (`&#45;`) and URL escapes (`%2D`) decoded, in
    that order, so an id written in any of them, or in several nested, reads as itself."""
    if "\\" in text:
        text = _JSON_ESCAPE.sub(_json_unescape, text)
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = unquote(text, errors="replace")
    return text


def _gunzip(data: bytes) -> bytes:
    out = []
    size = 0
    while data:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        chunk = inflater.decompress(data, MAX_DECOMPRESSED - size)
        out.append(chunk)
        size += len(chunk)
        if inflater.unconsumed_tail:
            raise OSError("decompressed file too large")
        if not inflater.eof:
            break
        data = inflater.unused_data  # a further gzip member
    return b"".join(out)


def holds_hidden_term(data: bytes, redactor: Redactor) -> bool:
    """A file's bytes hold a hidden term: as written, gunzipped, or with escapes decoded."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data)
        except (OSError, EOFError, zlib.error):
            pass  # not gzip after all: read the bytes as they are
    if redactor.found_in_bytes(data):
        return True
    if not any(risky.search(data) for risky in _RISKY_ESCAPES):
        return False
    text = decode_escapes(data.decode("utf-8", "replace"))
    return redactor.found_in_bytes(text.encode("utf-8", "replace"))


def leaks_in(folder: Path, redactor: Redactor, skip: Iterable[str] = ()) -> list[str]:
    """Files under `folder` (posix paths relative to it) that hold a hidden term.

    A file's path counts as part of it. `skip` names files copied unchanged from the
    theme: no record reaches them.
    """
    if not redactor:
        return []
    skipped = set(skip)
    found = []
    for top, dirs, files in os.walk(folder):
        base = Path(top).relative_to(folder).as_posix()
        prefix = "" if base == "." else base + "/"
        for name in dirs:
            rel = prefix + name
            if redactor.search(rel) or redactor.search(decode_escapes(rel)):
                found.append(rel)
        for name in files:
            rel = prefix + name
            if redactor.search(rel) or redactor.search(decode_escapes(rel)):
                found.append(rel)
            elif rel not in skipped:
                path = os.path.join(top, name)
                if stat.S_ISREG(os.lstat(path).st_mode):  # a file, not a link to one
                    with open(path, "rb") as fh:
                        data = fh.read()
                    if holds_hidden_term(data, redactor):
                        found.append(rel)
    return sorted(found, key=lambda rel: rel.split("/"))
